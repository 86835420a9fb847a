"""Results of pure computations kept between runs, in the user's private cache folder.

A memo is one file of the cache folder (:mod:`bidgen.core.cachefiles`) holding a
table of results by key, stamped with :func:`code_stamp`: a fingerprint of the
code that computed them (every source file of bidgen, the Python version and the
files of the third-party packages the computation reads). A memo whose stamp
differs is ignored and rewritten, so an edited checkout, an upgrade or another
interpreter never meets a stale result; a key is everything else the result
depends on. Only results of runs that finished cleanly are stored.

The format is pickle, and only from a folder and files that :mod:`cachefiles`
has checked to be ours and writable by no one else, the trust marshal needs
for the library index already. Anything unreadable, corrupt or foreign is
ignored, never an error: a memo only saves time, and deleting the folder is
always safe. A memo keeps at most ``limit`` entries, those used last first.

Memos are kept only inside :func:`in_use`, which the command line opens around
one command: code that imports bidgen as a library (or a test that patches a
table in memory, which no stamp can see) computes everything afresh.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bidgen
from bidgen.core.cachefiles import cache_dir, read_private, write_atomic
from bidgen.core.files import InputRecord
from bidgen.core.resources import data_path

MAX_MEMO_BYTES = 64 * 1024 * 1024
_PACKAGE = Path(bidgen.__file__).parent
_MISSING = object()
_IN_USE: list[bool] = []


@contextmanager
def in_use() -> Iterator[None]:
    """Keep memos in the cache folder for the code inside the block."""
    _IN_USE.append(True)
    try:
        yield
    finally:
        _IN_USE.pop()


@functools.cache
def _bidgen_sources() -> bytes:
    """Every source file of bidgen, and its data tables and templates (``data/``,
    ``templates/``), by path, size and modification time (as .pyc files are
    checked): stat, not read, so the stamp costs about a millisecond."""
    hasher = hashlib.sha256(f"{bidgen.__version__}\0{sys.version}".encode())
    roots = [(_PACKAGE, ".py"), (data_path("data"), ""), (data_path("templates"), "")]
    for root, suffix in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(suffix) and not name.endswith(".pyc"):
                    path = os.path.join(folder, name)
                    info = os.stat(path)
                    hasher.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return hasher.digest()


def _package_files(name: str) -> bytes:
    """A third-party package's files, by name, size and time, without importing it:
    an upgrade rewrites them. Empty for a package that is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return b""
    hasher = hashlib.sha256()
    folder = Path(spec.origin).parent
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda item: item.name):
            if entry.is_file():
                info = entry.stat()
                hasher.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return hasher.digest()


@functools.cache
def code_stamp(*packages: str) -> str:
    """The fingerprint of bidgen's code and of the named third-party packages."""
    hasher = hashlib.sha256(_bidgen_sources())
    for name in packages:
        hasher.update(name.encode() + b"\0" + _package_files(name))
    return hasher.hexdigest()


# The third-party packages whose behaviour reaches a proposal's text, findings or house
# style: the profile's models, templates, Markdown, YAML, script conversion,
# spreadsheets and the Word template's reader.
PIPELINE = (
    "pydantic",
    "pydantic_core",
    "jinja2",
    "markdown_it",
    "ruamel.yaml",
    "opencc",
    "openpyxl",
    "docx",
)


def memo_of(
    kind: str, source: str | os.PathLike[str], packages: tuple[str, ...], limit: int
) -> Memo:
    """The memo of ``kind`` for one input file (a profile, a proposal linted): one file
    each, so that what a command loads stays the size of one proposal."""
    where = os.path.abspath(source) if str(source) else ""
    name = f"{kind}-" + hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Memo.open(name, code_stamp(*packages), limit)


class Memo:
    """The results of one computation by key, read once and written back on :meth:`save`."""

    def __init__(self, path: Path | None, stamp: str, limit: int, entries: dict[Any, Any]):
        self.path = path
        self.stamp = stamp
        self.limit = limit
        self.entries = entries
        self.changed = False

    @classmethod
    def open(cls, name: str, stamp: str, limit: int) -> Memo:
        """The memo ``name`` as last saved; an empty one that is never saved outside
        :func:`in_use`."""
        folder = cache_dir() if _IN_USE else None
        path = folder / f"memo-{name}.pickle" if folder is not None else None
        return cls(path, stamp, limit, _read(path, stamp) if path is not None else {})

    def get(self, key: Hashable, default: Any = None) -> Any:
        value = self.entries.pop(key, _MISSING)
        if value is _MISSING:
            return default
        self.entries[key] = value  # used last: kept longest
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self.entries.pop(key, None)
        self.entries[key] = value
        self.changed = True

    def recall(self, key: Hashable) -> Any:
        """What :meth:`remember` stored under ``key``, if every input it read is still
        the same (:meth:`InputRecord.current`); else None."""
        remembered = self.get(key)
        if remembered is None:
            return None
        inputs, value = remembered
        return value if isinstance(inputs, InputRecord) and inputs.current() else None

    def remember(self, key: Hashable, inputs: InputRecord, value: Any) -> None:
        """Store ``value`` with the inputs it was computed from, and save the memo."""
        self.put(key, (inputs, value))
        self.save()

    def save(self) -> None:
        """Write the table back if anything was added, at most ``limit`` entries."""
        if self.path is None or not self.changed:
            return
        excess = len(self.entries) - self.limit
        if excess > 0:
            for key in list(self.entries)[:excess]:
                del self.entries[key]
        try:
            table = pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return  # a value that cannot be stored only costs time
        # The stamp is read before the table, which is unpickled only if it matches.
        data = pickle.dumps((self.stamp, table), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.path, data, ".memo-")
        self.changed = False


def _read(path: Path, stamp: str) -> dict[Any, Any]:
    try:
        found_stamp, table = pickle.loads(read_private(path, MAX_MEMO_BYTES))
        if found_stamp != stamp or not isinstance(table, bytes):
            return {}
        entries = pickle.loads(table)
    except Exception:  # corrupt, foreign or truncated: start afresh
        return {}
    return entries if isinstance(entries, dict) else {}


def digest(parts: Iterable[bytes]) -> str:
    """One key for several byte strings (a length before each, so they cannot run together)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little") + part)
    return hasher.hexdigest()


# --------------------------------------------------------------------------
# Single results too large to share a table (pictures): one file each


MAX_BLOB_BYTES = 32 * 1024 * 1024


def read_blob(kind: str, key: str) -> bytes | None:
    """The bytes stored under ``key`` (a digest of everything they depend on), if any."""
    folder = cache_dir() if _IN_USE else None
    if folder is None:
        return None
    try:
        return read_private(folder / f"{kind}-{key}.blob", MAX_BLOB_BYTES)
    except (OSError, ValueError):
        return None


def write_blob(kind: str, key: str, data: bytes) -> None:
    folder = cache_dir() if _IN_USE else None
    if folder is not None and len(data) <= MAX_BLOB_BYTES:
        write_atomic(folder / f"{kind}-{key}.blob", data, f".{kind}-")
