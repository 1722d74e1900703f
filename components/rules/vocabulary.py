"""The words Auth0's docs and Dashboard use for these settings, read out of any key.

A team moving from the Dashboard writes what it sees: "Absolute Expiration",
"Require log in after", "Inactivity timeout", "Idle session lifetime". Pulumi passes
such a key on and nothing reads it: the setting silently stays unmanaged. Rather than a
list of spellings, a key is folded (letters and digits only, lower case) and split into
the docs' words; a key made only of those words, with at least one that says which
clock it is, is a near miss of ours. So `ABSOLUTE_EXPIRATION`, `idle-timeout`,
`sessionInactivityTimeout` and `"Require log in after"` are all caught without a line
for each.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .limits import DURATION_SETTINGS

# Which clock a word names (from the Auth0 docs' and Dashboard's own words). Some words
# name one clock whatever stands beside them; others only lean: "timeout" is the idle
# clock in "session timeout" but not in "absolute timeout", "lifetime" the absolute one
# in "session lifetime" but not in "idle session lifetime" (Auth0's own names for both).
IDLE = frozenset({"idle", "inactivity", "inactive"})
ABSOLUTE = frozenset({"absolute", "require", "required", "login", "maximum", "max"})
LEANS_IDLE = frozenset({"timeout"})
LEANS_ABSOLUTE = frozenset({"expiration", "expiry", "expire", "expires", "lifetime", "duration"})
EPHEMERAL = frozenset({"ephemeral", "nonpersistent"})
# Words that may stand beside those without changing which clock is meant.
FILLER = frozenset(
    {"session", "sessions", "log", "in", "after", "time", "out", "non", "persistent",
     "the", "of", "user", "users", "limit", "length", "minutes", "mins", "hours", "days",
     "seconds", "value", "setting", "auth0", "tenant", "cookie", "browser"}
)  # fmt: skip
WORDS = IDLE | ABSOLUTE | LEANS_IDLE | LEANS_ABSOLUTE | EPHEMERAL | FILLER
LONGEST = max(map(len, WORDS))
MAX_KEY = 120  # longer keys are nobody's spelling of a setting


def _fold(name: str) -> str:
    """Letters and digits only, lower case: no casing or separator tells words apart."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def split_words(name: str) -> tuple[str, ...] | None:
    """The folded `name` as a sequence of the docs' words, or None when it is not one.

    Dynamic programming over the folded text: the split with the fewest words, so
    `nonpersistent` is one word and `loginafter` is `login`, `after`.
    """
    folded = _fold(name[:MAX_KEY])
    if not folded or not folded.isascii():
        return None
    best: list[tuple[str, ...] | None] = [()] + [None] * len(folded)
    for end in range(1, len(folded) + 1):
        for start in range(max(0, end - LONGEST), end):
            head, word = best[start], folded[start:end]
            if head is not None and word in WORDS:
                candidate = (*head, word)
                if best[end] is None or len(candidate) < len(best[end]):  # type: ignore[arg-type]
                    best[end] = candidate
    return best[-1]


@lru_cache(maxsize=256)
def meant_key(name: str) -> str | None:
    """Our key that a name built from the docs' words means, or None.

    A word that names one clock (idle, inactivity; absolute, require, log in, maximum)
    decides; a key with words that name both is nobody's clear name, and gets no
    suggestion rather than the wrong clock (idle beside maximum: "maximum idle time" is
    the idle clock). Failing those, the leaning words decide (timeout: idle; lifetime,
    expiration: absolute), and both leanings at once decide nothing. Ephemeral or
    non-persistent picks the non-persistent pair.
    """
    words = split_words(name)
    if not words:
        return None
    present = set(words)
    ephemeral = bool(present & EPHEMERAL) or {"non", "persistent"} <= present
    idle = bool(present & IDLE)
    absolute = bool(present & (ABSOLUTE - {"maximum", "max"})) or {"log", "in"} <= present
    if idle and absolute:
        return None
    if not (idle or absolute or present & {"maximum", "max"}):
        idle = bool(present & LEANS_IDLE) or {"time", "out"} <= present
        absolute = bool(present & LEANS_ABSOLUTE)
        if idle == absolute:
            return None
    limit = "inactivity_timeout" if idle else "require_login_after"
    for setting in DURATION_SETTINGS:
        if setting.limit == limit and setting.field.startswith("ephemeral") == ephemeral:
            return setting.key
    return None  # pragma: no cover (every pair has both clocks)


_NAMES_IDLE = ("idle", "inactiv")
_NAMES_ABSOLUTE = ("absolute", "require", "login", "maximum")


def other_clock(name: str, key: str) -> bool:
    """Whether suggesting our `key` for `name` could name the other clock of a pair: the
    name (folded) holds a word of only the other clock, or words of both. A fallback
    suggestion by spelling alone must never point at the wrong clock."""
    setting = next((s for s in DURATION_SETTINGS if s.key == key), None)
    if setting is None:
        return False
    folded = _fold(name[:MAX_KEY])
    idle = any(word in folded for word in _NAMES_IDLE)
    absolute = any(word in folded for word in _NAMES_ABSOLUTE)
    if setting.limit == "inactivity_timeout":
        return absolute
    return idle


def label_of(key: str) -> str:
    """The Dashboard's words for one of our keys, for the message."""
    setting = next(s for s in DURATION_SETTINGS if s.key == key)
    return f'"{setting.label}", the Dashboard\'s "{setting.dashboard}"'
