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


@rule("BG301")
def substantive_negative(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    yield from _negative(ctx, this, substantive=True)


@rule("BG302")
def ordinary_negative(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    yield from _negative(ctx, this, substantive=False)


@rule("BG303")
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


@rule("BG304")
def qualitative_unanswered(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if ev.answered or not ev.requirement.qualitative:
            continue
        message = f"{_clause(ev)}“{ev.requirement.text}”没有填写投标响应（response）"
        yield this.finding(
            message, ctx.profile_at("requirements", ev.index), [ev.requirement.wording]
        )


@rule("BG305")
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
