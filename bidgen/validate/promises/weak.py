"""Weak promises: a kind promised without a figure an evaluator could score.

"按采购人要求的时间到达现场", "在约定的时间内完成维修", "第一时间响应", "随叫随到",
"保修期执行国家三包规定" promise something, but nothing can be measured against
them; "质保期外的响应时间与质保期内的响应时间相同" promises by reference, which is
as good as the figure it refers to (resolved by the rule that reports them, over
the whole proposal). A phrase next to a figure in its clause is not weak: the
figure is the promise ("在规定时间内（2小时）到达").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bidgen.core.kinds import KINDS, label
from bidgen.validate.promises.figures import find_figures
from bidgen.validate.promises.keywords import Hit, Topics, keyword_hits
from bidgen.validate.promises.levels import LevelFinder, level_finder
from bidgen.validate.promises.scan import Scan, scan_of

_PARTY = r"(?:采购人|采购方|甲方|用户|业主|招标人|客户|使用单位|建设单位)"
_VAGUE = re.compile(
    rf"按照?{_PARTY}?(?:要求|规定|指定|约定|需要)的?时间"
    r"|(?:在|于)?(?:约定|规定|合同约定|双方约定|协商|要求|合理|最短|尽可能短)的?(?:时间|时限|期限)(?:内|之内|以内)?"
    r"|第一时间|随叫随到"
    r"|(?:执行|按照?|依照|遵照|符合)(?:国家|行业|厂家|原厂)?(?:有关|相关)?(?:的)?(?:三包|保修|质保)?(?:规定|标准|政策)"
)
# "与质保期内的响应时间相同": the figure of another statement, named by its words.
_SAME_AS = re.compile(
    r"(?:与|同|和|按|参照)(?P<what>[^,，。；;、]{2,24}?)(?:相同|一致|同等|同样|执行|标准)"
)
_REACH_AFTER = 16
_REACH_BEFORE = 20
_ARRIVAL_WORDS = re.compile(r"随叫随到")


@dataclass(frozen=True)
class WeakPromise:
    """A kind promised without a figure; ``reference`` is what it says it equals."""

    kind: str
    level: str | None
    quote: str
    start: int
    end: int
    reference: str | None = None  # "质保期内的响应时间"

    @property
    def label(self) -> str:
        return label(self.kind)


def _kind_near(scan: Scan, start: int, end: int, after_too: bool = True) -> str | None:
    """The kind word nearest a phrase in its segment: after it first, then before."""
    seg_start, seg_end = scan.bounds(start, "segment")
    clause = scan.bounds(start, "clause")
    topics = Topics(scan.masked[clause[0] : clause[1]], scan.masked[seg_start:start])
    after = scan.masked[end:seg_end] if after_too else ""
    for hit in keyword_hits(after, topics):
        if hit.start <= _REACH_AFTER and _takes_a_time(hit):
            return hit.kind
    before = scan.masked[max(seg_start, start - _REACH_BEFORE) : start]
    hits = [hit for hit in keyword_hits(before, topics) if _takes_a_time(hit)]
    return max(hits, key=lambda hit: hit.end).kind if hits else None


def _takes_a_time(hit: Hit) -> bool:
    """Kinds a vague phrase can be about: times and periods (not course hours or windows)."""
    return KINDS[hit.kind].value in {"duration", "frequency", "years"}


def _has_figure(scan: Scan, position: int) -> bool:
    start, end = scan.bounds(position, "clause")
    return bool(find_figures(scan.masked[start:end]))


def extract_weak(text: str, level_names: Sequence[str] = ()) -> list[WeakPromise]:
    """Every promise of a kind in a text that gives no figure for it."""
    scan = scan_of(text)
    finder = level_finder(tuple(level_names))
    found: list[WeakPromise] = []
    for match in _phrases(scan):
        start, end = match.span()
        if _has_figure(scan, start):
            continue
        reference = match.groupdict().get("what")
        kind = _kind_near(scan, start, end) if reference is None else _reference_kind(scan, match)
        if kind is None and _ARRIVAL_WORDS.fullmatch(match.group(0)):
            kind = "arrival"
        if kind is None:
            continue
        level = _level(finder, scan, start) if KINDS[kind].levelled else None
        first, last = scan.original_span(*_quote_span(scan, start, end))
        quote = text[first:last]
        found.append(WeakPromise(kind, level, quote, first, last, reference))
    return found


def _phrases(scan: Scan) -> list[re.Match[str]]:
    # the folded text, not the masked one: "第一时间" is no ordinal here
    matches = list(_SAME_AS.finditer(scan.folded))
    taken = [m.span() for m in matches]
    for match in _VAGUE.finditer(scan.folded):
        if not any(a < match.end() and match.start() < b for a, b in taken):
            matches.append(match)
    return sorted(matches, key=lambda m: m.start())


def _reference_kind(scan: Scan, match: re.Match[str]) -> str | None:
    """The kind a "the same as …" phrase promises: named before it, or in what it refers to."""
    what = match.group("what")
    # 质保期 in "与质保期内相同" says which period is meant, never what is promised
    hits = [hit for hit in keyword_hits(what, Topics.of(what)) if _referable(hit.kind)]
    if not hits:
        return None
    before = _kind_near(scan, match.start(), match.start(), after_too=False)
    return before if before is not None and _referable(before) else hits[0].kind


def _referable(kind: str) -> bool:
    return kind != "warranty" and KINDS[kind].value in {"duration", "frequency", "years"}


def _quote_span(scan: Scan, start: int, end: int) -> tuple[int, int]:
    """The phrase with its segment's words, so the quote says what is promised."""
    seg_start, seg_end = scan.bounds(start, "segment")
    return seg_start, max(end, seg_end)


def _level(finder: LevelFinder, scan: Scan, start: int) -> str | None:
    sentence_start, _end = scan.bounds(start, "sentence")
    mentions = finder.mentions(scan.masked[sentence_start:start])
    single = [m for m in mentions if len(m.positions) == 1]
    return str(single[-1].positions[0]) if single else None
