"""The user's private cache folder and its files: one definition of what is safe to read.

The folder ($BIDGEN_CACHE_DIR, else $XDG_CACHE_HOME/bidgen or ~/.cache/bidgen) is
created 0700 and used only if it belongs to us and no one else can write to it; a
file in it is read only if it is a regular file of ours that no one else can write.
Files are written to a temporary beside the target and moved into place. Anything
unreadable or unwritable only costs speed: deleting the folder is always safe.

The folder stays bounded: a file read is touched, and after a write the files used
longest ago are removed while there are more than :data:`MAX_FILES` or they hold
more than :data:`MAX_TOTAL_BYTES` (drawings and memos of old proposals go first).
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path | None:
    """The user's private cache folder, created 0700; None if missing, foreign or shared."""
    configured = os.environ.get("BIDGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bidgen"
    )
    folder = Path(configured)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    return folder if private(info, stat.S_ISDIR) else None


def private(info: os.stat_result, kind: Callable[[int], bool]) -> bool:
    ours = info.st_uid == os.getuid()
    return bool(kind(info.st_mode)) and ours and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


MAX_FILES = 3000
MAX_TOTAL_BYTES = 512 * 1024 * 1024


def read_private(path: Path, max_bytes: int) -> bytes:
    """The bytes of a private cache file; OSError or ValueError for anything else."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not private(info, stat.S_ISREG) or info.st_size > max_bytes:
            raise ValueError("not a private cache file")
        data = handle.read()
        with contextlib.suppress(OSError):
            os.utime(handle.fileno())  # used now: kept longest when the folder is pruned
        return data


def write_atomic(path: Path, data: bytes, prefix: str) -> None:
    import tempfile  # only a command that stores something pays for it

    temporary = None
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
        temporary = None
    except OSError:
        pass  # a cache we cannot write only costs speed
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    prune(path.parent)


def prune(folder: Path, max_files: int = MAX_FILES, max_bytes: int = MAX_TOTAL_BYTES) -> None:
    """Remove the files used longest ago while the folder holds too many or too much."""
    try:
        with os.scandir(folder) as found:
            files = [(entry.stat().st_mtime_ns, entry.stat().st_size, entry.path)
                     for entry in found if entry.is_file(follow_symlinks=False)]  # fmt: skip
    except OSError:
        return
    total = sum(size for _time, size, _path in files)
    if len(files) <= max_files and total <= max_bytes:
        return
    files.sort()
    count = len(files)
    for _time, size, path in files:
        if count <= max_files * 3 // 4 and total <= max_bytes * 3 // 4:
            break
        with contextlib.suppress(OSError):
            os.unlink(path)
            count -= 1
            total -= size
