"""Scanning: the folded text, what is masked in it, and its clause boundaries."""

from __future__ import annotations

import bisect
import functools
import re

from bidgen.core.quantities import (
    CN_DIGIT_CHARS,
    CN_NUMERAL_CHARS,
    NUMBER_PATTERN,
    Repair,
    fold_and_repair,
)

_NUM = NUMBER_PATTERN
_CN = CN_DIGIT_CHARS + "十"
_MASKS = re.compile(
    "|".join(
        (
            r"(?:GB|YY|WS|SJ|GA|JJF|JJG|DL|YD|JGJ|CJJ|DB|ISO|IEC|IEEE|ITU|QB)(?:/[A-Z]+)*\s?[-\d.:—]+",
            r"\d{2,4}年\d{1,2}月(?:\d{1,2}[日号])?",
            r"\d{1,2}月\d{1,2}[日号]",
            rf"[{_CN}]{{4}}年(?:[{_CN}]{{1,2}}月)?(?:[{_CN}]{{1,3}}[日号])?",
            rf"[{_CN}]{{1,2}}月[{_CN}]{{1,3}}[日号]",
            rf"(?<=月)(?:\d{{1,2}}|[{_CN}]{{1,3}})[日号]",
            r"(?<!\d)\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?(?!\d)",
            r"(?<!\d)(?:19|20)\d{2}(?:[-~至到](?:19|20)\d{2})?年度?",
            r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?",
            r"(?<!\d)\d{1,2}(?:点|时(?!内|以内|之内))(?:\d{1,2}分|半|整)?",  # "2时内": 2小时
            rf"[上下]午[{_CN}\d]{{1,3}}[点时]",
            r"(?<!\d)(?:\+?86-?)?(?:\d{3,4}-)?\d{3,4}-\d{4}(?:-\d{1,4})?(?!\d)",
            r"(?<!\d)\d{7,}(?!\d)",
            rf"第{_NUM}(?!级)",
            rf"{_NUM}%",
            rf"百分之[{_CN}百]+",
            r"(?<![A-Za-z])[Vv]\d+(?:\.\d+)*",
        )
    )
)
_TITLE = re.compile(r"《[^《》]{0,80}》")
_TITLE_DIGITS = re.compile(rf"[0-9{CN_NUMERAL_CHARS}]")
MASK = "□"

_SEGMENT_BREAKS = re.compile("[，,。；;、|！!？?\n]")
_CLAUSE_BREAKS = re.compile("[。；;！!？?\n]")
_SENTENCE_BREAKS = re.compile("[。！!？?\n]")
# How far around a figure its words are looked for: a clause of running text is
# shorter, and a bound keeps the reader linear on a megabyte without a full stop.
REACH = 160


def mask_text(folded: str) -> str:
    masks = [(match.start(), match.end()) for match in _MASKS.finditer(folded)]
    for match in _TITLE.finditer(folded):
        for digit in _TITLE_DIGITS.finditer(match.group(0)):
            at = match.start() + digit.start()
            masks.append((at, at + 1))
    if not masks:
        return folded  # most text units: nothing to mask
    chars = list(folded)
    for start, end in masks:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def _break_positions(text: str, breaks: re.Pattern[str]) -> list[int]:
    return [match.start() for match in breaks.finditer(text)]


class Scan:
    """One input text: the original, its folded form and the masked form searched."""

    def __init__(self, text: str) -> None:
        self.original = text
        folded = fold_and_repair(text)
        self.folded, self.index, self.repairs = folded.text, folded.index, folded.repairs
        self._repair_starts = [repair.start for repair in self.repairs]
        self._topics: dict[re.Pattern[str], bool] = {}
        self.masked = mask_text(self.folded)
        self._breaks = {
            "segment": _break_positions(self.folded, _SEGMENT_BREAKS),
            "clause": _break_positions(self.folded, _CLAUSE_BREAKS),
            "sentence": _break_positions(self.folded, _SENTENCE_BREAKS),
        }

    def bounds(self, position: int, scope: str) -> tuple[int, int]:
        """The [start, end) of the segment/clause/sentence holding ``position``, at most
        ``REACH`` characters either side of it."""
        breaks = self._breaks[scope]
        at = bisect.bisect_left(breaks, position)
        start = breaks[at - 1] + 1 if at > 0 else 0
        end = breaks[at] if at < len(breaks) else len(self.folded)
        return max(start, position - REACH), min(end, position + REACH)

    def repair_in(self, start: int, end: int) -> Repair | None:
        """The repair of damaged text inside [start, end) of the folded text, if any."""
        at = bisect.bisect_left(self._repair_starts, start)
        if at < len(self.repairs) and self.repairs[at].start < end:
            return self.repairs[at]
        return None

    def mentions_anywhere(self, topic: re.Pattern[str]) -> bool:
        """Whether the whole masked text mentions a topic (searched once per text)."""
        if topic not in self._topics:
            self._topics[topic] = bool(topic.search(self.masked))
        return self._topics[topic]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


@functools.lru_cache(maxsize=4)
def scan_of(text: str) -> Scan:
    """The scan of a text, shared by the readers of promises, weak promises and service
    hours (each text unit is folded and masked once)."""
    return Scan(text)
