"""Differential test: the project's reading of a stack file against Pulumi's own.

`tests/oracle/recorded.json` holds, for every case of the corpus, what go-yaml v3 plus
Pulumi's stack-loading rules make of it (tests/oracle/main.go; record.py regenerates it).
For each case the project's verdict must be "refused", or "reads the same settings": the
config Pulumi would hand the program, judged by the program's own rules, gives exactly
the settings `check` approved. Never "approved but read differently".
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from components.review.checks import StackVerdict, judge_file
from components.rules.credentials import Encrypted
from components.rules.problems import InvalidConfigError
from components.stackfiles.stackconfig import StackSettings, validate_stack_config
from components.stackfiles.stackfile import defaults_of

RECORDED = json.loads((Path(__file__).parent / "oracle" / "recorded.json").read_text())
PROJECT_TEXT: str = RECORDED["project"]
CASES: dict[str, dict] = RECORDED["cases"]


@cache
def _defaults() -> dict[str, object]:
    return defaults_of(PROJECT_TEXT)


def _engine_string(value: object) -> str:
    """How the engine passes a Pulumi.yaml default to the program."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def pulumi_settings(answer: dict) -> StackSettings | str:
    """The settings the program would run with, or why Pulumi (or the program) stops."""
    if "error" in answer:
        return f"Pulumi refuses: {answer['error']}"
    if answer.get("collisions"):
        return f"Pulumi picks one of {answer['collisions']} at random"
    raw: dict[str, object] = {k: _engine_string(v) for k, v in _defaults().items()}
    for key, value in (answer.get("config") or {}).items():
        raw[key] = Encrypted() if value["secure"] else value["value"]
    try:
        return validate_stack_config(raw, source="oracle").settings
    except InvalidConfigError as error:
        return f"the program refuses: {error}"


def project_verdict(name: str) -> StackVerdict:
    return judge_file(
        Path(f"Pulumi.{name}.yaml"), text=CASES[name]["text"], defaults=_defaults(), shown=name
    )


def test_the_recording_is_large_and_covers_every_kind_of_answer():
    assert len(CASES) >= 3_000
    kinds = {("error" in c["pulumi"], bool(c["pulumi"].get("collisions"))) for c in CASES.values()}
    assert kinds == {(True, False), (False, False), (False, True)}


def test_no_stack_file_is_approved_but_read_differently():
    mismatches = []
    approved = 0
    for name in CASES:
        verdict = project_verdict(name)
        if not verdict.ok:
            continue  # refused: fail-closed is allowed
        approved += 1
        pulumi = pulumi_settings(CASES[name]["pulumi"])
        if pulumi != verdict.settings:
            mismatches.append(f"{name}: check approves {verdict.settings!r}; {pulumi}")
    assert not mismatches, "\n".join(mismatches[:20]) + f"\n({len(mismatches)} in all)"
    assert approved >= 250  # the comparison is not vacuous


# Each class the issue named, with the exact line `check` gives for it.
REFUSED = {
    "named-bom-in-the-middle": "line 4: a byte-order mark (U+FEFF) inside the file: go-yaml "
    "reads what follows it as another key, so Pulumi would not see that setting; delete it",
    "named-config-segment-plaintext-secret": "auth0:clientSecret: is stored in plaintext: store "
    "it encrypted with `pulumi config set --secret auth0:clientSecret` (or give it through the "
    "environment as AUTH0_CLIENT_SECRET), and treat the plaintext as leaked",
    "named-config-segment-collision": "`auth0:domain` and `auth0:config:domain` are one key to "
    "Pulumi (auth0:domain), which keeps one of them at random: keep one",
    "named-config-segment-project-collision": "`auth0-sessions:requireLoginAfter` and "
    "`auth0-sessions:config:requireLoginAfter` are one key to Pulumi "
    "(auth0-sessions:requireLoginAfter), which keeps one of them at random: keep one",
    "named-three-colons": "`auth0-sessions:a:b:c` is not a config key Pulumi can read (it takes "
    "namespace:name, or namespace:config:name), so Pulumi refuses the whole file",
    "named-inf-in-a-duration": "line 3, column 37: .inf is not a finite number: Pulumi passes "
    "config to programs as JSON, which has none, and refuses the file",
    "named-nan-in-another-key": "line 3, column 16: .nan is not a finite number: Pulumi passes "
    "config to programs as JSON, which has none, and refuses the file",
    "named-integer-top-level-key": "line 3, column 1: the key 1 is read as a number, and Pulumi "
    "accepts only text keys: quote it",
    "named-null-top-level-key": "line 3, column 1: the key ~ is read as null, and Pulumi accepts "
    "only text keys: quote it",
    "named-baselines-empty-string": 'auth0-sessions:baselines: is "", not a list: Pulumi.yaml '
    "declares it a list, and Pulumi refuses any other value; write e.g. [nist-800-63b-aal1], "
    "or remove the key for none",
    "named-baselines-json-text": 'auth0-sessions:baselines: is "[\\"pci-dss-4\\"]", not a '
    "list: Pulumi.yaml declares it a list, and Pulumi refuses any other value; write e.g. "
    "[nist-800-63b-aal1], or remove the key for none",
    "named-float-tag-on-true": "line 3, column 12: true is not a YAML float",
    "named-slash-escape": "line 3, column 30: the escape \\/ is not one go-yaml (Pulumi's YAML "
    "reader) knows, so Pulumi refuses the file: write the character itself",
    "named-yaml-1.2-directive": "line 1, column 1: a %YAML 1.2 directive: go-yaml (Pulumi's "
    "YAML reader) accepts only %YAML 1.1 and refuses the file",
    "named-top-level-merge-key": "line 3, column 1: merge keys (<<) are not accepted in stack "
    "files: go-yaml merges them into the mapping, so write the keys out",
    "named-fullwidth-namespace": "ａuth0-sessions:requireLoginAfter: unknown namespace "
    '"ａuth0-sessions" (did you mean "auth0-sessions"?), written with other characters '
    "(U+FF41 FULLWIDTH LATIN SMALL LETTER A): Pulumi would pass it on and nothing would read "
    "it, so the setting would silently stay unmanaged",
    "named-three-homoglyphs": "аuth0-sеssiоns:requireLoginAfter: unknown namespace "
    '"аuth0-sеssiоns" (did you mean "auth0-sessions"?), written with other characters '
    "(U+0430 CYRILLIC SMALL LETTER A, U+0435 CYRILLIC SMALL LETTER IE, U+043E CYRILLIC SMALL "
    "LETTER O): Pulumi would pass it on and nothing would read it, so the setting would "
    "silently stay unmanaged",
    "named-zero-width-joiner": "auth0-ses\\u200dsions:requireLoginAfter: unknown namespace "
    '"auth0-ses\\u200dsions" (did you mean "auth0-sessions"?), written with other '
    "characters (U+200D ZERO WIDTH JOINER): Pulumi would pass it on and nothing would read "
    "it, so the setting would silently stay unmanaged",
    "named-confusable-credential-plaintext": "auth0:clіentSecret: is spelled differently from "
    '"auth0:clientSecret", the only spelling the provider reads: rename it (its value is '
    "treated as a credential and not shown)",
    "named-confusable-key": "auth0-sessions:requireLоginAfter: unknown key (did you mean "
    '"requireLoginAfter"?): it looks like requireLoginAfter but is written with other '
    "characters (U+043E CYRILLIC SMALL LETTER O), so nothing would read it and the setting "
    "would silently stay unmanaged",
}
# Fail-closed before, now read as Pulumi reads them.
READ_AS_PULUMI = {
    "named-null-duration": ("require_login_after", None),  # Pulumi passes "": unmanaged
    "named-tilde-duration": ("require_login_after", None),
    "named-wave-float": ("wave", 3),  # passed on as "3"
    "named-wave-leading-zero": ("wave", 8),  # go-yaml reads 08 as the float 8
    "named-config-segment-project-key": ("require_login_after", "7d"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_named_class_is_refused_with_its_message(name):
    verdict = project_verdict(name)
    assert not verdict.ok
    assert str(verdict.problems[0]) == REFUSED[name]


@pytest.mark.parametrize("name", sorted(READ_AS_PULUMI))
def test_each_fail_closed_class_is_now_read_as_pulumi_reads_it(name):
    verdict = project_verdict(name)
    assert verdict.ok, verdict.error_text()
    field, expected = READ_AS_PULUMI[name]
    value = getattr(verdict.settings, field)
    assert (str(value) if value is not None and field != "wave" else value) == expected
    assert pulumi_settings(CASES[name]["pulumi"]) == verdict.settings


def test_no_printed_line_shows_a_credentials_value_whatever_its_spelling():
    from components.rules.credentials import hidden

    for key in ("auth0:clіentSecret", "auth0:сlientSeсret", "аuth0:clientSecret", "x:apiToken"):
        assert hidden(key, "hunter2-plaintext"), key
    # upper case reads as itself, not as the table's capital-I-is-l look-alike
    for key in ("x:API_KEY", "x:PRIVATE_KEY", "auth0:CLIENTSECRET", "auth0:CLIENT_SECRET"):
        assert hidden(key, "hunter2-plaintext"), key
    assert not hidden("auth0:domain", "acme.eu.auth0.com")
