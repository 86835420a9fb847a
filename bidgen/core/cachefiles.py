"""The user's private cache folder and its files: one definition of what is safe to read.

The folder ($BIDGEN_CACHE_DIR, else $XDG_CACHE_HOME/bidgen or ~/.cache/bidgen) is
created 0700 and used only if it belongs to us and no one else can write to it; a
file in it is read only if it is a regular file of ours that no one else can write.
Files are written to a temporary beside the target and moved into place. Anything
unreadable or unwritable only costs speed: deleting the folder is always safe.
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


def read_private(path: Path, max_bytes: int) -> bytes:
    """The bytes of a private cache file; OSError or ValueError for anything else."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not private(info, stat.S_ISREG) or info.st_size > max_bytes:
            raise ValueError("not a private cache file")
        return handle.read()


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
