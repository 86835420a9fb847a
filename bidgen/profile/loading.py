"""Load a profile YAML and report every problem at its line, in Chinese."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.yamlio import FieldPath, LoadedYaml, load_yaml_file
from bidgen.profile.models import Profile


@dataclass(frozen=True)
class LoadedProfile:
    profile: Profile
    path: Path
    source: LoadedYaml

    @property
    def base_dir(self) -> Path:
        return self.path.parent


def load_profile(path: Path) -> LoadedProfile:
    """Read, parse and validate a profile; raise BidgenError listing all problems."""
    source = load_yaml_file(path)
    if not isinstance(source.data, dict):
        raise BidgenError(Problem(source.file, 1, 1, "项目配置文件的顶层应为字段映射（键: 值）"))
    try:
        profile = Profile.model_validate(source.data)
    except ValidationError as exc:
        raise BidgenError(validation_problems(exc, source, Profile)) from None
    return LoadedProfile(profile=profile, path=path, source=source)


def validation_problems(
    exc: ValidationError, source: LoadedYaml, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        path = _data_path(error["loc"], source.data)
        line, column = source.locate(path)
        field = format_path(path) or "（顶层）"
        problems.append(Problem(source.file, line, column, f"{field}：{_message(error, model)}"))
    return sorted(set(problems))


def format_path(path: FieldPath) -> str:
    """("fault_levels", 0, "arrival") -> "fault_levels[0].arrival"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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


_SIMPLE = {
    "missing": "缺少必填字段",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，如 2026-11-20",
    "date_parsing": "应为日期，如 2026-11-20",
    "date_from_datetime_parsing": "应为日期，如 2026-11-20",
    "date_from_datetime_inexact": "应为日期（不含时间），如 2026-11-20",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为字段映射（键: 值）",
    "model_type": "应为字段映射（键: 值）",
    "model_attributes_type": "应为字段映射（键: 值）",
    "path_type": "应为文件夹路径",
    "none_required": "应为空",
}


def _message(error: dict[str, Any], model: type[BaseModel]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind == "extra_forbidden":
        return _unknown_field(error["loc"], model)
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        return f"取值“{error.get('input')}”无效，可选：{_options(ctx.get('expected', ''))}"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return _bound(kind, ctx)
    return f"取值无效（{error['msg']}）"


def _options(expected: str) -> str:
    return "、".join(part.strip(" '\"") for part in expected.replace(" or ", ",").split(","))


def _bound(kind: str, ctx: dict[str, Any]) -> str:
    words = {
        "greater_than": ("gt", "应大于"),
        "greater_than_equal": ("ge", "应不小于"),
        "less_than": ("lt", "应小于"),
        "less_than_equal": ("le", "应不大于"),
    }
    key, text = words[kind]
    return f"{text} {ctx.get(key)}"


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
