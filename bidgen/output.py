"""Publish output files atomically: all or nothing, never a half-written file.

Also the zip normalisation that makes a DOCX byte-identical for the same
document (python-docx stamps every entry with the current time).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem, os_error_text
from bidgen.core.yamlio import display_name


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
        raise BidgenError(Problem(name, 0, 0, f"无法写入输出文件：{os_error_text(exc)}")) from None
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


# The earliest time a zip entry can carry; nothing about it depends on the clock.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Office packages conventionally open with the content types and package rels.
_ZIP_FIRST = ("[Content_Types].xml", "_rels/.rels")


def normalise_zip(data: bytes, replace: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a zip (an OOXML package) so that equal content gives equal bytes.

    Entries are written in a fixed order with a fixed timestamp (1980-01-01),
    MS-DOS attributes and one compression level; ``replace`` swaps or adds
    entries by name on the way.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries.update(replace or {})
    return write_zip(entries)


def write_zip(entries: Mapping[str, bytes]) -> bytes:
    """A deterministic deflated zip of ``entries`` (name -> bytes)."""
    first = [name for name in _ZIP_FIRST if name in entries]
    names = first + sorted(name for name in entries if name not in _ZIP_FIRST)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # MS-DOS, as Word writes it; the default depends on the OS
            info.external_attr = 0
            target.writestr(info, entries[name])
    return out.getvalue()
