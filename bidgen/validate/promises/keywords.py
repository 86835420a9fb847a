"""The keyword table: which words claim a figure for which kind.

The words are written once, in :mod:`bidgen.core.kinds`; this module compiles
them in table order and finds them in a text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bidgen.core.kinds import KINDS, Kind, Scope


@dataclass(frozen=True)
class Keyword:
    kind: str
    pattern: re.Pattern[str]
    topic: re.Pattern[str] | None  # must occur in the figure's ``scope`` first
    scope: Scope  # clause (to 。；), segment (its part before the figure), text


@functools.lru_cache(maxsize=4)
def _compiled(kinds: tuple[Kind, ...]) -> tuple[Keyword, ...]:
    return tuple(
        Keyword(kind.id, re.compile(words.pattern), _topic(words.topic), words.scope)
        for kind in kinds
        for words in kind.words
    )


def _topic(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None


def keyword_table() -> tuple[Keyword, ...]:
    """The compiled keywords of every kind, in table order (recompiled if the table changes)."""
    return _compiled(tuple(KINDS.values()))


@dataclass(frozen=True)
class Topics:
    """Where topic-bound keywords look for their topic."""

    clause: str = ""
    segment: str = ""
    text: str = ""

    @classmethod
    def of(cls, text: str) -> Topics:
        return cls(text, text, text)


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    specific: bool  # a topic-bound keyword


def keyword_hits(text: str, topics: Topics | None = None) -> list[Hit]:
    """Keyword matches in ``text``, with contained and same-place losers removed.

    Topic-bound keywords apply only when their topic occurs in their scope of
    ``topics`` (none apply without ``topics``).
    """
    hits = []
    for entry in keyword_table():
        if entry.topic is not None:
            where = getattr(topics, entry.scope) if topics else ""
            if not entry.topic.search(where):
                continue
        for match in entry.pattern.finditer(text):
            hits.append(Hit(entry.kind, match.start(), match.end(), entry.topic is not None))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), not hit.specific))
    kept: list[Hit] = []
    for hit in hits:
        if any(k.start <= hit.start and hit.end <= k.end for k in kept):
            continue
        kept.append(hit)
    return kept
