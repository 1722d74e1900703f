"""Files as they were at a git revision, read through git: no checkout, no worktree change.

`diff` compares the stack files at a base revision with the working tree; on a pull
request from a fork that needs nothing but the clone CI already has.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


@dataclass(frozen=True)
class Revision:
    """One revision of the repository holding a folder; paths are relative to that folder."""

    top: Path  # the repository's root: git runs there (ls-tree filters by the cwd)
    rev: str
    commit: str
    prefix: str  # the folder's path inside the repository, "" or ending in "/"

    @classmethod
    def open(cls, folder: Path, rev: str) -> Revision:
        """Resolve `rev` for the repository holding `folder`; raise GitError with why not."""
        if not folder.is_dir():
            raise GitError(f"{folder} is not a folder")
        try:
            prefix = _git(folder, "rev-parse", "--show-prefix").strip()
            top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
        except GitError:
            raise GitError(f"{folder} is not inside a git repository") from None
        if rev.startswith("-"):
            raise GitError(f"unknown revision {rev!r}")
        try:
            commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
        except GitError:
            raise GitError(
                f"unknown revision {rev!r}: not a branch, tag or commit in this clone "
                "(on CI, fetch it first, e.g. `git fetch origin main`, or use origin/main)"
            ) from None
        return cls(top, rev, commit, prefix)

    def names(self, subfolder: str = "") -> list[str]:
        """File names directly in `subfolder` (relative to the folder) at this revision."""
        path = f"{self.prefix}{subfolder}".rstrip("/")
        try:
            listing = _git(self.top, "ls-tree", "--name-only", f"{self.commit}:{path}")
        except GitError:
            return []  # the folder did not exist then
        return sorted(line for line in listing.splitlines() if line)

    def read(self, relative: str) -> str | None:
        """A file's text at this revision, or None when it did not exist."""
        try:
            return _git(self.top, "show", f"{self.commit}:{self.prefix}{relative}")
        except GitError:
            return None
