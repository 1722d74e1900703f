"""Text from stack files and previews made inert before it is shown to anyone.

Every byte of a stack file, a git blob or a preview may come from a stranger's pull
request. What the commands print of it goes through here: `snippet` bounds and escapes a
value quoted inside a message, `terminal` escapes control characters for a terminal, and
`md_code` puts any text inside a markdown code span that no backtick, pipe, newline,
link, image, mention or HTML can break out of.
"""

from __future__ import annotations

import re

SNIPPET_CHARS = 60  # the most of a file's value any message quotes
COMMENT_LIMIT = 65_536  # GitHub's limit for an issue or pull request comment body

# Control, zero-width and bidi characters, and lone surrogates (a file name that is not
# UTF-8 reaches Python as surrogate escapes, which no strict encoder can print).
_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    r"\ud800-\udfff]"
)
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def terminal(text: object) -> str:
    """`text` with control and bidi characters shown escaped (`\\n`, `\\e`, `\\x00`)."""
    return _CONTROL.sub(_escape_char, str(text))


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
    escapes line breaks), so a cut never leaves one open, nor a mention or link live.
    """
    if utf16_units(text) <= limit:
        return text
    note = (
        f"\n\n_{what} was cut here: it would exceed {limit:,} characters "
        "(GitHub's comment limit). The job log has the rest._\n"
    )
    room = limit - utf16_units(note)
    kept, used = [], 0
    for line in text.splitlines(keepends=True):
        size = utf16_units(line)
        if used + size > room:
            break
        kept.append(line)
        used += size
    return "".join(kept).rstrip("\n") + note
