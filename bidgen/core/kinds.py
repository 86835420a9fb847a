"""THE table of promise and requirement kinds.

A kind is one thing a proposal promises and a tender may require: the response
time of a fault level, the inspection frequency, the warranty period. Everything
the code knows about a kind is one entry below: its Chinese label (used in every
message), the type of its value and which way is better, the words that name it
in running text (read by :mod:`bidgen.validate.promises`), how the profile
answers it, and, for kinds a tender can require, how the deviation table states
our promise. Adding a kind is adding an entry here (plus the clause text that
promises it); the profile, compliance, the deviation table, the promise reader
and the consistency rules all read this table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from bidgen.core.quantities import (
    Count,
    CourseHours,
    Percentage,
    Value,
    Years,
    amount,
    parse_count,
    parse_course_hours,
    parse_duration,
    parse_frequency,
    parse_percentage,
    parse_service_window,
    parse_years,
)

ValueType = Literal["duration", "frequency", "years", "course_hours", "window", "percent", "count"]
Better = Literal["less", "more"]  # which way a value is better for the bidder's side
Scope = Literal["clause", "segment", "text"]
Comparison = Literal["better", "equal", "worse"]

# Profile -> its figure for a kind (``Any``: the core stage cannot import the profile).
Answer = Callable[[Any], Value | None]
Parts = Callable[[Any], list[tuple[str, Value]]]
# (profile, trainee group as the tender names it) -> the figure for that group only.
Grouped = Callable[[Any, str], Value | None]

# Shorter durations are better; more frequent, longer-lasting and wider are better.
_BETTER: dict[ValueType, Better] = {
    "duration": "less",
    "frequency": "more",
    "years": "more",
    "course_hours": "more",
    "window": "more",
    "percent": "more",  # a rate to reach (可用率, 开机率); a failure rate sets better="less"
    "count": "more",
}
# What a requirement of a kind is called: label + this ("到达现场" -> "到达现场时间").
_NOUN: dict[ValueType, str] = {"duration": "时间", "frequency": "频次"}
_PARSERS: dict[ValueType, Callable[[str], Value]] = {
    "duration": parse_duration,
    "frequency": parse_frequency,
    "years": parse_years,
    "course_hours": parse_course_hours,
    "window": parse_service_window,
    "percent": parse_percentage,
    "count": parse_count,
}


@dataclass(frozen=True)
class Words:
    """A regex of words that name a kind in running text.

    With a ``topic``, the words count only where the topic also occurs in the
    figure's ``scope``: its clause (to 。；), the segment before the figure, or
    the whole text. Topic-bound words beat plain ones at the same place; among
    equals, the earlier entry of the table wins.
    """

    pattern: str
    topic: str | None = None
    scope: Scope = "clause"


@dataclass(frozen=True)
class Kind:
    """One kind of promise. ``levelled`` kinds are graded by fault level and answered
    by the profile's ``FaultLevel`` attribute of the same name; the others by ``answer``."""

    id: str
    label: str  # Chinese, in every message about the kind
    value: ValueType
    words: tuple[Words, ...] = ()
    answer: Answer | None = None
    levelled: bool = False
    requirement: bool = False  # a tender requirement may name it (profile ``requirements``)
    phrase: str = ""  # the deviation table's statement of our promise; "{v}" is the value
    parts: Parts | None = None  # figures that also answer a promise that is not a total
    better: Better | None = None  # default: by value type
    family: str = ""  # the chapter (clause family) where the proposal states the promise
    grouped: Grouped | None = None  # the figure for one trainee group (training kinds)
    group_phrase: str = ""  # ``phrase`` for one group's figure (not a total: no 共)
    in_text: bool = True  # the promise reader looks for it in running text

    @property
    def direction(self) -> Better:
        return self.better or _BETTER[self.value]

    @property
    def noun(self) -> str:
        """The kind as a requirement names it: 到达现场时间, 巡检频次, 质保期."""
        return self.label + _NOUN.get(self.value, "")

    def offered(self, profile: Any) -> Value | None:
        """The profile's figure for a kind that is not graded by level."""
        return self.answer(profile) if self.answer else None

    def level_value(self, level: Any) -> Value | None:
        """A fault level's figure for a levelled kind (None: not promised at that level)."""
        value: Value | None = getattr(level, self.id)
        return value


def _people(number: int) -> Count | None:
    return Count(float(number), "人") if number else None


def _rate(percent: float | None) -> Percentage | None:
    return Percentage(percent) if percent is not None else None


def audience_matches(group: str, audience: str) -> bool:
    """Whether a course's audience is the trainee group a tender names ("技术人员、管理员")."""
    names = [name for name in re.split(r"[、，,/和及与]", group) if name]
    return any(name in audience or audience in name for name in names)


def _course_sum(profile: Any, group: str, field: str) -> Value | None:
    """Hours or sessions of the courses for a trainee group ("" = every course)."""
    courses = [
        c for c in profile.training.courses if not group or audience_matches(group, c.audience)
    ]
    if not courses:
        return None
    total = float(sum(getattr(course, field) for course in courses))
    return CourseHours(total) if field == "hours" else Count(total, "场")


def _group_parts(profile: Any, kind_id: str) -> list[tuple[str, Value]]:
    """The trainee groups the tender's conditions name, with their figures: a group's
    hours stated in the deviation table are a part, like one course's."""
    kind = KINDS[kind_id]
    found: list[tuple[str, Value]] = []
    for req in profile.requirements:
        for cond in req.all_conditions:
            value = kind.grouped(profile, cond.group) if cond.group and kind.grouped else None
            if cond.kind == kind_id and value is not None:
                found.append((cond.group, value))
    return found


# --------------------------------------------------------------------------
# Topics shared by several kinds' words

_COMPLAINT = r"投诉(?!电话|热线|邮箱|渠道|方式)"
_HOTLINE = r"热线|咨询|来电|疑问|问题"
_TRAINING = r"培训"
_UPGRADE = r"升级前|更新前|(?:版本|软件|系统|固件|程序)(?:升级|更新)|补丁"
_EOL = r"停产|停止生产|停售|停止销售|退市|停止供货|EOL"
_NOTICE = r"书面通知|书面告知|通知|告知|通告|知会|报备|报批|报[^，,。；;]{0,6}?(?:批准|审批|同意)"
_SPARE = r"(?<!携带)(?:备品备件|备件|备品|配件|零部件)"
_AFTER_WARRANTY = (
    r"停产|停止生产|质保期满|质保期外|保修期满|保修期外|质保期结束|保修期结束|期满后|期届满"
)

# The order matters where two kinds' words match the same text with the same
# standing: "回复" with both 投诉 and 热线 about is a complaint's; "提前" with both
# 停产 and 升级 about is an end-of-life notice.
_TABLE = (
    Kind(
        "response",
        "响应",
        "duration",
        (
            Words(
                r"响应|应答|回应|回复|作出反应|做出反应|电话确认|电话联系|联系用户|与用户联系"
                r"|联系报修人|回电"
            ),
        ),
        levelled=True,
        requirement=True,
        phrase="{v}内响应",
        family="fault_levels",
    ),
    Kind(
        "arrival",
        "到达现场",
        "duration",
        (
            Words(
                r"到达(?:故障|用户|服务|设备|使用)?现场|赶到现场|赶赴现场|抵达现场|到场|上门|到达|赶到"
                r"|赶赴|抵达|到位|现场服务|现场支持|现场处理"
            ),
        ),
        levelled=True,
        requirement=True,
        phrase="{v}内到达现场",
        family="fault_levels",
    ),
    Kind(
        "resolution",
        "解决",
        "duration",
        (
            Words(
                r"排除故障|故障排除|排除|修复(?!方案)|解决(?!方案|办法|措施|思路)|恢复(?!点)|处理完毕"
                r"|处理完成|处理结束|处理好|完成处理|完成维修|维修完毕|维修完成|修好|排障|完工|维修时间|维修时限|处理时限"
                r"|处理时间"
            ),
        ),
        levelled=True,
        requirement=True,
        phrase="{v}内排除故障",
        family="fault_levels",
    ),
    Kind(
        "replacement",
        "提供备用设备",
        "duration",
        (Words(r"备用设备|备用机|备机|替换设备|替代设备|周转设备|周转机|替代机|代用机|备用整机"),),
        levelled=True,
        requirement=True,
        phrase="{v}内提供备用设备",
        family="fault_levels",
    ),
    Kind(
        "report",
        "提交故障报告",
        "duration",
        (Words(r"故障(?:处理|分析|维修|诊断|排除)?报告|(?:处理|分析|维修|诊断)报告|事故报告"),),
        levelled=True,
        requirement=True,
        phrase="{v}内提交故障处理报告",
        family="fault_levels",
    ),
    Kind(
        "spare_delivery",
        "备件送达",
        "duration",
        (
            Words(r"到达现场|到场|到位|到达|提供|更换", _SPARE, "segment"),
            Words(r"送达|送至|送到|运抵|送货|到货|配送"),
        ),
        answer=lambda p: p.spare_parts.delivery,
        requirement=True,
        phrase="备件{v}内送达现场",
        family="spare_parts",
    ),
    Kind(
        "eol_notice",
        "停产前告知",
        "duration",
        (Words(r"书面通知|书面告知|通知|告知|通告|知会|提前", _EOL),),
        answer=lambda p: p.spare_parts.eol_notice,
        requirement=True,
        phrase="产品停产前{v}书面告知",
        family="spare_parts",
    ),
    Kind(
        "complaint_response",
        "投诉首次联系",
        "duration",
        (Words(r"响应|回应|联系|回复|答复|受理|回电", _COMPLAINT),),
        answer=lambda p: p.complaints.first_contact,
        requirement=True,
        phrase="收到投诉后{v}内与投诉人联系",
        family="complaints",
    ),
    Kind(
        "complaint_resolution",
        "投诉处理",
        "duration",
        (
            Words(r"处理完毕|处理完成|处理结果|处理意见|解决|办结|处理", _COMPLAINT),
            # "给出处理结果" is how a complaint is closed (docs/clauses.md), even without 投诉
            Words(r"(?:给出|反馈|答复)?处理结果|处理意见"),
        ),
        answer=lambda p: p.complaints.resolution,
        requirement=True,
        phrase="{v}内给出投诉处理结果",
        family="complaints",
    ),
    Kind(
        "survey",
        "满意度调查",
        "frequency",
        # 回访 is also a callback's time: a cadence of visits is the survey's (value type picks)
        (Words(r"满意度调查|满意度测评|满意度评价|满意度回访|满意度|问卷调查|客户回访|回访|走访"),),
        answer=lambda p: p.complaints.survey_frequency,
        requirement=True,
        phrase="满意度调查{v}",
        family="complaints",
    ),
    Kind(
        "inspection",
        "巡检",
        "frequency",
        (Words(r"巡检|巡查|预防性维护|维护保养|预防性保养|保养|定期检查|定期维护|上门检查"),),
        answer=lambda p: p.inspection.frequency,
        requirement=True,
        phrase="{v}巡检",
        family="inspection",
    ),
    Kind(
        "inspection_report",
        "提交巡检报告",
        "duration",
        (
            Words(r"(?:提交|出具|提供)?报告", r"巡检"),
            Words(r"巡检报告|巡检记录|巡检总结|巡检结果|保养报告"),
        ),
        answer=lambda p: p.inspection.report_within,
        requirement=True,
        phrase="巡检结束后{v}内提交巡检报告",
        family="inspection",
    ),
    Kind(
        "health_check",
        "健康检查",
        "frequency",
        (Words(r"健康检查|健康巡检|系统体检|健康评估|健康度检查|健康状况检查"),),
        answer=lambda p: p.service.health_check,
        requirement=True,
        phrase="健康检查{v}",
        family="service_content",
    ),
    Kind(
        "hotline_reply",
        "热线咨询答复",
        "duration",
        (Words(r"回复", _HOTLINE), Words(r"答复|解答")),
        answer=lambda p: p.service.hotline_answer,
        requirement=True,
        phrase="热线咨询{v}内答复",
        family="service_content",
    ),
    Kind(
        "callback",
        "服务回访",
        "duration",
        (Words(r"回访"),),
        answer=lambda p: p.service.followup,
        requirement=True,
        phrase="服务完成后{v}内回访",
        family="service_content",
    ),
    Kind(
        "upgrade_notice",
        "升级前通知",
        "duration",
        (Words(_NOTICE + r"|提前", _UPGRADE),),
        answer=lambda p: p.service.upgrade_notice,
        requirement=True,
        phrase="升级前{v}通知",
        family="service_content",
    ),
    Kind(
        "retraining",
        "复训",
        "frequency",
        (Words(r"复训|再培训|重复培训|回炉培训|巩固培训|轮训|培训"),),
        answer=lambda p: p.training.retraining,
        requirement=True,
        phrase="复训{v}",
        family="training",
    ),
    Kind(
        "training_followup",
        "培训效果跟踪",
        "duration",
        (Words(r"跟踪", _TRAINING),),
        answer=lambda p: p.training.followup_within,
        requirement=True,
        phrase="培训后{v}内跟踪培训效果",
        family="training",
    ),
    Kind(
        "drill",
        "应急演练",
        "frequency",
        (Words(r"演练|演习"),),
        answer=lambda p: p.emergency.drill_frequency,
        requirement=True,
        phrase="应急演练{v}",
        family="emergency",
    ),
    Kind(
        "notify",
        "应急事件上报",
        "duration",
        (
            Words(
                r"上报|通报|报送|(?<!提交|出具|提供|形成|编写|撰写|书面|总结|分析|处理|巡检|故障|维修"
                r"|诊断|评估)报告(?!书|单)"
            ),
        ),
        answer=lambda p: p.emergency.report_within,
        requirement=True,
        phrase="应急事件{v}内上报",
        family="emergency",
    ),
    Kind(
        "summary",
        "提交应急总结报告",
        "duration",
        (Words(r"总结报告|总结|复盘报告|评估报告"),),
        answer=lambda p: p.emergency.summary_within,
        requirement=True,
        phrase="事件处置后{v}内提交总结报告",
        family="emergency",
    ),
    Kind(
        "warranty",
        "质保期",
        "years",
        (Words(r"质保期|质保|保修期|保修|保固期|保固|免费维修|免费维保|免费维护|包修|三包"),),
        answer=lambda p: Years(float(p.warranty.years)),
        requirement=True,
        phrase="质保期{v}",
        family="commitment",
    ),
    Kind(
        "support_years",
        "质保期满后支持年限",
        "years",
        (
            Words(
                r"支持期限|支持年限|备品备件|备件|备品|配件|零部件|维修|维护|技术支持|服务|供应",
                _AFTER_WARRANTY,
                "text",
            ),
        ),
        answer=lambda p: Years(float(p.post_warranty.support_years)),
        requirement=True,
        phrase="质保期满后继续提供{v}技术支持和备件供应",
        family="post_warranty",
    ),
    Kind(
        "training_hours",  # course hours (课时/学时) are always this kind: no words needed
        "培训课时",
        "course_hours",
        answer=lambda p: CourseHours(float(sum(c.hours for c in p.training.courses))),
        parts=lambda p: (
            [(c.name, CourseHours(float(c.hours))) for c in p.training.courses]
            + _group_parts(p, "training_hours")
        ),
        requirement=True,
        phrase="培训共{v}",
        family="training",
        grouped=lambda p, group: _course_sum(p, group, "hours"),
        group_phrase="培训{v}",
    ),
    Kind(
        "service_hours",  # service windows (7×24小时) are always this kind
        "服务时间",
        "window",
        answer=lambda p: p.service.hours,
        requirement=True,
        phrase="提供{v}服务",
        family="commitment",
    ),
    # Kinds below are read from the profile and the tender only: the promise reader does
    # not look for them in running text yet (``in_text=False``), so BG2xx skip them.
    Kind(
        "service_period",  # a paid operations contract, not the free warranty
        "运维服务期",
        "years",
        answer=lambda p: p.service.period,
        requirement=True,
        phrase="运维服务期{v}",
        family="commitment",
        in_text=False,
    ),
    Kind(
        "resident_staff",
        "驻场工程师人数",
        "count",
        answer=lambda p: _people(p.service.resident_engineers),
        requirement=True,
        phrase="安排驻场工程师{v}",
        family="organization",
        in_text=False,
    ),
    Kind(
        "resident_hours",
        "驻场服务时间",
        "window",
        answer=lambda p: p.service.resident_hours,
        requirement=True,
        phrase="驻场工程师{v}在岗",
        family="organization",
        in_text=False,
    ),
    Kind(
        "spare_ratio",
        "备品备件储备比例",
        "percent",
        answer=lambda p: Percentage(p.spare_parts.ratio),
        requirement=True,
        phrase="备品备件按设备数量的{v}储备",
        family="spare_parts",
        in_text=False,
    ),
    Kind(
        "availability",
        "系统可用率",
        "percent",
        answer=lambda p: _rate(p.targets.availability),
        requirement=True,
        phrase="系统可用率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "uptime",
        "设备开机率",
        "percent",
        answer=lambda p: _rate(p.targets.uptime),
        requirement=True,
        phrase="设备开机率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "online_rate",
        "设备在线率",
        "percent",
        answer=lambda p: _rate(p.targets.online_rate),
        requirement=True,
        phrase="设备在线率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "intact_rate",
        "设备完好率",
        "percent",
        answer=lambda p: _rate(p.targets.intact_rate),
        requirement=True,
        phrase="设备完好率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "first_fix_rate",
        "一次修复率",
        "percent",
        answer=lambda p: _rate(p.targets.first_fix_rate),
        requirement=True,
        phrase="一次修复率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "satisfaction",
        "用户满意度",
        "percent",
        answer=lambda p: _rate(p.targets.satisfaction),
        requirement=True,
        phrase="用户满意度不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "on_time_rate",
        "按时到场率",
        "percent",
        answer=lambda p: _rate(p.targets.on_time_rate),
        requirement=True,
        phrase="按时到场率不低于{v}",
        family="quality",
        in_text=False,
    ),
    Kind(
        "training_sessions",
        "培训场次",
        "count",
        answer=lambda p: _course_sum(p, "", "sessions"),
        requirement=True,
        phrase="培训共{v}",
        family="training",
        grouped=lambda p, group: _course_sum(p, group, "sessions"),
        group_phrase="培训{v}",
        in_text=False,
    ),
    Kind(
        "post_warranty_response",
        "质保期外响应",
        "duration",
        answer=lambda p: p.post_warranty.response,
        requirement=True,
        phrase="质保期满后接到报修{v}内响应",
        family="post_warranty",
        in_text=False,
    ),
    Kind(
        "service_report",  # 周报、月报及年度总结报告: a cadence of service reports
        "服务报告",
        "frequency",
        (
            Words(
                r"服务报告|运维报告|运行报告|维护报告|维保报告|工作报告|服务总结|运维总结"
                r"|总结报告|运行分析报告|报表"
            ),
        ),
    ),
    Kind(
        "training_days",  # "现场培训1周", "培训不少于3天": how long training lasts
        "培训时长",
        "duration",
        (Words(r"培训|授课|集中培训|现场培训"),),
        better="more",
    ),
)

KINDS: dict[str, Kind] = {kind.id: kind for kind in _TABLE}

# The order fault times must keep within one level (as BG101 checks in the profile).
FAULT_ORDER = ("response", "arrival", "resolution", "replacement")


def level_kinds() -> frozenset[str]:
    """The kinds graded by fault level."""
    return frozenset(kind.id for kind in KINDS.values() if kind.levelled)


def requirement_kinds() -> tuple[str, ...]:
    """The kinds a tender requirement may name, in table order."""
    return tuple(kind.id for kind in KINDS.values() if kind.requirement)


def label(kind_id: str) -> str:
    """The Chinese label of a kind (the id itself for an unknown kind)."""
    kind = KINDS.get(kind_id)
    return kind.label if kind else kind_id


def parse_limit(kind_id: str, text: str) -> Value:
    """A written limit ("2小时", "每季度一次", "3年") as a value of the kind's type."""
    return _PARSERS[KINDS[kind_id].value](text)


def score(kind_id: str, value: Value) -> float:
    """Higher is better for the bidder, whichever way the kind is measured."""
    number = amount(value)
    return number if KINDS[kind_id].direction == "more" else -number


def compare(kind_id: str, offered: Value, limit: Value) -> Comparison:
    """How an offered value stands against a required one."""
    ours, theirs = score(kind_id, offered), score(kind_id, limit)
    if ours > theirs:
        return "better"
    return "equal" if ours == theirs else "worse"
