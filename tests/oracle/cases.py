"""The corpus the oracle reads: hand-made cases, one per class of difference found between
go-yaml v3 + Pulumi's rules and this project's reader, and thousands generated from a fixed
seed out of the same ingredients (keys, values, spellings, YAML forms)."""

from __future__ import annotations

import random

BASE = "config:\n  auth0-sessions:plan: professional\n"

NAMED: dict[str, str] = {
    # A byte-order mark inside the file: go-yaml reads the line as a top-level key.
    "bom-in-the-middle": BASE
    + "  auth0-sessions:requireLoginAfter: 30d\n\ufeff auth0-sessions:requireLoginAfter: 7d\n",
    "bom-at-the-start": "\ufeff" + BASE + "  auth0-sessions:requireLoginAfter: 7d\n",
    # Pulumi's `<namespace>:config:<name>` spelling (resource/config/key.go ParseKey).
    "config-segment-plaintext-secret": BASE + "  auth0:config:clientSecret: hunter2-plaintext\n",
    "config-segment-collision": BASE
    + "  auth0:domain: acme.eu.auth0.com\n  auth0:config:domain: evil.example\n",
    "config-segment-project-key": BASE + "  auth0-sessions:config:requireLoginAfter: 7d\n",
    "config-segment-project-collision": BASE
    + "  auth0-sessions:requireLoginAfter: 30d\n  auth0-sessions:config:requireLoginAfter: 7d\n",
    "bare-and-namespaced-collision": BASE + "  requireLoginAfter: 30d\n"
    "  auth0-sessions:requireLoginAfter: 7d\n",
    "three-colons": BASE + "  auth0-sessions:a:b:c: x\n",
    "config-segment-other-module": BASE + "  auth0-sessions:other:requireLoginAfter: 7d\n",
    # Values and keys Pulumi refuses.
    "inf-in-a-duration": BASE + "  auth0-sessions:requireLoginAfter: .inf\n",
    "nan-in-another-key": BASE + "  other:ratio: .nan\n",
    "inf-in-a-list": BASE + "  other:list: [1, -.Inf]\n",
    "integer-top-level-key": BASE + "1: x\n",
    "null-top-level-key": BASE + "~: x\n",
    "integer-config-key": BASE + "  5: x\n",
    "baselines-empty-string": BASE + "  auth0-sessions:baselines: ''\n",
    "baselines-json-text": BASE + "  auth0-sessions:baselines: '[\"pci-dss-4\"]'\n"
    "  auth0-sessions:inactivityTimeout: 15m\n  auth0-sessions:ephemeralInactivityTimeout: 15m\n",
    "float-tag-on-true": BASE + "  other:x: !!float true\n",
    "slash-escape": BASE + '  auth0-sessions:cookieMode: "persist\\/ent"\n',
    "yaml-1.2-directive": "%YAML 1.2\n---\n" + BASE,
    "yaml-1.1-directive": "%YAML 1.1\n---\n" + BASE,
    # Read differently.
    "top-level-merge-key": BASE + "<<: {environment: [acme/prod]}\n",
    "merge-key-in-config": "config:\n  <<: {auth0-sessions:plan: professional}\n"
    "  auth0-sessions:requireLoginAfter: 7d\n",
    "timestamp-duration": BASE + "  auth0-sessions:requireLoginAfter: 2001-12-14\n",
    "timestamp-other": BASE + "  other:date: 2001-12-14t21:59:43.10-05:00\n",
    "underscore-float": BASE + "  other:x: .5_5\n",
    "underscore-int": BASE + "  auth0-sessions:wave: 1_0\n",
    # Confusables: look like our names, are not.
    "fullwidth-namespace": "config:\n  auth0-sessions:plan: professional\n"
    "  ａuth0-sessions:requireLoginAfter: 7d\n",
    "three-homoglyphs": BASE + "  аuth0-sеssiоns:requireLoginAfter: 7d\n",
    "zero-width-joiner": BASE + "  auth0-ses\u200dsions:requireLoginAfter: 7d\n",
    "confusable-credential-plaintext": BASE + "  auth0:clіentSecret: hunter2-plaintext\n",
    "confusable-key": BASE + "  auth0-sessions:requireLоginAfter: 7d\n",
    # Fail-closed cases worth reading as Pulumi does.
    "null-duration": BASE + "  auth0-sessions:requireLoginAfter:\n",
    "tilde-duration": BASE + "  auth0-sessions:requireLoginAfter: ~\n",
    "wave-float": BASE + "  auth0-sessions:wave: 3.0\n",
    "wave-leading-zero": BASE + "  auth0-sessions:wave: 08\n",
    "wave-text": BASE + '  auth0-sessions:wave: "3"\n',
    "protect-yes": BASE + "  auth0-sessions:protect: yes\n",
    "protect-text-true": BASE + '  auth0-sessions:protect: "true"\n',
    # Plain ones, read the same.
    "plain-valid": BASE
    + "  auth0-sessions:requireLoginAfter: 7d\n  auth0-sessions:cookieMode: persistent\n",
    "plain-bare-keys": "config:\n  plan: free\n  inactivityTimeout: 45m\n",
    "secure-credential": BASE
    + "  auth0:clientSecret:\n    secure: v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBB\n",
    "environment-imports": BASE + "environment:\n  - acme/prod\n",
    "flow-config": "config: {auth0-sessions:plan: free, auth0-sessions:requireLoginAfter: 12h}\n",
    "crlf": BASE.replace("\n", "\r\n") + "  auth0-sessions:requireLoginAfter: 7d\r\n",
    "tab-indent": "config:\n\tauth0-sessions:plan: free\n",
    "empty": "",
    "only-comment": "# nothing here\n",
    "not-a-mapping": "- a\n- b\n",
}

_NAMESPACES = [
    "auth0-sessions:",
    "",
    "auth0-sessions:config:",
    "Auth0-Sessions:",
    "auth0-session:",
    "auth0:",
    "auth0:config:",
    "other:",
    "а" + "uth0-sessions:",  # Cyrillic a
    "auth0-sessions::",
]
_KEYS = [
    "plan",
    "requireLoginAfter",
    "inactivityTimeout",
    "ephemeralRequireLoginAfter",
    "ephemeralInactivityTimeout",
    "cookieMode",
    "protect",
    "wave",
    "baselines",
    "domain",
    "clientSecret",
    "require_login_after",
    "sessionLifetime",
    "x",
]
_VALUES = [
    "7d",
    "12h",
    "45m",
    "1d12h",
    "90m",
    "72",
    "0",
    "3.0",
    "08",
    "0x10",
    "1_0",
    ".5_5",
    "1e3",
    ".inf",
    "-.Inf",
    ".nan",
    "~",
    "null",
    "",
    "''",
    '""',
    "yes",
    "no",
    "on",
    "true",
    "false",
    "True",
    "2001-12-14",
    "12:30",
    "free",
    "professional",
    "enterprise",
    "persistent",
    "non-persistent",
    "[pci-dss-4]",
    "[]",
    "{}",
    "[nist-800-63b-aal2, pci-dss-4]",
    "'[\"pci-dss-4\"]'",
    "{secure: v1:AAAA:BBBB}",
    "{secure: 5}",
    "{secure: x, other: y}",
    "!!str 3",
    "!!int 3",
    "!!float true",
    '"7d"',
    "'30d'",
    '"\\/"',
    '"\\x41"',
    '"\\u0041"',
    "|\n    7d",
    ">-\n    30d",
    "&a 7d",
    "*a",
    "3",
    "9",
    "10",
    "-1",
    "7D",
    " 7d",
    "7 d",
]
_PLANS = ["free", "professional", "enterprise", "Free", "5"]
_DOCUMENT = [
    "",
    "%YAML 1.1\n---\n",
    "%YAML 1.2\n---\n",
    "---\n",
    "\ufeff",
    "# comment\n",
]
_TRAILERS = [
    "",
    "...\n",
    "---\nconfig: {}\n",
    "environment: [a]\n",
    "<<: {x: 1}\n",
    "1: x\n",
    "secretsprovider: passphrase\n",
    "encryptionsalt: 5\n",
    "\ufeff x: 1\n",
]


def _generated(count: int, seed: int = 2026) -> dict[str, str]:
    rng = random.Random(seed)
    cases: dict[str, str] = {}
    for index in range(count):
        lines = []
        plan = rng.random()
        if plan < 0.85:
            namespace = rng.choice(["auth0-sessions:", ""])
            lines.append(f"  {namespace}plan: {rng.choice(_PLANS)}")
        for _ in range(rng.randint(0, 5)):
            key = rng.choice(_NAMESPACES) + rng.choice(_KEYS)
            if rng.random() < 0.1:
                key = f'"{key}"'
            value = rng.choice(_VALUES)
            lines.append(f"  {key}: {value}")
        body = "config:\n" + "\n".join(lines) + "\n" if lines else "config:\n"
        text = rng.choice(_DOCUMENT) + body + (rng.choice(_TRAILERS) if rng.random() < 0.3 else "")
        if rng.random() < 0.05:
            text = text.replace("\n", "\r\n")
        cases[f"generated-{index:05d}"] = text
    return cases


def corpus() -> dict[str, str]:
    return {**{f"named-{name}": text for name, text in NAMED.items()}, **_generated(3_000)}
