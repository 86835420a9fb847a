"""The labels Word draws in front of numbered paragraphs (一、 （二） 3. ①).

A heading numbered by a Word list has no label in its text: Word computes
it from the numbering part. A paragraph's list comes from its own
``w:numPr`` or its style's (through ``w:basedOn``); the list instance
(``w:num``) points at a definition (``w:abstractNum``) whose level gives the
number format and the label pattern ("%1、", "（%2）", "%1.%2"). Counters run
per definition, as Word runs them: two instances of one definition continue
each other unless an instance overrides the start of a level, and a level
restarts whenever a higher level is used (unless ``w:lvlRestart`` says
otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_CN_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


@dataclass(frozen=True)
class LevelFormat:
    """One ``w:lvl``: how the numbers of a level are written."""

    num_fmt: str = "decimal"
    text: str = ""
    start: int = 1
    restart: int | None = None  # w:lvlRestart: 0 never, N after levels < N; None: any higher
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: every number in the label as a decimal


@dataclass
class _Instance:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride per level
    levels: dict[int, LevelFormat] = field(default_factory=dict)  # a w:lvl in a w:lvlOverride
    used: bool = False


class Numbering:
    """The numbering part of one document, counting as Word counts."""

    def __init__(self, numbering: Any | None, styles: Any) -> None:
        self.abstracts: dict[str, dict[int, LevelFormat]] = {}
        self.style_links: dict[str, str] = {}  # abstract id -> the style its w:numStyleLink names
        self.level_styles: dict[tuple[str, str], int] = {}  # (abstract, pStyle) -> ilvl
        self.instances: dict[str, _Instance] = {}
        if numbering is not None:
            self._read_definitions(numbering)
        self.style_num = _style_numbering(styles)
        self.counters: dict[str, list[int | None]] = {}

    def _read_definitions(self, numbering: Any) -> None:
        for abstract in numbering.iterchildren(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"), "")
            levels: dict[int, LevelFormat] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                levels[ilvl] = _level_format(lvl)
                style = _val(lvl.find(qn("w:pStyle")))
                if style:
                    self.level_styles[(abstract_id, style)] = ilvl
            self.abstracts[abstract_id] = levels
            link = _val(abstract.find(qn("w:numStyleLink")))
            if link:
                self.style_links[abstract_id] = link
        for num in numbering.iterchildren(qn("w:num")):
            instance = _Instance(_val(num.find(qn("w:abstractNumId"))) or "")
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override.find(qn("w:startOverride")))
                if start is not None:
                    instance.starts[ilvl] = _int(start, 1)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    instance.levels[ilvl] = _level_format(lvl)
            self.instances[num.get(qn("w:numId"), "")] = instance

    def label(self, paragraph: Any, style_id: str | None) -> str:
        """The label Word draws before ``paragraph`` ("" when it is not numbered).

        Call it for every paragraph in reading order: each numbered one
        advances its list's counters.
        """
        found = self._numbering_of(paragraph, style_id)
        if found is None:
            return ""
        instance, ilvl = found
        abstract = self._definition(instance.abstract)
        levels = self.abstracts.get(abstract, {})
        fmt = instance.levels.get(ilvl) or levels.get(ilvl)
        if fmt is None:
            return ""
        counters = self.counters.setdefault(abstract, [None] * LEVELS)
        if not instance.used:
            instance.used = True
            for level, start in instance.starts.items():
                if 0 <= level < LEVELS:
                    counters[level] = start - 1
        current = counters[ilvl]
        counters[ilvl] = fmt.start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels.get(deeper, LevelFormat()).restart
            if restart is None or (restart and ilvl < restart):
                counters[deeper] = None
        return self._render(fmt, levels, instance, counters)

    def _render(
        self,
        fmt: LevelFormat,
        levels: dict[int, LevelFormat],
        instance: _Instance,
        counters: list[int | None],
    ) -> str:
        if fmt.num_fmt == "none":
            return ""
        if fmt.num_fmt == "bullet":
            return fmt.text

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            own = instance.levels.get(level) or levels.get(level, LevelFormat())
            value = counters[level]
            value = own.start if value is None else value
            return format_number(value, "decimal" if fmt.legal else own.num_fmt)

        return _PLACEHOLDER.sub(number, fmt.text)

    def suffix(self, paragraph: Any, style_id: str | None) -> str:
        """What Word puts between the label and the text: tab, space or nothing."""
        found = self._numbering_of(paragraph, style_id)
        if found is None:
            return "nothing"
        instance, ilvl = found
        levels = self.abstracts.get(self._definition(instance.abstract), {})
        fmt = instance.levels.get(ilvl) or levels.get(ilvl)
        return fmt.suffix if fmt else "nothing"

    def _numbering_of(self, paragraph: Any, style_id: str | None) -> tuple[_Instance, int] | None:
        own = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id, ilvl = _num_pr(own)
        inherited = self.style_num.get(style_id or "", (None, None))
        num_id = num_id if num_id is not None else inherited[0]
        if num_id is None or num_id == "0" or num_id not in self.instances:
            return None  # numId 0 switches a style's numbering off
        instance = self.instances[num_id]
        if ilvl is None:
            ilvl = inherited[1]
        if ilvl is None:
            abstract = self._definition(instance.abstract)
            ilvl = self.level_styles.get((abstract, style_id or ""), 0)
        return instance, ilvl

    def _definition(self, abstract: str) -> str:
        """The definition that numbers an abstract list linked to a numbering style."""
        link = self.style_links.get(abstract)
        if link is None:
            return abstract
        num_id = self.style_num.get(link, (None, None))[0]
        instance = self.instances.get(num_id or "")
        if instance is None or instance.abstract == abstract:
            return abstract
        return instance.abstract


def _style_numbering(styles: Any) -> dict[str, tuple[str | None, int | None]]:
    """Style id -> (numId, ilvl) it sets or inherits through ``w:basedOn``."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based: dict[str, str] = {}
    for style in styles.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId")) or ""
        own[style_id] = _num_pr(style.find(f"{qn('w:pPr')}/{qn('w:numPr')}"))
        parent = _val(style.find(qn("w:basedOn")))
        if parent:
            based[style_id] = parent
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for style_id in own:
        num_id, ilvl = own[style_id]
        seen = {style_id}
        parent = based.get(style_id)
        while parent and parent not in seen and (num_id is None or ilvl is None):
            seen.add(parent)
            up_num, up_lvl = own.get(parent, (None, None))
            num_id = num_id if num_id is not None else up_num
            ilvl = ilvl if ilvl is not None else up_lvl
            parent = based.get(parent)
        resolved[style_id] = (num_id, ilvl)
    return resolved


def _num_pr(num_pr: Any) -> tuple[str | None, int | None]:
    if num_pr is None:
        return None, None
    ilvl = _val(num_pr.find(qn("w:ilvl")))
    return _val(num_pr.find(qn("w:numId"))), None if ilvl is None else _int(ilvl, 0)


def _level_format(lvl: Any) -> LevelFormat:
    restart = _val(lvl.find(qn("w:lvlRestart")))
    legal = lvl.find(qn("w:isLgl"))
    return LevelFormat(
        num_fmt=_val(lvl.find(qn("w:numFmt"))) or "decimal",
        text=_val(lvl.find(qn("w:lvlText"))) or "",
        start=_int(_val(lvl.find(qn("w:start"))), 1),
        restart=None if restart is None else _int(restart, 0),
        suffix=_val(lvl.find(qn("w:suff"))) or "tab",
        legal=legal is not None and _val(legal) not in {"0", "false", "off"},
    )


def _val(element: Any) -> str | None:
    if element is None:
        return None
    value: str | None = element.get(qn("w:val"))
    return value


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def format_number(value: int, num_fmt: str) -> str:
    """A counter written in a Word number format (decimal when the format is unknown)."""
    writer = _FORMATS.get(num_fmt)
    return writer(value) if writer and value > 0 else str(value)


def chinese_counting(value: int) -> str:
    """一 … 十 十一 … 九十九 一百 …: how Word writes ``chineseCounting``."""
    if value >= 10000:
        return str(value)
    parts: list[str] = []
    zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, value = divmod(value, unit_value)
        if digit:
            if zero and parts:
                parts.append("零")
            skip_one = unit == "十" and digit == 1 and not parts
            parts.append(("" if skip_one else _CN_DIGITS[digit]) + unit)
            zero = False
        else:
            zero = True
    return "".join(parts)


def _legal(value: int) -> str:
    text = chinese_counting(value)
    table = str.maketrans(_CN_DIGITS + "十百千", _LEGAL_DIGITS + "拾佰仟")
    if text.startswith("十"):
        text = "一" + text
    return text.translate(table)


def _roman(value: int) -> str:
    parts = []
    for number, letters in _ROMAN:
        count, value = divmod(value, number)
        parts.append(letters * count)
    return "".join(parts)


def _letter(value: int) -> str:
    # Word repeats the letter past Z: AA, BB …
    return chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _enclosed(first: int, last: int) -> Any:
    return lambda value: chr(first + value - 1) if value <= last else str(value)


def _cycle(symbols: str) -> Any:
    return lambda value: symbols[(value - 1) % len(symbols)]


_FORMATS: dict[str, Any] = {
    "decimal": str,
    "decimalZero": lambda value: f"{value:02d}",
    "decimalFullWidth": lambda value: "".join(chr(0xFF10 + int(d)) for d in str(value)),
    "decimalFullWidth2": lambda value: "".join(chr(0xFF10 + int(d)) for d in str(value)),
    "decimalHalfWidth": str,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting,
    "japaneseCounting": chinese_counting,
    "ideographLegalTraditional": _legal,
    "chineseLegalSimplified": _legal,
    "ideographTraditional": _cycle(_STEMS),
    "ideographZodiac": _cycle(_BRANCHES),
    "decimalEnclosedCircle": _enclosed(0x2460, 20),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, 20),
    "ideographEnclosedCircle": _enclosed(0x3280, 10),
    "decimalEnclosedParen": _enclosed(0x2474, 20),
    "decimalEnclosedFullstop": _enclosed(0x2488, 20),
    "upperRoman": _roman,
    "lowerRoman": lambda value: _roman(value).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda value: _letter(value).lower(),
}
