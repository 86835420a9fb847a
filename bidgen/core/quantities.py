"""Parse and format Chinese durations, frequencies and service windows.

Bid writers write the same promise many ways: "30分钟", "半小时", "2小时",
"两小时", "2h", "１小时" (full-width), "3个工作日", "一周". This module is the one
place that turns such text into numbers and back into canonical Chinese.

Durations are either calendar time (kept in minutes) or working days (kept
apart: a working day is not a fixed number of minutes).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import total_ordering

import opencc

MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = 24 * 60


class DurationError(ValueError):
    """Text that is not a duration/frequency; the message is Chinese."""


# The one definition of Chinese numerals: digits as written (index = value), the
# variants readers meet, and the units. Every pattern for "a figure" derives from it.
CN_DIGITS = "零一二三四五六七八九"
_CN_DIGITS = {digit: value for value, digit in enumerate(CN_DIGITS)} | {"〇": 0, "两": 2, "俩": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_DIGIT_CHARS = "".join(_CN_DIGITS)  # 零一二…九〇两俩: what a digit may be written as
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(_CN_UNITS)
_CN_NUMERAL = f"[{CN_NUMERAL_CHARS}]+"
ARABIC_NUMBER = r"\d+(?:\.\d+)?"
NUMBER_PATTERN = rf"(?:{ARABIC_NUMBER}|{_CN_NUMERAL})"  # a figure: 2, 1.5, 两, 二十四


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) and folded spaces."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def parse_chinese_int(text: str) -> int:
    """ "十二" -> 12, "两" -> 2, "二十四" -> 24, "一百二十" -> 120, "12" -> 12."""
    text = normalize_text(text)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        raise DurationError(f"无法识别的数字“{text}”")
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            continue
        unit = _CN_UNITS[ch]
        total += (1 if digit is None else digit) * unit
        digit = None
    return total + (digit or 0)


# No promise, period or count in a bid comes near this; beyond it a figure is a typo or an
# attack (1 followed by 400 zeros overflows to inf and breaks every later computation).
MAX_NUMBER = 1_000_000


def parse_number(text: str) -> float:
    """Arabic (possibly decimal) or Chinese numeral, at most ``MAX_NUMBER``."""
    text = normalize_text(text)
    value = float(text) if re.fullmatch(ARABIC_NUMBER, text) else float(parse_chinese_int(text))
    if not value <= MAX_NUMBER:  # also refuses inf and nan
        shown = text if len(text) <= 12 else f"{text[:12]}…"
        raise DurationError(f"数值“{shown}”过大（不超过 {MAX_NUMBER}）")
    return value


@total_ordering
@dataclass(frozen=True)
class Duration:
    """A promised period: calendar minutes or working days (exactly one is set)."""

    minutes: int | None = None
    working_days: float | None = None  # whole days, or a half ("半个工作日")
    # The calendar unit the writer used ("day", "week", "month"), so that "6个月"
    # prints as 6个月 and not as 180天; it takes no part in comparisons.
    unit: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (self.minutes is None) == (self.working_days is None):
            raise ValueError("exactly one of minutes / working_days must be set")

    def __str__(self) -> str:
        return format_duration(self)

    @property
    def is_working_days(self) -> bool:
        return self.working_days is not None

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        if not self.comparable(other):
            raise TypeError("calendar time and working days cannot be ordered")
        return self._value < other._value

    @property
    def _value(self) -> float:
        return self.minutes if self.minutes is not None else self.working_days or 0

    def comparable(self, other: Duration) -> bool:
        """Whether the two can be ordered (same unit family)."""
        return self.is_working_days == other.is_working_days

    def as_dict(self) -> dict[str, float]:
        if self.working_days is not None:
            return {"working_days": self.working_days}
        return {"minutes": int(self.minutes or 0)}


# unit text -> minutes per unit ("WD" marks working days)
_UNITS: dict[str, int | str] = {
    "分钟": 1, "分": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "m": 1,
    "小时": 60, "个小时": 60, "钟头": 60, "个钟头": 60, "h": 60, "hr": 60, "hrs": 60,
    "hour": 60, "hours": 60, "时": 60,
    "天": MINUTES_PER_DAY, "日": MINUTES_PER_DAY, "个自然日": MINUTES_PER_DAY,
    "自然日": MINUTES_PER_DAY, "d": MINUTES_PER_DAY, "day": MINUTES_PER_DAY,
    "days": MINUTES_PER_DAY,
    "周": 7 * MINUTES_PER_DAY, "个星期": 7 * MINUTES_PER_DAY, "星期": 7 * MINUTES_PER_DAY,
    "个月": 30 * MINUTES_PER_DAY, "月": 30 * MINUTES_PER_DAY,
    "工作日": "WD", "个工作日": "WD",
}  # fmt: skip
_UNIT_PATTERN = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_SUFFIX = r"(?:以内|之内|内)?"

_DURATION_RE = re.compile(
    rf"(?P<num>{NUMBER_PATTERN})?(?P<unit>{_UNIT_PATTERN})(?P<half>半)?{_SUFFIX}",
    re.IGNORECASE,
)
_HALF_RE = re.compile(
    rf"(?P<num>{NUMBER_PATTERN})?个?半(?P<unit>个小时|小时|钟头|天|个工作日)" + _SUFFIX
)

HINT = "示例：30分钟、半小时、2小时、24小时、3个工作日"


_UNIT_NAMES = {MINUTES_PER_DAY: "day", 7 * MINUTES_PER_DAY: "week", 30 * MINUTES_PER_DAY: "month"}


def _build(value: float, per_unit: int | str, original: str, half: bool = False) -> Duration:
    if per_unit == "WD":
        # "半个工作日" is a promise; "1.5个工作日" is not how a working day is counted
        if value != int(value) and not (half and value * 2 == int(value * 2)):
            raise DurationError(f"工作日须为整数：“{original}”")
        return Duration(working_days=int(value) if value == int(value) else value)
    minutes = value * int(per_unit)
    if minutes != int(minutes):
        raise DurationError(f"时限须精确到分钟：“{original}”")
    return Duration(minutes=int(minutes), unit=_UNIT_NAMES.get(int(per_unit)))


def parse_duration(text: str) -> Duration:
    """Parse one duration such as "半小时", "２小时", "3个工作日", "2h以内"."""
    original = str(text)
    norm = normalize_text(original)
    half = _HALF_RE.fullmatch(norm)
    if half:
        whole = parse_number(half.group("num")) if half.group("num") else 0
        return _build(whole + 0.5, _UNITS[half.group("unit")], original, half=True)
    if re.fullmatch(NUMBER_PATTERN, norm):
        raise DurationError(f"时限“{original}”缺少单位（{HINT}）")
    match = _DURATION_RE.fullmatch(norm)
    if not match or not match.group("num"):
        raise DurationError(f"无法识别的时限“{original}”（{HINT}）")
    value = parse_number(match.group("num"))
    if match.group("half"):
        value += 0.5
    if value <= 0:
        raise DurationError(f"时限必须大于零：“{original}”")
    return _build(value, _UNITS[match.group("unit").lower()], original)


_RANGE_SEP = r"(?:-|~|～|—|–|至|到)"


def parse_duration_range(text: str) -> tuple[Duration, Duration]:
    """ "1-2天" -> (1天, 2天); a single duration gives (d, d)."""
    norm = normalize_text(str(text))
    match = re.fullmatch(rf"(?P<lo>{NUMBER_PATTERN}){_RANGE_SEP}(?P<rest>.+)", norm)
    if not match:
        one = parse_duration(norm)
        return one, one
    high = parse_duration(match.group("rest"))
    unit = match.group("rest").lstrip("0123456789." + CN_NUMERAL_CHARS)
    low = parse_duration(match.group("lo") + unit)
    if low > high and low.comparable(high):
        raise DurationError(f"时限范围下限大于上限：“{text}”")
    return low, high


_WRITTEN_UNITS = {
    "month": (30 * MINUTES_PER_DAY, "个月"),
    "week": (7 * MINUTES_PER_DAY, "周"),
    "day": (MINUTES_PER_DAY, "天"),
}


def format_duration(duration: Duration) -> str:
    """Canonical Chinese: 30分钟, 1.5小时, 2小时, 48小时, 7天, 3个工作日."""
    if duration.working_days is not None:
        return f"{duration.working_days:g}个工作日"
    minutes = int(duration.minutes or 0)
    for unit, (size, name) in _WRITTEN_UNITS.items():
        if duration.unit == unit and minutes % size == 0:
            return f"{minutes // size}{name}"
    if minutes % MINUTES_PER_DAY == 0 and minutes > 72 * MINUTES_PER_HOUR:
        return f"{minutes // MINUTES_PER_DAY}天"
    if minutes % MINUTES_PER_HOUR == 0:
        return f"{minutes // MINUTES_PER_HOUR}小时"
    if minutes > MINUTES_PER_HOUR and minutes % 30 == 0:
        return f"{minutes / MINUTES_PER_HOUR:g}小时"
    return f"{minutes}分钟"


# --------------------------------------------------------------------------
# Frequencies

_PERIODS_PER_YEAR: dict[str, float] = {
    "年": 1, "年度": 1, "半年": 2, "季度": 4, "季": 4, "个季度": 4, "月": 12, "个月": 12,
    "半月": 24, "周": 52, "星期": 52, "个星期": 52, "天": 365, "日": 365, "学期": 2,
    "月度": 12, "半年度": 2,
}  # fmt: skip
_PERIOD_PATTERN = "|".join(sorted(map(re.escape, _PERIODS_PER_YEAR), key=len, reverse=True))
_FREQ_RE = re.compile(
    rf"(?:每|一)(?P<n>{NUMBER_PATTERN})?(?P<period>{_PERIOD_PATTERN})"
    rf"(?:(?P<times>{NUMBER_PATTERN})次|(?:进行|开展|巡检|一)?次?)?"
)
_FREQ_ALT_RE = re.compile(rf"(?:每|一)?(?P<period>{_PERIOD_PATTERN})(?P<times>{NUMBER_PATTERN})次")
FREQ_HINT = "示例：每季度一次、每月一次、每年4次、每半年一次"


@dataclass(frozen=True, order=True)
class Frequency:
    """How often something happens, as occurrences per year."""

    per_year: float

    def __str__(self) -> str:
        return format_frequency(self)


PERIOD_PATTERN = _PERIOD_PATTERN  # 年, 季度, 半年, 月, 周, 学期 … (longest first)


def frequency_of(period: str, every: float = 1, times: float = 1) -> Frequency:
    """ "every 2 个月, 3 times" -> Frequency; ``period`` is a key of the period table."""
    if every <= 0 or times <= 0:
        raise DurationError("频次必须大于零")
    return Frequency(per_year=round(_PERIODS_PER_YEAR[period] / every * times, 4))


def parse_frequency(text: str) -> Frequency:
    """ "每季度一次" -> 4/year; "每年4次", "每半年", "每两周一次", "每学期1次"."""
    original = str(text)
    norm = normalize_text(original)
    match = _FREQ_RE.fullmatch(norm) or _FREQ_ALT_RE.fullmatch(norm)
    if not match:
        raise DurationError(f"无法识别的频次“{original}”（{FREQ_HINT}）")
    groups = match.groupdict()
    every = parse_number(groups["n"]) if groups.get("n") else 1
    times = parse_number(groups["times"]) if groups.get("times") else 1
    try:
        return frequency_of(groups["period"], every, times)
    except DurationError:
        raise DurationError(f"频次必须大于零：“{original}”") from None


_FREQ_NAMES = {1: "每年一次", 2: "每半年一次", 4: "每季度一次", 6: "每两个月一次",
               12: "每月一次", 24: "每半月一次", 26: "每两周一次", 52: "每周一次",
               365: "每天一次"}  # fmt: skip


def format_frequency(freq: Frequency) -> str:
    if freq.per_year in _FREQ_NAMES:
        return _FREQ_NAMES[int(freq.per_year)]
    return f"每年{freq.per_year:g}次"


# --------------------------------------------------------------------------
# Service windows ("7×24小时" is availability, not a deadline)

_WINDOW_RE = re.compile(r"(?P<days>[1-7])[×xX*](?P<hours>\d{1,2})(?:小时|h)?(?:服务)?", re.I)


@dataclass(frozen=True)
class ServiceWindow:
    days_per_week: int
    hours_per_day: int

    def __str__(self) -> str:
        return f"{self.days_per_week}×{self.hours_per_day}小时"

    @property
    def round_the_clock(self) -> bool:
        return self.days_per_week == 7 and self.hours_per_day == 24


def parse_service_window(text: str) -> ServiceWindow:
    """ "7×24小时", "7*24", "5×8" -> ServiceWindow."""
    norm = normalize_text(str(text))
    if norm in {"全天候", "全年无休", "7×24"}:
        return ServiceWindow(7, 24)
    match = _WINDOW_RE.fullmatch(norm)
    if not match or not 1 <= int(match.group("hours")) <= 24:
        raise DurationError(f"无法识别的服务时间“{text}”（示例：7×24小时、5×8小时）")
    return ServiceWindow(int(match.group("days")), int(match.group("hours")))


def parse_percent(text: str | float | int) -> float:
    """ "15%", "15％", "百分之十五", 15 -> 15.0 (a percentage, not a fraction)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    norm = normalize_text(str(text))
    match = re.fullmatch(rf"(?:(?P<num>{ARABIC_NUMBER})%|百分之(?P<cn>{_CN_NUMERAL}))", norm)
    if not match:
        raise DurationError(f"无法识别的百分比“{text}”（示例：15%）")
    return float(match.group("num") or parse_chinese_int(match.group("cn")))


def spare_count(quantity: int, ratio: float) -> int:
    """Whole spare units for a stock ratio (percent): rounded up, at least one."""
    return max(1, math.ceil(quantity * ratio / 100 - 1e-9))


def format_percent(value: float) -> str:
    return f"{value:g}%"


# --------------------------------------------------------------------------
# Offset-keeping normalisation, for finding promises in running text

# Enclosed list markers (①, ⑴, ⒈, ❶, ㈠, ㊀): NFKC would turn "①4小时" into "14小时",
# so they become a clause boundary instead.
_ENCLOSED = re.compile("[\u2460-\u24ff\u2776-\u2793\u3220-\u3243\u3280-\u32b0]")
# Look-alikes NFKC leaves alone, and the traditional forms OpenCC does not map one
# character to one character (the rest is OpenCC's, see ``_simplified``).
_LOOKALIKES = str.maketrans(
    "〜‐‑‒―○✕╳✖∶時鐘個兩週內達場現響應復決質級訪檢練訓調處務間備設報後換測査關聯絡",
    "~---—〇×××:时钟个两周内达场现响应复决质级访检练训调处务间备设报后换测查关联络",
)
BOUNDARY_MARK = "|"


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def _simplified(char: str) -> str:
    """A traditional character in simplified script (小時 → 小时, 維修 → 维修), one for one.

    Converted character by character so that every folded character keeps its
    original's index; a conversion that is not one character is not taken.
    """
    if ord(char) < 0x3400:
        return char
    out = _converter().convert(char)
    return out if len(out) == 1 else char


def _simplify(text: str) -> str:
    """The text in simplified script, one character for one (答覆 → 答复, 諮詢 → 咨询).

    OpenCC converts a line at a time, phrases included; a line whose conversion
    changes its length is converted character by character, so that offsets hold.
    """
    if text.isascii():
        return text
    lines = text.split("\n")
    out = []
    for line in lines:
        converted = _converter().convert(line) if not line.isascii() else line
        if len(converted) != len(line):
            converted = "".join(_simplified(char) for char in line)
        out.append(converted)
    return "\n".join(out)


def _fold_char(char: str) -> str:
    if _ENCLOSED.match(char):
        return BOUNDARY_MARK
    if char == "\t":
        return BOUNDARY_MARK
    return unicodedata.normalize("NFKC", char).translate(_LOOKALIKES)


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


# Each character's folding, computed once per process: NFKC and the regex per
# character were most of the promise reader's time on a long proposal.
_FOLDED: dict[str, str] = {}
_INNER_SPACE = re.compile(r"[^\S\n]")  # whitespace but a line break (str.isspace's set)
# Characters known to fold to one other character (their str.translate table), and
# characters known to fold to themselves; a text made only of these folds in C.
_ONE_FOR_ONE: dict[int, str] = {}
_UNCHANGED: set[str] = set()


def _learn(chars: set[str]) -> bool:
    """Sort the characters not seen before into the tables of the fast path; False when
    one of them folds to several characters or is whitespace (the slow path's work)."""
    simple = True
    for char in chars - _UNCHANGED:
        if ord(char) in _ONE_FOR_ONE:
            continue
        out = _FOLDED.get(char)
        if out is None:
            out = _FOLDED[char] = _fold_char(char)
        if len(out) != 1 or (out.isspace() and out != "\n"):
            simple = False
        elif out == char:
            _UNCHANGED.add(char)
        else:
            _ONE_FOR_ONE[ord(char)] = out
    return simple


def _fold_indexed(text: str) -> tuple[str, list[int] | range]:
    """The folded text and, for each of its characters, the index it came from.

    Most text folds one character for one with nothing to drop: then the whole
    text goes through ``str.translate`` and the index is the identity.
    """
    simple = _simplify(text)
    if _learn(set(simple)):
        return simple.translate(_ONE_FOR_ONE), range(len(simple))
    pieces = _fold_pieces(simple)
    return "".join(char for char, _index in pieces), [index for _char, index in pieces]


def _fold_pieces(simple: str) -> list[tuple[str, int]]:
    folded = _FOLDED
    pieces: list[tuple[str, int]] = []
    append = pieces.append
    for index, char in enumerate(simple):
        out = folded.get(char)
        if out is None:
            out = folded[char] = _fold_char(char)
        if len(out) == 1:
            append((out, index))
        else:
            pieces.extend((piece, index) for piece in out)
    if not _INNER_SPACE.search("".join(char for char, _index in pieces)):
        return pieces  # nothing to drop or keep
    following = [""] * (len(pieces) + 1)  # the next non-space character after each piece
    for number in range(len(pieces) - 1, -1, -1):
        char = pieces[number][0]
        following[number] = following[number + 1] if char.isspace() else char
    kept: list[tuple[str, int]] = []
    for number, (char, index) in enumerate(pieces):
        if char.isspace() and char != "\n":
            keep = kept and kept[-1][0] != " " and _ascii_alnum(kept[-1][0])
            if not (keep and _ascii_alnum(following[number + 1])):
                continue
            char = " "
        kept.append((char, index))
    return kept


def fold_with_offsets(text: str) -> tuple[str, tuple[int, ...]]:
    """NFKC, simplified-script text for searching, and for each of its characters the
    index it came from.

    Full-width digits and letters become ASCII ("２小时" -> "2小时"), traditional
    characters simplified ones ("響應時間" -> "响应时间", OpenCC), ideographic
    punctuation that NFKC folds becomes ASCII ("，" -> ","), list markers and tabs
    become ``|`` (a clause boundary), line breaks stay, other whitespace is
    dropped ("30 分钟" -> "30分钟") except one space between ASCII letters or
    digits ("1 2" stays two numbers). ``text[index[i]]`` is the original of
    character ``i``, so a span found in the folded text maps back exactly.
    """
    folded, index = _fold_indexed(text)
    return folded, tuple(index)


# Damage that conversions leave inside phrases, repaired explicitly (each one tested):
# a figure's digits doubled ("1515 分钟", "7272 小时", "4 4小时"), pinyin glosses
# after characters ("响应(yīng)"), page footers ("第 3 页 共 20 页") and spun
# synonyms (效劳 for 服务).
_REPAIR_UNIT = r"(?=个?(?:分钟|小时|钟头|工作日|自然日|天|日|周|个月|月|年|课时|学时|次|h|min))"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńň"
_REPAIRS = re.compile(
    rf"(?<![\d.])(?P<twice>(?P<half>\d{{2,}})(?P=half)){_REPAIR_UNIT}"
    rf"|(?<![\d.])(?P<spaced>(?P<one>\d+) (?P=one)){_REPAIR_UNIT}"
    rf"|(?<=[\u4e00-\u9fff])(?P<gloss>\((?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\))"
    r"|(?P<footer>\n?-*第\d{1,4}页(?:[/,]?共\d{1,4}页)?-*\n?)"
)
_SYNONYMS = {"效劳": "服务"}  # same length: offsets stay one for one
_SYNONYM_RE = re.compile("|".join(_SYNONYMS))


@dataclass(frozen=True)
class Repair:
    """A span of the folded text that was repaired: where, and what the original said."""

    start: int
    end: int
    original: str
    what: str  # Chinese: "数字重复", "拼音注音", "页脚"


@dataclass(frozen=True)
class Folded:
    text: str
    index: tuple[int, ...]
    repairs: tuple[Repair, ...]


def fold_and_repair(text: str) -> Folded:
    """``fold_with_offsets`` plus the explicit repairs of damaged text (see ``_REPAIRS``).

    A doubled figure keeps its first half ("1515分钟" reads 15分钟); a gloss or footer is
    dropped. Every repair of a figure is listed (with the original text) so that a
    finding can say the value was repaired.
    """
    folded, index = _fold_indexed(text)
    if _SYNONYM_RE.search(folded):  # the same length: the index holds
        folded = _SYNONYM_RE.sub(lambda m: _SYNONYMS[m.group(0)], folded)
    if not _REPAIRS.search(folded):
        return Folded(folded, tuple(index), ())
    kept_text: list[str] = []
    kept_index: list[int] = []
    repairs: list[Repair] = []
    position = 0
    for match in _REPAIRS.finditer(folded):
        kept_text.append(folded[position : match.start()])
        kept_index.extend(index[position : match.start()])
        position = match.end()
        figure = match.group("half") or match.group("one")
        if figure is None:
            continue  # a gloss or footer: dropped
        start = len(kept_index)
        kept_text.append(figure)
        kept_index.extend(index[match.start() : match.start() + len(figure)])
        first, last = index[match.start()], index[match.end() - 1]
        repairs.append(Repair(start, len(kept_index), text[first : last + 1], "数字重复"))
    kept_text.append(folded[position:])
    kept_index.extend(index[position:])
    return Folded("".join(kept_text), tuple(kept_index), tuple(repairs))


# --------------------------------------------------------------------------
# Years and course hours, and the union of every promised value


@dataclass(frozen=True, order=True)
class Years:
    """A period counted in years (warranty, support after it); "36个月" is 3 years."""

    years: float

    def __str__(self) -> str:
        return f"{self.years:g}年"


@dataclass(frozen=True, order=True)
class CourseHours:
    """Training time in course hours (课时/学时), not clock time."""

    hours: float

    def __str__(self) -> str:
        return f"{self.hours:g}课时"


def parse_years(text: str) -> Years:
    """ "3年", "三年", "36个月" -> Years."""
    norm = normalize_text(text)
    match = re.fullmatch(rf"(?P<n>{NUMBER_PATTERN})(?P<unit>年|个月)", norm)
    if not match:
        raise DurationError(f"无法识别的年限“{text}”（示例：3年、36个月）")
    value = parse_number(match.group("n"))
    return Years(value if match.group("unit") == "年" else value / 12)


def parse_course_hours(text: str) -> CourseHours:
    """ "16课时", "16学时", "16小时" -> CourseHours."""
    norm = normalize_text(text)
    match = re.fullmatch(rf"(?P<n>{NUMBER_PATTERN})(?:课时|学时|小时)", norm)
    if not match:
        raise DurationError(f"无法识别的课时“{text}”（示例：16课时）")
    return CourseHours(parse_number(match.group("n")))


@dataclass(frozen=True, order=True)
class Percentage:
    """A rate in percent (availability 99.9%, 开机率 95%, spare stock 10%)."""

    percent: float

    def __str__(self) -> str:
        return format_percent(self.percent)


@dataclass(frozen=True, order=True)
class Count:
    """A number of people, sessions or sites; ``unit`` is how it is counted (人, 次, 期)."""

    count: float
    unit: str = ""

    def __str__(self) -> str:
        return f"{self.count:g}{self.unit}"


def parse_percentage(text: str) -> Percentage:
    """ "99.9%", "百分之九十五" -> Percentage (0 < p <= 100)."""
    value = parse_percent(text)
    if not 0 < value <= 100:
        raise DurationError(f"百分比应在 0 到 100 之间：“{text}”")
    return Percentage(value)


# Measure words a count is written with; 名 counts people like 人 and is shown as 人.
_COUNT_UNITS = {"人": "人", "名": "人", "位": "人", "次": "次", "期": "期", "场": "场",
                "个": "个", "处": "处", "家": "家", "套": "套", "台": "台", "批": "批"}  # fmt: skip
_COUNT_RE = re.compile(rf"(?P<n>{NUMBER_PATTERN})(?P<unit>{'|'.join(_COUNT_UNITS)})?(?:次|人次)?")


def parse_count(text: str) -> Count:
    """ "2人", "不少于2名" (the limit's words aside), "3次", "4期" -> Count."""
    norm = normalize_text(str(text))
    match = _COUNT_RE.fullmatch(norm)
    if not match:
        raise DurationError(f"无法识别的数量“{text}”（示例：2人、3次、4期）")
    value = parse_number(match.group("n"))
    if value <= 0 or value != int(value):
        raise DurationError(f"数量须为正整数：“{text}”")
    return Count(value, _COUNT_UNITS.get(match.group("unit") or "", ""))


# A promised value; its ``str`` is how a proposal writes it (2小时, 每季度一次, 3年, 95%, 2人).
Value = Duration | Frequency | Years | CourseHours | ServiceWindow | Percentage | Count


def comparable(a: Value, b: Value) -> bool:
    """Whether two values measure the same thing (working days never meet hours)."""
    if isinstance(a, Duration) and isinstance(b, Duration):
        return a.comparable(b)
    return type(a) is type(b)


def amount(value: Value) -> float:
    """The value as one number, larger meaning longer, more often or wider."""
    if isinstance(value, Duration):
        return float(value.minutes if value.minutes is not None else value.working_days or 0)
    if isinstance(value, Frequency):
        return value.per_year
    if isinstance(value, Years):
        return value.years
    if isinstance(value, CourseHours):
        return value.hours
    if isinstance(value, Percentage):
        return value.percent
    if isinstance(value, Count):
        return value.count
    return float(value.days_per_week * value.hours_per_day)


def same(a: Value, b: Value) -> bool:
    """Equal values of the same measure (a 5×8 window is not a 4×10 one)."""
    if not comparable(a, b):
        return False
    if isinstance(a, ServiceWindow):
        return a == b
    return abs(amount(a) - amount(b)) < 1e-6


def shorter(a: Value, b: Value) -> bool:
    """Whether ``a`` is a strictly shorter duration than ``b`` (same unit family)."""
    if not (isinstance(a, Duration) and isinstance(b, Duration)):
        return False
    return a.comparable(b) and a < b


def value_fields(value: Value) -> dict[str, object]:
    """The value as flat, JSON-ready fields: the one that applies is set, the rest None."""
    fields: dict[str, object] = dict.fromkeys(
        ("minutes", "working_days", "per_year", "years", "hours", "window", "percent", "count")
    )
    if isinstance(value, Duration):
        fields.update(minutes=value.minutes, working_days=value.working_days)
    elif isinstance(value, Frequency):
        fields["per_year"] = value.per_year
    elif isinstance(value, Years):
        fields["years"] = value.years
    elif isinstance(value, CourseHours):
        fields["hours"] = value.hours
    elif isinstance(value, Percentage):
        fields["percent"] = value.percent
    elif isinstance(value, Count):
        fields["count"] = value.count
    else:
        fields["window"] = [value.days_per_week, value.hours_per_day]
    return fields


# --------------------------------------------------------------------------
# Time figures in a line of text, for comparing two versions of a proposal

_TIME_UNIT = (
    r"(?:个)?(?:工作日|小时|钟头|分钟|天|日|周|星期|月|年|秒|[hH](?![A-Za-z])|min(?![A-Za-z]))"
)
TIME_FIGURE = re.compile(
    r"\d+\s*[×xX*]\s*\d+\s*小时?"  # service windows: 7×24小时, 5×8
    rf"|(?:{NUMBER_PATTERN}|半)\s*{_TIME_UNIT}"
    rf"|每(?:半年|季度|季|年|月|周|星期|天|日|学期)(?:{NUMBER_PATTERN}次)?"
)
# Calendar dates contain 年/月/日 after numbers but promise nothing.
DATE_PATTERN = re.compile(
    r"\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{1,2}\s*月\s*\d{1,2}\s*日"
)


def time_figures(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each duration, frequency or service window in a line, dates aside."""
    dates = [m.span() for m in DATE_PATTERN.finditer(text)]
    found = []
    for match in TIME_FIGURE.finditer(text):
        start, end = match.span()
        if not any(start < d_end and d_start < end for d_start, d_end in dates):
            found.append((start, end, match.group().strip()))
    return found
