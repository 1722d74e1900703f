"""Files as they were at a git revision, read through git: no checkout, no worktree change.

`diff` compares the stack files at a base revision with the working tree; on a pull
request from a fork that needs nothing but the clone CI already has. A folder's files
are listed with one `git ls-tree -z` (names exactly as stored, never quoted) and read
with one `git cat-file --batch`, so a thousand stack files cost two git processes.
Each blob is bounded: a larger one is refused without keeping it.
"""

from __future__ import annotations

import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from ..text.inert import terminal
from ..text.safeio import MAX_FILE_BYTES, UnsafeFileError, decode

_CHUNK = 1 << 16


class GitError(Exception):
    """git is missing, the folder is not in a repository, or the revision is unknown."""


class RefusedEntryError(GitError):
    """A path at the revision leads through a symlink: refused, its target never read."""


def _git(cwd: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        raise GitError(_git_message(done.stderr) or f"git {args[0]} failed")
    return done.stdout.decode("utf-8", "surrogateescape")


def _git_message(stderr: bytes) -> str:
    """git's own words (the first few lines, escaped), which often say the fix."""
    lines = [terminal(line) for line in stderr.decode("utf-8", "replace").splitlines() if line]
    return "; ".join(lines[:6])[:800]


@dataclass(frozen=True)
class Entry:
    """One name in a folder at a revision: a blob (a file), or something else (refused)."""

    name: str
    mode: str
    kind: str  # blob, tree, commit (a submodule)
    oid: str

    @property
    def problem(self) -> str | None:
        if self.kind == "tree":
            return "is a directory at this revision, not a stack file"
        if self.kind != "blob":
            return "is a submodule at this revision, not a stack file"
        if self.mode == "120000":
            return "is a symlink at this revision: refused (its target is not read)"
        return None


_OID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1 or SHA-256 repositories


def _records(listing: str) -> list[Entry]:
    """`ls-tree -z` records: `<mode> <kind> <oid>` TAB `<name>` NUL (names never quoted)."""
    found = []
    for record in listing.split("\0"):
        meta, tab, name = record.partition("\t")
        parts = meta.split()
        if tab and len(parts) == 3:
            found.append(Entry(name, *parts))
    return found


def _prefixes(path: str) -> list[str]:
    """`a`, `a/b`, `a/b/c` for `a/b/c`: the path and each folder above it."""
    parts = [part for part in path.split("/") if part]
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


_READ: dict[str, str | UnsafeFileError | None] = {}  # commit:path → text: a commit never changes


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
            raise GitError(f"{terminal(folder)} is not a folder")
        try:
            prefix = _git(folder, "rev-parse", "--show-prefix").strip("\n")
            top = Path(_git(folder, "rev-parse", "--show-toplevel").strip("\n"))
        except GitError as error:
            raise GitError(f"cannot use git in {terminal(folder)}: {error}") from None
        if rev.startswith("-"):
            raise GitError(f"unknown revision {terminal(rev)!r}")
        try:
            commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
        except GitError:
            raise GitError(
                f"unknown revision {terminal(rev)!r}: not a branch, tag or commit in this clone "
                "(on CI, fetch it first, e.g. `git fetch origin main`, or use origin/main)"
            ) from None
        return cls(top, rev, commit, prefix)

    def changed_paths(self) -> set[str]:
        """The paths under the folder (relative to it) that differ between this revision
        and the working tree: changed, added, removed or untracked (not ignored)."""
        folder = self.top / self.prefix
        listed = _git(folder, "diff", "--name-only", "--no-renames", "-z", self.commit, "--", ".")
        listed += _git(folder, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
        # diff names paths from the repository's root, ls-files from the folder
        paths = set()
        for path in (p for p in listed.split("\0") if p):
            paths.add(path.removeprefix(self.prefix) if path.startswith(self.prefix) else path)
        return paths

    def _along(self, path: str, *, inside: bool = False) -> dict[str, Entry]:
        """The tree entry of `path` and of each folder above it (those that exist), and with
        `inside` the entries directly in `path`, all keyed by their path in the repository.

        One `ls-tree -z` with literal pathspecs: no name is ever parsed out of a line
        with the path in it, and no pathspec magic applies to a stranger's names.
        """
        paths = _prefixes(path)
        if inside:
            paths.append(f"{path}/" if path else ".")
        if not paths:
            return {}
        listing = _git(
            self.top,
            "--literal-pathspecs",
            "ls-tree",
            "-z",
            "--full-tree",
            self.commit,
            "--",
            *paths,
        )
        return {entry.name: entry for entry in _records(listing)}

    def _refuse_links(self, path: str, found: dict[str, Entry]) -> None:
        """GitError naming the first symlink along `path` at this revision."""
        for prefix in _prefixes(path):
            entry = found.get(prefix)
            if entry is not None and entry.mode == "120000":
                shown = prefix[len(self.prefix) :] or prefix
                raise RefusedEntryError(
                    f"{terminal(shown)} is a symlink at {terminal(self.rev)}: refused (its "
                    "target is not read)"
                )

    def entries(self, subfolder: str = "") -> list[Entry]:
        """What is directly in `subfolder` (relative to the folder) at this revision.

        GitError when a folder along it is a symlink at this revision.
        """
        subfolder = "" if subfolder in (".", "./") else subfolder
        path = f"{self.prefix}{subfolder}".rstrip("/")
        along = self._along(path, inside=True)
        self._refuse_links(path, along)
        start = f"{path}/" if path else ""
        return sorted(
            (
                Entry(name[len(start) :], e.mode, e.kind, e.oid)
                for name, e in along.items()
                if name.startswith(start) and "/" not in name[len(start) :]
            ),
            key=lambda entry: entry.name,
        )

    def read(self, relative: str) -> str | None:
        """One file's text at this revision, or None when it did not exist (read once).

        GitError when it, or a folder above it, is a symlink at this revision.
        """
        key = f"{self.commit}:{self.prefix}{relative}"
        if key not in _READ:
            path = f"{self.prefix}{relative}"
            along = self._along(path)
            self._refuse_links(path, along)
            entry = along.get(path)
            if entry is None or entry.problem is not None:
                _READ[key] = None
            else:
                _READ[key] = self.read_blobs([entry.oid])[entry.oid]
        text = _READ[key]
        if isinstance(text, UnsafeFileError):
            return None
        return text

    def read_blobs(
        self, names: list[str], limit: int = MAX_FILE_BYTES
    ) -> dict[str, str | UnsafeFileError | None]:
        """Many objects, by object id only, through one `git cat-file --batch`.

        Each maps to its text, None when missing, or UnsafeFileError when too large
        or not UTF-8. Object ids, never `<rev>:<path>`: git echoes the name in its
        answer, and a path could hold spaces or a newline that read as fields.
        """
        if not names:
            return {}
        if not all(_OID.fullmatch(name) for name in names):
            raise GitError("internal: cat-file is given object ids only")
        request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
        try:
            process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.top,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError("git is not installed (or not on PATH)") from None
        assert process.stdin is not None and process.stdout is not None

        # git answers as it reads; a writer thread keeps a large request from blocking.
        def write() -> None:
            try:
                process.stdin.write(request)  # type: ignore[union-attr]
                process.stdin.close()  # type: ignore[union-attr]
            except BrokenPipeError:
                pass

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        found: dict[str, str | UnsafeFileError | None] = {}
        for name in names:
            header = process.stdout.readline().decode("ascii", "replace").split()
            if len(header) != 3 or not header[2].isdigit():  # "<oid> missing"
                found[name] = None
                continue
            size = int(header[2])
            found[name] = _take(process.stdout, size, limit)
            process.stdout.read(1)  # the newline after each object
        writer.join()
        process.wait()
        return found


def _take(stream: object, size: int, limit: int) -> str | UnsafeFileError:
    """Read one object of `size` bytes; keep it only when it is within `limit`."""
    read = stream.read  # type: ignore[attr-defined]
    if size > limit:
        left = size
        while left > 0:
            chunk = read(min(left, _CHUNK))
            left = left - len(chunk) if chunk else 0
        return UnsafeFileError(f"is larger than {limit:,} bytes: refused")
    data = read(size)
    try:
        return decode(data)
    except UnsafeFileError as error:
        return error
