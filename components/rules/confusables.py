"""Names that look like ours and are not: a Unicode confusables skeleton (UTS #39).

`auth0-sessiоns` with a Cyrillic o, a full-width `ａuth0`, a zero-width joiner inside a
name: Pulumi reads each as another namespace or key, so the setting would silently stay
unmanaged, and a credential under such a name could be printed. Two texts that share a
skeleton look alike: NFKC, default-ignorable (format) characters dropped, each character
mapped to its prototype from Unicode's confusables table (the confusable-homoglyphs
package carries it), case folded. The table is loaded only for text that is not ASCII.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache


@cache
def _prototypes() -> dict[str, str]:
    """Character → prototype, where confusables.txt maps a character to one prototype."""
    from confusable_homoglyphs.confusables import confusables_data

    table = {  # a confusable lists its one prototype (a prototype lists many)
        char: _visible(glyphs[0]["c"])
        for char, glyphs in confusables_data.items()
        if len(glyphs) == 1
    }
    return {**table, **_ASCII}


def _visible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


# The table's entries for lower-case ASCII (confusables.txt maps 0 to O, 1 and | to l,
# m to rn): kept here so that ASCII text never loads the table.
_ASCII = {"0": "o", "1": "l", "|": "l", "m": "rn"}


@lru_cache(maxsize=8192)  # the same few keys, in every one of thousands of stack files
def skeleton(text: str) -> str:
    """What `text` looks like, case aside: equal skeletons are confusable (UTS #39,
    simplified). Case is folded first, since these names are compared without it: the
    table would otherwise read a capital I as l, and `API_KEY` would no longer say key."""
    folded = _visible(unicodedata.normalize("NFKC", text[:200])).casefold()
    table = _ASCII if folded.isascii() else _prototypes()
    return "".join(table.get(c, c) for c in folded).casefold()


def odd_characters(text: str) -> str:
    """The characters that make `text` look like something else, named: `U+0430 CYRILLIC
    SMALL LETTER A`."""
    odd = dict.fromkeys(c for c in text[:200] if not c.isascii() or unicodedata.category(c) == "Cf")
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in list(odd)[:3])


def looks_like(text: str, choices: tuple[str, ...] | list[str]) -> str | None:
    """The choice `text` is confusable with, when it is not that choice itself (ASCII
    look-alikes such as `auth0-sessi0ns` are near misses, found by edit distance)."""
    if text.isascii():
        return None
    shape = skeleton(text)
    return next((c for c in choices if c != text and skeleton(c) == shape), None)
