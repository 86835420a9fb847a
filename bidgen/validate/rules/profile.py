"""BG1xx: the profile's own figures make sense before any text is written."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from bidgen.core.kinds import FAULT_ORDER, label
from bidgen.core.quantities import Duration
from bidgen.profile.models import FaultLevel, Profile
from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding
from bidgen.validate.registry import Rule, Scope, rule

TIME_FIELDS = FAULT_ORDER
TIME_NAMES = {kind: label(kind) for kind in FAULT_ORDER}


def _profile(ctx: CheckContext) -> Profile:
    # The runner runs profile-scope rules only when a profile is loaded.
    assert ctx.loaded is not None
    return ctx.loaded.profile


def _times(level: FaultLevel) -> list[tuple[str, Duration]]:
    return [(name, getattr(level, name)) for name in TIME_FIELDS if getattr(level, name)]


@rule(
    "BG101",
    "fault-times-out-of-order",
    "error",
    "同一故障级别的时限先后颠倒",
    "检查每个故障级别的时限满足：响应 ≤ 到达现场 ≤ 解决 ≤ 提供备用设备。",
    "承诺 2 小时解决却 4 小时才到场，评审专家一眼就能看出方案自相矛盾。",
    "一级故障：到达现场 4小时，解决 2小时。",
    scope=Scope.PROFILE,
)
def fault_times_in_order(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for index, level in enumerate(_profile(ctx).fault_levels):
        times = _times(level)
        for (first, early), (second, late) in itertools.pairwise(times):
            if early.comparable(late) and late < early:
                message = (
                    f"{level.name}：{TIME_NAMES[second]}时限（{late}）早于"
                    f"{TIME_NAMES[first]}时限（{early}），先后顺序不合理"
                )
                yield this.finding(message, ctx.profile_at("fault_levels", index, second))


@rule(
    "BG102",
    "lower-level-faster",
    "error",
    "低级别故障承诺得比高级别更快",
    "检查故障级别按严重程度排列时，较低级别的各项时限不短于较高级别。",
    "二级故障比一级故障到场更快，说明时限抄错或级别顺序颠倒。",
    "一级故障到达现场 2小时，二级故障到达现场 1小时。",
    scope=Scope.PROFILE,
)
def lower_level_not_faster(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    levels = _profile(ctx).fault_levels
    for index in range(1, len(levels)):
        higher, lower = levels[index - 1], levels[index]
        for name in TIME_FIELDS:
            fast, slow = getattr(higher, name), getattr(lower, name)
            if fast and slow and fast.comparable(slow) and slow < fast:
                message = (
                    f"{lower.name}的{TIME_NAMES[name]}时限（{slow}）短于"
                    f"{higher.name}（{fast}），低级别故障不应承诺得更快"
                )
                yield this.finding(message, ctx.profile_at("fault_levels", index, name))


_LIMITS = {"response": 24 * 60, "arrival": 7 * 24 * 60, "resolution": 30 * 24 * 60}
_DOUBLED = re.compile(r"^(\d{2,})\1$")


def implausible(duration: Duration, kind: str) -> str | None:
    """Why a promised time is implausible, or None."""
    value = duration.minutes if duration.minutes is not None else duration.working_days
    if value is not None and _DOUBLED.match(str(value)) and value >= 100:
        # In the unit the doubling happened in: 3030分钟 reads as 50.5小时 otherwise.
        written = f"{value}分钟" if duration.minutes is not None else f"{value}个工作日"
        return f"“{written}”疑似数字重复（格式转换残留）"
    limit = _LIMITS.get(kind)
    if limit and duration.minutes is not None and duration.minutes > limit:
        return f"“{duration}”超出常理"
    return None


@rule(
    "BG103",
    "implausible-time",
    "warning",
    "时限数值不合常理",
    "检查故障时限是否超出常理（响应超过 24 小时、到场超过 7 天、解决超过 30 天）"
    "或疑似数字重复（如“3030分钟”）。",
    "格式转换常把“30分钟”变成“3030分钟”，这类数字会被评审认定为无效承诺。",
    "一级故障响应时间：3030分钟。",
    scope=Scope.PROFILE,
)
def implausible_times(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for index, level in enumerate(_profile(ctx).fault_levels):
        for name, duration in _times(level):
            reason = implausible(duration, name)
            if reason:
                message = f"{level.name}的{TIME_NAMES[name]}时限{reason}"
                yield this.finding(message, ctx.profile_at("fault_levels", index, name))


@rule(
    "BG104",
    "outlet-too-far",
    "error",
    "服务网点路程长于到场承诺",
    "检查本地服务网点到现场的路程时间（bidder.outlet.travel_time）不长于任何故障级别的到达现场时限。",
    "网点距现场 2 小时车程却承诺 1 小时到场，是无法兑现的承诺，也是评审质疑的重点。",
    "服务网点路程 2小时，一级故障到达现场 1小时。",
    scope=Scope.PROFILE,
)
def outlet_close_enough(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    travel = _profile(ctx).bidder.outlet.travel_time
    for index, level in enumerate(_profile(ctx).fault_levels):
        arrival = level.arrival
        if arrival and arrival.comparable(travel) and arrival < travel:
            message = f"{level.name}承诺{arrival}内到达现场，但服务网点路程需要{travel}，无法兑现"
            yield this.finding(message, ctx.profile_at("fault_levels", index, "arrival"))


@rule(
    "BG105",
    "spare-slower-than-replacement",
    "warning",
    "备件送达慢于备用设备承诺",
    "检查备品备件送达时限（spare_parts.delivery）不长于各故障级别提供备用设备的时限。",
    "备用设备要靠备件库调拨，备件 8 小时才能送达却承诺 4 小时提供备机，前后矛盾。",
    "备件送达 8小时，一级故障提供备用设备 4小时。",
    scope=Scope.PROFILE,
)
def spare_delivery_fits(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    delivery = _profile(ctx).spare_parts.delivery
    for level in _profile(ctx).fault_levels:
        spare = level.replacement
        if spare and spare.comparable(delivery) and spare < delivery:
            message = f"{level.name}承诺{spare}内提供备用设备，但备件送达时限为{delivery}"
            yield this.finding(message, ctx.profile_at("spare_parts", "delivery"))
