"""Text from stack files and previews made inert before it is shown to anyone.

Every byte of a stack file, a git blob or a preview may come from a stranger's pull
request. What the commands print of it goes through here: `snippet` bounds and escapes a
value quoted inside a message, `terminal` escapes control characters for a terminal, and
`md_code` puts any text inside a markdown code span that no backtick, pipe, newline,
link, image, mention or HTML can break out of.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, TextIO

SNIPPET_CHARS = 60  # the most of a file's value any message quotes
COMMENT_LIMIT = 65_536  # GitHub's limit for an issue or pull request comment body

# What must never reach a terminal, a reviewer or a JSON reader as itself, by Unicode
# property (the `regex` package carries the current tables): controls and format
# characters (Cc, Cf: every bidi override and mark, U+061C included), private use (Co),
# lone surrogates (Cs: a file name that is not UTF-8 reaches Python as those), line and
# paragraph separators (Zl, Zp), and everything Bidi_Control or
# Default_Ignorable_Code_Point (soft hyphen, tag characters, variation selectors,
# Hangul fillers) -- characters that make a value read differently from what it is.
UNSAFE_PROPERTIES = (
    r"[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]"
)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
_ASCII_SAFE = re.compile(r"[\x20-\x7e]*")  # printable ASCII: nothing to look up


@lru_cache(maxsize=1)
def _unsafe() -> Any:
    """The property class, compiled on first need (most text is printable ASCII)."""
    import regex

    return regex.compile(UNSAFE_PROPERTIES)


@lru_cache(maxsize=1)
def _unsafe_but_newline() -> Any:
    import regex

    return regex.compile(rf"(?!\n){UNSAFE_PROPERTIES}")


def _escape_char(match: Any) -> str:
    char = match.group()
    code = ord(char)
    return _ESCAPES.get(char) or (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def terminal(text: object) -> str:
    """`text` with every unsafe character shown escaped (`\\n`, `\\e`, `\\u202e`)."""
    text = str(text)
    if _ASCII_SAFE.fullmatch(text):
        return text
    return _unsafe().sub(_escape_char, text)


def _json_escape(match: Any) -> str:
    """A JSON string escape: the same character to a JSON reader, visible to a person."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def inert_output(text: str) -> str:
    """Anything a command prints, made inert as a whole: every unsafe character but the
    line break becomes a `\\uXXXX` escape. In JSON that is the very same string (JSON
    can only hold such characters inside strings); in text and markdown it is visible.
    The renderers escape what they quote already; this is the net under all of them."""
    if _ASCII_SAFE.fullmatch(text.replace("\n", "")):
        return text
    return _unsafe_but_newline().sub(_json_escape, text)


class InertStream:
    """A text stream whose every write goes through `inert_output`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(inert_output(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


_QUOTING = re.compile(r'([\\"`])')


def snippet(value: object, limit: int = SNIPPET_CHARS) -> str:
    """A short, escaped rendering of a value from a file, for quoting inside a message.

    A backslash, double quote or backtick inside is escaped with a backslash, so the
    quotes a message puts around a snippet are always the message's own (`md_prose`).
    """
    text = value if isinstance(value, str) else _short_repr(value, limit)
    if len(text) > limit:
        text = f"{text[:limit]}…(+{len(text) - limit:,} characters)"
    return terminal(_QUOTING.sub(r"\\\1", text))


def _short_repr(value: object, limit: int) -> str:
    """repr of a value that may be huge or deeply nested, without building all of it."""
    if isinstance(value, list | tuple):
        return "[list]" if value else "[]"
    if isinstance(value, dict):
        return "{map}" if value else "{}"
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**limit else "<huge number>"
    return text


def md_code(text: object) -> str:
    """`text` as one inline markdown code span that nothing inside can end or escape.

    A code span shows its content literally: no emphasis, heading, link, image, autolink,
    @mention or HTML. The fence is one backtick longer than any run inside; newlines
    and control characters are escaped; `|` is escaped so a table cell cannot be split.
    """
    content = terminal(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") or not content.strip() else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def md_cell(words: str) -> str:
    """The project's own words in a markdown table cell: only a pipe could break the row."""
    return words.replace("|", "\\|")


_SEGMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`', re.S)
_UNQUOTE = re.compile(r'\\([\\"`])')
_LIVE = re.compile(r"@|#|://|www\.", re.IGNORECASE)  # mentions, references, links
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")


def md_prose(message: object) -> str:
    """A message as markdown prose: its own words as text, what it quotes as code spans.

    A message quotes a file's text inside "…" (always through `snippet`, which escapes
    quotes inside) or `…`; each quoted part becomes a code span. The words between are
    markdown-escaped, and any that could still mention, reference or link are code too.
    """
    text, parts, at = str(message), [], 0
    for match in _SEGMENT.finditer(text):
        parts.append(_prose(text[at : match.start()]))
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        parts.append(md_code(_UNQUOTE.sub(r"\1", quoted)))
        at = match.end()
    parts.append(_prose(text[at:]))
    return "".join(parts)


def _prose(words: str) -> str:
    words = terminal(words)
    if _LIVE.search(words):
        return md_code(words)
    return _MARKDOWN.sub(r"\\\1", words)


def utf16_units(text: str) -> int:
    """The length GitHub holds a comment to: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def bound_markdown(text: str, limit: int = COMMENT_LIMIT, what: str = "this comment") -> str:
    """`text` cut at a line boundary so that it fits in `limit` UTF-16 units, saying so.

    Cut between lines, never inside one: every code span here is on one line (`md_code`
    escapes line breaks), so a cut never leaves one open, nor a mention or link live;
    a fenced block (a chart) is kept whole or dropped whole.
    """
    if utf16_units(text) <= limit:
        return text
    note = (
        f"\n\n_{what} was cut here: it would exceed {limit:,} characters "
        "(GitHub's comment limit). The job log has the rest._\n"
    )
    room = limit - utf16_units(note)
    kept, used, fence_at = [], 0, None  # where an open ``` block began
    for line in text.splitlines(keepends=True):
        size = utf16_units(line)
        if used + size > room:
            break
        if line.lstrip(" ").startswith("```"):
            fence_at = len(kept) if fence_at is None else None
        kept.append(line)
        used += size
    if fence_at is not None:  # never leave a chart's fence open: drop the whole block
        kept = kept[:fence_at]
    return "".join(kept).rstrip("\n") + note
