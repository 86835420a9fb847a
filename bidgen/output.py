"""Output files: atomic publishing (re-exported from :mod:`bidgen.publish`) and
the zip normalisation that makes a DOCX byte-identical for the same document
(python-docx stamps every entry with the current time).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

from bidgen.publish import publish, recover

__all__ = ["ZIP_EPOCH", "normalise_zip", "publish", "recover", "write_zip"]

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
