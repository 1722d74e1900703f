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

# Which clock a word names (from the Auth0 docs' and Dashboard's own words).
IDLE = frozenset({"idle", "inactivity", "inactive", "timeout"})
ABSOLUTE = frozenset(
    {"absolute", "expiration", "expiry", "expire", "expires", "lifetime", "require",
     "required", "login", "maximum", "max", "duration"}
)  # fmt: skip
EPHEMERAL = frozenset({"ephemeral", "nonpersistent"})
# Words that may stand beside those without changing which clock is meant.
FILLER = frozenset(
    {"session", "sessions", "log", "in", "after", "time", "out", "non", "persistent",
     "the", "of", "user", "users", "limit", "length", "minutes", "mins", "hours", "days",
     "seconds", "value", "setting", "auth0", "tenant", "cookie", "browser"}
)  # fmt: skip
WORDS = IDLE | ABSOLUTE | EPHEMERAL | FILLER
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

    Idle words (idle, inactivity, timeout) name the idle clock, else absolute words
    (absolute, expiration, lifetime, require, log in, maximum) the absolute one;
    ephemeral or non-persistent picks the non-persistent pair.
    """
    words = split_words(name)
    if not words:
        return None
    present = set(words)
    ephemeral = bool(present & EPHEMERAL) or {"non", "persistent"} <= present
    if present & IDLE or {"time", "out"} <= present:
        limit = "inactivity_timeout"
    elif present & ABSOLUTE or {"log", "in"} <= present:
        limit = "require_login_after"
    else:
        return None
    for setting in DURATION_SETTINGS:
        if setting.limit == limit and setting.field.startswith("ephemeral") == ephemeral:
            return setting.key
    return None  # pragma: no cover (every pair has both clocks)


def label_of(key: str) -> str:
    """The Dashboard's words for one of our keys, for the message."""
    setting = next(s for s in DURATION_SETTINGS if s.key == key)
    return f'"{setting.label}", the Dashboard\'s "{setting.dashboard}"'
