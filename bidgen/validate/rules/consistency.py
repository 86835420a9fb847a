"""BG2xx: every promise in the text agrees with the profile and with itself.

Promises come from :mod:`bidgen.validate.promises` (via ``ctx.promises``). With a
profile, BG201 compares each one with the profile's figure for its kind (and
level), as the kind's entry in :mod:`bidgen.core.kinds` says where to find it;
BG202–BG204 then only look at what the profile cannot settle, so one wrong
figure is reported once. Without a profile (``bidgen lint`` on an old bid)
BG202–BG204 compare the text with itself.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from bidgen.core.kinds import FAULT_ORDER, KINDS, label, level_kinds
from bidgen.core.quantities import CN_DIGITS, Value, comparable, same, shorter
from bidgen.profile.models import Profile
from bidgen.validate.context import CheckContext, Located
from bidgen.validate.findings import Finding
from bidgen.validate.promises import Promise
from bidgen.validate.registry import Rule, rule


def describe(promise: Promise) -> str:
    return promise.value_text or promise.quote


# --------------------------------------------------------------------------
# What the profile says for each kind


Expected = list[tuple[str, Value]]  # (the profile's figure in words, the figure)


def _simple_expected(profile: Profile, promise: Promise) -> Expected:
    kind = KINDS.get(promise.kind)
    if kind is None:
        return []
    pairs = [(kind.label, kind.offered(profile))]
    if kind.parts is not None and not promise.total:
        pairs += kind.parts(profile)  # one course's hours may be any course's
    return [(f"{name}{value}", value) for name, value in pairs if value is not None]


def expected(profile: Profile, promise: Promise) -> Expected | str:
    """The profile's figures for the promise's kind and level, or why there is none."""
    kind = KINDS.get(promise.kind)
    if kind is None or not kind.levelled:
        return _simple_expected(profile, promise)
    levels = list(enumerate(profile.fault_levels, start=1))
    if promise.level is not None:
        position = int(promise.level)
        if position > len(levels):
            return f"项目配置只有{len(levels)}个故障级别"
        levels = [levels[position - 1]]
    found: Expected = []
    for _position, level in levels:
        value = kind.level_value(level)
        if value is not None:
            found.append((f"{level.name}{kind.label}{value}", value))
        elif promise.level is not None:
            what = "只提供远程支持" if promise.kind == "arrival" else f"未承诺{kind.label}时限"
            return f"项目配置中{level.name}{what}"
    return found


def level_text(ctx: CheckContext, level: str | None) -> str:
    if level is None:
        return ""
    names = ctx.level_names
    position = int(level)
    if 0 < position <= len(names):
        return names[position - 1]
    digit = CN_DIGITS[position] if 0 < position < len(CN_DIGITS) else level
    return f"{digit}级故障"


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
    if ctx.profile is None:
        return
    for item in ctx.promises:
        promise = item.promise
        value = promise.value
        wanted = expected(ctx.profile, promise)
        subject = f"{level_text(ctx, promise.level)}{promise.label}承诺“{describe(promise)}”"
        if isinstance(wanted, str):
            yield this.finding(f"{subject}，但{wanted}", item.location, [promise.quote])
            continue
        candidates = [(text, v) for text, v in wanted if comparable(v, value)]
        if not candidates or any(same(v, value) for _text, v in candidates):
            continue
        labels = "、".join(text for text, _v in candidates)
        message = f"{subject}与项目配置不一致（项目配置：{labels}）"
        yield this.finding(message, item.location, [promise.quote])


def _settled_by_profile(ctx: CheckContext, promise: Promise) -> bool:
    """Whether BG201 already compares this promise with a figure of the profile."""
    if ctx.profile is None:
        return False
    wanted = expected(ctx.profile, promise)
    return isinstance(wanted, str) or any(comparable(v, promise.value) for _t, v in wanted)


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
    for item in ctx.promises:
        promise = item.promise
        if promise.level is None and promise.kind in graded:
            continue  # the text grades this kind by level: an unlevelled time may be any level
        if _is_part(promise):
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
    levelled = level_kinds()
    kinds = {item.promise.kind for item in ctx.promises if item.promise.level}
    if ctx.profile is not None and len(ctx.profile.fault_levels) > 1:
        kinds |= levelled
    return kinds & levelled


def _is_part(promise: Promise) -> bool:
    """A figure of one part of a summed kind (one course's hours), not the total."""
    kind = KINDS.get(promise.kind)
    return kind is not None and kind.parts is not None and not promise.total


def _contradicting(
    ctx: CheckContext, this: Rule, kind: str, level: str | None, items: list[Located]
) -> Iterator[Finding]:
    first = items[0]
    first_value = first.promise.value
    for other in items[1:]:
        value = other.promise.value
        if not comparable(value, first_value):
            continue
        if not same(value, first_value):
            message = (
                f"{level_text(ctx, level)}{label(kind)}承诺“{describe(other.promise)}”"
                f"与{_where(first)}的“{describe(first.promise)}”矛盾"
            )
            yield this.finding(message, other.location, [other.promise.quote, first.promise.quote])


def _first_by(ctx: CheckContext) -> dict[tuple[str, int], Located]:
    """The first levelled promise of each (fault kind, level) in the text."""
    first: dict[tuple[str, int], Located] = {}
    for item in ctx.promises:
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
            if shorter(late.promise.value, early.promise.value):
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
            if shorter(slow.promise.value, fast.promise.value):
                message = (
                    f"{level_text(ctx, str(low))}的{label(kind)}时限（{describe(slow.promise)}）"
                    f"短于{level_text(ctx, str(high))}（{describe(fast.promise)}），低级别故障不应承诺得更快"
                )
                quotes = [slow.promise.quote, fast.promise.quote]
                yield this.finding(message, _later(fast, slow).location, quotes)
