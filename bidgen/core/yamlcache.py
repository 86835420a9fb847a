"""Parsed YAML of the files bidgen ships or a library holds, cached by their bytes.

The round-trip parser that gives every value its line costs about 20 ms for an
industry file; the industries and the standards table are read on every check
and build and change rarely. An entry is keyed by the SHA-256 of the file's
bytes and of what else decides the result (the source of :mod:`bidgen.core.yamlio`,
bidgen's, ruamel.yaml's and Python's versions, as the library index does), so an
edited file, parser or upgrade never meets a stale entry. Only clean
parses are stored: a file with an error is parsed, and reported, every time.
The cache folder and its files follow :mod:`bidgen.core.cachefiles`; anything
unreadable or corrupt is ignored. Dates, which marshal cannot hold, are stored
as tagged tuples (parsed YAML never holds a tuple).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path
from typing import Any

import bidgen
from bidgen.core.cachefiles import cache_dir, read_private, write_atomic
from bidgen.core.fields import FieldPath, LoadedYaml
from bidgen.core.files import MAX_PROFILE_BYTES, decode_text, display_name, read_bytes

MAX_ENTRY_BYTES = 8 * 1024 * 1024


@functools.cache
def _parser_stamp() -> bytes:
    hasher = hashlib.sha256("\0".join((bidgen.__version__, sys.version)).encode())
    hasher.update(Path(__file__).with_name("yamlio.py").read_bytes())
    # ruamel.yaml's version is written in its package's __init__.py: read, not imported,
    # so that a cache hit does not load the parser (about 20 ms).
    spec = importlib.util.find_spec("ruamel.yaml")
    if spec is not None and spec.origin:
        hasher.update(Path(spec.origin).read_bytes())
    return hasher.digest()


def load_yaml_file_cached(path: Path) -> LoadedYaml:
    """What :func:`~bidgen.core.yamlio.load_yaml_file` returns, from the cache when it can."""
    data = read_bytes(path, MAX_PROFILE_BYTES)
    name = display_name(path)
    key = hashlib.sha256(_parser_stamp() + data).hexdigest()[:32]
    folder = cache_dir()
    entry = folder / f"yaml-{key}.cache" if folder is not None else None
    if entry is not None:
        cached = _read(entry)
        if cached is not None:
            return LoadedYaml(data=_thawed(cached[0]), file=name, locations=cached[1])
    from bidgen.core.yamlio import load_yaml_text  # the parser, only on a miss

    loaded = load_yaml_text(decode_text(data, name), name)
    if entry is not None:
        try:
            dumped = marshal.dumps((_frozen(loaded.data), loaded.locations))
        except ValueError:  # a value marshal does not hold: not cached
            return loaded
        write_atomic(entry, dumped, ".yaml-")
    return loaded


def _read(entry: Path) -> tuple[Any, dict[FieldPath, tuple[int, int]]] | None:
    try:
        data, locations = marshal.loads(read_private(entry, MAX_ENTRY_BYTES))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (data, locations) if isinstance(locations, dict) else None


_DATE = "yaml-date"


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_frozen(item) for item in value]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return (_DATE, value.isoformat())
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thawed(item) for item in value]
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _DATE:
        return datetime.date.fromisoformat(value[1])
    return value
