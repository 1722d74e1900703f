"""Reading a file a stranger may have planted: regular files only, inside their folder, bounded.

A pull request can add a stack file (or a folder above it) that is a symlink to the
runner's files (an error would quote them), a FIFO (a read would wait for ever), a
device such as /dev/zero (a read would never end), a directory, or simply a huge file.
Each of these becomes one clear refusal here; nothing is read past the size cap.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO, TextIO

MAX_FILE_BYTES = 1024 * 1024  # a stack file is a few hundred bytes; 1 MiB is generous


class UnsafeFileError(ValueError):
    """A file that is refused before (or instead of) reading it; the message says why."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


SYMLINK_REFUSED = "is a symlink: refused (its target is not read)"


def real_folder(root: Path, relative: str) -> Path:
    """`root`/`relative`, once every folder along it is a real folder inside `root`.

    A pull request can make `stacks/` (or any folder above a stack file) a symlink to a
    folder outside the checkout; following it would read, and quote, files that are not
    the project's. Each component is looked at without following it (lstat), from the
    project root down; the first symlink is named in the refusal. `root` itself is the
    user's choice and is trusted.
    """
    parts = PurePosixPath(relative).parts
    if any(part == ".." for part in parts) or PurePosixPath(relative).is_absolute():
        raise UnsafeFileError(f"{relative} is not a folder inside the project: refused")
    here = root
    for count, part in enumerate(parts, 1):  # PurePosixPath drops "." parts
        here = here / part
        shown = "/".join(parts[:count]) + "/"
        try:
            mode = here.lstat().st_mode
        except FileNotFoundError:
            return root.joinpath(*parts)  # absent: nothing to read there (callers say so)
        except OSError as error:
            raise UnsafeFileError(f"{shown} cannot be read ({error.strerror or 'error'})") from None
        if stat.S_ISLNK(mode):
            raise UnsafeFileError(
                f"{shown} is a symlink: refused (the project's files are read only through "
                "real folders inside it; its target is not read)"
            )
        if not stat.S_ISDIR(mode):
            raise UnsafeFileError(f"{shown} is {_kind(mode)}, not a folder: refused")
    return root.joinpath(*parts)


STACK_FILE_SIZE = "a stack file is a few hundred bytes"


def read_text(
    path: Path,
    *,
    limit: int = MAX_FILE_BYTES,
    usual: str = STACK_FILE_SIZE,
) -> str:
    """The UTF-8 text of a regular file, at most `limit` bytes; raise UnsafeFileError.

    A symlink is never followed (O_NOFOLLOW: the open itself refuses it, so no name can
    be swapped in between); the folders above are `real_folder`'s to judge. `usual`
    says, in a refusal for size, how large such a file usually is.
    """
    try:
        link = path.lstat()
    except FileNotFoundError:
        raise UnsafeFileError("no such file") from None
    except OSError as error:
        raise UnsafeFileError(f"cannot be read ({error.strerror or 'error'})") from None
    if stat.S_ISLNK(link.st_mode):
        raise UnsafeFileError(SYMLINK_REFUSED)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFileError(SYMLINK_REFUSED) from None
        raise UnsafeFileError(f"cannot be read ({error.strerror or 'error'})") from None
    mode = os.fstat(descriptor).st_mode  # the file opened, not a name raced
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise UnsafeFileError(f"is {_kind(mode)}, not a regular file: refused")
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFileError(f"is larger than {limit:,} bytes: refused ({usual})")
    return decode(data)


def read_stream(stream: BinaryIO | TextIO, *, limit: int, usual: str) -> str:
    """UTF-8 text from a pipe (standard input), reading no more than `limit` + 1 bytes."""
    source = getattr(stream, "buffer", stream)  # the bytes under a text stream, if any
    data = bytearray()
    while len(data) <= limit:
        chunk = source.read(min(1024 * 1024, limit + 1 - len(data)))
        if not chunk:
            break
        data += chunk.encode("utf-8", "surrogateescape") if isinstance(chunk, str) else chunk
    if len(data) > limit:
        raise UnsafeFileError(f"is larger than {limit:,} bytes: refused ({usual})")
    return decode(bytes(data))


def decode(data: bytes) -> str:
    """UTF-8 text (a leading BOM allowed), or UnsafeFileError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnsafeFileError(f"is not UTF-8 text (byte {error.start:,} cannot be read)") from None
