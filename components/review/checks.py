"""The verdict on one stack file: read it, apply the rules, keep what the commands show.

Used by `python -m components check` (and what comes after it, e.g. `diff`): reading
and judging stay here, printing stays in the cli package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..rules.settings import NOTHING_MANAGED, InvalidConfigError, Problem, format_problems, managed
from ..stackfiles.paths import STACK_NAME, display_path, stack_name
from ..stackfiles.stackconfig import StackSettings, validate_stack_config
from ..stackfiles.stackfile import StackFileError, read_stack_file
from ..text.inert import snippet

REFRESH_TOKENS_NOTE = (
    "applications' refresh tokens can keep users signed in longer than these settings: "
    "`audit --stack NAME` holds the live tenant's applications to the baselines, and the "
    "policy pack those a Pulumi program declares; check does not see them"
)


@dataclass(frozen=True)
class StackVerdict:
    """One stack file judged: its settings when valid, all its problems when not."""

    file: str
    stack: str
    settings: StackSettings | None
    problems: tuple[Problem, ...] = ()
    raw: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    """The flat config as read (secure: values masked): what `diff` compares."""
    environments: tuple[str, ...] = ()
    """ESC environments the file imports: values there are judged only by `pulumi up`."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def notes(self) -> list[str]:
        """What `check` cannot judge, or what `pulumi up` will do differently, said out loud."""
        notes = [environment_note(self.environments)] if self.environments else []
        if self.settings is not None and not managed(self.settings):
            notes.append(NOTHING_MANAGED)
        if self.settings is not None and self.settings.baselines:
            notes.append(REFRESH_TOKENS_NOTE)
        return notes

    def error_text(self) -> str:
        """The same text the Pulumi program fails with for this stack."""
        return format_problems(self.file, list(self.problems))


def environment_note(environments: tuple[str, ...]) -> str:
    names = ", ".join(environments)
    return (
        f"imports Pulumi ESC environment(s) {names}: values from there are not seen here "
        "and are validated only by `pulumi up`"
    )


def unreadable(shown: str, stack: str, why: str) -> StackVerdict:
    """The verdict on a file that could not be read at all."""
    return StackVerdict(shown, stack, None, (Problem("", why),))


def judge_file(
    path: Path,
    *,
    text: str | None = None,
    defaults: dict[str, object] | None = None,
    shown: str | None = None,
    typed: Mapping[str, str] | None = None,
) -> StackVerdict:
    """Never raises for a bad file: an unreadable file is a verdict like any other.

    `text`, `defaults` and `shown` judge a file's content from elsewhere (a git revision)
    under the name `shown`; by default the file is read from disk.
    """
    shown = shown or display_path(path)
    stack = stack_name(path)
    try:
        stack_file = read_stack_file(path, text=text, defaults=defaults, typed=typed)
    except StackFileError as error:
        return unreadable(shown, stack, str(error))
    envs = stack_file.environments
    problems = [] if STACK_NAME.fullmatch(stack) else [Problem("", _bad_stack_name(stack))]
    try:
        config = validate_stack_config(stack_file.config, source=shown)
    except InvalidConfigError as error:
        problems += error.problems
    except (RecursionError, MemoryError):  # a backstop: the readers bound their input first
        problems.append(Problem("", "is too large or too deeply nested to judge"))
    if problems:
        return StackVerdict(shown, stack, None, tuple(problems), stack_file.config, envs)
    return StackVerdict(shown, stack, config.settings, (), stack_file.config, envs)


def _bad_stack_name(stack: str) -> str:
    return (
        f'"{snippet(stack)}" is not a name Pulumi accepts for a stack (letters, digits, '
        "'-', '_' and '.'): rename the file Pulumi.<stack>.yaml"
    )
