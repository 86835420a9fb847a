"""Load a profile YAML and report every problem at its line, in Chinese."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.fields import FieldPath, LoadedYaml, format_path
from bidgen.core.yamlcache import load_yaml_file_cached
from bidgen.core.yamlmessages import SHOWN_CHARS, shorten
from bidgen.profile.industry import Industry, IndustryTable
from bidgen.profile.models import Profile
from bidgen.profile.sheets import Cell, Cells, expand_sheets


@dataclass(frozen=True)
class LoadedProfile:
    """A validated profile; once bound to libraries, also the industries they define.

    ``industries`` is empty until :func:`bidgen.library.industries.bind_industry`
    has checked ``project.industry`` against the libraries in use.
    """

    profile: Profile
    path: Path
    source: LoadedYaml
    industries: IndustryTable = field(default_factory=IndustryTable)

    @property
    def industry(self) -> Industry:
        """The profile's industry definition (the profile must be bound)."""
        found = self.industries.get(self.profile.project.industry)
        if found is None:
            raise LookupError(f"profile not bound to its industry: {self.path}")
        return found

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    def relative(self, path: Path) -> Path:
        """A path the profile writes, taken relative to the profile's folder."""
        return path if path.is_absolute() else self.base_dir / path

    def chosen_path(self, override: Path | None, configured: Path | None) -> Path | None:
        """A command-line path wins over the profile's own (relative to the profile)."""
        if override is not None:
            return override
        return None if configured is None else self.relative(configured)


def load_profile(path: Path) -> LoadedProfile:
    """Read, parse and validate a profile; raise BidgenError listing all problems."""
    source = load_yaml_file_cached(path)
    if not isinstance(source.data, dict):
        raise BidgenError(Problem(source.file, 1, 1, "项目配置文件的顶层应为字段映射（键: 值）"))
    source, cells = expand_sheets(source, path.parent)
    try:
        profile = Profile.model_validate(source.data)
    except ValidationError as exc:
        raise BidgenError(validation_problems(exc, source, Profile, cells)) from None
    return LoadedProfile(profile=profile, path=path, source=source)


def validation_problems(
    exc: ValidationError, source: LoadedYaml, model: type[BaseModel], cells: Cells | None = None
) -> list[Problem]:
    """One problem per error, at its YAML line, or at its spreadsheet cell (``cells``)."""
    problems = []
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], source.data)
        field = format_path(tuple(_short_part(part) for part in path)) or "（顶层）"
        message = _clip_quotes(f"{field}：{_message(error, model)}")
        cell = _cell_of(path, cells or {})
        if cell is not None:
            problems.append(cell.problem(message))
            continue
        line, column = source.locate(path)
        problems.append(Problem(source.file, line, column, message))
    return sorted(set(problems))


def _cell_of(path: FieldPath, cells: Cells) -> Cell | None:
    for end in range(len(path), 1, -1):
        found = cells.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def _short_part(part: str | int) -> str | int:
    return shorten(part) if isinstance(part, str) else part


def _data_path(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """Drop pydantic's type tags (e.g. 'function-plain[...]') from a location."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            path.append(part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = node[part] if part < len(node) else None
        elif node is None and isinstance(part, str) and not _is_tag(part):
            path.append(part)  # a missing field below a present parent
    return tuple(path)


def _is_tag(part: str) -> bool:
    return "[" in part or part in {"function-plain", "function-after", "function-before"}


_LIST = "应为列表（每项以“- ”开头）"
_MAPPING = "应为字段映射（键: 值）"
_DATE = "应为日期，如 2026-11-20"
_DATETIME = "应为日期和时间，如 2026-11-20 09:00"
_TIME = "应为时间，如 09:00"
_NUMBER = "应为数字"
_TEXT = "应为文本"
_INVALID = "取值无效"

# pydantic-core error types (``typing.get_args(pydantic_core.core_schema.ErrorType)``)
# whose message needs nothing from the error's context. Types the profile models
# cannot produce are listed too: a model change must not bring English back.
_SIMPLE = {
    "missing": "缺少必填字段",
    "missing_argument": "缺少必填字段",
    "missing_keyword_only_argument": "缺少必填字段",
    "missing_positional_only_argument": "缺少必填字段",
    "missing_sentinel_error": "缺少必填字段",
    "none_required": "应为空",
    "string_type": _TEXT,
    "string_unicode": _TEXT,
    "string_sub_type": _TEXT,
    "string_not_ascii": "只能包含英文字母、数字和符号",
    "string_pattern_mismatch": "格式不符合要求",
    "bytes_type": _TEXT,
    "bytes_invalid_encoding": _TEXT,
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "int_parsing_size": "整数过大",
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "fraction_type": _NUMBER,
    "fraction_parsing": _NUMBER,
    "complex_type": _NUMBER,
    "complex_str_parsing": _NUMBER,
    "finite_number": "应为有限的数字，不能是无穷大或非数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": "应为日期（不含时间），如 2026-11-20",
    "date_past": "应为今天之前的日期",
    "date_future": "应为今天之后的日期",
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "datetime_past": "应为现在之前的时间",
    "datetime_future": "应为现在之后的时间",
    "timezone_naive": "不应带时区",
    "timezone_aware": "应带时区",
    "time_type": _TIME,
    "time_parsing": _TIME,
    "time_delta_type": "应为时长",
    "time_delta_parsing": "应为时长",
    "list_type": _LIST,
    "tuple_type": _LIST,
    "set_type": _LIST,
    "frozen_set_type": _LIST,
    "deque_type": _LIST,
    "iterable_type": _LIST,
    "iteration_error": _LIST,
    "set_item_not_hashable": "列表项应为单个取值",
    "dict_type": _MAPPING,
    "frozen_dict_type": _MAPPING,
    "ordered_dict_type": _MAPPING,
    "counter_type": _MAPPING,
    "mapping_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "dataclass_type": _MAPPING,
    "dataclass_exact_type": _MAPPING,
    "named_tuple_type": _MAPPING,
    "typed_dict_type": _MAPPING,
    "arguments_type": _MAPPING,
    "invalid_key": "字段名应为文本",
    "unexpected_keyword_argument": "未知字段",
    "unexpected_positional_argument": "多余的取值",
    "multiple_argument_values": "字段重复出现",
    "recursion_loop": "取值引用了自身",
    "recursion_depth_exceeded": "嵌套层数过多",
    "path_type": "应为文件夹路径",
    "url_type": "应为网址",
    "url_parsing": "应为网址",
    "url_syntax_violation": "应为网址",
    "url_scheme": "网址的协议不受支持",
    "uuid_type": "应为通用唯一识别码",
    "uuid_parsing": "应为通用唯一识别码",
    "uuid_version": "通用唯一识别码的版本不符",
    "json_invalid": "格式有误",
    "json_type": _TEXT,
    "frozen_field": "该字段不能修改",
    "frozen_instance": "不能修改",
}
# Types whose message shows a bound from the error's context.
_WITH_CONTEXT = {
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多只能有 {max_length} 项",
    "string_too_long": "不能超过 {max_length} 个字符",
    "bytes_too_short": "至少需要 {min_length} 个字节",
    "bytes_too_long": "不能超过 {max_length} 个字节",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "decimal_max_digits": "数字最多 {max_digits} 位",
    "decimal_max_places": "小数最多 {decimal_places} 位",
    "decimal_whole_digits": "整数部分最多 {whole_digits} 位",
    "url_too_long": "网址不能超过 {max_length} 个字符",
}
_CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
_LONG_QUOTE = re.compile(f"“([^”]{{{SHOWN_CHARS + 1},}})”")


def _message(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in _WITH_CONTEXT:
        return _with_context(kind, ctx)
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return "不能为空" if minimum == 1 else f"至少需要 {minimum} 个字符"
    if kind == "extra_forbidden":
        return _unknown_field(error["loc"], model)
    if kind in {"value_error", "assertion_error"}:
        return _own_message(ctx.get("error"))
    if kind in {"literal_error", "enum"}:
        return _choice(error.get("input"), str(ctx.get("expected", "")))
    return _INVALID


def _with_context(kind: str, ctx: dict[str, Any]) -> str:
    try:
        return _WITH_CONTEXT[kind].format(**ctx)
    except (KeyError, IndexError, ValueError):
        return _INVALID


def _own_message(error: Any) -> str:
    """A validator's own ValueError text, if it is ours (Chinese); Python's is not shown."""
    text = str(error or "")
    if text.startswith("Value error, "):
        text = text.removeprefix("Value error, ")
    return text if _CJK.search(text) else _INVALID


def _choice(value: Any, expected: str) -> str:
    options = _options(expected)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"取值“{shorten(str(value))}”无效，可选：{options}"
    return f"取值无效，可选：{options}"


def _options(expected: str) -> str:
    return "、".join(part.strip(" '\"") for part in expected.replace(" or ", ",").split(","))


def _clip_quotes(message: str) -> str:
    """Values quoted in a message (by us or by a model's validator) shown at most ~40 characters."""
    return _LONG_QUOTE.sub(lambda found: f"“{shorten(found.group(1))}”", message)


def _unknown_field(loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    name = str(loc[-1])
    allowed = _fields_at(loc[:-1], model)
    hint = ""
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    if close:
        hint = f"，是否应为“{close[0]}”？"
    elif allowed:
        hint = f"（可用字段：{'、'.join(allowed)}）"
    return f"未知字段“{name}”{hint}"


def _fields_at(loc: tuple[Any, ...], model: type[BaseModel]) -> list[str]:
    """The field names allowed by the model found at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
