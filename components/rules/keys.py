"""Config keys: namespaces as Pulumi reads them, and the near misses Pulumi would ignore.

Pulumi passes every key of a stack file to the program, but the program (and the
provider) read only their own spelling: `auth0-session:inactivityTimeout` or
`auth0-sessions:inactivity_timeout` would silently leave a setting unmanaged. Such keys
are refused here, by name, with the spelling that would have counted.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping

from pydantic.alias_generators import to_camel

from ..text.inert import snippet
from .aliases import WHY_OURS, foreign_key_message
from .confusables import looks_like, odd_characters
from .credentials import PROVIDER, MalformedSecure, malformed_problem, provider_key_problems
from .problems import Problem
from .vocabulary import label_of, meant_key, other_clock

PROJECT = "auth0-sessions"
_NEAR = {PROJECT: 2, PROVIDER: 1}  # edit distance still read as a misspelling of each


def namespaced(key: object) -> str:
    """`plan` → `auth0-sessions:plan`: as in Pulumi, a bare key belongs to the project."""
    text = str(key)
    return text if ":" in text else f"{PROJECT}:{text}"


class KeyFormError(ValueError):
    """A config key Pulumi cannot parse, so it refuses the whole stack file."""


def pulumi_key(key: object) -> str:
    """A stack file's key as Pulumi reads it: a bare key is the project's (workspace/
    loaders.go stackConfigNamespacedWithProject), `ns:config:name` is `ns:name`, and any
    other key with more than one colon is refused (resource/config/key.go ParseKey)."""
    text = str(key)
    colons = text.count(":")
    if colons == 0:
        return f"{PROJECT}:{text}"
    if colons == 1:
        return text
    namespace, middle, name = [*text.split(":"), "", ""][:3]
    if colons == 2 and middle == "config" and namespace and name:
        return f"{namespace}:{name}"
    raise KeyFormError(
        f"`{snippet(text, 80)}` is not a config key Pulumi can read (it takes namespace:name, "
        "or namespace:config:name), so Pulumi refuses the whole file"
    )


def split_namespaces(raw: Mapping[str, object]) -> dict[str, dict[str, object]]:
    """`{"ns:key": v}` → `{"ns": {"key": v}}` for the two namespaces read here.

    Other namespaces (`pulumi:`, other providers) are not ours to judge and are left out.
    """
    spaces: dict[str, dict[str, object]] = {PROJECT: {}, PROVIDER: {}}
    for raw_key, value in raw.items():
        namespace, _, key = namespaced(raw_key).partition(":")
        if namespace in spaces:
            spaces[namespace][key] = value
    return spaces


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean "x"?)` for the closest choice, or an empty string."""
    choices = list(choices)
    folded = {choice.lower(): choice for choice in choices}
    lowered = word.strip().lower()
    camel = to_camel(word.strip()).lower() if "_" in word else lowered
    matches = [folded[w] for w in (lowered, camel) if w in folded][:1]
    matches = matches or [c for c in choices if lowered and c.lower().startswith(lowered)]
    matches = matches or difflib.get_close_matches(word[:200], choices, n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


def unknown_key_message(name: str, known: Collection[str]) -> str:
    """An unknown project key: a look-alike of ours, another tool's name for ours, or the
    nearest known key."""
    alike = looks_like(name, list(known))
    if alike is not None:
        return (
            f'unknown key (did you mean "{alike}"?): it looks like {alike} but is written with '
            f"other characters ({odd_characters(name)}), so nothing would read it and the "
            "setting would silently stay unmanaged"
        )
    foreign = foreign_key_message(name)
    if foreign is not None:
        return foreign
    meant = meant_key(name)
    if meant is not None and meant in known:
        return (
            f'unknown key (did you mean "{meant}"?): "{snippet(name, 80)}" reads as Auth0\'s '
            f"words for {label_of(meant)}; {WHY_OURS}, and only {meant} is read: write it "
            "with a unit"
        )
    near = [key for key in known if not other_clock(name, key)]
    return f"unknown key{did_you_mean(name, near)}; known keys: {', '.join(known)}"


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance, or `most + 1` as soon as it is certainly larger."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def meant_namespace(namespace: str) -> str | None:
    """`auth0-sessions` or `auth0` when `namespace` is a case variant, a near miss or a
    look-alike (confusable characters) of it."""
    alike = looks_like(namespace, list(_NEAR))
    if alike is not None:
        return alike
    lowered = namespace.lower()
    for ours, most in _NEAR.items():
        if namespace != ours and _distance(lowered, ours, most) <= most:
            return ours
    return None


def _lookalike(text: str) -> str:
    odd = odd_characters(text)
    return f", written with other characters ({odd})" if odd else ""


def screen_keys(
    raw: Mapping[str, object], known: Collection[str]
) -> tuple[dict[str, object], list[Problem]]:
    """Split a flat config into the keys the rules should judge and the keys refused by name.

    `known` are the project's keys (camelCase). Refused: unknown project keys (snake_case
    ones with their camelCase spelling), namespaces that nearly match ours, misspelled
    or plaintext credentials, placeholders and malformed `secure:` values.
    """
    clean: dict[str, object] = {}
    problems: list[Problem] = []
    for raw_key, value in raw.items():
        full = namespaced(raw_key)
        namespace, _, name = full.partition(":")
        shown = snippet(full, 80)
        if namespace == PROVIDER:
            found = provider_key_problems(name, value)
        elif isinstance(value, MalformedSecure):
            found = [malformed_problem(shown, value, secret=namespace != PROJECT)]
        elif namespace == PROJECT and name not in known:
            found = [Problem(shown, unknown_key_message(name, known))]
        elif namespace != PROJECT and (meant := meant_namespace(namespace)):
            found = [
                Problem(
                    shown,
                    f'unknown namespace "{snippet(namespace)}" (did you mean "{meant}"?)'
                    + _lookalike(namespace)
                    + ": Pulumi would pass it on and nothing would read it, so the setting "
                    "would silently stay unmanaged",
                )
            ]
        else:
            found = []
        problems += found
        if not found:
            clean[full] = value
    return clean, problems
