"""BG2xx: every promise in the text agrees with the profile and with itself."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bidgen.findings import Finding, Location
from bidgen.promises import Promise, extract_from_table, extract_promises
from bidgen.rules import Rule, rule
from bidgen.rules.context import CheckContext, TextUnit

KIND_NAMES = {
    "response": "响应",
    "arrival": "到达现场",
    "resolution": "解决",
    "replacement": "提供备用设备",
    "spare_delivery": "备件送达",
    "report": "提交报告",
    "callback": "回访",
    "complaint_response": "投诉处理",
    "inspection": "巡检频次",
    "training_hours": "培训课时",
    "warranty": "质保期",
}
LEVEL_FIELDS = ("response", "arrival", "resolution", "replacement", "report")


@dataclass(frozen=True)
class Located:
    promise: Promise
    unit: TextUnit

    @property
    def location(self) -> Location:
        return self.unit.location


def located_promises(ctx: CheckContext) -> list[Located]:
    """Every promise in the text units, extracted once per check run."""
    if "promises" not in ctx.cache:
        found: list[Located] = []
        for unit in ctx.units:
            if unit.kind == "heading":
                continue
            if unit.kind == "row":
                promises = extract_from_table(list(unit.header), list(unit.cells))
            else:
                promises = extract_promises(unit.text)
            found.extend(Located(p, unit) for p in promises)
        ctx.cache["promises"] = found
    return ctx.cache["promises"]  # type: ignore[return-value]


def promise_value(promise: Promise) -> tuple[str, float] | None:
    """A comparable (unit, number) for a promise."""
    for unit in ("minutes", "working_days", "per_year", "years", "hours"):
        value = getattr(promise, unit)
        if value is not None:
            return unit, float(value)
    return None


def describe(promise: Promise) -> str:
    return promise.value_text or promise.quote


def _profile_values(ctx: CheckContext, promise: Promise) -> list[tuple[str, tuple[str, float]]]:
    """What the profile says for the promise's kind (and level): (label, value)."""
    profile = ctx.profile
    kind = promise.kind
    if kind in LEVEL_FIELDS:
        levels = list(enumerate(profile.fault_levels, start=1))
        if promise.level is not None and promise.level.isdigit():
            levels = [(n, lvl) for n, lvl in levels if n == int(promise.level)]
        return [
            (f"{lvl.name}{KIND_NAMES[kind]}{value}", _duration_value(value))
            for _n, lvl in levels
            if (value := getattr(lvl, kind)) is not None
        ] + _extra_reports(ctx, kind)
    return _simple_values(ctx, kind)


def _extra_reports(ctx: CheckContext, kind: str) -> list[tuple[str, tuple[str, float]]]:
    if kind != "report":
        return []
    within = ctx.profile.inspection.report_within
    return [(f"巡检报告{within}", _duration_value(within))]


def _duration_value(duration) -> tuple[str, float]:
    if duration.working_days is not None:
        return "working_days", float(duration.working_days)
    return "minutes", float(duration.minutes)


def _simple_values(ctx: CheckContext, kind: str) -> list[tuple[str, tuple[str, float]]]:
    p = ctx.profile
    durations = {
        "spare_delivery": [("备件送达", p.spare_parts.delivery)],
        "callback": [("回访", p.service.followup)],
        "complaint_response": [
            ("投诉首次响应", p.complaints.first_contact),
            ("投诉处理", p.complaints.resolution),
        ],
    }
    if kind in durations:
        return [(f"{label}{d}", _duration_value(d)) for label, d in durations[kind]]
    if kind == "inspection":
        freq = p.inspection.frequency
        return [(f"巡检{freq}", ("per_year", float(freq.per_year)))]
    if kind == "warranty":
        return [(f"质保期{p.warranty.years}年", ("years", float(p.warranty.years)))]
    if kind == "training_hours":
        total = sum(c.hours for c in p.training.courses)
        options = [(f"培训总课时{total}课时", ("hours", float(total)))]
        return options + [
            (f"{c.name}{c.hours}课时", ("hours", float(c.hours))) for c in p.training.courses
        ]
    return []


@rule(
    "BG201",
    "promise-differs-from-profile",
    "error",
    "正文承诺与项目配置不一致",
    "从全文（含自由段落和表格）提取每一处时限承诺，按类别和故障级别与项目配置中的数值比较。",
    "方案里一处写 1 小时到场、另一处写 2 小时，评审会按不利的一处认定，甚至判为响应不一致。",
    "（项目配置一级故障到场 1小时）正文：一级故障2小时内到达现场。",
    needs_profile=True,
)
def differs_from_profile(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for item in located_promises(ctx):
        promise = item.promise
        value = promise_value(promise)
        expected = _profile_values(ctx, promise)
        if value is None or not expected:
            continue
        comparable = [(label, v) for label, v in expected if v[0] == value[0]]
        if not comparable or any(v == value for _label, v in comparable):
            continue
        level = f"（{promise.level}级）" if promise.level else ""
        wanted = "、".join(label for label, _v in comparable)
        message = (
            f"{KIND_NAMES.get(promise.kind, promise.kind)}{level}承诺“{describe(promise)}”"
            f"与项目配置不一致（项目配置：{wanted}）"
        )
        yield this.finding(message, item.location, [promise.quote])


@rule(
    "BG202",
    "promises-contradict",
    "error",
    "同类承诺前后矛盾",
    "把全文提取的承诺按类别和故障级别分组，同组中数值不同即报告，并给出两处原文。",
    "前文承诺 30 分钟响应、后文写 24 小时响应，是评审扣分和质疑的常见原因。",
    "第四章：一级故障30分钟内响应；第十二章：一级故障24小时内响应。",
)
def contradictions(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    groups: dict[tuple[str, str | None], list[Located]] = defaultdict(list)
    for item in located_promises(ctx):
        if item.promise.level is None and item.promise.kind in LEVEL_FIELDS:
            continue  # unlevelled fault times may belong to any level
        groups[(item.promise.kind, item.promise.level)].append(item)
    for (kind, level), items in groups.items():
        first = items[0]
        first_value = promise_value(first.promise)
        for other in items[1:]:
            value = promise_value(other.promise)
            if value is None or first_value is None or value[0] != first_value[0]:
                continue
            if value != first_value:
                where = first.location.chapter or f"第{first.location.line}行"
                lvl = f"（{level}级）" if level else ""
                message = (
                    f"{KIND_NAMES.get(kind, kind)}{lvl}承诺“{describe(other.promise)}”与"
                    f"{where}的“{describe(first.promise)}”矛盾"
                )
                yield this.finding(
                    message, other.location, [other.promise.quote, first.promise.quote]
                )
