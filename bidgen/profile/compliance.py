"""Compare the tender's requirements with what the profile promises.

Each requirement gets 正偏离 (better than required), 无偏离 (equal) or 负偏离
(worse), or is unanswered when the profile promises nothing of that kind.
Used by the BG3xx rules and by the deviation table (售后服务偏离表).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bidgen.core.quantities import (
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    normalize_text,
    parse_chinese_int,
    parse_duration,
    parse_frequency,
    parse_service_window,
)
from bidgen.profile.models import LEVEL_KINDS

if TYPE_CHECKING:
    from bidgen.profile.models import FaultLevel, Profile, Requirement

BETTER, EQUAL, WORSE = "正偏离", "无偏离", "负偏离"


def _years(text: str) -> float:
    norm = normalize_text(text)
    match = re.fullmatch(r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?P<unit>年|个月)", norm)
    if not match:
        raise DurationError(f"无法识别的年限“{text}”（示例：3年、36个月）")
    number = match.group("n")
    value = float(number) if number[0].isdigit() else float(parse_chinese_int(number))
    return value if match.group("unit") == "年" else value / 12


def _course_hours(text: str) -> float:
    norm = normalize_text(text)
    match = re.fullmatch(r"(?P<n>\d+(?:\.\d+)?)(?:课时|学时|小时)", norm)
    if not match:
        raise DurationError(f"无法识别的课时“{text}”（示例：16课时）")
    return float(match.group("n"))


_PARSERS: dict[str, Any] = {
    "inspection": parse_frequency,
    "warranty": _years,
    "training_hours": _course_hours,
    "service_hours": parse_service_window,
}


def parse_limit(kind: str, text: str) -> Any:
    """The requirement's limit as a comparable value for its kind."""
    return _PARSERS.get(kind, parse_duration)(text)


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
    worst_name, worst = _worst(offers, limit)
    if worst is None:
        return Evaluation(
            index, req, "", None, "承诺与要求的计量单位不同，无法比较（如工作日与小时）"
        )
    deviation = _compare(worst, limit)
    offered = "；".join(f"{name}{value}" if name else f"{value}" for name, value in offers)
    shortfall = worst_name if deviation == WORSE else ""
    response = response_text(req, offers, profile)
    return Evaluation(index, req, offered, deviation, shortfall, response)


# How the deviation table states each kind of promise ("{v}" is the value).
_RESPONSE_PHRASES: dict[str, str] = {
    "response": "{v}内响应",
    "arrival": "{v}内到达现场",
    "resolution": "{v}内排除故障",
    "replacement": "{v}内提供备用设备",
    "report": "{v}内提交故障处理报告",
    "spare_delivery": "备件{v}内送达现场",
    "complaint_response": "收到投诉后{v}内与投诉人联系",
    "inspection": "{v}巡检",
    "inspection_report": "巡检结束后{v}内提交巡检报告",
    "warranty": "质保期{v}",
    "training_hours": "培训共{v}",
    "service_hours": "提供{v}服务",
}


def response_text(req: Requirement, offers: list[tuple[str, Any]], profile: Profile) -> str:
    """Our promise in words, each fault level named: "一级故障1小时内到达现场"."""
    phrase = _RESPONSE_PHRASES[req.kind]
    if req.kind not in LEVEL_KINDS:
        return "；".join(phrase.format(v=value) for _name, value in offers)
    level = find_level(profile, req.level) if req.level is not None else None
    named = [(level.name if level else name, value) for name, value in offers]
    return "；".join(f"{name}{phrase.format(v=value)}" for name, value in named)


def _offers(req: Requirement, profile: Profile) -> list[tuple[str, Any]] | str:
    """(label, value) pairs that answer the requirement, or why there are none."""
    if req.kind in LEVEL_KINDS:
        return _level_offers(req, profile)
    value = {
        "spare_delivery": profile.spare_parts.delivery,
        "complaint_response": profile.complaints.first_contact,
        "inspection": profile.inspection.frequency,
        "inspection_report": profile.inspection.report_within,
        "warranty": float(profile.warranty.years),
        "training_hours": float(sum(course.hours for course in profile.training.courses)),
        "service_hours": profile.service.hours,
    }[req.kind]
    return [("", _Shown(value, req.kind))]


def _level_offers(req: Requirement, profile: Profile) -> list[tuple[str, Any]] | str:
    if req.level is not None:
        level = find_level(profile, req.level)
        if level is None:
            return f"项目配置中没有故障级别“{req.level}”"
        levels = [level]
    else:
        levels = list(profile.fault_levels)
    offers = []
    for level in levels:
        value = getattr(level, req.kind)
        if value is None:
            what = "只提供远程支持" if req.kind == "arrival" else "未承诺该项时限"
            return f"{level.name}{what}"
        offers.append((level.name if req.level is None else "", value))
    return offers


@dataclass(frozen=True)
class _Shown:
    """A non-duration value with its Chinese rendering."""

    value: Any
    kind: str

    def __str__(self) -> str:
        return show_value(self.value, self.kind)


def show_value(value: Any, kind: str) -> str:
    """A profile figure as the text states it: 3年, 20课时, 2小时, 每月一次."""
    if kind in {"warranty", "support_years"}:
        return f"{value:g}年"
    if kind == "training_hours":
        return f"{value:g}课时"
    return str(value)


def _unwrap(value: Any) -> Any:
    return value.value if isinstance(value, _Shown) else value


def _worst(offers: list[tuple[str, Any]], limit: Any) -> tuple[str, Any]:
    """The offer that compares worst against the limit (the one that decides)."""
    worst_name, worst = "", None
    for name, shown in offers:
        value = _unwrap(shown)
        if isinstance(value, Duration) and not value.comparable(limit):
            return "", None
        if worst is None or _score(value) < _score(worst):
            worst_name, worst = name, value
    return worst_name, worst


def _score(value: Any) -> float:
    """Higher is better for the bidder's side of every kind."""
    if isinstance(value, Duration):
        return -float(value.minutes if value.minutes is not None else value.working_days or 0)
    if isinstance(value, Frequency):
        return value.per_year
    if isinstance(value, ServiceWindow):
        return float(value.days_per_week * value.hours_per_day)
    return float(value)


def _compare(offered: Any, limit: Any) -> str:
    ours, theirs = _score(offered), _score(limit)
    if ours > theirs:
        return BETTER
    return EQUAL if ours == theirs else WORSE
