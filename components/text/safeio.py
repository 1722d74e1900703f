"""Reading a file a stranger may have planted: regular files only, inside their folder, bounded.

A pull request can add a stack file that is a symlink to the runner's files (an error
would quote them), a symlink loop, a FIFO (a read would wait for ever), a device such
as /dev/zero (a read would never end), a directory, or simply a huge file. Each of
these becomes one clear refusal here; nothing is read past the size cap.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
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


def _inside(path: Path, folder: Path) -> None:
    """Refuse a symlink that loops or leads out of `folder` (its target is never named)."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        raise UnsafeFileError("is a symlink loop") from None
    except FileNotFoundError:
        raise UnsafeFileError("is a symlink to nothing (dangling)") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeFileError("is a symlink loop") from None
        raise UnsafeFileError(f"cannot be followed ({error.strerror or 'error'})") from None
    if not target.is_relative_to(folder.resolve()):
        raise UnsafeFileError(
            "is a symlink that leads out of its folder: refused (its target is not read)"
        )


STACK_FILE_SIZE = "a stack file is a few hundred bytes"


def read_text(
    path: Path,
    *,
    limit: int = MAX_FILE_BYTES,
    folder: Path | None = None,
    usual: str = STACK_FILE_SIZE,
) -> str:
    """The UTF-8 text of a regular file, at most `limit` bytes; raise UnsafeFileError.

    Symlinks are followed only within `folder` (default: the file's own folder). `usual`
    says, in a refusal for size, how large such a file usually is.
    """
    try:
        link = path.lstat()
    except FileNotFoundError:
        raise UnsafeFileError("no such file") from None
    except OSError as error:
        raise UnsafeFileError(f"cannot be read ({error.strerror or 'error'})") from None
    if stat.S_ISLNK(link.st_mode):
        _inside(path, folder or path.parent)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
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
