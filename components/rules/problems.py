"""Problems as data: one refused key each, rendered by whichever command found them."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.inert import terminal


@dataclass(frozen=True)
class Problem:
    """One refused key: what the commands print, one line each.

    `key` and `message` quote a file's text only through `inert.snippet` (bounded and
    escaped), so a problem is safe to print as it is.
    """

    key: str  # namespaced config key; empty for a problem of the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


class InvalidConfigError(ValueError):
    """Every problem of one stack's config (or of the component's arguments)."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(format_problems(source, problems))


def format_problems(source: str, problems: list[Problem]) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{terminal(source)}: {len(problems)} {noun}"]
    lines += [f"  - {problem}" for problem in problems]
    return "\n".join(lines)
