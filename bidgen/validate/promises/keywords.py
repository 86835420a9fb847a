"""The keyword table: which words claim a figure for which kind.

The words are written once, in :mod:`bidgen.core.kinds`; this module compiles
them in table order and finds them in a text.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field

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


_LAST: list[tuple[tuple[Kind, ...], tuple[Keyword, ...]]] = []


def keyword_table() -> tuple[Keyword, ...]:
    """The compiled keywords of every kind, in table order (recompiled if the table changes)."""
    kinds = tuple(KINDS.values())
    if _LAST and len(_LAST[0][0]) == len(kinds) and all(map(operator.is_, _LAST[0][0], kinds)):
        return _LAST[0][1]  # the same table as last time: no hashing of every entry
    _LAST[:] = [(kinds, _compiled(kinds))]
    return _LAST[0][1]


def _nowhere(_topic: re.Pattern[str]) -> bool:
    return False


@dataclass(frozen=True)
class Topics:
    """Where topic-bound keywords look for their topic: the clause and segment as text,
    the whole text through ``anywhere`` (a long text is searched once, not per figure)."""

    clause: str = ""
    segment: str = ""
    anywhere: Callable[[re.Pattern[str]], bool] = field(default=_nowhere)

    @classmethod
    def of(cls, text: str) -> Topics:
        return cls(text, text, lambda topic: bool(topic.search(text)))

    def has(self, topic: re.Pattern[str], scope: Scope) -> bool:
        if scope == "text":
            return self.anywhere(topic)
        return bool(topic.search(self.clause if scope == "clause" else self.segment))


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    specific: bool  # a topic-bound keyword


def _contains(outer: Hit, inner: Hit) -> bool:
    """Whether ``outer`` hides ``inner``: a longer word around it, or the same word of the same
    kind standing. Two kinds' words on the same span both stay (回访 is a callback's time and a
    survey's cadence): the figure's value type picks."""
    if not (outer.start <= inner.start and inner.end <= outer.end):
        return False
    same_span = (outer.start, outer.end) == (inner.start, inner.end)
    return not same_span or outer.specific or (not inner.specific and outer.kind == inner.kind)


def keyword_hits(text: str, topics: Topics | None = None) -> list[Hit]:
    """Keyword matches in ``text``, with contained and same-place losers removed.

    Topic-bound keywords apply only when their topic occurs in their scope of
    ``topics`` (none apply without ``topics``).
    """
    hits = []
    for entry in keyword_table():
        if entry.topic is not None and not (topics and topics.has(entry.topic, entry.scope)):
            continue
        for match in entry.pattern.finditer(text):
            hits.append(Hit(entry.kind, match.start(), match.end(), entry.topic is not None))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), not hit.specific))
    kept: list[Hit] = []
    for hit in hits:
        if any(_contains(k, hit) for k in kept[-8:]):
            continue
        kept.append(hit)
    return kept
