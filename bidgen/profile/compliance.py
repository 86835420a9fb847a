"""Compare the tender's requirements with what the profile promises.

Each requirement gets 正偏离 (better than required), 无偏离 (equal) or 负偏离
(worse), or is unanswered when the profile promises nothing of that kind.
Used by the BG3xx rules and by the deviation table (售后服务偏离表). What a kind
is, how its limit is read and which way is better all come from
:mod:`bidgen.core.kinds`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bidgen.core.kinds import KINDS, compare, parse_limit, score
from bidgen.core.quantities import Value, comparable
from bidgen.profile.models import FaultLevel, Profile, Requirement

BETTER, EQUAL, WORSE = "正偏离", "无偏离", "负偏离"
_DEVIATIONS = {"better": BETTER, "equal": EQUAL, "worse": WORSE}

Offers = list[tuple[str, Value]]  # (fault level name or "", the promised value)


@dataclass(frozen=True)
class Evaluation:
    index: int
    requirement: Requirement
    offered: str  # our response, in words ("" when unanswered)
    deviation: str | None  # BETTER / EQUAL / WORSE, None when unanswered
    reason: str = ""  # why unanswered, or which level falls short
    response: str = ""  # our promise as a sentence, for the deviation table

    @property
    def answered(self) -> bool:
        return self.deviation is not None


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
    limit = parse_limit(req.kind, req.limit)
    offers = _offers(req, profile)
    if isinstance(offers, str):
        return Evaluation(index, req, "", None, offers)
    worst_name, worst = _worst(req.kind, offers, limit)
    if worst is None:
        return Evaluation(
            index, req, "", None, "承诺与要求的计量单位不同，无法比较（如工作日与小时）"
        )
    deviation = _DEVIATIONS[compare(req.kind, worst, limit)]
    offered = "；".join(f"{name}{value}" for name, value in offers)
    shortfall = worst_name if deviation == WORSE else ""
    response = response_text(req, offers, profile)
    return Evaluation(index, req, offered, deviation, shortfall, response)


def response_text(req: Requirement, offers: Offers, profile: Profile) -> str:
    """Our promise in words, each fault level named: "一级故障1小时内到达现场"."""
    kind = KINDS[req.kind]
    if not kind.levelled:
        return "；".join(kind.phrase.format(v=value) for _name, value in offers)
    level = find_level(profile, req.level) if req.level is not None else None
    named = [(level.name if level else name, value) for name, value in offers]
    return "；".join(f"{name}{kind.phrase.format(v=value)}" for name, value in named)


def _offers(req: Requirement, profile: Profile) -> Offers | str:
    """(label, value) pairs that answer the requirement, or why there are none."""
    kind = KINDS[req.kind]
    if kind.levelled:
        return _level_offers(req, profile)
    value = kind.offered(profile)
    if value is None:
        return f"项目配置未承诺{kind.label}"
    return [("", value)]


def _level_offers(req: Requirement, profile: Profile) -> Offers | str:
    kind = KINDS[req.kind]
    if req.level is not None:
        level = find_level(profile, req.level)
        if level is None:
            return f"项目配置中没有故障级别“{req.level}”"
        levels = [level]
    else:
        levels = list(profile.fault_levels)
    offers = []
    for level in levels:
        value = kind.level_value(level)
        if value is None:
            what = "只提供远程支持" if req.kind == "arrival" else "未承诺该项时限"
            return f"{level.name}{what}"
        offers.append((level.name if req.level is None else "", value))
    return offers


def _worst(kind: str, offers: Offers, limit: Value) -> tuple[str, Value | None]:
    """The offer that compares worst against the limit (the one that decides)."""
    worst_name, worst = "", None
    for name, value in offers:
        if not comparable(value, limit):
            return "", None
        if worst is None or score(kind, value) < score(kind, worst):
            worst_name, worst = name, value
    return worst_name, worst
