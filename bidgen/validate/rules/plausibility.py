"""Plausibility: figures that are each valid but do not fit the project an evaluator sees.

Spare stock against the installed base and the class of equipment, spares and
equipment without a model or brand, a service outlet too far for the arrival
promise when nobody is on site, emergency steps without a time target, and
standards that were replaced before the bid date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bidgen.core.quantities import NUMBER_PATTERN
from bidgen.core.standards import Standard, find_numbers, standards_table
from bidgen.core.vocabulary import SCENARIOS
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import CHAPTER_SEPARATOR, Finding, Location
from bidgen.validate.registry import Rule, rule
from bidgen.validate.rules.profile import _profile
from bidgen.validate.rules.residue import sentence_around

if TYPE_CHECKING:
    from bidgen.profile.models import Equipment, Profile

# Equipment of which a whole spare unit is not stocked: large, costly installations whose
# spares are key parts (modules, boards, probes), with a standby unit for a long outage.
LARGE_EQUIPMENT = re.compile(
    r"分析仪|超声诊断仪|彩超|(?<![A-Za-z])(?:CT|MRI|DSA|DR)(?![A-Za-z])|磁共振|直线加速器"
    r"|血液透析|麻醉机|内窥镜系统|存储阵列|扩容阵列|磁盘阵列|小型机|核心交换机|框式"
    r"|UPS主机|精密空调|柴油发电机"
)
# A scope with these words supplies new goods: its spares are of the supplied models.
_NEW_SUPPLY = re.compile(r"供货|采购|供应|交付|安装调试")
_SAME_MODEL = "与现有型号一致"


def _stocked(profile: Profile) -> Iterator[tuple[int, Equipment]]:
    for index, item in enumerate(profile.equipment):
        if item.spare:
            yield index, item


@rule("BG106")
def spare_stock_plausible(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    profile = _profile(ctx)
    for index, item in _stocked(profile):
        units = item.spare_units(profile.spare_parts.ratio)
        installed = f"{item.quantity}{item.unit}"
        if units > item.quantity:
            message = f"“{item.name}”储备整机{units}{item.unit}，多于设备数量{installed}"
            yield this.finding(message, ctx.profile_at("equipment", index, "spares"))
        elif units and LARGE_EQUIPMENT.search(f"{item.name}{item.model or ''}"):
            message = (
                f"“{item.name}”属大型设备，储备整机{units}{item.unit}（设备数量{installed}）"
                "不合常理：应在 spare_parts 中列出储备的关键部件，整机故障以备用设备保障"
            )
            yield this.finding(message, ctx.profile_at("equipment", index, "name"))


@rule("BG107")
def spare_model_given(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    profile = _profile(ctx)
    if not _NEW_SUPPLY.search(profile.project.scope):
        return
    for index, item in _stocked(profile):
        if not item.model or _SAME_MODEL in item.model:
            message = (
                f"本项目为新供货，备件清单中“{item.name}”没有写明型号（正文将写作“{_SAME_MODEL}”），"
                "应写明投标产品的型号"
            )
            yield this.finding(message, ctx.profile_at("equipment", index, "name"))


@rule("BG108")
def some_brand_given(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    profile = _profile(ctx)
    if profile.equipment and not any(item.maker for item in profile.equipment):
        message = f"设备清单的{len(profile.equipment)}类设备均未写明品牌或制造商（maker）"
        yield this.finding(message, ctx.profile_at("equipment"))


def _nobody_resident(profile: Profile) -> bool:
    return profile.service.resident_engineers == 0 and not any(p.resident for p in profile.staff)


@rule("BG109")
def outlet_margin(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    profile = _profile(ctx)
    travel = profile.bidder.outlet.travel_time
    if not _nobody_resident(profile) or travel.minutes is None:
        return
    for level in profile.fault_levels:
        arrival = level.arrival
        if arrival is None or arrival.minutes is None or arrival.minutes < travel.minutes:
            continue  # remote only, working days, or already BG104
        if travel.minutes * 2 > arrival.minutes:
            share = round(travel.minutes * 100 / arrival.minutes)
            message = (
                f"无驻场人员，服务网点路程{travel}占{level.name}到达现场时限（{arrival}）的{share}%，"
                "接报、派工和交通稍有延误即超时：应安排驻场人员或就近设点"
            )
            yield this.finding(message, ctx.profile_at("bidder", "outlet", "travel_time"))


_TIME = re.compile(
    rf"(?:{NUMBER_PATTERN})\s*(?:个)?(?:分钟|小时|钟头|工作日|天|日|周|个月)|半小时|半天|当日|当天|次日"
)
_STEP = re.compile(r"^[^：:，。]{2,12}(?:（[^）]{1,40}）)?[：:]")
# A list marker and bold markup, as a Markdown or text proposal read back may keep them.
_MARKUP = re.compile(r"^\s*(?:\d{1,2}[.．、)）]|[-*•])\s*|\*\*|__")


def _is_step(text: str) -> bool:
    """A numbered emergency step: a short lead, perhaps who does it, then a colon."""
    return bool(_STEP.match(_MARKUP.sub("", text)))


_EMERGENCY = "应急"


def _is_scenario(chapter: str) -> bool:
    """An emergency chapter's scenario section ("（四）硬件设备故障处置"), not its principles."""
    path = chapter.split(CHAPTER_SEPARATOR)
    leaf = path[-1]
    named = any(name in leaf for name in SCENARIOS.values())
    return len(path) > 1 and _EMERGENCY in path[0] and (named or leaf.endswith("处置"))


def _step_lists(units: list[TextUnit]) -> Iterator[tuple[str, list[TextUnit]]]:
    """The emergency scenarios with their numbered steps ("落实替代（组）：…")."""
    sections: dict[str, list[TextUnit]] = {}
    for unit in units:
        if unit.kind == "item" and _is_step(unit.text) and _is_scenario(unit.location.chapter):
            sections.setdefault(unit.location.chapter, []).append(unit)
    for chapter, steps in sections.items():
        if len(steps) >= 2:
            yield chapter, steps


@rule("BG209")
def emergency_steps_timed(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for chapter, steps in _step_lists(ctx.units):
        if any(_TIME.search(step.text) for step in steps):
            continue
        title = chapter.split(CHAPTER_SEPARATOR)[-1]
        message = f"{title}的{len(steps)}个处置步骤均未写明时限（到场、恢复、上报或提供备用设备）"
        yield this.finding(message, steps[0].location, [steps[0].text[:40]])


def _outdated(standard: Standard) -> str:
    when = f"自{standard.date.isoformat()}起" if standard.date else ""
    if standard.status == "withdrawn":
        state = f"{when}已废止"
    else:
        state = f"{when}已被{standard.replaced_by}替代"
    return state + ("" if standard.certain else "（标准状态表中此项待核实）")


@rule("BG406")
def standards_current(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    table = standards_table()
    profile = ctx.profile
    day = profile.project.date if profile else None
    cited: set[str] = set()
    for index, text in enumerate(profile.quality.standards if profile else []):
        for number, start, end, _dated in find_numbers(text):
            cited.add(number)
            entry = table.get(number)
            if entry and entry.outdated_at(day):
                message = f"引用的标准{number}{_outdated(entry)}，请改引现行版本"
                where = ctx.profile_at("quality", "standards", index)
                yield this.finding(message, where, [text[start:end]])
    for unit in ctx.units:
        for number, start, end, _dated in find_numbers(unit.text):
            entry = table.get(number)
            if number in cited or not entry or not entry.outdated_at(day):
                continue
            message = f"引用的标准{number}{_outdated(entry)}，请改引现行版本"
            quote = sentence_around(unit.text, start, end)
            yield this.finding(message, _column(unit.location, start), [quote])


def _column(location: Location, offset: int) -> Location:
    if location.line <= 0:
        return location
    return Location(
        location.file, location.line, (location.column or 1) + offset, location.order,
        location.chapter,
    )  # fmt: skip
