"""Compare the tender's requirements with what the profile promises.

A requirement is one clause of the tender with zero or more conditions. Each
condition is checked at every fault level (or trainee group) it applies to; the
clause is 正偏离 (better than required somewhere, worse nowhere), 无偏离
(equal), 负偏离 (worse somewhere: every failing check is kept, so messages can
name them all), or unanswered when the profile promises nothing of a kind. A
qualitative clause is answered by its ``response`` text. Used by the BG3xx
rules and the deviation table (售后服务偏离表); what a kind is, how its limit is
read and which way is better all come from :mod:`bidgen.core.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bidgen.core.kinds import KINDS, Kind, compare, parse_limit
from bidgen.core.quantities import Value, comparable
from bidgen.profile.models import Condition, FaultLevel, Profile, Requirement

BETTER, EQUAL, WORSE = "正偏离", "无偏离", "负偏离"
_DEVIATIONS = {"better": BETTER, "equal": EQUAL, "worse": WORSE}


@dataclass(frozen=True)
class Check:
    """One condition at one fault level or trainee group (``scope``: its name, or "")."""

    condition: Condition
    scope: str
    limit: Value
    offered: Value | None
    deviation: str | None  # BETTER / EQUAL / WORSE, None when unanswered
    reason: str = ""  # why unanswered

    @property
    def kind(self) -> Kind:
        return KINDS[self.condition.kind]

    @property
    def subject(self) -> str:
        """What is compared, as a message names it: 一级故障到达现场时间."""
        return f"{self.scope}{self.kind.noun}"

    @property
    def statement(self) -> str:
        """Our promise for this check in the tender's terms: 一级故障1小时内到达现场."""
        return self.scope + self.promise if self.offered is not None else ""

    @property
    def promise(self) -> str:
        """The kind's phrase with our figure, without the scope: 1小时内到达现场."""
        grouped = bool(self.condition.group and self.kind.group_phrase)
        phrase = self.kind.group_phrase if grouped else self.kind.phrase
        return phrase.format(v=self.offered)


@dataclass(frozen=True)
class Evaluation:
    index: int
    requirement: Requirement
    checks: tuple[Check, ...]
    deviation: str | None  # BETTER / EQUAL / WORSE, None when unanswered
    reason: str = ""  # why unanswered

    @property
    def answered(self) -> bool:
        return self.deviation is not None

    @property
    def failing(self) -> tuple[Check, ...]:
        """Every check that is worse than required (all named in messages)."""
        return tuple(check for check in self.checks if check.deviation == WORSE)

    @property
    def offered(self) -> str:
        """Our figures, each with its level or group: "一级故障2小时；二级故障4小时"."""
        return "；".join(f"{c.scope}{c.offered}" for c in self.checks if c.offered is not None)

    @property
    def response(self) -> str:
        """Our answer as the 投标响应 cell states it."""
        own = self.requirement.response.text if self.requirement.response else ""
        return own or join_statements(self.checks)

    @property
    def explanation(self) -> str:
        """Why the deviation is what it is (the 说明 column, before the section reference)."""
        if not self.answered:
            return self.reason
        if self.requirement.qualitative:
            return "已按招标要求响应"
        if self.deviation == WORSE:
            return "不满足要求：" + "；".join(_versus(c) for c in self.failing)
        better = [c for c in self.checks if c.deviation == BETTER]
        if better:
            return "优于要求：" + "；".join(_versus(c) for c in better)
        return "满足要求"


def _versus(check: Check) -> str:
    return f"{check.subject}要求{check.limit}，承诺{check.offered}"


def join_statements(checks: tuple[Check, ...]) -> str:
    """Statements of one scope joined by "，", scopes by "；", the scope named once:
    "一级故障1小时内到达现场，4小时内排除故障"."""
    parts: list[str] = []
    previous: str | None = None
    for check in checks:
        if check.offered is None:
            continue
        if check.scope and check.scope == previous:
            parts[-1] += "，" + check.promise
        else:
            parts.append(check.statement)
        previous = check.scope
    return "；".join(parts)


def find_level(profile: Profile, level: str | int) -> FaultLevel | None:
    levels = profile.fault_levels
    if isinstance(level, int) or str(level).isdigit():
        position = int(level)
        return levels[position - 1] if 0 < position <= len(levels) else None
    wanted = str(level).strip()
    for candidate in levels:
        if candidate.name == wanted or candidate.name.startswith(wanted):
            return candidate
    return None


def evaluate(profile: Profile) -> list[Evaluation]:
    return [_evaluate(index, req, profile) for index, req in enumerate(profile.requirements)]


def _evaluate(index: int, req: Requirement, profile: Profile) -> Evaluation:
    if req.qualitative:
        answered = bool(req.response and req.response.text)
        if answered:
            return Evaluation(index, req, (), EQUAL)
        return Evaluation(index, req, (), None, "未填写投标响应（response）")
    checks = tuple(check for cond in req.all_conditions for check in _checks(cond, profile))
    missing = [check.reason for check in checks if check.deviation is None]
    if missing:
        return Evaluation(index, req, checks, None, "；".join(dict.fromkeys(missing)))
    found = {check.deviation for check in checks}
    deviation = WORSE if WORSE in found else BETTER if BETTER in found else EQUAL
    return Evaluation(index, req, checks, deviation)


def _checks(cond: Condition, profile: Profile) -> list[Check]:
    kind = KINDS[cond.kind]
    limit = parse_limit(cond.kind, cond.limit)
    offers = _offers(cond, kind, profile)
    if isinstance(offers, str):
        return [Check(cond, "", limit, None, None, offers)]
    return [_compare(cond, scope, limit, value) for scope, value in offers]


def _compare(cond: Condition, scope: str, limit: Value, value: Value) -> Check:
    if not comparable(value, limit):
        reason = f"{scope}承诺与要求的计量单位不同，无法比较（如工作日与小时）"
        return Check(cond, scope, limit, value, None, reason)
    return Check(cond, scope, limit, value, _DEVIATIONS[compare(cond.kind, value, limit)])


Offers = list[tuple[str, Value]]  # (fault level or trainee group, or "", the promised value)


def _offers(cond: Condition, kind: Kind, profile: Profile) -> Offers | str:
    """(scope, value) pairs that answer the condition, or why there are none."""
    if kind.levelled:
        return _level_offers(cond, kind, profile)
    if cond.group and kind.grouped is not None:
        value = kind.grouped(profile, cond.group)
        if value is None:
            return f"培训课程中没有面向“{cond.group}”的课程"
        return [(cond.group, value)]
    value = kind.offered(profile)
    if value is None:
        return f"项目配置未承诺{kind.noun}"
    return [("", value)]


def _level_offers(cond: Condition, kind: Kind, profile: Profile) -> Offers | str:
    if cond.level is not None:
        level = find_level(profile, cond.level)
        if level is None:
            return f"项目配置中没有故障级别“{cond.level}”"
        levels = [level]
    else:
        levels = list(profile.fault_levels)
    offers = []
    for level in levels:
        value = kind.level_value(level)
        if value is None:
            what = "只提供远程支持" if kind.id == "arrival" else f"未承诺{kind.noun}"
            return f"{level.name}{what}"
        offers.append((level.name, value))
    return offers
