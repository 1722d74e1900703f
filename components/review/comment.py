"""The pull request's one review comment: `diff`'s section, then each stack's preview.

Parts are files other jobs wrote: read bounded, and the whole cut to GitHub's limit.
"""

from __future__ import annotations

from pathlib import Path

from ..rules import foreign
from ..stackfiles.paths import STACK_NAME
from ..text.inert import COMMENT_LIMIT, bound_markdown, md_code, terminal, utf16_units
from ..text.safeio import UnsafeFileError, read_text
from .diff import MAX_UNCHANGED_NAMES
from .preview_render import NO_CHANGES

PART_LIMIT = 16 * 1024 * 1024  # a comment part read at most (it is cut to fit anyway)
NAMES_LIMIT = 2 * 1024 * 1024  # the not-previewed names: 10,000 stacks take far less


NO_PREVIEW = (
    "No preview: previews run only for branches of this repository (a fork gets no "
    "credentials), after the review job passes."
)


def _part(path: Path | None, missing: str) -> str:
    """One part of the comment, as text; a missing or unreadable part is said to be."""
    if path is None:
        return missing
    try:
        return read_text(path, limit=PART_LIMIT)
    except UnsafeFileError as error:
        return f"{missing} ({terminal(path.name)} {error})"


def _previews_section(previews: list[str]) -> str:
    """Each changed stack's section in full; unchanged stacks as a few lines and a count."""
    if not previews:
        return NO_PREVIEW + "\n"
    changed: list[str] = []
    unchanged: list[str] = []
    for part in previews:  # an unchanged stack is one line (preview.render_markdown)
        (unchanged if part.count("\n") <= 1 and NO_CHANGES in part else changed).append(part)
    lines = [part.strip() for part in unchanged[:MAX_UNCHANGED_NAMES]]
    if len(unchanged) > len(lines):
        lines.append(f"… and {len(unchanged) - len(lines):,} more stacks with no changes.")
    sections = [part.rstrip() + "\n" for part in changed]
    if lines:  # one line each, kept apart by markdown's two-space line break
        sections.append("  \n".join(lines) + "\n")
    return "\n".join(sections)


def not_previewed_line(path: Path | None) -> str:
    """One line naming the stacks no preview ran for because nothing of theirs changed
    (`stacks --names --unchanged-since`): "" when none, or the part is unreadable."""
    if path is None:
        return ""
    try:
        names = foreign.loads(read_text(path, limit=NAMES_LIMIT))
    except (UnsafeFileError, ValueError, RecursionError):
        return ""
    if not isinstance(names, list):
        return ""
    names = [n for n in names if isinstance(n, str) and STACK_NAME.fullmatch(n)]
    if not names:
        return ""
    shown = ", ".join(md_code(n) for n in names[:MAX_UNCHANGED_NAMES])
    more = (
        f" … and {len(names) - MAX_UNCHANGED_NAMES:,} more"
        if len(names) > MAX_UNCHANGED_NAMES
        else ""
    )
    return (
        f"Not previewed, since neither their stack files nor the program changed: {shown}{more}.\n"
    )


MARKER = "<!-- auth0-sessions:review -->"
"""The comment's first line: how the posting job finds the one comment to update."""


def assemble(diff: Path | None, previews: list[Path], not_previewed: Path | None = None) -> str:
    """The whole comment body, as posted: the marker, diff's section, then each stack's
    preview and one line for the stacks none ran for; bounded here, and only here, in
    the units GitHub counts."""
    diff_text = _part(diff, "diff did not run: see the review job.")
    parts = [_part(path, "A preview left no summary.") for path in sorted(previews)]
    rest = not_previewed_line(not_previewed)
    section = _previews_section(parts) if parts or not rest else ""
    text = f"{diff_text.rstrip()}\n\n### pulumi preview\n\n" + section
    text += ("\n" if section and rest else "") + rest
    head = MARKER + "\n"
    return head + bound_markdown(text, COMMENT_LIMIT - utf16_units(head), "this comment")
