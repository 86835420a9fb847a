"""Classification: which kind a figure is a promise of."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bidgen.core.kinds import KINDS, ValueType
from bidgen.validate.promises.figures import Figure, accepts, accepts_here
from bidgen.validate.promises.keywords import Topics, keyword_hits
from bidgen.validate.promises.scan import Scan

MAX_AFTER = 16  # characters between a figure and a keyword after it
MAX_BEFORE = 20  # characters between a keyword before a figure and the figure
# After a keyword: the time is counted from here ("故障排除后", "质保期满后", "升级前").
_ANCHOR = re.compile(
    r"(?:期满|期届满|届满|期结束|结束|完成|完毕|到期|满|期)?(?:之?后|以后|起|之?前|以前)"
)


@dataclass(frozen=True)
class Claim:
    kind: str
    start: int  # span of figure and keyword together, in the folded text
    end: int


def classify(scan: Scan, fig: Figure, lo: int, hi: int) -> Claim | None:
    """The kind of a figure whose words lie in [lo, hi) of the folded text."""
    if fig.kind is not None:
        return Claim(fig.kind, fig.start, fig.end)
    for value_type in sorted(fig.types):
        sole = sole_kind(value_type)
        if sole is not None:
            return Claim(sole, fig.start, fig.end)
    clause = scan.bounds(fig.start, "clause")
    segment_before = scan.masked[lo : fig.start]
    topics = Topics(scan.masked[clause[0] : clause[1]], segment_before, scan.mentions_anywhere)
    after_text = scan.masked[fig.core_end : hi]
    tail = scan.masked[fig.end : fig.end + 3]
    for hit in keyword_hits(after_text, topics):
        if hit.start > MAX_AFTER:
            break
        if accepts_here(hit.kind, fig, tail):
            return Claim(hit.kind, fig.start, max(fig.end, fig.core_end + hit.end))
    hits = keyword_hits(segment_before, topics)
    for hit in sorted(hits, key=lambda h: (-h.end, h.start - h.end)):
        if len(segment_before) - hit.end > MAX_BEFORE:
            break
        if _ANCHOR.match(segment_before, hit.end):
            continue  # "故障排除后": where the time starts, not what it is for
        if accepts_here(hit.kind, fig, tail):
            return Claim(hit.kind, lo + hit.start, fig.end)
    return None


# "响应时限：一级故障≤15分钟；二级故障≤30分钟": a label before a colon names the
# kind of every bare figure after it in the sentence, until another keyword appears.
_LABEL_TAIL = re.compile(r"的?(?:时间|时限|标准|要求|频次|时长|期限)?:")


def label_claim(scan: Scan, fig: Figure) -> Claim | None:
    start, _end = scan.bounds(fig.start, "sentence")
    text = scan.masked[start : fig.start]
    hits = keyword_hits(text, Topics.of(text))
    if not hits:
        return None
    last = max(hits, key=lambda hit: hit.end)
    if _LABEL_TAIL.match(text, last.end) and accepts(last.kind, fig):
        return Claim(last.kind, fig.start, fig.end)
    return None


# A warranty on one part ("易损件质保1年") is not the warranty period of the goods.
_COMPONENT = re.compile(r"部件|配件|零件|易损件|耗材|电池|探头|球管|灯泡|硒鼓|墨盒|硬盘|显示屏")


def part_warranty(scan: Scan, claim: Claim, fig: Figure) -> bool:
    seg_start, _end = scan.bounds(fig.start, "segment")
    return claim.kind == "warranty" and bool(_COMPONENT.search(scan.masked[seg_start : fig.start]))


def sole_kind(value_type: ValueType) -> str | None:
    """The one kind of a value type that needs no words: every such figure is its promise
    (course hours are training hours, 7×24小时 is the service window)."""
    ids = [kind.id for kind in KINDS.values() if kind.value == value_type and kind.in_text]
    return ids[0] if len(ids) == 1 and not KINDS[ids[0]].words else None
