"""Reading input files safely: regular files only, bounded in size, never blocking.

A profile path comes from the user and a clause path from a directory walk, so
either can be a named pipe, a device, a socket or a symlink loop. We look at
the file with ``os.stat`` before opening it and open it with ``O_NONBLOCK``, so
that nothing the path turns out to be can hang a run, and every refusal is one
Chinese message naming the file.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem, os_error_text

# A profile or a clause file's front matter is a few kilobytes; 4 MiB is far
# beyond any real one and still parses in well under a second.
MAX_PROFILE_BYTES = 4 * 1024 * 1024

_KIND_MESSAGES = (
    (stat.S_ISDIR, "这是一个目录，不是文件"),
    (stat.S_ISFIFO, "这是一个命名管道，不是普通文件，无法读取"),
    (stat.S_ISCHR, "这是一个设备文件，不是普通文件，无法读取"),
    (stat.S_ISBLK, "这是一个设备文件，不是普通文件，无法读取"),
    (stat.S_ISSOCK, "这是一个套接字，不是普通文件，无法读取"),
)
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


def display_name(path: Path | str) -> str:
    """A path as the user wrote it, relative to the working directory if possible.

    Never raises: a symlink loop, a deleted working directory or a path the OS
    rejects all fall back to the path as given.
    """
    path = Path(path)
    try:
        return str(path.resolve().relative_to(_real_cwd(os.getcwd())))
    except (ValueError, OSError, RuntimeError):
        return str(path)


@functools.lru_cache(maxsize=8)
def _real_cwd(cwd: str) -> Path:
    return Path(cwd).resolve()


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """Read a regular file, turning every OS refusal into a user error.

    ``max_bytes`` refuses larger files before reading them (and stops reading a
    file that grows while we read it).
    """
    name = display_name(path)
    info = _stat(path, name)
    _require_regular(info.st_mode, name)
    if max_bytes is not None and info.st_size > max_bytes:
        raise BidgenError(Problem(name, 0, 0, _too_large(info.st_size, max_bytes)))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise BidgenError(Problem(name, 0, 0, _open_error(exc))) from None
    with os.fdopen(fd, "rb") as stream:
        # The path may have been swapped for a pipe between stat and open.
        _require_regular(os.fstat(fd).st_mode, name)
        try:
            data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
        except OSError as exc:
            raise BidgenError(Problem(name, 0, 0, _open_error(exc))) from None
    if max_bytes is not None and len(data) > max_bytes:
        raise BidgenError(Problem(name, 0, 0, _too_large(len(data), max_bytes)))
    note_read(path, data)
    return data


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """Read a UTF-8 file, turning OS and encoding errors into user errors."""
    return decode_text(read_bytes(path, max_bytes), display_name(path))


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) text of a file's bytes; the first bad byte's line if not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "文件不是 UTF-8 编码，请另存为 UTF-8"
        raise BidgenError(Problem(name, line, 1, message)) from None


def _stat(path: Path, name: str) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise BidgenError(Problem(name, 0, 0, "文件不存在")) from None
    except ValueError:  # a NUL byte in the path
        raise BidgenError(Problem(name, 0, 0, "文件名中含有不允许的字符")) from None
    except OSError as exc:
        raise BidgenError(Problem(name, 0, 0, _open_error(exc))) from None


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    for test, message in _KIND_MESSAGES:
        if test(mode):
            raise BidgenError(Problem(name, 0, 0, message))
    raise BidgenError(Problem(name, 0, 0, "不是普通文件，无法读取"))


def _open_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "符号链接形成了循环，找不到实际的文件"
    if exc.errno == errno.EISDIR:
        return "这是一个目录，不是文件"
    return f"无法读取文件：{os_error_text(exc)}"


def _too_large(size: int, limit: int) -> str:
    mib = 1024 * 1024
    return f"文件过大（约 {size / mib:.1f} 兆字节），上限为 {limit / mib:g} 兆字节"


# --------------------------------------------------------------------------
# What a computation read: the inputs a remembered result depends on


# A file changed this close to the moment it was read may change again without its
# modification time moving (coarse file-system clocks): its bytes are compared.
_RACY_NS = 2_000_000_000


@dataclass
class InputRecord:
    """The files read (size, modification time and SHA-256 of their bytes) and folders
    listed (their names) while recording; :meth:`current` tells whether they are all
    still the same."""

    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict)
    started: int = field(default_factory=time.time_ns)

    def current(self) -> bool:
        """Whether every file has the same bytes and every folder the same names.

        A file whose size and time are unchanged, and whose time is well before the
        recording, is taken as unchanged (as make and git do); any other is read again
        and its digest compared."""
        for path, (size, mtime, expected) in self.files.items():
            try:
                info = os.stat(path)
                if (info.st_size, info.st_mtime_ns) == (size, mtime) and (
                    mtime < self.started - _RACY_NS
                ):
                    continue
                with open(path, "rb") as handle:
                    if hashlib.sha256(handle.read()).hexdigest() != expected:
                        return False
            except OSError:
                return False
        return all(_listing(folder) == names for folder, names in self.folders.items())


_RECORDS: list[InputRecord] = []


@contextmanager
def recording() -> Iterator[InputRecord]:
    """Record every file read through :func:`read_bytes` (or noted) and every folder
    listed by the code inside the block."""
    record = InputRecord()
    _RECORDS.append(record)
    try:
        yield record
    finally:
        _RECORDS.remove(record)


def note_read(path: Path, data: bytes) -> None:
    """Tell the records open that ``path`` was read and held ``data``."""
    if _RECORDS:
        digest = hashlib.sha256(data).hexdigest()
        try:
            info = os.stat(path)
            entry = (info.st_size, info.st_mtime_ns, digest)
        except OSError:
            entry = (-1, -1, digest)  # gone already: compared by its bytes, if it comes back

        for record in _RECORDS:
            record.files[os.path.abspath(path)] = entry


def note_record(record: InputRecord) -> None:
    """Tell the records open that what ``record`` holds was read again (a clause library
    a batch loaded once for several profiles)."""
    for open_record in _RECORDS:
        if open_record is not record:
            open_record.files.update(record.files)
            open_record.folders.update(record.folders)


def note_listing(folder: Path) -> None:
    """Tell the records open that ``folder`` was listed: a file added or removed there
    changes what was found."""
    if _RECORDS:
        names = _listing(os.path.abspath(folder))
        for record in _RECORDS:
            record.folders[os.path.abspath(folder)] = names


def _listing(folder: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()
