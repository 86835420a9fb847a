"""BG3xx: every requirement of the tender is answered, and not worse."""

from __future__ import annotations

from collections.abc import Iterator

from bidgen.core.kinds import KINDS
from bidgen.profile.compliance import WORSE, Evaluation
from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding, Location
from bidgen.validate.registry import Rule, rule


def _where(ctx: CheckContext, index: int) -> Location:
    assert ctx.loaded is not None
    line, column = ctx.loaded.source.locate(("requirements", index))
    return Location(ctx.loaded.source.file, line, column)


def _label(ev: Evaluation) -> str:
    req = ev.requirement
    star = "★" if req.substantive else ""
    level = f"（{req.level}）" if req.level is not None else ""
    return f"招标文件{star}{req.clause}“{KINDS[req.kind].noun}{level}”"


def _negative(ctx: CheckContext, this: Rule, substantive: bool) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if ev.deviation != WORSE or ev.requirement.substantive != substantive:
            continue
        who = f"（{ev.reason}）" if ev.reason else ""
        message = f"{_label(ev)}要求{ev.requirement.limit}，本方案承诺{ev.offered}{who}，为负偏离"
        if substantive:
            message += "，实质性条款负偏离将导致投标被否决"
        yield this.finding(message, _where(ctx, ev.index), [ev.requirement.wording])


@rule(
    "BG301",
    "substantive-negative-deviation",
    "error",
    "★实质性要求负偏离",
    "把 requirements 中标记 substantive（★）的招标要求与项目配置的承诺逐项比较，承诺劣于要求即报错。",
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
    "检查每条招标要求在项目配置中都有对应的承诺（如要求到达现场，而该级别只提供远程支持）。",
    "没有响应的要求会被视为不响应，★条款更会直接导致废标。",
    "招标要求三级故障8小时内到场，方案对三级故障只提供远程支持。",
    needs_profile=True,
)
def unanswered(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for ev in ctx.evaluations:
        if not ev.answered:
            message = f"{_label(ev)}要求{ev.requirement.limit}，本方案没有对应承诺：{ev.reason}"
            yield this.finding(message, _where(ctx, ev.index), [ev.requirement.wording])
