"""BG2xx: every promise in the text agrees with the profile and with itself.

Promises come from :mod:`bidgen.validate.promises.reader`. With a profile, BG201 compares each
one with the profile's figure for its kind (and level); BG202–BG204 then only
look at what the profile cannot settle, so one wrong figure is reported once.
Without a profile (``bidgen lint`` on an old bid) BG202–BG204 compare the
text with itself.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from bidgen.core.quantities import Duration, Frequency, ServiceWindow
from bidgen.profile.compliance import show_value
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import Finding, Location
from bidgen.validate.promises.reader import (
    KINDS,
    LEVEL_KINDS,
    Promise,
    extract_from_table,
    extract_promises,
)
from bidgen.validate.registry import Rule, rule

KIND_NAMES = {name: kind.label for name, kind in KINDS.items()}
# The order fault times must keep within one level (as BG101 checks in the profile).
FAULT_ORDER = ("response", "arrival", "resolution", "replacement")

Measure = tuple[str, object]
_CN_DIGITS = dict(zip("123456789", "一二三四五六七八九", strict=True))


@dataclass(frozen=True)
class Located:
    promise: Promise
    unit: TextUnit

    @property
    def location(self) -> Location:
        """The unit's location, with the column of the quote when lines are known."""
        loc = self.unit.location
        if loc.line <= 0:
            return loc
        offset = self.promise.start
        if self.unit.kind == "row":
            offset = max(self.unit.text.find(self.promise.quote), 0)
        return replace(loc, column=(loc.column or 1) + offset)


def level_names(ctx: CheckContext) -> list[str]:
    return [level.name for level in ctx.profile.fault_levels] if ctx.profile else []


def located_promises(ctx: CheckContext) -> list[Located]:
    """Every promise in the text units, extracted once per check run."""
    if "promises" not in ctx.cache:
        names = level_names(ctx)
        found: list[Located] = []
        for unit in ctx.units:
            if unit.kind == "heading":
                continue
            if unit.kind == "row":
                promises = extract_from_table(unit.header, unit.cells, names)
            else:
                promises = extract_promises(unit.text, names)
            found.extend(Located(p, unit) for p in promises)
        ctx.cache["promises"] = found
    return ctx.cache["promises"]  # type: ignore[return-value]


def measure_of(value: Any) -> Measure:
    """A profile value as a (unit, value) pair comparable with ``Promise.measure``."""
    if isinstance(value, Duration):
        if value.working_days is not None:
            return "working_days", value.working_days
        return "minutes", value.minutes
    if isinstance(value, Frequency):
        return "per_year", value.per_year
    if isinstance(value, ServiceWindow):
        return "window", (value.days_per_week, value.hours_per_day)
    return "years", float(value)


def same(a: Measure, b: Measure) -> bool:
    if a[0] != b[0]:
        return False
    if isinstance(a[1], int | float) and isinstance(b[1], int | float):
        return abs(float(a[1]) - float(b[1])) < 1e-6
    return a[1] == b[1]


def shorter(a: Measure, b: Measure) -> bool:
    """Whether a is a strictly shorter duration than b (same unit)."""
    return a[0] == b[0] and a[0] in {"minutes", "working_days"} and a[1] < b[1]  # type: ignore[operator]


def describe(promise: Promise) -> str:
    return promise.value_text or promise.quote


# --------------------------------------------------------------------------
# What the profile says for each kind


Expected = list[tuple[str, Measure]]

_SIMPLE: dict[str, Callable[[Any], list[tuple[str, Any]]]] = {
    "hotline_reply": lambda p: [("热线咨询答复", p.service.hotline_answer)],
    "callback": lambda p: [("服务回访", p.service.followup)],
    "health_check": lambda p: [("健康检查", p.service.health_check)],
    "upgrade_notice": lambda p: [("升级前通知", p.service.upgrade_notice)],
    "inspection": lambda p: [("巡检", p.inspection.frequency)],
    "inspection_report": lambda p: [("巡检报告提交", p.inspection.report_within)],
    "spare_delivery": lambda p: [("备件送达", p.spare_parts.delivery)],
    "eol_notice": lambda p: [("停产前告知", p.spare_parts.eol_notice)],
    "retraining": lambda p: [("复训", p.training.retraining)],
    "training_followup": lambda p: [("培训效果跟踪", p.training.followup_within)],
    "drill": lambda p: [("应急演练", p.emergency.drill_frequency)],
    "notify": lambda p: [("应急事件上报", p.emergency.report_within)],
    "summary": lambda p: [("应急总结报告提交", p.emergency.summary_within)],
    "complaint_response": lambda p: [("投诉首次联系", p.complaints.first_contact)],
    "complaint_resolution": lambda p: [("投诉处理", p.complaints.resolution)],
    "survey": lambda p: [("满意度调查", p.complaints.survey_frequency)],
    "service_hours": lambda p: [("服务时间", p.service.hours)],
}


def _simple_expected(profile: Any, promise: Promise) -> Expected:
    kind = promise.kind
    if kind in _SIMPLE:
        pairs = _SIMPLE[kind](profile)
    elif kind == "warranty":
        pairs = [("质保期", float(profile.warranty.years))]
    elif kind == "support_years":
        pairs = [("质保期满后支持", float(profile.post_warranty.support_years))]
    elif kind == "training_hours":
        courses = profile.training.courses
        pairs = [("培训总课时", float(sum(c.hours for c in courses)))]
        if not promise.total:
            pairs += [(c.name, float(c.hours)) for c in courses]
    else:
        pairs = []
    return [
        (f"{label}{show_value(value, kind)}", _hours(measure_of(value), kind))
        for label, value in pairs
        if value is not None
    ]


def _hours(measure: Measure, kind: str) -> Measure:
    return ("hours", measure[1]) if kind == "training_hours" else measure


def expected(profile: Any, promise: Promise) -> Expected | str:
    """The profile's figures for the promise's kind and level, or why there is none."""
    if promise.kind not in LEVEL_KINDS:
        return _simple_expected(profile, promise)
    levels = list(enumerate(profile.fault_levels, start=1))
    if promise.level is not None:
        position = int(promise.level)
        if position > len(levels):
            return f"项目配置只有{len(levels)}个故障级别"
        levels = [levels[position - 1]]
    label = KIND_NAMES[promise.kind]
    found = []
    for _position, level in levels:
        value = getattr(level, promise.kind)
        if value is not None:
            found.append((f"{level.name}{label}{value}", measure_of(value)))
        elif promise.level is not None:
            what = "只提供远程支持" if promise.kind == "arrival" else f"未承诺{label}时限"
            return f"项目配置中{level.name}{what}"
    return found


def level_text(ctx: CheckContext, level: str | None) -> str:
    if level is None:
        return ""
    names = level_names(ctx)
    position = int(level)
    if 0 < position <= len(names):
        return names[position - 1]
    return f"{_CN_DIGITS.get(level, level)}级故障"


# --------------------------------------------------------------------------
# Rules


@rule(
    "BG201",
    "promise-differs-from-profile",
    "error",
    "正文承诺与项目配置不一致",
    "从全文（含自由段落和表格）提取每一处时限、频次、年限、课时和服务时间承诺，按类别和故障级别"
    "与项目配置中的数值比较；未写明级别的故障时限须等于某一级别的数值。工作日与小时不作比较。",
    "方案里一处写 1 小时到场、另一处写 2 小时，评审会按不利的一处认定，甚至判为响应不一致。",
    "（项目配置一级故障到场 1小时）正文：一级故障2小时内到达现场。",
    needs_profile=True,
)
def differs_from_profile(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for item in located_promises(ctx):
        promise = item.promise
        value = promise.measure
        wanted = expected(ctx.profile, promise)
        subject = f"{level_text(ctx, promise.level)}{promise.label}承诺“{describe(promise)}”"
        if isinstance(wanted, str):
            yield this.finding(f"{subject}，但{wanted}", item.location, [promise.quote])
            continue
        comparable = [(label, v) for label, v in wanted if value is not None and v[0] == value[0]]
        if not comparable or any(same(v, value) for _label, v in comparable):  # type: ignore[arg-type]
            continue
        labels = "、".join(label for label, _v in comparable)
        message = f"{subject}与项目配置不一致（项目配置：{labels}）"
        yield this.finding(message, item.location, [promise.quote])


def _settled_by_profile(ctx: CheckContext, promise: Promise) -> bool:
    """Whether BG201 already compares this promise with a figure of the profile."""
    if ctx.profile is None or promise.measure is None:
        return False
    wanted = expected(ctx.profile, promise)
    return isinstance(wanted, str) or any(v[0] == promise.measure[0] for _l, v in wanted)


def _where(item: Located) -> str:
    loc = item.location
    if loc.chapter:
        return loc.chapter
    return f"第{loc.line}行" if loc.line > 0 else "前文"


@rule(
    "BG202",
    "promises-contradict",
    "error",
    "同类承诺前后矛盾",
    "把全文提取的承诺按类别和故障级别分组（未写级别的故障时限和单门课程课时除外），同组中数值不同"
    "即报告后出现的一处，并给出两处原文和前一处所在章节。有项目配置时，配置中已有数值的类别由 BG201 检查。",
    "前文承诺 30 分钟响应、后文写 24 小时响应，是评审扣分和质疑的常见原因。",
    "第四章：一级故障30分钟内响应；第十二章：一级故障24小时内响应。",
)
def contradictions(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    groups: dict[tuple[str, str | None], list[Located]] = defaultdict(list)
    graded = _graded_kinds(ctx)
    for item in located_promises(ctx):
        promise = item.promise
        if promise.level is None and promise.kind in graded:
            continue  # the text grades this kind by level: an unlevelled time may be any level
        if promise.kind == "training_hours" and not promise.total:
            continue  # one course's hours, not the programme's
        if _settled_by_profile(ctx, promise):
            continue
        groups[(promise.kind, promise.level)].append(item)
    for (kind, level), items in groups.items():
        yield from _contradicting(ctx, this, kind, level, items)


def _graded_kinds(ctx: CheckContext) -> set[str]:
    """Fault kinds whose times are graded by level, in the text or in the profile.

    Where a document never grades a kind ("接到报修后1小时内到达现场" … "2小时内
    到达现场"), its unlevelled promises of that kind must agree with each other.
    """
    kinds = {item.promise.kind for item in located_promises(ctx) if item.promise.level}
    if ctx.profile is not None and len(ctx.profile.fault_levels) > 1:
        kinds |= LEVEL_KINDS
    return kinds & LEVEL_KINDS


def _contradicting(
    ctx: CheckContext, this: Rule, kind: str, level: str | None, items: list[Located]
) -> Iterator[Finding]:
    first = items[0]
    first_value = first.promise.measure
    for other in items[1:]:
        value = other.promise.measure
        if value is None or first_value is None or value[0] != first_value[0]:
            continue
        if not same(value, first_value):
            message = (
                f"{level_text(ctx, level)}{KIND_NAMES.get(kind, kind)}承诺“{describe(other.promise)}”"
                f"与{_where(first)}的“{describe(first.promise)}”矛盾"
            )
            yield this.finding(message, other.location, [other.promise.quote, first.promise.quote])


def _first_by(ctx: CheckContext) -> dict[tuple[str, int], Located]:
    """The first levelled promise of each (fault kind, level) in the text."""
    first: dict[tuple[str, int], Located] = {}
    for item in located_promises(ctx):
        promise = item.promise
        if promise.kind in FAULT_ORDER and promise.level is not None:
            first.setdefault((promise.kind, int(promise.level)), item)
    return first


def _later(a: Located, b: Located) -> Located:
    return max(a, b, key=lambda item: (item.location.order, item.location.line, item.promise.start))


@rule(
    "BG203",
    "text-fault-times-out-of-order",
    "error",
    "正文中同一故障级别的时限先后颠倒",
    "在正文中（无项目配置时）检查同一故障级别的时限满足：响应 ≤ 到达现场 ≤ 解决 ≤ 提供备用设备。"
    "有项目配置时由 BG101 检查配置本身。",
    "承诺 2 小时解决却 4 小时才到场，评审专家一眼就能看出方案自相矛盾。",
    "一级故障4小时内到达现场，2小时内排除故障。",
)
def text_order(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.profile is not None:
        return
    first = _first_by(ctx)
    levels = sorted({level for _kind, level in first})
    for level in levels:
        present = [first[(kind, level)] for kind in FAULT_ORDER if (kind, level) in first]
        for early, late in itertools.pairwise(present):
            a, b = early.promise.measure, late.promise.measure
            if a is not None and b is not None and shorter(b, a):
                message = (
                    f"{level_text(ctx, str(level))}：{late.promise.label}时限（{describe(late.promise)}）"
                    f"早于{early.promise.label}时限（{describe(early.promise)}），先后顺序不合理"
                )
                quotes = [late.promise.quote, early.promise.quote]
                yield this.finding(message, _later(early, late).location, quotes)


@rule(
    "BG204",
    "text-lower-level-faster",
    "error",
    "正文中低级别故障承诺得比高级别更快",
    "在正文中（无项目配置时）检查同一类时限，较低级别故障（级别数字更大）不短于较高级别故障。"
    "有项目配置时由 BG102 检查配置本身。",
    "二级故障比一级故障到场更快，说明时限抄错或级别顺序颠倒。",
    "一级故障2小时内到达现场；二级故障1小时内到达现场。",
)
def text_levels(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.profile is not None:
        return
    first = _first_by(ctx)
    for kind in FAULT_ORDER:
        present = sorted(
            ((level, item) for (k, level), item in first.items() if k == kind), key=lambda x: x[0]
        )
        for (high, fast), (low, slow) in itertools.pairwise(present):
            a, b = fast.promise.measure, slow.promise.measure
            if a is not None and b is not None and shorter(b, a):
                message = (
                    f"{level_text(ctx, str(low))}的{KIND_NAMES[kind]}时限（{describe(slow.promise)}）"
                    f"短于{level_text(ctx, str(high))}（{describe(fast.promise)}），低级别故障不应承诺得更快"
                )
                quotes = [slow.promise.quote, fast.promise.quote]
                yield this.finding(message, _later(fast, slow).location, quotes)
