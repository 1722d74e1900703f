"""Which stacks a change can touch: those whose stack file it changes or adds, or every
stack when it changes anything the program reads. The pull request workflow previews
only those; the daily drift run still checks every stack.
"""

from __future__ import annotations

from pathlib import Path

from ..stackfiles.paths import stack_name
from .gitrev import Revision

# What `pulumi preview` of a stack reads besides its stack file: the program, its
# project file and requirements, the component package's plugin, and what installs the
# CLI and the virtualenv and runs the preview (the setup action, the workflow itself).
PROGRAM_INPUTS = (
    "components/",
    "__main__.py",
    "Pulumi.yaml",
    "requirements.txt",
    "requirements-dev.txt",
    "plugin/",
    ".github/actions/",
    ".github/workflows/pull-request.yml",
)


def program_changed(paths: set[str]) -> bool:
    """Whether any of `paths` is (or is inside) something the program reads."""
    return any(
        p == i or (i.endswith("/") and p.startswith(i)) for p in paths for i in PROGRAM_INPUTS
    )


def touched(project: Path, stack_folder: Path, base: str) -> set[str] | None:
    """The names of the stacks a change since `base` touches (their files changed or
    added); None when it touches every stack (raises GitError)."""
    paths = Revision.open(project, base).changed_paths()
    if program_changed(paths):
        return None
    folder = stack_folder.relative_to(project).as_posix()
    prefix = "" if folder == "." else folder + "/"
    return {
        stack_name(Path(p))
        for p in paths
        if p.startswith(prefix) and "/" not in p.removeprefix(prefix)
    }
