"""Publish output files atomically: all or nothing, never a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from bidgen.errors import BidgenError, Problem
from bidgen.yamlio import display_name


def publish(files: dict[Path, bytes]) -> None:
    """Write every file beside its target, then rename them all into place.

    A failure while writing leaves every previous output untouched; the
    renames are done only once all the temporary files are complete.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(target, data), target))
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        name = display_name(exc.filename or next(iter(files), ""))
        raise BidgenError(Problem(name, 0, 0, f"无法写入输出文件：{exc.strerror}")) from None
    finally:
        for temp, _target in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _stage(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp
