"""Fault levels: numbered mentions (一级故障, Ⅱ级, B类, P3), names from the profile,
and which mention a figure belongs to."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bidgen.core.quantities import CN_DIGITS, fold_with_offsets, parse_number
from bidgen.validate.promises.figures import Figure
from bidgen.validate.promises.scan import Scan


@dataclass(frozen=True)
class LevelMention:
    start: int
    end: int
    positions: tuple[int, ...]  # empty: "其他/所有故障" — cuts the search


_LEVEL_DIGITS = CN_DIGITS[1:]  # 一 … 九: levels are written without 两
_N = rf"(?<![{_LEVEL_DIGITS}十A-Za-z\d])(?:[{_LEVEL_DIGITS}]|[1-9]|IV|V|I{{1,3}})"
_SUFFIX = r"(?:故障|事件|问题|告警|工单|服务请求|请求)"
_BARE_END = re.compile(r"$|[:(（）)，,。；;、|!?\s]")
_NOT_LEVEL_BEFORE = re.compile(r"(?:等保|保护|资质|甲)$")
_NOT_LEVEL_AFTER = re.compile(
    r"等保|等级保护|医院|甲等|乙等|资质|认证|响应|应急|预案|建造师|证书|职称"
)
_LEVEL_PATTERNS = (
    (
        "breaker",
        re.compile(
            r"(?:其他|其它|其余|各级|各类|各种|所有|全部|任何|一切)(?:级别|等级|类别|类型)?的?"
            r"(?:故障|事件|问题|报修|服务请求)"
        ),
    ),
    ("range", re.compile(rf"(?P<a>{_N})级?(?:至|到|~|-|—)(?P<b>{_N})级(?P<suffix>{_SUFFIX})?")),
    ("up", re.compile(rf"(?P<a>{_N})级(?:及|或)?以上(?P<suffix>{_SUFFIX})?")),
    ("down", re.compile(rf"(?P<a>{_N})级(?:及|或)?以下(?P<suffix>{_SUFFIX})?")),
    (
        "list",
        re.compile(
            rf"(?P<items>{_N}级?(?:(?:、|,|和|及|与|或|/){_N}级?)+)(?<!级)级(?P<suffix>{_SUFFIX})?"
        ),
    ),
    ("single", re.compile(rf"(?P<a>{_N})(?:级别?|类)(?P<suffix>{_SUFFIX})?")),
    ("letter", re.compile(r"(?<![A-Za-z])(?P<a>[A-D])类(?P<suffix>" + _SUFFIX + r")?")),
    ("priority", re.compile(r"(?<![A-Za-z])P(?P<a>[1-4])(?P<suffix>级|" + _SUFFIX + r")")),
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_NAME_SUFFIX = re.compile(r"(?:故障|事件|问题|级别|级)$")
_NAME_END = re.compile(rf"$|[:(（）)，,。；;、|!?\s]|级|类|{_SUFFIX}")  # after a short name


def _numeral(text: str) -> int:
    if text in _ROMAN:
        return _ROMAN[text]
    if text in "ABCD":
        return "ABCD".index(text) + 1
    return int(parse_number(text))


class LevelFinder:
    """Fault-level mentions, numbered generically or named by the profile."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        self.count = len(names)
        forms: dict[str, tuple[int, bool]] = {}  # text -> (position, needs a bare end)
        for position, name in enumerate(names, start=1):
            folded = fold_with_offsets(name)[0]
            forms.setdefault(folded, (position, False))
            short = _NAME_SUFFIX.sub("", folded)
            if len(short) >= 2 and short != folded:
                forms.setdefault(short, (position, True))
        self.forms = forms
        ordered = sorted(forms, key=len, reverse=True)
        self.named = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def mentions(self, text: str) -> list[LevelMention]:
        found = list(self._named(text))
        taken = bytearray(len(text) + 1)  # characters a mention already holds
        for mention in found:
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
        for kind, pattern in _LEVEL_PATTERNS:
            for match in pattern.finditer(text):
                if any(taken[match.start() : match.end()]):
                    continue
                positions = self._positions(kind, match, text)
                if positions is not None:
                    found.append(LevelMention(match.start(), match.end(), positions))
                    taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        return sorted(found, key=lambda m: m.start)

    def _named(self, text: str) -> Iterable[LevelMention]:
        if self.named is None:
            return
        for match in self.named.finditer(text):
            position, needs_end = self.forms[match.group(0)]
            if needs_end and not _NAME_END.match(text, match.end()):
                continue
            yield LevelMention(match.start(), match.end(), (position,))

    def _positions(self, kind: str, match: re.Match[str], text: str) -> tuple[int, ...] | None:
        if kind == "breaker":
            return ()
        if _NOT_LEVEL_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
            return None
        suffix = match.groupdict().get("suffix")
        if not suffix and _NOT_LEVEL_AFTER.match(text, match.end()):
            return None
        if kind == "list":
            return tuple(_numeral(n) for n in re.findall(_N, match.group("items")))
        first = _numeral(match.group("a"))
        if kind == "range":
            return tuple(range(first, _numeral(match.group("b")) + 1))
        if kind == "up":
            return tuple(range(1, first + 1))
        if kind == "down":
            return tuple(range(first, self.count + 1)) if self.count >= first else ()
        if kind in {"single", "letter"} and not suffix and not _BARE_END.match(text, match.end()):
            return None
        return (first,)

    def cell_level(self, cell: str) -> tuple[int, ...] | None:
        """The level a whole table cell names ("一级故障", "Ⅰ级", "紧急"), if any."""
        folded = fold_with_offsets(cell)[0]
        mentions = [m for m in self.mentions(folded) if m.positions]
        return mentions[0].positions if mentions else None


@functools.lru_cache(maxsize=32)
def level_finder(names: tuple[str, ...]) -> LevelFinder:
    """A finder per profile, built once (its name pattern is compiled)."""
    return LevelFinder(names)


def level_for(
    mentions: list[LevelMention], scan: Scan, fig: Figure, seg_end: int
) -> tuple[int, ...] | None:
    """The nearest mention before the figure in its segment, else the first after it
    in its segment ("15分钟内响应（一级故障）"), else the nearest earlier in its sentence."""
    sentence_start, _end = scan.bounds(fig.start, "sentence")
    seg_start, _seg_end = scan.bounds(fig.start, "segment")
    # mentions are in text order: look only at those near the figure (linear on long texts)
    low = bisect.bisect_left(mentions, sentence_start, key=lambda m: m.start)
    high = bisect.bisect_right(mentions, seg_end, key=lambda m: m.start)
    near = mentions[low:high]
    before = [m for m in near if m.end <= fig.start]
    after = [m for m in near if fig.end <= m.start and m.end <= seg_end]
    if before and before[-1].start >= seg_start:
        return before[-1].positions or None
    if after:
        return after[0].positions or None
    return (before[-1].positions or None) if before else None
