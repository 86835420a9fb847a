"""Find every promised time or period in Chinese proposal text, and classify it.

A promise is a figure (a duration, a frequency, a number of years or course
hours, a service window) that a *kind word* claims: "15分钟内**响应**",
"**到场时间**不超过2小时", "**质保期**为三年", "每季度一次**巡检**". A figure
with no kind word nearby is not a promise and is not reported.

How a text is read
==================

1. **Fold** (``durations.fold_with_offsets``): NFKC per character (full-width
   "２小时" → "2小时", "，" → ","), a few look-alikes and traditional characters,
   whitespace dropped ("3030 分钟" → "3030分钟"). Every folded character keeps
   the index of the original character it came from, so a span found in the
   folded text maps back to the exact original text: ``quote`` is
   ``text[start:end]`` of the input, before any normalisation.
2. **Mask** what is never a promise: dates (2026年11月20日, 2026-11-20, years
   like 2026年), clock times (8:30, 17点), phone numbers, ordinals (第3天,
   第1部分), percentages, version and standard numbers (GB/T 28827.1-2012);
   inside 《书名》 only the digits are masked (the words still count).
3. **Figures**, in this order, each pass blind to the previous ones' spans:
   service windows (7×24小时, 7*24, 5×8, 全天候), frequencies (每季度一次,
   每年4次, 每半年巡检一次, 一年两次, 4次/年), course hours (16课时, 16学时),
   durations (30分钟, 半小时, 一个半小时, 1.5小时, 2h, 30min, 3个工作日, 两周,
   6个月, 3年). A range ("1-2天", "2～4小时", "1至2个工作日") is one figure
   whose value is its **upper bound**: that is what the bidder can be held to.
   "个月" counts as a duration (30 days) and, for warranty words, as years/12.
4. **Not a promise** even next to a kind word (figure dropped):
   a condition ("中断超过30分钟", "10分钟以上", "4小时内无法修复的"), a point in
   time ("2小时后", "1日前"), an interval ("每2小时"), a travel time ("车程约
   30分钟", "30分钟路程"), a tender requirement being quoted ("招标文件要求2小时",
   "优于…2小时"), a window that belongs to one activity (see ``_QUALIFIED``:
   "驻场5×8小时", "7×24小时监控"), and "24小时" as availability ("24小时服务").
5. **Kind**. Course hours are always ``training_hours`` and windows always
   ``service_hours``. Otherwise the kind comes from the keyword table
   ``KEYWORDS`` below, searched in the figure's clause segment only (bounded by
   ，。；、|！？ and line breaks, and never past a neighbouring figure, so a
   keyword of the next clause cannot steal the figure). Precedence:

   a. "分别/依次" lists: "响应、到场、解决时间分别为15分钟、1小时、4小时" pair the
      kind words (or the levels) before 分别 with the figures in order; if the
      counts differ the figures are dropped rather than guessed.
   b. The nearest keyword **after** the figure (within 16 characters):
      Chinese puts the verb after the time ("30分钟内响应").
   c. Else the nearest keyword **before** it (within 20 characters): "响应时间：
      30分钟", "到场时间不超过2小时". A keyword followed by 后/前/起 ("故障排除后",
      "到达现场后", "质保期满后") is the moment the time is counted from, not
      its kind: it is passed over ("故障报告在故障排除后2个工作日内提交" is a
      report).
   d. Among keywords at the same place: a keyword that needs a topic (投诉…,
      培训…, 升级…, 停产…, 备件…) beats a plain one; a longer one beats a
      shorter one it contains ("巡检报告" over "巡检", "满意度回访" over
      "回访"); a keyword whose kind cannot take the figure's value (巡检报告 is
      a deadline, not a frequency) still claims its place.
   e. Else a label before a colon earlier in the sentence, if no other keyword
      follows it: "响应时限：一级故障≤15分钟；二级故障≤30分钟" (both responses).

   A warranty figure next to a part (部件/易损件/探头/硒鼓…) is that part's
   warranty, not ``warranty.years``, and is dropped.

6. **Level** (fault kinds only: response, arrival, resolution, replacement,
   report): the nearest level mention before the figure in its clause segment,
   else the first one after it in that segment ("15分钟内响应（一级故障）"),
   else the nearest one earlier in the sentence (。！？ or a line break, so
   "一级故障：15分钟内响应，1小时内到达现场" gives both to level 1).
   "其他/所有/各级故障" cuts the search (no level). A list or range
   ("一、二级故障", "一至三级", "二级及以上") gives one promise per level.
   Level positions are strings "1", "2" …

   Without a profile only **numbered** levels are recognised: 一级/二级…
   (故障|事件|问题 or alone before a colon or at a cell end), 1级, I/II/III/IV级
   (and Ⅰ Ⅱ Ⅲ Ⅳ), A/B/C/D类 (A = 1), P1–P4. Word-named levels are not
   guessed: 紧急/严重/一般/重大 mean different positions in different schemes
   (重大 is level II in the national 特别重大/重大/较大/一般 scheme, 严重 is
   first or second), so they need the profile's ``level_names``. With
   ``level_names`` every name (and its short form without 故障/事件, e.g.
   "紧急") gives its position.

Kinds
=====

=====================  ========================================  ==========
kind                   profile field                             value
=====================  ========================================  ==========
response               fault_levels[].response                   duration
arrival                fault_levels[].arrival                    duration
resolution             fault_levels[].resolution                 duration
replacement            fault_levels[].replacement                duration
report                 fault_levels[].report                     duration
hotline_reply          service.hotline_answer                    duration
callback               service.followup                          duration
health_check           service.health_check                      frequency
upgrade_notice         service.upgrade_notice                    duration
inspection             inspection.frequency                      frequency
inspection_report      inspection.report_within                  duration
spare_delivery         spare_parts.delivery                      duration
eol_notice             spare_parts.eol_notice                    duration
retraining             training.retraining                       frequency
training_followup      training.followup_within                  duration
training_hours         training.courses[].hours (total: 共/合计)   course hours
drill                  emergency.drill_frequency                 frequency
notify                 emergency.report_within                   duration
summary                emergency.summary_within                  duration
complaint_response     complaints.first_contact                  duration
complaint_resolution   complaints.resolution                     duration
survey                 complaints.survey_frequency               frequency
warranty               warranty.years                            years
support_years          post_warranty.support_years               years
service_hours          service.hours                             window
=====================  ========================================  ==========

``support_years`` ("停产后8年内提供备件", "质保期满后继续提供5年维修服务",
"支持期限为八年") is only read when the text (the paragraph) speaks of 停产 or of the
warranty's end (质保期满/质保期外/质保期届满); otherwise a bare "N年" is never a promise.
"给出处理结果" is always a complaint's resolution (the clause convention), so a
complaints sentence that does not repeat 投诉 is still read right.

Tables: :func:`extract_from_table` reads a row with its header. Columns whose
header is a definition (定义/描述/现象/示例…) are skipped, columns quoting the
tender (招标要求/采购需求…) are not promises but lend their words (kind and
level) to the row, a level column (故障级别/等级) gives the row's level, a
header kind word ("响应时间") classifies a bare figure below it, and a header
unit ("课时", "（小时）") turns a bare number into a figure.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bidgen.core.quantities import (
    NUMBER_PATTERN,
    PERIOD_PATTERN,
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    fold_with_offsets,
    format_duration,
    format_frequency,
    frequency_of,
    parse_duration,
    parse_number,
)

DURATION, YEARS, FREQUENCY, COURSE, WINDOW = "duration", "years", "frequency", "course", "window"


@dataclass(frozen=True)
class Kind:
    name: str
    value: str  # DURATION, YEARS, FREQUENCY, COURSE or WINDOW
    label: str  # Chinese, for messages
    levelled: bool = False


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("response", DURATION, "响应", True),
        Kind("arrival", DURATION, "到达现场", True),
        Kind("resolution", DURATION, "解决", True),
        Kind("replacement", DURATION, "提供备用设备", True),
        Kind("report", DURATION, "提交故障报告", True),
        Kind("hotline_reply", DURATION, "热线咨询答复"),
        Kind("callback", DURATION, "服务回访"),
        Kind("upgrade_notice", DURATION, "升级前通知"),
        Kind("inspection_report", DURATION, "提交巡检报告"),
        Kind("spare_delivery", DURATION, "备件送达"),
        Kind("eol_notice", DURATION, "停产前告知"),
        Kind("training_followup", DURATION, "培训效果跟踪"),
        Kind("notify", DURATION, "应急事件上报"),
        Kind("summary", DURATION, "提交应急总结报告"),
        Kind("complaint_response", DURATION, "投诉首次联系"),
        Kind("complaint_resolution", DURATION, "投诉处理"),
        Kind("health_check", FREQUENCY, "健康检查"),
        Kind("inspection", FREQUENCY, "巡检"),
        Kind("retraining", FREQUENCY, "复训"),
        Kind("drill", FREQUENCY, "应急演练"),
        Kind("survey", FREQUENCY, "满意度调查"),
        Kind("warranty", YEARS, "质保期"),
        Kind("support_years", YEARS, "质保期满后支持年限"),
        Kind("training_hours", COURSE, "培训课时"),
        Kind("service_hours", WINDOW, "服务时间"),
    )
}
LEVEL_KINDS = frozenset(name for name, kind in KINDS.items() if kind.levelled)


@dataclass(frozen=True)
class Promise:
    """One promised time or period, as found in a text.

    Exactly one value field is set, according to the kind's value type.
    ``start``/``end`` are offsets of ``quote`` in the input text (for a table
    row: in ``" | ".join(cells)``).
    """

    kind: str
    level: str | None
    minutes: int | None
    working_days: int | None
    per_year: float | None
    years: float | None
    hours: float | None
    quote: str
    value_text: str
    start: int
    end: int
    total: bool = False  # training_hours: a stated total (共/合计), not one course
    window: tuple[int, int] | None = None  # service_hours: (days per week, hours per day)

    @property
    def measure(self) -> tuple[str, object] | None:
        """A comparable (unit, value); working days and minutes never compare equal."""
        for unit in ("minutes", "working_days", "per_year", "years", "hours", "window"):
            value = getattr(self, unit)
            if value is not None:
                return unit, value
        return None

    @property
    def label(self) -> str:
        return KINDS[self.kind].label if self.kind in KINDS else self.kind


# --------------------------------------------------------------------------
# Keyword table: which words claim a figure for which kind


@dataclass(frozen=True)
class Keyword:
    kind: str
    pattern: re.Pattern[str]
    topic: re.Pattern[str] | None = None  # must occur in the figure's ``scope`` first
    scope: str = "clause"  # clause (to 。；), segment (its part before the figure), text


def _kw(kind: str, words: str, topic: str | None = None, scope: str = "clause") -> Keyword:
    return Keyword(kind, re.compile(words), re.compile(topic) if topic else None, scope)


@dataclass(frozen=True)
class Topics:
    """Where topic-bound keywords look for their topic."""

    clause: str = ""
    segment: str = ""
    text: str = ""

    @classmethod
    def of(cls, text: str) -> Topics:
        return cls(text, text, text)


_COMPLAINT = r"投诉(?!电话|热线|邮箱|渠道|方式)"
_HOTLINE = r"热线|咨询|来电|疑问|问题"
_TRAINING = r"培训"
_UPGRADE = r"升级前|更新前|(?:版本|软件|系统|固件|程序)(?:升级|更新)|补丁"
_EOL = r"停产|停止生产|停售|停止销售|退市|停止供货|EOL"
_NOTICE = r"书面通知|书面告知|通知|告知|通告|知会|报备|报批|报[^，,。；;]{0,6}?(?:批准|审批|同意)"
_SPARE = r"(?<!携带)(?:备品备件|备件|备品|配件|零部件)"
_INSPECTION = r"巡检"
_AFTER_WARRANTY = (
    r"停产|停止生产|质保期满|质保期外|保修期满|保修期外|质保期结束|保修期结束|期满后|期届满"
)

KEYWORDS: tuple[Keyword, ...] = (
    # topic-bound words first: they win over a plain word at the same place
    _kw("complaint_response", r"响应|回应|联系|回复|答复|受理|回电", _COMPLAINT),
    _kw("complaint_resolution", r"处理完毕|处理完成|处理结果|处理意见|解决|办结|处理", _COMPLAINT),
    _kw("hotline_reply", r"回复", _HOTLINE),
    _kw("spare_delivery", r"到达现场|到场|到位|到达|提供|更换", _SPARE, "segment"),
    _kw("inspection_report", r"(?:提交|出具|提供)?报告", _INSPECTION),
    _kw("eol_notice", r"书面通知|书面告知|通知|告知|通告|知会|提前", _EOL),
    _kw("upgrade_notice", _NOTICE + r"|提前", _UPGRADE),
    _kw("training_followup", r"跟踪", _TRAINING),
    _kw(
        "support_years",
        r"支持期限|支持年限|备品备件|备件|备品|配件|零部件|维修|维护|技术支持|服务|供应",
        _AFTER_WARRANTY,
        "text",
    ),
    # fault handling
    _kw("response", r"响应|应答|回应|回复|作出反应|做出反应"),
    _kw(
        "arrival",
        r"到达(?:故障|用户|服务|设备|使用)?现场|赶到现场|赶赴现场|抵达现场|到场|上门|到达|赶到"
        r"|赶赴|抵达|到位|现场服务|现场支持|现场处理",
    ),
    _kw(
        "resolution",
        r"排除故障|故障排除|排除|修复(?!方案)|解决(?!方案|办法|措施|思路)|恢复(?!点)|处理完毕|处理完成"
        r"|处理结束|处理好|完成处理|完成维修|维修完毕|维修完成|修好|排障|处理时限|处理时间",
    ),
    _kw(
        "replacement",
        r"备用设备|备用机|备机|替换设备|替代设备|周转设备|周转机|替代机|代用机|备用整机",
    ),
    _kw("report", r"故障(?:处理|分析|维修|诊断|排除)?报告|(?:处理|分析|维修|诊断)报告|事故报告"),
    _kw("inspection_report", r"巡检报告|巡检记录|巡检总结|巡检结果|保养报告"),
    _kw("summary", r"总结报告|总结|复盘报告|评估报告"),
    _kw(
        "notify",
        r"上报|通报|报送|(?<!提交|出具|提供|形成|编写|撰写|书面|总结|分析|处理|巡检|故障|维修|诊断|评估)报告(?!书|单)",
    ),
    _kw("callback", r"回访"),
    # "给出处理结果" is how a complaint is closed (docs/clauses.md), even without 投诉 nearby
    _kw("complaint_resolution", r"(?:给出|反馈|答复)?处理结果|处理意见"),
    _kw("hotline_reply", r"答复|解答"),
    _kw("spare_delivery", r"送达|送至|送到|运抵|送货|到货|配送"),
    # frequencies
    _kw("health_check", r"健康检查|健康巡检|系统体检|健康评估|健康度检查|健康状况检查"),
    _kw("inspection", r"巡检|预防性维护|维护保养|预防性保养|保养|定期检查|定期维护"),
    _kw("drill", r"演练|演习"),
    _kw("survey", r"满意度调查|满意度测评|满意度评价|满意度回访|满意度|问卷调查"),
    _kw("retraining", r"复训|再培训|重复培训|回炉培训|巩固培训|轮训|培训"),
    # periods in years
    _kw("warranty", r"质保期|质保|保修期|保修|保固期|保固|免费维修|免费维保|免费维护|包修|三包"),
)

MAX_AFTER = 16  # characters between a figure and a keyword after it
MAX_BEFORE = 20  # characters between a keyword before a figure and the figure
# After a keyword: the time is counted from here ("故障排除后", "质保期满后", "升级前").
_ANCHOR = re.compile(
    r"(?:期满|期届满|届满|期结束|结束|完成|完毕|到期|满|期)?(?:之?后|以后|起|之?前|以前)"
)

# --------------------------------------------------------------------------
# Scanning: folded text, masks, clause boundaries

_NUM = NUMBER_PATTERN
_CN = "零〇一二两三四五六七八九十"
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
            r"(?<!\d)\d{1,2}[点时](?:\d{1,2}分|半|整)?",
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
_TITLE_DIGITS = re.compile(rf"[0-9{_CN}百千]")
MASK = "□"

_SEGMENT_BREAKS = frozenset("，,。；;、|！!？?\n")
_CLAUSE_BREAKS = frozenset("。；;！!？?\n")
_SENTENCE_BREAKS = frozenset("。！!？?\n")


def _mask(folded: str) -> str:
    chars = list(folded)
    for match in _MASKS.finditer(folded):
        chars[match.start() : match.end()] = MASK * (match.end() - match.start())
    for match in _TITLE.finditer(folded):
        for digit in _TITLE_DIGITS.finditer(match.group(0)):
            chars[match.start() + digit.start()] = MASK
    return "".join(chars)


def _break_positions(text: str, breaks: frozenset[str]) -> list[int]:
    return [index for index, char in enumerate(text) if char in breaks]


class _Scan:
    """One input text: the original, its folded form and the masked form searched."""

    def __init__(self, text: str) -> None:
        self.original = text
        self.folded, self.index = fold_with_offsets(text)
        self.masked = _mask(self.folded)
        self._breaks = {
            "segment": _break_positions(self.folded, _SEGMENT_BREAKS),
            "clause": _break_positions(self.folded, _CLAUSE_BREAKS),
            "sentence": _break_positions(self.folded, _SENTENCE_BREAKS),
        }

    def bounds(self, position: int, scope: str) -> tuple[int, int]:
        """The [start, end) of the segment/clause/sentence holding ``position``."""
        breaks = self._breaks[scope]
        at = bisect.bisect_left(breaks, position)
        start = breaks[at - 1] + 1 if at > 0 else 0
        end = breaks[at] if at < len(breaks) else len(self.folded)
        return start, end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.index[start], self.index[end - 1] + 1


# --------------------------------------------------------------------------
# Figures


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    core_end: int  # where the words after the figure begin (inside "每季度巡检一次")
    types: frozenset[str]
    duration: Duration | None = None
    years: float | None = None
    frequency: Frequency | None = None
    course: float | None = None
    window: ServiceWindow | None = None


_WINDOW_RE = re.compile(
    r"(?<![\d.])(?P<d>[5-7]|365)(?:天|日)?[×x*](?P<h>\d{1,2})(?:个?小时|h(?![a-z]))?"
    r"|(?<![\d.])(?P<d2>[5-7])天(?P<h2>\d{1,2})小时|全天候",
    re.IGNORECASE,
)
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
    r"(?:个?工作日|个?自然日|个?小时|个?钟头|分钟|个?星期|个月|天|日|周|年"
    r"|(?:mins?|minutes?|hours?|hrs?|h)(?![a-z]))"
)
_DURATION_RE = re.compile(
    rf"(?<![\d.])(?P<lo>{_NUM})(?:{_UNIT})?(?:-|~|—|–|至|到)(?P<num>{_NUM})(?P<unit>{_UNIT})"
    rf"|(?P<half>(?:{_NUM})?个?半个?(?:小时|钟头|天|个工作日))"
    rf"|(?<![\d.])(?P<num2>{_NUM})(?P<unit2>{_UNIT})(?P<half2>半)?",
    re.IGNORECASE,
)


def _find_figures(masked: str) -> list[_Figure]:
    """All figures, in text order; later passes do not see earlier figures."""
    work = masked
    figures: list[_Figure] = []
    for finder in (_windows, _frequencies, _courses, _durations):
        found = [fig for fig in finder(work) if fig is not None]
        figures.extend(found)
        chars = list(work)
        for fig in found:
            chars[fig.start : fig.end] = MASK * (fig.end - fig.start)
        work = "".join(chars)
    return sorted(figures, key=lambda fig: fig.start)


def _windows(text: str) -> Iterable[_Figure | None]:
    for match in _WINDOW_RE.finditer(text):
        if match.group(0) == "全天候":
            window = ServiceWindow(7, 24)
        else:
            days = int(match.group("d") or match.group("d2"))
            hours = int(match.group("h") or match.group("h2"))
            if not 8 <= hours <= 24:
                continue
            window = ServiceWindow(7 if days == 365 else days, hours)
        yield _Figure(match.start(), match.end(), match.end(), frozenset({WINDOW}), window=window)


def _frequencies(text: str) -> Iterable[_Figure | None]:
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
        yield _Figure(
            match.start(), match.end(), core_end, frozenset({FREQUENCY}), frequency=frequency
        )


def _courses(text: str) -> Iterable[_Figure | None]:
    for match in _COURSE_RE.finditer(text):
        try:
            hours = parse_number(match.group("num"))
        except DurationError:
            continue
        if hours > 0:
            yield _Figure(
                match.start(), match.end(), match.end(), frozenset({COURSE}), course=hours
            )


def _durations(text: str) -> Iterable[_Figure | None]:
    for match in _DURATION_RE.finditer(text):
        yield _duration_figure(match)


def _duration_figure(match: re.Match[str]) -> _Figure | None:
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
            return _Figure(start, end, end, frozenset({YEARS}), years=years) if years else None
        duration = parse_duration(value_text)
    except DurationError:
        return None
    if unit == "个月":
        months = duration.minutes // (30 * 24 * 60) if duration.minutes else 0
        types = frozenset({DURATION, YEARS})
        return _Figure(start, end, end, types, duration=duration, years=months / 12)
    return _Figure(start, end, end, frozenset({DURATION}), duration=duration)


def _accepts(kind: str, figure: _Figure) -> bool:
    return KINDS[kind].value in figure.types


# --------------------------------------------------------------------------
# Figures that are not promises

_CONDITION_BEFORE = re.compile(
    r"(?<!不)(?:超过|超出|大于|多于|长于|逾|达到|达|持续|累计|满)(?:了|约)?$"
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


def _not_a_promise(scan: _Scan, fig: _Figure, seg: tuple[int, int]) -> bool:
    before = scan.masked[seg[0] : fig.start]
    after = scan.masked[fig.end : seg[1]]
    if WINDOW in fig.types:
        return bool(_QUALIFIED.search(scan.masked[seg[0] : seg[1]]))
    if _CONDITION_BEFORE.search(before) or _CONDITION_AFTER.match(after):
        return True
    if _TRAVEL_BEFORE.search(before) or _TRAVEL_AFTER.match(after):
        return True
    if _REQUIREMENT_BEFORE.search(before):
        return True
    if DURATION in fig.types and _INTERVAL_BEFORE.search(before):
        return True
    return _round_the_clock(fig, after)


def _round_the_clock(fig: _Figure, after: str) -> bool:
    """ "24小时服务", "24小时响应服务": availability, not a 24-hour deadline."""
    if fig.duration is None or fig.duration.minutes != 24 * 60:
        return False
    return not re.match(r"(?:内|以内|之内)", after) and bool(_AVAILABILITY.search(after))


# --------------------------------------------------------------------------
# Classification


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    specific: bool  # a topic-bound keyword


def keyword_hits(text: str, topics: Topics | None = None) -> list[_Hit]:
    """Keyword matches in ``text``, with contained and same-place losers removed.

    Topic-bound keywords apply only when their topic occurs in their scope of
    ``topics`` (none apply without ``topics``).
    """
    hits = []
    for entry in KEYWORDS:
        if entry.topic is not None:
            where = getattr(topics, entry.scope) if topics else ""
            if not entry.topic.search(where):
                continue
        for match in entry.pattern.finditer(text):
            hits.append(_Hit(entry.kind, match.start(), match.end(), entry.topic is not None))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start), not hit.specific))
    kept: list[_Hit] = []
    for hit in hits:
        if any(k.start <= hit.start and hit.end <= k.end for k in kept):
            continue
        kept.append(hit)
    return kept


@dataclass(frozen=True)
class _Claim:
    kind: str
    start: int  # span of figure and keyword together, in the folded text
    end: int


def _classify(scan: _Scan, fig: _Figure, lo: int, hi: int) -> _Claim | None:
    """The kind of a figure whose words lie in [lo, hi) of the folded text."""
    if WINDOW in fig.types:
        return _Claim("service_hours", fig.start, fig.end)
    if COURSE in fig.types:
        return _Claim("training_hours", fig.start, fig.end)
    clause = scan.bounds(fig.start, "clause")
    segment_before = scan.masked[lo : fig.start]
    topics = Topics(scan.masked[clause[0] : clause[1]], segment_before, scan.masked)
    after_text = scan.masked[fig.core_end : hi]
    for hit in keyword_hits(after_text, topics):
        if hit.start > MAX_AFTER:
            break
        if _accepts(hit.kind, fig):
            return _Claim(hit.kind, fig.start, max(fig.end, fig.core_end + hit.end))
    hits = keyword_hits(segment_before, topics)
    for hit in sorted(hits, key=lambda h: (-h.end, h.start - h.end)):
        if len(segment_before) - hit.end > MAX_BEFORE:
            break
        if _ANCHOR.match(segment_before, hit.end):
            continue  # "故障排除后": where the time starts, not what it is for
        if _accepts(hit.kind, fig):
            return _Claim(hit.kind, lo + hit.start, fig.end)
    return None


# "响应时限：一级故障≤15分钟；二级故障≤30分钟": a label before a colon names the
# kind of every bare figure after it in the sentence, until another keyword appears.
_LABEL_TAIL = re.compile(r"的?(?:时间|时限|标准|要求|频次|时长|期限)?:")


def _label_claim(scan: _Scan, fig: _Figure) -> _Claim | None:
    start, _end = scan.bounds(fig.start, "sentence")
    text = scan.masked[start : fig.start]
    hits = keyword_hits(text, Topics.of(text))
    if not hits:
        return None
    last = max(hits, key=lambda hit: hit.end)
    if _LABEL_TAIL.match(text, last.end) and _accepts(last.kind, fig):
        return _Claim(last.kind, fig.start, fig.end)
    return None


# A warranty on one part ("易损件质保1年") is not the warranty period of the goods.
_COMPONENT = re.compile(r"部件|配件|零件|易损件|耗材|电池|探头|球管|灯泡|硒鼓|墨盒|硬盘|显示屏")


def _part_warranty(scan: _Scan, claim: _Claim, fig: _Figure) -> bool:
    seg_start, _end = scan.bounds(fig.start, "segment")
    return claim.kind == "warranty" and bool(_COMPONENT.search(scan.masked[seg_start : fig.start]))


# --------------------------------------------------------------------------
# Fault levels


@dataclass(frozen=True)
class LevelMention:
    start: int
    end: int
    positions: tuple[int, ...]  # empty: "其他/所有故障" — cuts the search


_N = r"(?<![一二三四五六七八九十A-Za-z\d])(?:[一二三四五六七八九]|[1-9]|IV|V|I{1,3})"
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
        found: list[LevelMention] = []
        for mention in self._named(text):
            found.append(mention)
        for kind, pattern in _LEVEL_PATTERNS:
            for match in pattern.finditer(text):
                if any(m.start < match.end() and match.start() < m.end for m in found):
                    continue
                positions = self._positions(kind, match, text)
                if positions is not None:
                    found.append(LevelMention(match.start(), match.end(), positions))
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


def _level_for(
    mentions: list[LevelMention], scan: _Scan, fig: _Figure, seg_end: int
) -> tuple[int, ...] | None:
    """The nearest mention before the figure in its segment, else the first after it
    in its segment ("15分钟内响应（一级故障）"), else the nearest earlier in its sentence."""
    sentence_start, _end = scan.bounds(fig.start, "sentence")
    seg_start, _seg_end = scan.bounds(fig.start, "segment")
    before = [m for m in mentions if sentence_start <= m.start and m.end <= fig.start]
    after = [m for m in mentions if fig.end <= m.start and m.end <= seg_end]
    if before and before[-1].start >= seg_start:
        return before[-1].positions or None
    if after:
        return after[0].positions or None
    return (before[-1].positions or None) if before else None


# --------------------------------------------------------------------------
# "分别为" lists

_RESPECTIVELY = re.compile(r"分别|依次")
_LIST_GAP = re.compile(r"(?:内|以内|之内)?(?:、|,|，|和|及|与|/|以及)?$")


def _respectively(
    scan: _Scan, figures: list[_Figure], mentions: list[LevelMention]
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
        kinds = _distinct_kinds(keyword_hits(prefix, Topics.of(prefix)), sample)
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


def _listed_figures(scan: _Scan, figures: list[_Figure], after: int, end: int) -> list[int]:
    group: list[int] = []
    position = after
    for index, fig in enumerate(figures):
        if fig.start < after or fig.start >= end:
            continue
        gap = scan.masked[position : fig.start]
        limit = 6 if not group else 4
        if len(gap) > limit or (group and not _LIST_GAP.match(gap)):
            break
        group.append(index)
        position = fig.end
    return group


def _distinct_kinds(hits: list[_Hit], fig: _Figure) -> list[str]:
    kinds: list[str] = []
    for hit in hits:
        if _accepts(hit.kind, fig) and hit.kind not in kinds:
            kinds.append(hit.kind)
    return kinds


# --------------------------------------------------------------------------
# Building promises

_TOTAL = re.compile(rf"合计|总计|累计|共计|总共|总课时|总学时|总时长|共(?={_NUM})")


def _value_fields(kind: str, fig: _Figure) -> dict[str, object]:
    value_type = KINDS[kind].value
    if value_type == DURATION and fig.duration is not None:
        return {
            "minutes": fig.duration.minutes,
            "working_days": fig.duration.working_days,
            "value_text": format_duration(fig.duration),
        }
    if value_type == YEARS and fig.years is not None:
        return {"years": fig.years, "value_text": f"{fig.years:g}年"}
    if value_type == FREQUENCY and fig.frequency is not None:
        return {"per_year": fig.frequency.per_year, "value_text": format_frequency(fig.frequency)}
    if value_type == COURSE and fig.course is not None:
        return {"hours": fig.course, "value_text": f"{fig.course:g}课时"}
    window = fig.window or ServiceWindow(7, 24)
    return {
        "window": (window.days_per_week, window.hours_per_day),
        "value_text": str(window),
    }


@dataclass
class _Found:
    """A classified figure before it becomes one promise per level."""

    fig: _Figure
    kind: str
    start: int  # quote span, folded text
    end: int
    levels: tuple[int, ...] | None = None
    total: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def _build(scan: _Scan, found: _Found) -> list[Promise]:
    start, end = scan.original_span(found.start, found.end)
    values: dict[str, object] = {
        "minutes": None,
        "working_days": None,
        "per_year": None,
        "years": None,
        "hours": None,
    }
    values.update(_value_fields(found.kind, found.fig))
    base = Promise(
        kind=found.kind,
        level=None,
        quote=scan.original[start:end],
        start=start,
        end=end,
        total=found.total,
        **values,  # type: ignore[arg-type]
    )
    if found.kind not in LEVEL_KINDS or not found.levels:
        return [base]
    return [replace(base, level=str(position)) for position in found.levels]


def _scan_figures(scan: _Scan, finder: LevelFinder) -> list[_Found]:
    figures = _find_figures(scan.masked)
    mentions = finder.mentions(scan.masked)
    listed = _respectively(scan, figures, mentions)
    found: list[_Found] = []
    for index, fig in enumerate(figures):
        seg = scan.bounds(fig.start, "segment")
        lo = max(seg[0], figures[index - 1].end if index else 0)
        hi = min(seg[1], figures[index + 1].start if index + 1 < len(figures) else seg[1])
        if _not_a_promise(scan, fig, seg):
            continue
        if index in listed:
            kind, levels = listed[index]
            if kind is not None:
                found.append(_Found(fig, kind, fig.start, fig.end, levels))
            continue
        claim = _classify(scan, fig, lo, hi) or _label_claim(scan, fig)
        if claim is None or _part_warranty(scan, claim, fig):
            continue
        levels = _level_for(mentions, scan, fig, seg[1])
        total = claim.kind == "training_hours" and bool(_TOTAL.search(scan.masked[lo : fig.start]))
        found.append(_Found(fig, claim.kind, claim.start, claim.end, levels, total))
    return found


def extract_promises(text: str, level_names: Sequence[str] = ()) -> list[Promise]:
    """Every promise in a text, in reading order.

    ``level_names`` are the profile's fault-level names in order; a name near
    a fault time gives its position as the level.
    """
    scan = _Scan(text)
    finder = level_finder(tuple(level_names))
    promises: list[Promise] = []
    for found in _scan_figures(scan, finder):
        promises.extend(_build(scan, found))
    return promises


# --------------------------------------------------------------------------
# Table rows

_SKIP_COLUMN = re.compile(r"序号|编号|偏离|说明|备注")
_DEFINITION_COLUMN = re.compile(r"定义|描述|现象|示例|举例|影响|判定|特征|情形|场景|条件|范围")
_LABEL_COLUMN = re.compile(r"招标|采购|需求|条款")
_LEVEL_COLUMN = re.compile(r"级别|等级|分级|类别|级")
_HEADER_UNIT = re.compile(r"[(（](分钟|小时|h|天|工作日|个工作日|年|月|个月)[)）]", re.IGNORECASE)
_BARE_NUMBER = re.compile(rf"\s*{_NUM}(?:\s*(?:-|~|～|至|到)\s*{_NUM})?\s*")


def _column_role(header: str) -> str:
    if _SKIP_COLUMN.search(header):
        return "skip"
    if _DEFINITION_COLUMN.search(header):
        return "definition"
    if _LABEL_COLUMN.search(header):
        return "label"
    if _LEVEL_COLUMN.search(header) and not keyword_hits(header):
        return "level"
    return "value"


def _header_unit(header: str) -> str | None:
    if re.search(r"课时|学时", header):
        return "课时"
    match = _HEADER_UNIT.search(header)
    if not match:
        return None
    unit = match.group(1)
    return {"月": "个月", "工作日": "个工作日", "h": "小时"}.get(unit, unit)


@dataclass(frozen=True)
class _Row:
    header: tuple[str, ...]
    cells: tuple[str, ...]
    roles: tuple[str, ...]
    label: str  # words lent by label cells and neutral cells without figures
    levels: tuple[int, ...] | None


def _row(header: Sequence[str], cells: Sequence[str], finder: LevelFinder) -> _Row:
    padded = tuple(header) + ("",) * max(0, len(cells) - len(header))
    roles = tuple(_column_role(h) for h in padded[: len(cells)])
    levels = _row_levels(roles, cells, finder)
    label_cells = [
        cell
        for role, cell in zip(roles, cells, strict=True)
        if role == "label" or (role == "value" and not _find_figures(_Scan(cell).masked))
    ]
    return _Row(tuple(padded), tuple(cells), roles, "，".join(label_cells), levels)


def _row_levels(
    roles: Sequence[str], cells: Sequence[str], finder: LevelFinder
) -> tuple[int, ...] | None:
    """The row's level: its level column, else a label cell that names one."""
    for wanted in ("level", "label"):
        for role, cell in zip(roles, cells, strict=True):
            if role == wanted and (levels := finder.cell_level(cell)):
                return levels
    return None


def extract_from_table(
    header: Sequence[str], cells: Sequence[str], level_names: Sequence[str] = ()
) -> list[Promise]:
    """Promises in one table row read with its header (offsets in " | ".join(cells))."""
    finder = level_finder(tuple(level_names))
    row = _row(header, cells, finder)
    promises: list[Promise] = []
    offset = 0
    for index, cell in enumerate(row.cells):
        if row.roles[index] == "value" and cell.strip():
            for promise in _cell_promises(row, index, finder):
                shifted = replace(promise, start=promise.start + offset, end=promise.end + offset)
                promises.append(shifted)
        offset += len(cell) + 3
    return promises


def _cell_promises(row: _Row, index: int, finder: LevelFinder) -> list[Promise]:
    cell, header = row.cells[index], row.header[index]
    unit = _header_unit(header)
    bare = unit is not None and _BARE_NUMBER.fullmatch(cell)
    scan = _Scan(cell + unit if bare and unit else cell)
    promises: list[Promise] = []
    mentions = finder.mentions(scan.masked)
    for fig in _find_figures(scan.masked):
        seg = scan.bounds(fig.start, "segment")
        if _not_a_promise(scan, fig, seg):
            continue
        found = _cell_found(scan, fig, header, row)
        if found is None:
            continue
        found.levels = _level_for(mentions, scan, fig, seg[1]) or row.levels
        if found.kind == "training_hours":
            found.total = any(_TOTAL.search(text) for text in row.cells)
        if bare:  # the figure's unit came from the header: quote the cell's number
            found.start, found.end = 0, len(fold_with_offsets(cell.rstrip())[0])
        promises.extend(_build(scan, found))
    return promises


# Headers that name the bidder's answer, not a kind ("投标响应" is not a response time).
_ANSWER_HEADER = re.compile(
    r"投标响应|响应情况|响应内容|响应说明|是否响应|投标应答|应答情况|承诺内容"
)


def _cell_found(scan: _Scan, fig: _Figure, header: str, row: _Row) -> _Found | None:
    seg = scan.bounds(fig.start, "segment")
    claim = _classify(scan, fig, seg[0], seg[1]) or _label_claim(scan, fig)
    if claim is not None:
        if _part_warranty(scan, claim, fig):
            return None
        return _Found(fig, claim.kind, claim.start, claim.end)
    for context in (_ANSWER_HEADER.sub("", header), row.label):
        folded = _mask(fold_with_offsets(context)[0])
        kinds = _distinct_kinds(keyword_hits(folded, Topics.of(folded)), fig)
        if len(kinds) == 1:
            return _Found(fig, kinds[0], fig.start, fig.end)
    return None
