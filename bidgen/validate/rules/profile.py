"""BG1xx: the profile's own figures make sense before any text is written."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bidgen.core.kinds import FAULT_ORDER, label
from bidgen.core.quantities import Duration
from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding
from bidgen.validate.registry import Rule, rule

if TYPE_CHECKING:
    from bidgen.profile.models import FaultLevel, Profile

TIME_FIELDS = FAULT_ORDER
TIME_NAMES = {kind: label(kind) for kind in FAULT_ORDER}


def _profile(ctx: CheckContext) -> Profile:
    # The runner runs profile-scope rules only when a profile is loaded.
    assert ctx.loaded is not None
    return ctx.loaded.profile


def _times(level: FaultLevel) -> list[tuple[str, Duration]]:
    return [(name, getattr(level, name)) for name in TIME_FIELDS if getattr(level, name)]


@rule("BG101")
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


@rule("BG102")
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


@rule("BG103")
def implausible_times(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for index, level in enumerate(_profile(ctx).fault_levels):
        for name, duration in _times(level):
            reason = implausible(duration, name)
            if reason:
                message = f"{level.name}的{TIME_NAMES[name]}时限{reason}"
                yield this.finding(message, ctx.profile_at("fault_levels", index, name))


@rule("BG104")
def outlet_close_enough(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    travel = _profile(ctx).bidder.outlet.travel_time
    for index, level in enumerate(_profile(ctx).fault_levels):
        arrival = level.arrival
        if arrival and arrival.comparable(travel) and arrival < travel:
            message = f"{level.name}承诺{arrival}内到达现场，但服务网点路程需要{travel}，无法兑现"
            yield this.finding(message, ctx.profile_at("fault_levels", index, "arrival"))


@rule("BG105")
def spare_delivery_fits(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    delivery = _profile(ctx).spare_parts.delivery
    for level in _profile(ctx).fault_levels:
        spare = level.replacement
        if spare and spare.comparable(delivery) and spare < delivery:
            message = f"{level.name}承诺{spare}内提供备用设备，但备件送达时限为{delivery}"
            yield this.finding(message, ctx.profile_at("spare_parts", "delivery"))
