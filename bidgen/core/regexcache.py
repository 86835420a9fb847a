"""Compiled regular expressions kept across runs, for the command line only.

The promise reader, the rules and the readers of YAML and Markdown compile a few
hundred regular expressions, many with classes of CJK ranges that ``re``'s
pure-Python compiler fills one code point at a time: about a third of the CPU
of ``bidgen check`` and ``bidgen lint`` went to compiling the same patterns in
every process. Python keeps compiled patterns only in memory; this cache keeps
what its compiler produced (the SRE code of each pattern) in the user's private
cache folder, and builds the pattern from it with the same ``_sre.compile`` call
``re`` makes itself.

Exactness: an entry is keyed by the pattern and its flags, and the whole file by
the Python version and the SRE engine's magic number and code size, so a pattern
is never built from another pattern's or another interpreter's code; ``_sre``
validates the code it is given. Anything unexpected (another Python whose
``re`` internals differ, a corrupt file) falls back to ``re``'s own compiler.

Installed by :func:`bidgen.cli.main.main` for the process of one command (and
the PDF worker it forks); importing bidgen as a library leaves ``re`` alone.
"""

from __future__ import annotations

import atexit
import importlib
import marshal
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bidgen.core.cachefiles import cache_dir, read_private, write_atomic

MAX_BYTES = 8 * 2**20
MAX_ENTRIES = 4000  # patterns built from input (keyword tables) must not grow it forever

_compiler: Any = getattr(re, "_compiler", None)
_parser: Any = getattr(re, "_parser", None)
try:
    _engine: Any = importlib.import_module("_sre")  # no type stubs: it is re's engine
except ImportError:  # pragma: no cover - every CPython has it
    _engine = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _stamp() -> tuple[object, ...]:
    return (sys.implementation.name, tuple(sys.version_info), _engine.MAGIC, _engine.CODESIZE)


class RegexCache:
    """SRE code by (pattern, flags), read from one file and written back if it grew."""

    def __init__(self, path: Path | None, original: Callable[..., re.Pattern[Any]]) -> None:
        self.path = path
        self.original = original
        self.entries: dict[tuple[str | bytes, int], Entry] = {}
        self.grown = False

    def load(self) -> None:
        if self.path is None:
            return
        try:
            stamp, entries = marshal.loads(read_private(self.path, MAX_BYTES))
        except (OSError, ValueError, EOFError, TypeError):
            return  # missing, foreign or corrupt: compile afresh
        if stamp == _stamp() and isinstance(entries, dict):
            self.entries = entries

    def compile(self, pattern: Any, flags: Any = 0) -> re.Pattern[Any]:
        """``re._compiler.compile``, with the SRE code taken from the cache when known."""
        if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.entries.get(key)
        if entry is None:
            entry = self._code(pattern, int(flags))
            self.entries[key] = entry
            self.grown = True
        try:
            final, code, groups, groupindex, indexgroup = entry
            compiled: re.Pattern[Any] = _engine.compile(
                pattern, final, code, groups, groupindex, indexgroup
            )
        except (RuntimeError, TypeError, ValueError):  # a damaged entry: compile as re does
            del self.entries[key]
            return self.original(pattern, flags)
        return compiled

    def _code(self, pattern: str | bytes, flags: int) -> Entry:
        # What re._compiler.compile computes before its own _sre.compile call.
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, number in groupindex.items():
            indexgroup[number] = name
        # Plain ints throughout: marshal refuses int subclasses such as re.RegexFlag.
        return (int(flags | parsed.state.flags), [int(c) for c in code],
                int(parsed.state.groups - 1), groupindex, tuple(indexgroup))  # fmt: skip

    def save(self) -> None:
        if self.path is None or not self.grown:
            return
        entries = self.entries if len(self.entries) <= MAX_ENTRIES else {}
        record: Any = (_stamp(), entries)
        try:
            data = marshal.dumps(record)
        except ValueError:
            return
        write_atomic(self.path, data, ".regex-")


def install() -> RegexCache | None:
    """Route ``re``'s compiler through the cache for this process; None where unsupported."""
    original = getattr(_compiler, "compile", None)
    if _engine is None or _parser is None or original is None or not hasattr(_compiler, "_code"):
        return None
    if isinstance(getattr(original, "__self__", None), RegexCache):
        return None  # already installed (a second main() in one process, as in tests)
    folder = cache_dir()
    path = folder / f"regex-{sys.implementation.cache_tag}.marshal" if folder else None
    cache = RegexCache(path, original)
    cache.load()
    _compiler.compile = cache.compile
    atexit.register(cache.save)
    return cache
