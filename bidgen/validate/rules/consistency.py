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
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from bidgen.core.kinds import FAULT_ORDER, KINDS, label, level_kinds
from bidgen.core.quantities import CN_DIGITS, Duration, Value, comparable, same, shorter
from bidgen.validate.context import CheckContext, Located, TextUnit
from bidgen.validate.findings import CHAPTER_SEPARATOR, Finding, Location
from bidgen.validate.promises import Promise
from bidgen.validate.registry import Rule, rule

if TYPE_CHECKING:
    from bidgen.profile.models import Profile


def describe(promise: Promise) -> str:
    return promise.value_text or promise.quote


def repaired(*promises: Promise) -> str:
    """What a message adds when a figure was read from damaged text ("1515 分钟" as 15分钟)."""
    notes = [
        f"原文“{p.repaired}”疑似数字重复，已按“{p.value_text}”读取" for p in promises if p.repaired
    ]
    return f"（{'；'.join(notes)}）" if notes else ""


# --------------------------------------------------------------------------
# Proposals glued into one document (方案一/方案二, 篇一/篇二): judged one by one

_PART = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,2}[)）、.]\s*)?"
    r"(?P<name>(?:[\u4e00-\u9fff]{0,6}方案|篇)[一二三四五六七八九十]{1,2}(?![\u4e00-\u9fff]*?[的中])"
    r"|第[一二三四五六七八九十]{1,2}篇)"
)
_PART_TEXT_MAX = 40  # a paragraph that opens a part is a title, not a sentence


def parts(ctx: CheckContext) -> dict[int, str]:
    """Each text unit's part (by ``id``): the latest 方案N/篇N title before it, "" if none."""
    part = ""
    found: dict[int, str] = {}
    for unit in ctx.units:
        title = unit.kind == "heading" or len(unit.text) <= _PART_TEXT_MAX
        match = _PART.match(unit.text) if title and unit.kind != "row" else None
        if match:
            part = match.group("name")
        found[id(unit)] = _chapter_part(unit.location.chapter) or part
    return found


def _chapter_part(chapter: str) -> str:
    """The part a chapter path names ("方案二 › 一、响应时间" is in 方案二), if any."""
    for title in chapter.split(CHAPTER_SEPARATOR):
        match = _PART.match(title)
        if match:
            return match.group("name")
    return ""


def within(part: str) -> str:
    return f"（在“{part}”内比较）" if part else ""


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


@rule("BG201")
def differs_from_profile(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.profile is None:
        return
    for item in ctx.promises:
        promise = item.promise
        if promise.named:
            continue  # "年度巡检" names an inspection; it does not say how often they happen
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
        message = f"{subject}与项目配置不一致（项目配置：{labels}）{repaired(promise)}"
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


@rule("BG202")
def contradictions(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    groups: dict[tuple[str, str, str | None, str | None], list[Located]] = defaultdict(list)
    graded = _graded_kinds(ctx)
    part_of = parts(ctx)
    for item in ctx.promises:
        promise = item.promise
        if promise.named or promise.universal:
            continue  # a report's name (月报) or a cap over all cases (BG206)
        if promise.level is None and promise.kind in graded:
            continue  # the text grades this kind by level: an unlevelled time may be any level
        if _is_part(promise):
            continue  # one course's hours, not the programme's
        if _settled_by_profile(ctx, promise):
            continue
        key = (part_of.get(id(item.unit), ""), promise.kind, promise.level, promise.case)
        groups[key].append(item)
    for (part, kind, level, _case), items in groups.items():
        yield from _contradicting(ctx, this, kind, level, items, part)


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
    ctx: CheckContext, this: Rule, kind: str, level: str | None, items: list[Located], part: str
) -> Iterator[Finding]:
    first = items[0]
    first_value = first.promise.value
    for other in items[1:]:
        value = other.promise.value
        subject = (
            f"{level_text(ctx, level)}{label(kind)}承诺“{describe(other.promise)}”"
            f"与{_where(first)}的“{describe(first.promise)}”"
        )
        if _days_against_hours(value, first_value):
            message = f"{subject}不一致（工作日与小时混用，评审会按不利的一处认定）"
        elif comparable(value, first_value) and not same(value, first_value):
            message = f"{subject}矛盾"
        else:
            continue
        message += within(part) + repaired(other.promise, first.promise)
        yield this.finding(message, other.location, [other.promise.quote, first.promise.quote])


def _days_against_hours(a: Value, b: Value) -> bool:
    """One limit in working days, the other in calendar time ("1个工作日" and "2小时")."""
    return isinstance(a, Duration) and isinstance(b, Duration) and not a.comparable(b)


FirstBy = dict[tuple[str, str, int], Located]  # (part, fault kind, level; 0: none) -> first


def _first_by(ctx: CheckContext) -> FirstBy:
    """The first promise of each (part, fault kind, level) in the text.

    A kind the part never grades by level is compared at "level 0" (no level):
    "2小时内响应，1小时内到达现场" is out of order without any level.
    """
    part_of = parts(ctx)
    graded = {
        (part_of.get(id(item.unit), ""), item.promise.kind)
        for item in ctx.promises
        if item.promise.level is not None
    }
    first: FirstBy = {}
    for item in ctx.promises:
        promise = item.promise
        if promise.kind not in FAULT_ORDER or promise.universal:
            continue
        part = part_of.get(id(item.unit), "")
        if promise.level is not None:
            first.setdefault((part, promise.kind, int(promise.level)), item)
        elif (part, promise.kind) not in graded and promise.case is None:
            first.setdefault((part, promise.kind, 0), item)
    return first


def _later(a: Located, b: Located) -> Located:
    return max(a, b, key=lambda item: (item.location.order, item.location.line, item.promise.start))


@rule("BG203")
def text_order(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.profile is not None:
        return
    first = _first_by(ctx)
    for part, level in sorted({(part, level) for part, _kind, level in first}):
        present = [first[(part, k, level)] for k in FAULT_ORDER if (part, k, level) in first]
        if level == 0:
            present = [item for item in present if not _levelled_elsewhere(first, part, item)]
        for early, late in itertools.pairwise(present):
            if shorter(late.promise.value, early.promise.value):
                head = f"{level_text(ctx, str(level))}：" if level else ""
                message = (
                    f"{head}{late.promise.label}时限（{describe(late.promise)}）"
                    f"早于{early.promise.label}时限（{describe(early.promise)}），先后顺序不合理"
                    + within(part)
                    + repaired(late.promise, early.promise)
                )
                quotes = [late.promise.quote, early.promise.quote]
                yield this.finding(message, _later(early, late).location, quotes)


def _levelled_elsewhere(first: FirstBy, part: str, item: Located) -> bool:
    """Whether the part grades any fault kind by level (then unlevelled times are not ordered)."""
    return any(p == part and level for p, _kind, level in first)


@rule("BG204")
def text_levels(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.profile is not None:
        return
    first = _first_by(ctx)
    for part, kind in sorted({(part, kind) for part, kind, level in first if level}):
        present = sorted(
            (level, item)
            for (p, k, level), item in first.items()
            if (p, k) == (part, kind) and level
        )
        for (high, fast), (low, slow) in itertools.pairwise(present):
            if shorter(slow.promise.value, fast.promise.value):
                message = (
                    f"{level_text(ctx, str(low))}的{label(kind)}时限（{describe(slow.promise)}）"
                    f"短于{level_text(ctx, str(high))}（{describe(fast.promise)}），低级别故障不应承诺得更快"
                    + within(part)
                    + repaired(slow.promise, fast.promise)
                )
                quotes = [slow.promise.quote, fast.promise.quote]
                yield this.finding(message, _later(fast, slow).location, quotes)


# --------------------------------------------------------------------------
# Weak promises, caps, cases named in words, service hours


def _figured(ctx: CheckContext) -> set[tuple[str, str]]:
    """(part, kind) of every promise with a figure."""
    part_of = parts(ctx)
    return {(part_of.get(id(item.unit), ""), item.promise.kind) for item in ctx.promises}


def _at(unit: TextUnit, start: int) -> Location:
    loc = unit.location
    return replace(loc, column=(loc.column or 1) + start) if loc.line > 0 else loc


@rule("BG205")
def weak_promises(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    figured = _figured(ctx)
    part_of = parts(ctx)
    for weak, unit in ctx.weak_promises:
        if (part_of.get(id(unit), ""), weak.kind) in figured:
            continue  # the kind has a figure (or the reference resolves to one)
        if weak.reference:
            message = f"{weak.label}写作与“{weak.reference}”相同，但文中没有写明所引用的时限"
        else:
            message = f"{weak.label}承诺“{weak.quote}”没有写明时限，评审无法打分"
        yield this.finding(message, _at(unit, weak.start), [weak.quote])


def _by_part(ctx: CheckContext) -> dict[str, list[Located]]:
    part_of = parts(ctx)
    grouped: dict[str, list[Located]] = defaultdict(list)
    for item in ctx.promises:
        grouped[part_of.get(id(item.unit), "")].append(item)
    return grouped


@rule("BG206")
def caps(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for part, items in _by_part(ctx).items():
        tightest: dict[str, Located] = {}  # kind -> its tightest cap (one pass: linear)
        for item in items:
            kind, held = item.promise.kind, tightest.get(item.promise.kind)
            if item.promise.universal and (
                held is None or shorter(item.promise.value, held.promise.value)
            ):
                tightest[kind] = item
        for other in items:
            promise, cap = other.promise, tightest.get(other.promise.kind)
            if cap is None or promise.universal or not shorter(cap.promise.value, promise.value):
                continue
            message = (
                f"{level_text(ctx, promise.level)}{promise.label}承诺“{describe(promise)}”"
                f"超出对所有情形所作的承诺“{cap.promise.quote}”（{describe(cap.promise)}）"
                + within(part)
                + repaired(promise, cap.promise)
            )
            yield this.finding(message, other.location, [promise.quote, cap.promise.quote])


_HARD = re.compile(r"复杂|疑难|较难")
_EASY = re.compile(r"一般|简单|常规|普通|轻微|日常")
_SEVERE = re.compile(r"重大|特大|严重|紧急|重要")


def _case_class(case: str | None) -> str | None:
    for name, pattern in (("hard", _HARD), ("easy", _EASY), ("severe", _SEVERE)):
        if case and pattern.match(case):
            return name
    return None


def _first_by_case(items: Iterable[Located]) -> dict[tuple[str, str | None, str], Located]:
    first: dict[tuple[str, str | None, str], Located] = {}
    for item in items:
        promise = item.promise
        cls = _case_class(promise.case)
        if cls and isinstance(promise.value, Duration):
            first.setdefault((promise.kind, promise.level, cls), item)
    return first


@rule("BG207")
def case_order(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for part, items in _by_part(ctx).items():
        first = _first_by_case(items)
        for (kind, level, cls), item in first.items():
            easy = first.get((kind, level, "easy"))
            if easy is None or cls == "easy":
                continue
            fast, slow = (item, easy) if cls == "hard" else (easy, item)
            if shorter(fast.promise.value, slow.promise.value):
                word = "短于" if cls == "hard" else "长于"
                message = (
                    f"{item.promise.case}的{label(kind)}时限（{describe(item.promise)}）{word}"
                    f"{easy.promise.case}（{describe(easy.promise)}），情形与时限倒挂"
                    + within(part)
                    + repaired(item.promise, easy.promise)
                )
                quotes = [item.promise.quote, easy.promise.quote]
                yield this.finding(message, _later(item, easy).location, quotes)


@rule("BG208")
def service_hours(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    part_of = parts(ctx)
    always: dict[str, str] = {}
    for item, unit in ctx.service_times:
        part = part_of.get(id(unit), "")
        if item.availability == "always":
            always.setdefault(part, item.quote)
    for item, unit in ctx.service_times:
        part = part_of.get(id(unit), "")
        if item.availability == "office" and part in always:
            message = f"“{item.quote}”与“{always[part]}”的服务时间矛盾" + within(part)
            yield this.finding(message, _at(unit, item.start), [item.quote, always[part]])
