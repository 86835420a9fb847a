"""Figures: service windows, frequencies, course hours and durations in masked text,
and the figures that are not promises even next to a kind word."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bidgen.core.kinds import KINDS, ValueType
from bidgen.core.quantities import (
    CN_DIGIT_CHARS,
    NUMBER_PATTERN,
    PERIOD_PATTERN,
    CourseHours,
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    Value,
    Years,
    frequency_of,
    parse_duration,
    parse_number,
)
from bidgen.validate.promises.scan import MASK, Scan


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    core_end: int  # where the words after the figure begin (inside "每季度巡检一次")
    types: frozenset[ValueType]
    duration: Duration | None = None
    kind: str | None = None  # a figure that names its kind itself ("月报": a report's cadence)
    # A cadence that names a thing ("月报", "年度巡检") rather than promising how often
    # one thing happens: a proposal has monthly reports and a yearly summary side by side.
    named: bool = False
    years: Years | None = None
    frequency: Frequency | None = None
    course: CourseHours | None = None
    window: ServiceWindow | None = None

    def value(self, value_type: ValueType) -> Value | None:
        """The figure read as a value of the given type ("6个月": a duration or years)."""
        values: dict[ValueType, Value | None] = {
            "duration": self.duration,
            "years": self.years,
            "frequency": self.frequency,
            "course_hours": self.course,
            "window": self.window,
        }
        return values[value_type]


_NUM = NUMBER_PATTERN
_CN = CN_DIGIT_CHARS + "十"


_WINDOW_RE = re.compile(
    r"(?<![\d.])(?P<d>[5-7]|365)(?:天|日)?[×x*](?P<h>\d{1,2})(?:个?小时|h(?![a-z]))?"
    r"|(?<![\d.])(?P<d2>[5-7])天(?P<h2>\d{1,2})小时|全天候",
    re.IGNORECASE,
)
# Cadences written as a period alone: "按季度巡检", "月度巡检", "年度总结报告"; and the
# report nouns that are a cadence by themselves: 日报/周报/月报/季报/年报.
_CADENCE_WORDS = r"巡检|巡查|保养|维护|检查|回访|报告|总结|调查|测评|演练|培训|报表|走访|体检"
_CADENCE_RE = re.compile(
    r"(?<![\d年月])按(?P<by>季度|季|月|周|年度|年|半年|学期)(?:度)?(?=[^，,。；;]{0,6}?(?:"
    + _CADENCE_WORDS
    + r"))"
    r"|(?<![\d上下本每第一全当])(?P<adj>月度|季度|年度|半年度)(?=[^，,。；;]{0,6}?(?:"
    + _CADENCE_WORDS
    + r"))"
    r"|(?<![\d上下本每第当])(?P<noun>日|周|月|季|半年|年)报(?![告知警修价名备批送销关道纸表示账])"
)
_NOUN_PERIOD = {"季": "季度"}
_COURSE_RE = re.compile(rf"(?:{_NUM}(?:-|~|至|到))?(?P<num>{_NUM})个?(?:课时|学时)")
_FREQ_FILLER = r"[^\d，,。；;、|!?\n□]{0,8}?"
_FREQ_RE = re.compile(
    rf"(?<!第)(?:每隔|每)(?P<n>{_NUM})?(?P<period>{PERIOD_PATTERN})"
    rf"(?:(?P<mid>{_FREQ_FILLER})(?:至少|不少于|不低于)?(?P<times>{_NUM})次)?"
    rf"|(?<![第{_CN}])(?:一|全)(?P<period2>年|季度|个季度|个月|月|周|半年)"
    rf"(?P<mid2>{_FREQ_FILLER})(?:至少|不少于|不低于)?(?P<times2>{_NUM})次"
    rf"|(?P<times3>{_NUM})次/(?P<period3>年|季度|季|月|周|半年)"
)
_UNIT = (
    r"(?:个?工作日|个?自然日|个?小时|个?钟头|分钟|个?星期|个月|天|日|周|年|时(?=内|以内|之内)"
    r"|(?:mins?|minutes?|hours?|hrs?|h)(?![a-z]))"
)
_DURATION_RE = re.compile(
    rf"(?<![\d.])(?P<lo>{_NUM})(?:{_UNIT})?(?:-|~|—|–|至|到)(?P<num>{_NUM})(?P<unit>{_UNIT})"
    rf"|(?P<half>(?:{_NUM})?个?半个?(?:小时|钟头|天|个工作日))"
    rf"|(?<![\d.])(?P<num2>{_NUM})(?P<unit2>{_UNIT})(?P<half2>半)?",
    re.IGNORECASE,
)


def find_figures(masked: str) -> list[Figure]:
    """All figures, in text order; later passes do not see earlier figures."""
    work = masked
    figures: list[Figure] = []
    for finder in (_windows, _frequencies, _cadences, _courses, _durations):
        found = [fig for fig in finder(work) if fig is not None]
        figures.extend(found)
        chars = list(work)
        for fig in found:
            chars[fig.start : fig.end] = MASK * (fig.end - fig.start)
        work = "".join(chars)
    return sorted(figures, key=lambda fig: fig.start)


def _windows(text: str) -> Iterable[Figure | None]:
    for match in _WINDOW_RE.finditer(text):
        if match.group(0) == "全天候":
            window = ServiceWindow(7, 24)
        else:
            days = int(match.group("d") or match.group("d2"))
            hours = int(match.group("h") or match.group("h2"))
            if not 8 <= hours <= 24:
                continue
            window = ServiceWindow(7 if days == 365 else days, hours)
        yield Figure(match.start(), match.end(), match.end(), frozenset({"window"}), window=window)


def _frequencies(text: str) -> Iterable[Figure | None]:
    for match in _FREQ_RE.finditer(text):
        groups = match.groupdict()
        period = groups["period"] or groups["period2"] or groups["period3"]
        times_text = groups["times"] or groups["times2"] or groups["times3"]
        try:
            every = parse_number(groups["n"]) if groups["n"] else 1
            times = parse_number(times_text) if times_text else 1
            frequency = frequency_of(period, every, times)
        except DurationError:
            continue
        if groups["period"]:
            core_end = match.end("period")
        elif groups["period2"]:
            core_end = match.end("period2")
        else:
            core_end = match.end()
        yield Figure(
            match.start(), match.end(), core_end, frozenset({"frequency"}), frequency=frequency
        )


def _cadences(text: str) -> Iterable[Figure | None]:
    for match in _CADENCE_RE.finditer(text):
        period = match.group("by") or match.group("adj") or match.group("noun")
        frequency = frequency_of(_NOUN_PERIOD.get(period, period))
        kind = "service_report" if match.group("noun") else None
        yield Figure(
            match.start(),
            match.end(),
            match.end(),
            frozenset({"frequency"}),
            frequency=frequency,
            kind=kind,
            named=not match.group("by"),
        )


def _courses(text: str) -> Iterable[Figure | None]:
    for match in _COURSE_RE.finditer(text):
        try:
            hours = parse_number(match.group("num"))
        except DurationError:
            continue
        if hours > 0:
            yield Figure(
                match.start(),
                match.end(),
                match.end(),
                frozenset({"course_hours"}),
                course=CourseHours(hours),
            )


def _durations(text: str) -> Iterable[Figure | None]:
    for match in _DURATION_RE.finditer(text):
        yield _duration_figure(match)


def _duration_figure(match: re.Match[str]) -> Figure | None:
    if match.group("half"):
        value_text, unit = match.group("half"), ""
    elif match.group("num"):
        value_text, unit = match.group("num") + match.group("unit"), match.group("unit")
    else:
        unit = match.group("unit2")
        value_text = match.group("num2") + unit + (match.group("half2") or "")
    start, end = match.span()
    try:
        if unit == "年":
            years = parse_number(value_text[:-1])
            if not years:
                return None
            return Figure(start, end, end, frozenset({"years"}), years=Years(years))
        duration = parse_duration(value_text)
    except DurationError:
        return None
    if unit == "个月":
        months = duration.minutes // (30 * 24 * 60) if duration.minutes else 0
        types: frozenset[ValueType] = frozenset({"duration", "years"})
        return Figure(start, end, end, types, duration=duration, years=Years(months / 12))
    return Figure(start, end, end, frozenset({"duration"}), duration=duration)


def accepts(kind: str, figure: Figure) -> bool:
    return KINDS[kind].value in figure.types


_WITHIN = re.compile(r"(?:内|以内|之内)")


def accepts_here(kind: str, figure: Figure, after: str) -> bool:
    """``accepts``, and a length that is better longer ("培训2天") is never "within" a time:
    "5个工作日内组织培训" is when training starts, not how long it lasts."""
    if not accepts(kind, figure):
        return False
    entry = KINDS[kind]
    return not (entry.value == "duration" and entry.direction == "more" and _WITHIN.match(after))


# --------------------------------------------------------------------------
# Figures that are not promises

# "超过2小时" is a condition; "不超过", "不应超过", "不得超过", "最迟不超过" are limits.
_CONDITION_BEFORE = re.compile(
    r"(?<!不)(?<!不应|不得|不宜|不能|不会|不可|不须|不需)(?<!不应当|不允许)"
    r"(?:超过|超出|大于|多于|长于|逾|达到|达|持续|累计|满)(?:了|约)?$"
)
_CONDITION_AFTER = re.compile(
    r"(?:内|以内|之内)?(?:仍|还|尚)?(?:以上|及以上|或以上|未|无法|不能|没有)|(?:之|以)?后|(?:之|以)?前"
)
_TRAVEL_BEFORE = re.compile(r"车程|路程|行程|驾车|开车|车行|步行|行车|距离|相距|距")
_TRAVEL_AFTER = re.compile(r"(?:左右|以内|内)?的?(?:车程|路程|行程|路途)")
_REQUIREMENT_BEFORE = re.compile(
    r"招标文件|采购文件|招标要求|采购需求|磋商文件|谈判文件|比选文件|招标人要求|(?:优于|快于|短于|高于)[^，,]{0,8}$"
)
_INTERVAL_BEFORE = re.compile(r"每隔?$")
# A window qualified by one activity is that activity's schedule, not service.hours.
_QUALIFIED = re.compile(r"驻场|现场|电话|远程|热线|在线|监控|值守|值班|监测|待命|巡检|开机|运行")
_AVAILABILITY = re.compile(r"服务|支持|热线|值班|值守|待命|在线|不间断|开通|畅通|全天")


def not_a_promise(scan: Scan, fig: Figure, seg: tuple[int, int]) -> bool:
    before = scan.masked[seg[0] : fig.start]
    after = scan.masked[fig.end : seg[1]]
    if "window" in fig.types:
        return bool(_QUALIFIED.search(scan.masked[seg[0] : seg[1]]))
    if _CONDITION_BEFORE.search(before) or _CONDITION_AFTER.match(after):
        return True
    if _TRAVEL_BEFORE.search(before) or _TRAVEL_AFTER.match(after):
        return True
    if _REQUIREMENT_BEFORE.search(before):
        return True
    if "duration" in fig.types and _INTERVAL_BEFORE.search(before):
        return True
    return _round_the_clock(fig, after)


def _round_the_clock(fig: Figure, after: str) -> bool:
    """ "24小时服务", "24小时响应服务": availability, not a 24-hour deadline."""
    if fig.duration is None or fig.duration.minutes != 24 * 60:
        return False
    return not re.match(r"(?:内|以内|之内)", after) and bool(_AVAILABILITY.search(after))
