"""BG3xx: every clause of the tender is answered, and not worse; every scoring point too."""

from __future__ import annotations

from collections.abc import Iterator

from bidgen.core.kinds import KINDS
from bidgen.generate.deviation import UNANSWERED_POINT
from bidgen.profile.compliance import WORSE, Check, Evaluation
from bidgen.profile.models import Condition
from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding
from bidgen.validate.registry import Rule, rule


def _clause(ev: Evaluation) -> str:
    return f"招标文件{ev.requirement.star}{ev.requirement.clause}"


def _required(cond: Condition) -> str:
    scope = cond.group or (str(cond.level) if cond.level is not None else "")
    return f"{scope}{KINDS[cond.kind].noun}{cond.limit}"


def _shortfall(check: Check) -> str:
    return f"{check.subject}要求{check.limit}，本方案承诺{check.offered}"


def _negative(ctx: CheckContext, this: Rule, substantive: bool) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if ev.deviation != WORSE or ev.requirement.is_substantive != substantive:
            continue
        message = f"{_clause(ev)}：{'；'.join(_shortfall(c) for c in ev.failing)}，为负偏离"
        if substantive:
            message += "，实质性条款负偏离将导致投标被否决"
        where = ctx.profile_at("requirements", ev.index)
        yield this.finding(message, where, [ev.requirement.wording])


@rule(
    "BG301",
    "substantive-negative-deviation",
    "error",
    "★实质性要求负偏离",
    "把 requirements 中标记★（mark 或 substantive）的招标要求与项目配置的承诺逐项、逐级比较，"
    "任一故障级别或培训对象劣于要求即报错，并列出每一项不满足之处。",
    "★条款是实质性要求，任何一项负偏离都会导致废标。",
    "招标要求★一级故障2小时内到达现场，方案承诺4小时。",
    needs_profile=True,
)
def substantive_negative(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    yield from _negative(ctx, this, substantive=True)


@rule(
    "BG302",
    "negative-deviation",
    "warning",
    "一般要求负偏离",
    "把 requirements 中的一般（非★）招标要求与承诺比较，承诺劣于要求时给出警告。",
    "一般条款负偏离不会废标，但会在评分中失分，应在偏离表中如实说明或调整承诺。",
    "招标要求每月巡检一次，方案承诺每季度一次。",
    needs_profile=True,
)
def ordinary_negative(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    yield from _negative(ctx, this, substantive=False)


@rule(
    "BG303",
    "requirement-unanswered",
    "error",
    "招标要求没有对应承诺",
    "检查每条有量化条件的招标要求在项目配置中都有对应的承诺（如要求到达现场，而该级别只提供远程支持）。",
    "没有响应的要求会被视为不响应，★条款更会直接导致废标。",
    "招标要求三级故障8小时内到场，方案对三级故障只提供远程支持。",
    needs_profile=True,
)
def unanswered(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if ev.answered or ev.requirement.qualitative:
            continue
        wanted = "、".join(
            dict.fromkeys(_required(c.condition) for c in ev.checks if not c.deviation)
        )
        message = f"{_clause(ev)}要求{wanted}，本方案没有对应承诺：{ev.reason}"
        yield this.finding(
            message, ctx.profile_at("requirements", ev.index), [ev.requirement.wording]
        )


@rule(
    "BG304",
    "qualitative-unanswered",
    "error",
    "定性要求未填写响应",
    "没有量化条件的招标要求（如“须提供原厂售后服务承诺函”）须在 response 中写明投标响应。",
    "偏离表中响应为空的条款会被视为不响应；★条款不响应直接导致废标。",
    "招标要求★须提供原厂售后服务承诺函，requirements 中该条没有 response。",
    needs_profile=True,
)
def qualitative_unanswered(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if ev.answered or not ev.requirement.qualitative:
            continue
        message = f"{_clause(ev)}“{ev.requirement.text}”没有填写投标响应（response）"
        yield this.finding(
            message, ctx.profile_at("requirements", ev.index), [ev.requirement.wording]
        )


@rule(
    "BG305",
    "scoring-point-unanswered",
    "warning",
    "评分项没有对应章节",
    "对照评分响应索引，检查 scoring 中的每个评分项都能在方案中找到回答它的章节。",
    "评审专家按评分项逐条找响应内容，找不到对应章节的评分项通常不得分。",
    "评分项 B3“应急演练方案”的 answered_by 只列了方案中未选用的条款。",
    needs_profile=True,
)
def scoring_unanswered(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    assert ctx.profile is not None
    answered = _answered_points(ctx)
    for index, point in enumerate(ctx.profile.scoring):
        if point.code in answered:
            continue
        message = f"评分项 {point.code}“{point.item}”（{point.points:g}分）在方案中没有对应章节"
        yield this.finding(message, ctx.profile_at("scoring", index), [point.criteria])


def _answered_points(ctx: CheckContext) -> set[str]:
    """Codes of the scoring index rows that name a section (the index is in the document)."""
    codes = set()
    for unit in ctx.units:
        if unit.kind != "row" or not unit.header or unit.header[0] != "评分项编号":
            continue
        if unit.cells and UNANSWERED_POINT not in unit.cells[-1]:
            codes.add(unit.cells[0])
    return codes
