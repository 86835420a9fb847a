"""Promises: a classified figure per level, read from running text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bidgen.core.kinds import KINDS, label
from bidgen.core.quantities import NUMBER_PATTERN, Value
from bidgen.validate.promises.classify import classify, label_claim, part_warranty
from bidgen.validate.promises.figures import Figure, accepts, find_figures, not_a_promise
from bidgen.validate.promises.keywords import Hit, Topics, keyword_hits
from bidgen.validate.promises.levels import LevelFinder, LevelMention, level_finder, level_for
from bidgen.validate.promises.scan import Scan, scan_of

_NUM = NUMBER_PATTERN


@dataclass(frozen=True)
class Promise:
    """One promised time or period, as found in a text.

    ``value`` is of the kind's value type (``str(value)`` is its canonical
    text). ``start``/``end`` are offsets of ``quote`` in the input text (for a
    table row: in ``" | ".join(cells)``).
    """

    kind: str
    level: str | None
    value: Value
    quote: str
    start: int
    end: int
    total: bool = False  # a kind summed over parts (training hours): a stated total
    named: bool = False  # a cadence naming a thing ("月报", "年度巡检"), see ``Figure.named``
    repaired: str | None = None  # the damaged original of a repaired figure ("1515")
    universal: bool = False  # said of every case ("所有来电均在半小时内回复"): a cap
    case: str | None = None  # the case it is promised for, in words ("复杂问题", "一般故障")

    @property
    def value_text(self) -> str:
        return str(self.value)

    @property
    def label(self) -> str:
        return label(self.kind)


# --------------------------------------------------------------------------
# "分别为" lists

_RESPECTIVELY = re.compile(r"分别|依次")
_LIST_GAP = re.compile(r"(?:内|以内|之内)?(?:、|,|，|和|及|与|/|以及)?$")


def _respectively(
    scan: Scan, figures: list[Figure], mentions: list[LevelMention]
) -> dict[int, tuple[str | None, tuple[int, ...] | None]]:
    """Figure index -> (kind or None = drop, levels) for "A、B、C分别为x、y、z"."""
    result: dict[int, tuple[str | None, tuple[int, ...] | None]] = {}
    for match in _RESPECTIVELY.finditer(scan.masked):
        start, end = scan.bounds(match.start(), "sentence")
        group = _listed_figures(scan, figures, match.end(), end)
        if not group:
            continue
        prefix = scan.masked[start : match.start()]
        sample = figures[group[0]]
        kinds = distinct_kinds(keyword_hits(prefix, Topics.of(prefix)), sample)
        levels = [m.positions for m in mentions if start <= m.start < match.start() and m.positions]
        flat = [(p,) for lv in levels for p in lv]
        for offset, index in enumerate(group):
            if len(kinds) == len(group):
                result[index] = (kinds[offset], levels[0] if len(levels) == 1 else None)
            elif len(kinds) == 1 and len(flat) == len(group):
                result[index] = (kinds[0], flat[offset])
            else:
                result[index] = (None, None)
    return result


def _listed_figures(scan: Scan, figures: list[Figure], after: int, end: int) -> list[int]:
    group: list[int] = []
    position = after
    first = bisect.bisect_left(figures, after, key=lambda fig: fig.start)
    for index in range(first, len(figures)):
        fig = figures[index]
        if fig.start >= end:
            break
        gap = scan.masked[position : fig.start]
        limit = 6 if not group else 4
        if len(gap) > limit or (group and not _LIST_GAP.match(gap)):
            break
        group.append(index)
        position = fig.end
    return group


def distinct_kinds(hits: list[Hit], fig: Figure) -> list[str]:
    kinds: list[str] = []
    for hit in hits:
        if accepts(hit.kind, fig) and hit.kind not in kinds:
            kinds.append(hit.kind)
    return kinds


# --------------------------------------------------------------------------
# Building promises

TOTAL = re.compile(rf"合计|总计|累计|共计|总共|总课时|总学时|总时长|共(?={_NUM})")


@dataclass
class Found:
    """A classified figure before it becomes one promise per level."""

    fig: Figure
    kind: str
    start: int  # quote span, folded text
    end: int
    levels: tuple[int, ...] | None = None
    total: bool = False
    universal: bool = False
    case: str | None = None


def build_promises(scan: Scan, found: Found) -> list[Promise]:
    """One promise per level the figure is given (or one without a level)."""
    value = found.fig.value(KINDS[found.kind].value)
    if value is None:
        return []
    start, end = scan.original_span(found.start, found.end)
    base = Promise(
        kind=found.kind,
        level=None,
        value=value,
        quote=scan.original[start:end],
        start=start,
        end=end,
        total=found.total,
        named=found.fig.named,
        repaired=_repaired(scan, found.fig),
        universal=found.universal,
        case=found.case,
    )
    if not KINDS[found.kind].levelled or not found.levels:
        return [base]
    return [replace(base, level=str(position)) for position in found.levels]


# "所有来电均在半小时内回复": a figure said of every case caps every other figure of its kind.
_UNIVERSAL = re.compile(r"所有|全部|一切|任何|凡是?|无论|不论")
# The case a figure is promised for when it is named in words, not by a level number.
_CASE = re.compile(
    r"(?:复杂|疑难|较难|重大|特大|严重|紧急|重要|一般|简单|常规|普通|轻微|日常)"
    r"(?:性)?(?:技术)?(?:问题|故障|事件|情况|咨询|报修|需求)"
)
_NOT_CASE = re.compile(r"一般情况|一般来说|一般而言")


def qualifiers(scan: Scan, fig: Figure, levels: tuple[int, ...] | None) -> tuple[bool, str | None]:
    """Whether a figure is said of every case, and the case it names in words (if any)."""
    clause_start, _end = scan.bounds(fig.start, "clause")
    _seg_start, seg_end = scan.bounds(fig.start, "segment")
    before = scan.masked[clause_start : fig.start]
    universal = levels is None and bool(_UNIVERSAL.search(before))
    cases = [m for m in _CASE.finditer(before) if not _NOT_CASE.match(before, m.start())]
    if not cases:
        after = scan.masked[fig.end : seg_end]
        cases = [m for m in _CASE.finditer(after) if not _NOT_CASE.match(after, m.start())][:1]
    return universal, cases[-1].group(0) if cases else None


def _repaired(scan: Scan, fig: Figure) -> str | None:
    repair = scan.repair_in(fig.start, fig.end)
    return repair.original if repair else None


def has_total(kind: str, text: str) -> bool:
    """Whether a figure of a kind summed over parts is stated as the total (共/合计)."""
    return KINDS[kind].parts is not None and bool(TOTAL.search(text))


def _scan_figures(scan: Scan, finder: LevelFinder) -> list[Found]:
    figures = find_figures(scan.masked)
    mentions = finder.mentions(scan.masked)
    listed = _respectively(scan, figures, mentions)
    found: list[Found] = []
    for index, fig in enumerate(figures):
        seg = scan.bounds(fig.start, "segment")
        lo = max(seg[0], figures[index - 1].end if index else 0)
        hi = min(seg[1], figures[index + 1].start if index + 1 < len(figures) else seg[1])
        if not_a_promise(scan, fig, seg):
            continue
        if index in listed:
            kind, levels = listed[index]
            if kind is not None:
                found.append(Found(fig, kind, fig.start, fig.end, levels))
            continue
        claim = classify(scan, fig, lo, hi) or label_claim(scan, fig)
        if claim is None or part_warranty(scan, claim, fig):
            continue
        levels = level_for(mentions, scan, fig, seg[1])
        total = has_total(claim.kind, scan.masked[lo : fig.start])
        item = Found(fig, claim.kind, claim.start, claim.end, levels, total)
        item.universal, item.case = qualifiers(scan, fig, levels)
        found.append(item)
    return found


def extract_promises(text: str, level_names: Sequence[str] = ()) -> list[Promise]:
    """Every promise in a text, in reading order.

    ``level_names`` are the profile's fault-level names in order; a name near
    a fault time gives its position as the level.
    """
    scan = scan_of(text)
    finder = level_finder(tuple(level_names))
    promises: list[Promise] = []
    for found in _scan_figures(scan, finder):
        promises.extend(build_promises(scan, found))
    return promises
