"""Credentials in stack files: encrypted or refused, never printed, never a placeholder.

A `secure:` value is only a secret if it is the ciphertext Pulumi writes; a credential
key must hold one; a key that merely looks like a credential (`auth0:ClientSecret`)
is still treated as one, so its value is never shown. Like settings.py, no pulumi here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text.inert import snippet
from .confusables import skeleton
from .problems import Problem

PROVIDER = "auth0"
CREDENTIALS = {"clientSecret": "AUTH0_CLIENT_SECRET", "apiToken": "AUTH0_API_TOKEN"}
PROVIDER_ENV = {"domain": "AUTH0_DOMAIN", "clientId": "AUTH0_CLIENT_ID", **CREDENTIALS}
"""The provider's keys and the environment variable each stands for (the key wins)."""

# Words that make any key, in any namespace, a credential whose value is never shown.
_WORDS = ("secret", "token", "password", "passphrase", "credential", "privatekey", "apikey")
# Pulumi's ciphertext: v1:<nonce>:<ciphertext> (passphrase and cloud KMS providers,
# sdk/go/common/resource/config/crypt.go), or standard base64 (Pulumi Cloud,
# pkg/secrets/service/manager.go).
_BASE64 = r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})"
_CIPHERTEXT = re.compile(rf"v1:{_BASE64}:{_BASE64}|{_BASE64}")
_PLACEHOLDER = re.compile(
    r"replace[-_ ]?(with|me)|change[-_ ]?me|^<.*>$|^\$\{.*\}$|^todo\b|^xxx+$", re.IGNORECASE
)


class _Hidden:
    """A value that is never shown: equal to any other of its kind, printed as its label."""

    label = "[hidden]"

    def __repr__(self) -> str:
        return self.label

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class Encrypted(_Hidden):
    """A config value stored encrypted (`secure:` in a stack file, a secret in the engine).

    It never holds the value: what cannot be read cannot be printed.
    """

    label = "[secret]"


class MalformedSecure(_Hidden):
    """A `secure:` value that is not Pulumi's ciphertext: refused, and never shown either."""

    label = "[malformed secure value]"

    def __init__(self, why: str) -> None:
        self.why = why


def secure_value(ciphertext: object) -> Encrypted | MalformedSecure:
    """What `{secure: ciphertext}` in a stack file stands for."""
    if not isinstance(ciphertext, str):
        kind = "nothing" if ciphertext is None else "not text"
        return MalformedSecure(f"its `secure:` value is {kind}")
    if not _CIPHERTEXT.fullmatch(ciphertext):
        what = "empty" if not ciphertext else "not Pulumi's ciphertext"
        return MalformedSecure(f"its `secure:` value is {what}")
    return Encrypted()


@lru_cache(maxsize=8192)
def _folded(name: str) -> str:
    """What a name looks like, case, separators and confusable characters aside. Every
    name compared with a key's is folded the same way, so both sides read alike."""
    return re.sub(r"[-_ ]", "", skeleton(name))


_PROVIDER_SHAPE = skeleton(PROVIDER)
_CREDENTIAL_SHAPES = {_folded(name): name for name in CREDENTIALS}
_CREDENTIAL_WORDS = re.compile("|".join(re.escape(_folded(word)) for word in _WORDS))


def is_credential_key(key: str) -> bool:
    """Any key, in any namespace, whose value must never be shown (also when it only looks
    like one: `auth0:сlientSecret` with a Cyrillic с)."""
    namespace, _, name = key.rpartition(":")
    folded = _folded(name)
    if skeleton(namespace) == _PROVIDER_SHAPE and folded in _CREDENTIAL_SHAPES:
        return True
    return bool(_CREDENTIAL_WORDS.search(folded))


def hidden(key: str, value: object) -> bool:
    """Whether a value must never be printed: encrypted, malformed secure, or a credential."""
    return isinstance(value, Encrypted | MalformedSecure) or is_credential_key(key)


def provider_key_problems(name: str, value: object) -> list[Problem]:
    """The `auth0:` key `name` (as written): credentials encrypted, no placeholder values."""
    key = snippet(f"{PROVIDER}:{name}", 80)
    meant = _CREDENTIAL_SHAPES.get(_folded(name))
    problems = []
    if meant is not None and meant != name:
        problems.append(
            Problem(
                key,
                f'is spelled differently from "{PROVIDER}:{meant}", the only spelling the '
                f"provider reads: rename it (its value is treated as a credential and not shown)",
            )
        )
    if isinstance(value, MalformedSecure):
        problems.append(malformed_problem(key, value))
    elif meant is not None and not isinstance(value, Encrypted):
        problems.append(Problem(key, plaintext_message(meant, value)))
    elif isinstance(value, str) and _PLACEHOLDER.search(value) and not is_credential_key(key):
        env = PROVIDER_ENV.get(name)
        where = f", or remove the key and set {env} in the environment" if env else ""
        problems.append(
            Problem(
                key,
                f'"{snippet(value)}" is a placeholder, and a stack file\'s value wins over the '
                f"environment: set the real value with `pulumi config set {key} VALUE`{where}",
            )
        )
    return problems


def malformed_problem(key: str, value: MalformedSecure, *, secret: bool = True) -> Problem:
    """A `secure:` value Pulumi did not write; `secret=False` for a setting that is no secret."""
    if not secret:  # a session setting: the advice is to drop `secure:`, never --secret
        return Problem(
            key,
            f"{value.why}, and session settings are not secrets: they must stay readable "
            f"for review. Set it with `pulumi config set {key} VALUE` (without --secret)",
        )
    return Problem(key, _malformed(key, value))


def _malformed(key: str, value: MalformedSecure) -> str:
    return (
        f"{value.why}: `secure:` must hold the ciphertext Pulumi writes (v1:<base64>:<base64>, "
        f"or base64 for Pulumi Cloud). Set it with `pulumi config set --secret {key}`"
    )


def plaintext_message(name: str, value: object) -> str:
    """Why the credential `auth0:<name>` is refused when it is not encrypted."""
    key = f"{PROVIDER}:{name}"
    if value is None or value == "":
        return f"is empty: set it with `pulumi config set --secret {key}`, or remove it"
    return (
        f"is stored in plaintext: store it encrypted with `pulumi config set --secret {key}` "
        f"(or give it through the environment as {CREDENTIALS[name]}), and treat the plaintext "
        "as leaked"
    )
