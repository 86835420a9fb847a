"""The project profile: everything that varies from one tender to the next.

A bid writer fills one YAML file per tender; these pydantic models validate it
strictly (unknown keys are errors) and turn the written durations and
frequencies into numbers. Clause templates read only from here, so every time,
count, name and party term in a proposal has exactly one source.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bidgen.core.kinds import KINDS, parse_limit, requirement_kinds
from bidgen.core.quantities import (
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    Years,
    parse_duration,
    parse_frequency,
    parse_percent,
    parse_service_window,
    parse_years,
    spare_count,
)
from bidgen.core.vocabulary import (
    BIDDER_TERMS,
    DEFAULT_PROCUREMENT,
    PROCUREMENT_TYPES,
    PURCHASER_TERMS,
    SCENARIOS,
    Parties,
    parties,
)
from bidgen.profile.style import Style


def _from_text(parse: Callable[[str], Any], kind: type) -> Callable[[Any], Any]:
    def validate(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError("应为文本，如“2小时”")
        try:
            return parse(str(value))
        except DurationError as exc:
            raise ValueError(str(exc)) from None

    return validate


DurationText = Annotated[
    Duration,
    PlainValidator(_from_text(parse_duration, Duration)),
    WithJsonSchema({"type": "string", "examples": ["30分钟", "2小时", "3个工作日"]}),
]
FrequencyText = Annotated[
    Frequency,
    PlainValidator(_from_text(parse_frequency, Frequency)),
    WithJsonSchema({"type": "string", "examples": ["每季度一次", "每月一次"]}),
]
YearsText = Annotated[
    Years,
    PlainValidator(_from_text(parse_years, Years)),
    WithJsonSchema({"type": "string", "examples": ["3年", "36个月"]}),
]
WindowText = Annotated[
    ServiceWindow,
    PlainValidator(_from_text(parse_service_window, ServiceWindow)),
    WithJsonSchema({"type": "string", "examples": ["7×24小时"]}),
]


def _percent(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("应为百分比，如“15%”")
    try:
        result = parse_percent(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None
    if not 0 < result <= 100:
        raise ValueError(f"百分比应在 0 到 100 之间：“{value}”")
    return result


Percent = Annotated[
    float, PlainValidator(_percent), WithJsonSchema({"type": "string", "examples": ["15%"]})
]
Text = Annotated[str, Field(min_length=1)]

FAMILIES: dict[str, str] = {
    "commitment": "服务承诺",
    "organization": "售后服务机构与人员",
    "service_content": "服务内容与方式",
    "fault_levels": "故障分级与响应时间",
    "emergency": "应急预案",
    "training": "培训方案",
    "quality": "质量保证",
    "inspection": "巡检与维护保养",
    "spare_parts": "备品备件",
    "complaints": "投诉处理与服务监督",
    "post_warranty": "质保期外服务",
    "records": "服务记录与交付文档",
    "raci": "运维责任矩阵",
    "deviation": "售后服务偏离表",
    "scoring": "评分响应索引",
    "letter": "售后服务承诺书",
}
Family = Literal[
    "commitment", "organization", "service_content", "fault_levels", "emergency",
    "training", "quality", "inspection", "spare_parts", "complaints", "post_warranty",
    "records", "raci", "deviation", "scoring", "letter",
]  # fmt: skip

Scenario = Literal[
    "hardware", "software", "network", "power", "data_loss", "security", "disaster",
    "major_event",
]  # fmt: skip

QUALITY_OPTIONS: dict[str, str] = {
    "A": "国家标准",
    "B": "行业（部颁）标准",
    "C": "制造商企业标准",
    "D": "双方在附件中约定的标准",
    "E": "签约前确认并封存的样品标准",
    "F": "采购人规定的标准",
}

REMOTE_ONLY_WORDS = {"仅远程", "远程", "远程支持", "仅远程支持", "无需到场"}


class Strict(BaseModel):
    """Base: unknown keys are errors, values are immutable, text is trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# The choices are core.vocabulary's lists; a Literal keeps pydantic's "one of" error
# and an enum in the JSON schema (type checkers see plain text).
if TYPE_CHECKING:
    _Purchaser = str
    _Bidder = str
    _Procurement = str
else:
    _Purchaser = Literal[PURCHASER_TERMS]
    _Bidder = Literal[BIDDER_TERMS]
    _Procurement = Literal[tuple(PROCUREMENT_TYPES)]


class Project(Strict):
    name: Text
    number: Text
    lot: str | None = None
    purchaser: Text
    date: _dt.date
    # An industry id, Chinese name or alias defined in the clause libraries in use;
    # checked and turned into the id by bidgen.library.industries.bind_industry.
    industry: Text
    procurement_type: _Procurement = DEFAULT_PROCUREMENT  # picks the party terms
    location: Text
    scope: Text
    title: Text = "售后服务方案"


class Outlet(Strict):
    name: Text
    address: Text
    phone: Text
    travel_time: DurationText
    engineers: int = Field(ge=1)


class Bidder(Strict):
    name: Text
    representative: Text
    address: Text
    hotline: Text
    email: Text
    outlet: Outlet


class Terminology(Strict):
    """The party terms of the body. Unwritten, the purchaser is the procurement type's
    (``project.procurement_type``) and the bidder speaks as 我公司."""

    purchaser: _Purchaser = PURCHASER_TERMS[0]
    bidder: _Bidder = BIDDER_TERMS[0]


class Warranty(Strict):
    years: int = Field(ge=1, le=10)
    start: Text = "自项目验收合格之日起"


class Service(Strict):
    hours: WindowText
    period: YearsText | None = None  # 运维服务期 of a paid operations contract (not warranty)
    resident_engineers: int = Field(default=0, ge=0)
    resident_hours: WindowText | None = None
    resident_schedule: str | None = None
    holiday_duty: bool = True
    remote_support: bool = True
    hotline_answer: DurationText
    followup: DurationText
    health_check: FrequencyText
    upgrade_notice: DurationText


class FaultLevel(Strict):
    name: Text
    definition: Text
    examples: list[Text] = []
    response: DurationText
    arrival: DurationText | None
    resolution: DurationText
    replacement: DurationText | None = None
    report: DurationText | None = None

    @field_validator("arrival", mode="before")
    @classmethod
    def _remote_only(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() in REMOTE_ONLY_WORDS:
            return None
        return value

    @property
    def remote_only(self) -> bool:
        return self.arrival is None


class Staff(Strict):
    name: Text
    role: Text
    phone: Text
    qualifications: list[Text] = []
    years: int = Field(ge=0, le=60)
    duties: str | None = None
    resident: bool = False


class Course(Strict):
    name: Text
    audience: Text
    hours: int = Field(gt=0, le=200)
    sessions: int = Field(default=1, ge=1, le=100)  # how many times the course is held
    method: Text
    content: str | None = None
    trainer: str | None = None  # who teaches: a staff name, or the maker's trainer
    dates: str | None = None  # when: "2027年2月第1周", "验收前第2周"


class Training(Strict):
    location: Text
    courses: list[Course] = Field(min_length=1)
    max_trainees: int = Field(default=20, gt=0)
    retraining: FrequencyText | None = None
    followup_within: DurationText | None = None
    assessment: Text = "理论考核与实际操作考核相结合"


class Inspection(Strict):
    frequency: FrequencyText
    report_within: DurationText
    holiday_precheck_days: int = Field(default=3, ge=1, le=30)
    items: list[Text] = []


class SpareParts(Strict):
    ratio: Percent
    location: Text
    delivery: DurationText
    eol_notice: DurationText | None = None


class Quality(Strict):
    standard: Literal["A", "B", "C", "D", "E", "F"]
    reference: str | None = None
    standards: list[Text] = []

    @model_validator(mode="after")
    def _reference_needed(self) -> Quality:
        if self.standard in {"D", "E", "F"} and not self.reference:
            raise ValueError(f"选择（{self.standard}）时须在 reference 中写明所依据的标准或样品")
        return self

    @property
    def option_text(self) -> str:
        return QUALITY_OPTIONS[self.standard]


class Targets(Strict):
    """Service-level targets (服务指标), each a percentage kind of ``core.kinds``.

    Unwritten ones take the industry's defaults (``targets`` in its industry file, bound
    by ``library.industries.bind_industry``); ``null`` drops one.
    """

    availability: Percent | None = None  # 系统可用率
    uptime: Percent | None = None  # 设备开机率
    online_rate: Percent | None = None  # 设备在线率（安防：点位在线率）
    intact_rate: Percent | None = None  # 设备完好率
    first_fix_rate: Percent | None = None  # 一次修复率
    satisfaction: Percent | None = None  # 用户满意度
    on_time_rate: Percent | None = None  # 按时到场率


def _all_scenarios() -> list[Scenario]:
    return list(get_args(Scenario))


class Emergency(Strict):
    scenarios: list[Scenario] = Field(default_factory=_all_scenarios, min_length=1)
    drill_frequency: FrequencyText
    leader: Text
    report_within: DurationText
    summary_within: DurationText

    @property
    def scenario_names(self) -> list[str]:
        return [SCENARIOS[key] for key in self.scenarios]


class Complaints(Strict):
    hotline: Text
    first_contact: DurationText
    resolution: DurationText
    survey_frequency: FrequencyText
    escalation_contact: Text


class PostWarranty(Strict):
    discount: Percent | None = None
    parts_at_cost: bool = True
    labour_free: bool = False
    same_response: bool = True
    response_note: str | None = None
    response: DurationText | None = None  # time to respond to a call after the warranty
    support_years: int = Field(default=5, ge=1, le=30)

    @model_validator(mode="after")
    def _say_what_changes(self) -> PostWarranty:
        if not self.same_response and not self.response_note:
            raise ValueError("same_response 为 false 时须在 response_note 中写明质保期外的响应时间")
        return self


class Equipment(Strict):
    """One kind of supplied or maintained device (for archives and spare stock)."""

    name: Text
    model: str | None = None
    maker: str | None = None
    quantity: int = Field(ge=1)
    unit: Text = "台"
    location: str | None = None
    spare: bool = True  # counted in the spare-parts stock
    spares: int | None = Field(default=None, ge=0, le=10_000)  # whole spare units, not the ratio
    spare_parts: list[Text] = []  # key parts stocked (instead of, or beside, whole units)

    def spare_units(self, ratio: float) -> int:
        """Whole spare units stocked: ``spares`` if written; none when only key parts are
        named; else the ratio of the installed quantity, rounded up, at least one."""
        if self.spares is not None:
            return self.spares
        if self.spare_parts:
            return 0
        return spare_count(self.quantity, ratio)


class Duty(Strict):
    """One row of the responsibility matrix: who leads (△) and who takes part (√)."""

    activity: Text
    lead: Text
    support: list[Text] = []
    output: str | None = None  # the record or deliverable the activity produces


class Records(Strict):
    """Record forms delivered and equipment-archive fields; empty = the clause's defaults."""

    forms: list[Text] = []
    archive_fields: list[Text] = []


class ClauseSelection(Strict):
    dir: Path | None = None
    include: list[Text] = []
    exclude: list[Text] = []
    order: list[Family] = []


class Fonts(Strict):
    serif: Text = "Noto Serif CJK SC"
    sans: Text = "Noto Sans CJK SC"


_CLAUSE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _custom_key(value: Any) -> str:
    """A family ("training") or a clause id ("training.followup")."""
    if not isinstance(value, str) or not (value in FAMILIES or _CLAUSE_ID.match(value)):
        raise ValueError(f"“{value}”既不是章节名也不是条款编号（如 training 或 training.followup）")
    return value


CustomKey = Annotated[str, PlainValidator(_custom_key), WithJsonSchema({"type": "string"})]


def _requirement_kind(value: Any) -> str:
    """One of the table's requirement kinds, read when validating (not at import)."""
    kinds = requirement_kinds()
    if value not in kinds:
        expected = ", ".join(map(repr, kinds[:-1])) + f" or {kinds[-1]!r}"
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": expected}
        )
    return str(value)


RequirementKind = Annotated[
    str,
    PlainValidator(_requirement_kind),
    WithJsonSchema({"type": "string", "enum": list(requirement_kinds())}),
]


class Condition(Strict):
    """One measurable condition of a tender clause: a kind, its limit, perhaps a level.

    ``limit`` is written like the profile's own values: a duration ("2小时"), a
    frequency ("每季度一次"), years ("3年"), course hours ("16课时"), a service
    window ("7×24小时"), a percentage ("99.9%") or a count ("2人"), depending on
    ``kind``. ``level`` names a fault level (its ``name``, or its position 1, 2 …);
    without it a time condition applies to every level. ``group`` names the
    trainee group of a training condition (matched with the courses' ``audience``).
    """

    kind: RequirementKind
    limit: Text
    level: str | int | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _limit_fits_kind(self) -> Condition:
        _check_condition(self.kind, self.limit, self.level, self.group)
        return self


def _check_condition(kind_id: str, limit: str, level: str | int | None, group: str | None) -> None:
    try:
        parse_limit(kind_id, limit)
    except DurationError as exc:
        raise ValueError(f"limit：{exc}") from None
    kind = KINDS[kind_id]
    if level is not None and not kind.levelled:
        raise ValueError(f"{kind.noun}不区分故障级别，请删除 level")
    if group is not None and kind.grouped is None:
        raise ValueError(f"{kind.noun}不区分培训对象，请删除 group")


Mark = Literal["★", "▲", ""]
MARKS = ("★", "▲")


class Response(Strict):
    """The bidder's own answer to a clause: text, and where the proposal answers it."""

    text: str = ""
    answered_by: list[Text] = []  # clause ids or families whose sections answer the clause


class Requirement(Strict):
    """One clause of the tender, in the tender's order and wording.

    A clause has zero or more conditions: ``kind`` / ``level`` / ``limit`` are the
    shorthand for one, ``conditions`` lists several, and a clause with neither is
    qualitative ("须提供原厂售后服务承诺函"): ``response`` is then the bidder's
    answer. ``mark`` is the tender's ★ (substantive) or ▲ (important);
    ``substantive: true`` means ★, and a wording that starts with the mark sets it too.
    """

    clause: Text
    wording: Text
    mark: Mark | None = None
    substantive: bool = False
    kind: RequirementKind | None = None
    level: str | int | None = None
    limit: str | None = None
    group: str | None = None
    conditions: list[Condition] = []
    response: Response | None = None
    note: str | None = None

    @field_validator("response", mode="before")
    @classmethod
    def _text_is_a_response(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_way_to_say_conditions(self) -> Requirement:
        if self.kind is not None and self.conditions:
            raise ValueError("kind/limit 与 conditions 只能选一种写法")
        if self.kind is None:
            if self.limit is not None or self.level is not None or self.group is not None:
                raise ValueError("写了 limit/level/group 时须同时写明 kind")
            return self
        if not self.limit:
            raise ValueError("写了 kind 时须同时写明 limit（招标要求的限值）")
        _check_condition(self.kind, self.limit, self.level, self.group)
        return self

    @property
    def all_conditions(self) -> list[Condition]:
        """The conditions, the shorthand as one; empty for a qualitative clause."""
        if self.kind is not None and self.limit is not None:
            return [Condition(kind=self.kind, limit=self.limit, level=self.level, group=self.group)]
        return list(self.conditions)

    @property
    def qualitative(self) -> bool:
        return not self.all_conditions

    @property
    def star(self) -> str:
        """★, ▲ or "": the tender's mark (``mark``, ``substantive`` or the wording's first sign)."""
        if self.mark:
            return self.mark
        if self.substantive:
            return "★"
        first = self.wording[:1]
        return first if first in MARKS else ""

    @property
    def is_substantive(self) -> bool:
        return self.star == "★"

    @property
    def text(self) -> str:
        """The wording without a leading mark (the table prints the mark itself)."""
        return self.wording.lstrip("★▲ ").strip() or self.wording


Column = Literal["number", "clause", "mark", "requirement", "response", "deviation", "note"]
COLUMN_TITLES: dict[str, str] = {
    "number": "序号",
    "clause": "招标文件条款号",
    "mark": "标记",
    "requirement": "招标要求",
    "response": "投标响应",
    "deviation": "偏离情况",
    "note": "说明",
}


class DeviationColumn(Strict):
    key: Column
    title: str | None = None

    @property
    def heading(self) -> str:
        return self.title or COLUMN_TITLES[self.key]


class DeviationTable(Strict):
    """The layout of the 偏离表 when the tender prescribes its own."""

    title: Text = "售后服务偏离表"
    columns: list[DeviationColumn] = Field(
        default_factory=lambda: [
            DeviationColumn(key=key)
            for key in ("number", "clause", "requirement", "response", "deviation", "note")
        ],
        min_length=1,
    )

    @field_validator("columns", mode="before")
    @classmethod
    def _names_are_columns(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [{"key": item} if isinstance(item, str) else item for item in value]


class ScoringPoint(Strict):
    """One scoring point (评分项) of the tender's after-sales part.

    ``answered_by`` names what answers it: kinds (``arrival``), families
    (``training``) or clause ids; the index maps each to its section.
    """

    code: Text
    item: Text
    points: float = Field(gt=0, le=100)
    criteria: Text
    answered_by: list[Text] = []


class Profile(Strict):
    project: Project
    bidder: Bidder
    terminology: Terminology = Terminology()
    warranty: Warranty
    service: Service
    fault_levels: list[FaultLevel] = Field(min_length=1)
    staff: list[Staff] = Field(min_length=1)
    training: Training
    inspection: Inspection
    spare_parts: SpareParts
    quality: Quality
    targets: Targets = Targets()
    emergency: Emergency
    complaints: Complaints
    post_warranty: PostWarranty = PostWarranty()
    equipment: list[Equipment] = []
    responsibility: list[Duty] = []
    records: Records = Records()
    # Free paragraphs: keyed by a clause id they close, or by a family (its own subsection).
    custom: dict[CustomKey, list[Text]] = {}
    clauses: ClauseSelection = ClauseSelection()
    fonts: Fonts = Fonts()
    style: Style = Style()
    output_name: str | None = None
    requirements: list[Requirement] = []
    deviation_table: DeviationTable = DeviationTable()
    scoring: list[ScoringPoint] = []

    @model_validator(mode="before")
    @classmethod
    def _default_purchaser(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("project"), dict):
            return data
        kind = data["project"].get("procurement_type", DEFAULT_PROCUREMENT)
        terms = data.get("terminology", {})
        if kind in PROCUREMENT_TYPES and isinstance(terms, dict) and "purchaser" not in terms:
            data = {**data, "terminology": {**terms, "purchaser": parties(kind).purchaser}}
        return data

    @property
    def parties(self) -> Parties:
        """The procurement type's pair of party names (cover, signature)."""
        return parties(self.project.procurement_type)

    @property
    def output_stem(self) -> str:
        return self.output_name or f"{self.project.number}-{self.project.title}"
