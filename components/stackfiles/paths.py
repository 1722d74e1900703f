"""Where Pulumi keeps this project's stack files, and how their paths are shown.

One place for the project folder, `Pulumi.yaml`, the stacks folder, the file-name rule
and Pulumi's stack-name rule, so the program, `check` and every command agree.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..text.inert import terminal

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROJECT_FILE = PROJECT_DIR / "Pulumi.yaml"
STACKS_DIR = PROJECT_DIR / "stacks"
STACK_FILE_GLOB = "Pulumi.*.yaml"  # what Pulumi reads from stackConfigDir, and so do we
_STACK_FILE = re.compile(r"Pulumi\.(?P<stack>.+)\.ya?ml")
# Pulumi's rule for a stack name (sdk/go/common/tokens: alphanumerics, '-', '_', '.').
STACK_NAME = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def stack_name(path: Path) -> str:
    """`Pulumi.dev.yaml` configures the stack `dev`."""
    match = _STACK_FILE.fullmatch(path.name)
    return match.group("stack") if match else path.stem


def default_stack_files(stacks_dir: Path = STACKS_DIR) -> list[Path]:
    return sorted(stacks_dir.glob(STACK_FILE_GLOB))


def unread_files(stacks_dir: Path = STACKS_DIR) -> list[Path]:
    """Files beside the stack files that look like one but that Pulumi never reads.

    Pulumi reads `Pulumi.<stack>.yaml` (the project file's extension) and nothing else:
    `Pulumi.qa.yml` or `qa.yaml` configure no stack, however right their contents.
    """
    if not stacks_dir.is_dir():
        return []
    read = set(default_stack_files(stacks_dir))
    return sorted(
        path
        for path in stacks_dir.iterdir()
        if path not in read
        and (path.suffix in (".yaml", ".yml", ".json") or path.name.startswith("Pulumi."))
    )


def unread_note(path: Path) -> str:
    return (
        f"{display_path(path)} is not read by Pulumi, which reads only "
        f"{STACK_FILE_GLOB} here: rename it Pulumi.<stack>.yaml if it configures a stack"
    )


def display_path(path: Path) -> str:
    """The path as people in the project see it: relative to here when below here.

    The file itself is not followed: a symlink is shown where it is, not where it leads.
    """
    absolute = path.absolute()
    try:
        return terminal(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return terminal(absolute)
