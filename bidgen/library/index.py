"""The library index: parsed front matter and compiled code of each clause file, cached.

Parsing ~160 front matters with a round-trip YAML parser and validating them
is most of a library load; the index keeps, per clause file, the validated
metadata and the compiled code of its body and ``when``.

Exactness: an entry is keyed by the SHA-256 of the file's bytes, and the whole
index by a fingerprint of everything that shapes an entry (bidgen's version,
Jinja2's, pydantic's, the Python version and the source of the modules that
parse, validate and compile clauses), so a changed file, a new release or an
edited sandbox never meets a stale entry. Only clauses that loaded cleanly are
stored: a broken file is re-read and re-reported every time. A rewrite keeps
only the entries of files seen in this scan, so removed files drop out.

Safety: the cache folder ($BIDGEN_CACHE_DIR, else $XDG_CACHE_HOME/bidgen or
~/.cache/bidgen) is created 0700 and used only if it belongs to us and no one
else can write to it; an index file is read only if it is a regular file of
ours that no one else can write. The format is marshal, as Jinja's own
bytecode cache uses, and only from such a folder. Anything unreadable,
corrupt or foreign is ignored, never an error; the index is written to a
temporary file and moved into place. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pydantic

import bidgen
from bidgen.core.cachefiles import cache_dir, read_private, write_atomic

FORMAT = 1
MAX_INDEX_BYTES = 64 * 1024 * 1024
_PACKAGE = Path(bidgen.__file__).parent
# The modules that parse, validate and compile a clause (a dev checkout edits them
# without bumping the version). Read by path: importing them here would be circular.
_SHAPING = ("library/*.py", "profile/models.py", "core/yamlio.py")


@dataclass(frozen=True)
class Entry:
    """One cleanly loaded clause file, as far as it depends on its bytes alone."""

    meta: dict[str, Any]  # ClauseMeta.model_dump(mode="json")
    family_at: tuple[int, int]  # where `family` is written, for the folder check
    when_line: int
    body_line: int
    body: types.CodeType
    condition: types.CodeType | None

    def dump(self) -> tuple[Any, ...]:
        return (
            self.meta,
            self.family_at,
            self.when_line,
            self.body_line,
            self.body,
            self.condition,
        )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint() -> str:
    """Everything besides a file's bytes that decides what its entry holds."""
    parts = [str(FORMAT), bidgen.__version__, jinja2.__version__, pydantic.VERSION, sys.version]
    hasher = hashlib.sha256("\0".join(parts).encode())
    for pattern in _SHAPING:
        for source in sorted(_PACKAGE.glob(pattern)):
            with contextlib.suppress(OSError):
                hasher.update(source.read_bytes())
    return hasher.hexdigest()


class LibraryIndex:
    """The cached entries of one library folder, and the entries this scan used."""

    def __init__(self, path: Path | None, stamp: str, entries: dict[str, Entry]) -> None:
        self.path = path
        self.stamp = stamp
        self.entries = entries
        self.used: dict[str, Entry] = {}
        self.changed = False

    @classmethod
    def open(cls, real_root: Path) -> LibraryIndex:
        folder = cache_dir()
        stamp = fingerprint()
        if folder is None:
            return cls(None, stamp, {})
        name = hashlib.sha256(str(real_root).encode()).hexdigest()[:24]
        path = folder / f"library-{name}.index"
        return cls(path, stamp, _read(path, stamp))

    def get(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None:
            self.used[key] = entry
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.used[key] = entry
        self.changed = True

    def save(self) -> None:
        """Write the entries of this scan if they differ from what was read."""
        if self.path is None or not (self.changed or self.used.keys() != self.entries.keys()):
            return
        data = marshal.dumps(
            (self.stamp, {key: entry.dump() for key, entry in sorted(self.used.items())})
        )
        write_atomic(self.path, data, ".library-")


def _read(path: Path, stamp: str) -> dict[str, Entry]:
    try:
        raw = read_private(path, MAX_INDEX_BYTES)
        found_stamp, entries = marshal.loads(raw)  # our own private folder, as Jinja's cache
        if found_stamp != stamp or not isinstance(entries, dict):
            return {}
        return {key: _entry(value) for key, value in entries.items() if isinstance(key, str)}
    except (OSError, ValueError, EOFError, TypeError):
        return {}  # missing, foreign, corrupt or from another version: rebuild


def _entry(value: Any) -> Entry:
    """An entry from its marshalled tuple; TypeError for anything malformed."""
    meta, family_at, when_line, body_line, body, condition = value
    if not (
        isinstance(meta, dict)
        and isinstance(family_at, tuple)
        and len(family_at) == 2
        and all(isinstance(n, int) for n in (*family_at, when_line, body_line))
        and isinstance(body, types.CodeType)
        and (condition is None or isinstance(condition, types.CodeType))
    ):
        raise TypeError("malformed index entry")
    return Entry(meta, (family_at[0], family_at[1]), when_line, body_line, body, condition)
