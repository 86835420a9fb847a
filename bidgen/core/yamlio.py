"""Safe YAML loading that remembers where every key and item came from.

ruamel.yaml's round-trip loader keeps line/column marks on mappings and
sequences; we convert the result to plain Python data plus a map from field
path (a tuple of keys and indexes) to a 1-based (line, column), so that a
pydantic error on ``fault_levels[0].arrival`` can point at its line.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from bidgen.core.errors import BidgenError, Problem, os_error_text

FieldPath = tuple[str | int, ...]


@dataclass
class LoadedYaml:
    """Plain data plus the source location of every key and item."""

    data: Any
    file: str
    first_line: int = 1
    locations: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> tuple[int, int]:
        """The location of ``path`` or of its nearest known ancestor."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(tuple(path[:end]))
            if found:
                return found
        return (self.first_line, 1)


def display_name(path: Path | str) -> str:
    """A path as the user wrote it, relative to the working directory if possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(path: Path) -> bytes:
    """Read a file, turning OS errors into user errors."""
    name = display_name(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BidgenError(Problem(name, 0, 0, "文件不存在")) from None
    except IsADirectoryError:
        raise BidgenError(Problem(name, 0, 0, "这是一个目录，不是文件")) from None
    except OSError as exc:
        raise BidgenError(Problem(name, 0, 0, f"无法读取文件：{os_error_text(exc)}")) from None


def read_text(path: Path) -> str:
    """Read a UTF-8 file, turning OS and encoding errors into user errors."""
    name = display_name(path)
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "文件不是 UTF-8 编码，请另存为 UTF-8"
        raise BidgenError(Problem(name, line, 1, message)) from None


def load_yaml_text(text: str, name: str, first_line: int = 1) -> LoadedYaml:
    """Parse YAML text; ``first_line`` offsets locations (for front matter)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    try:
        node = yaml.load(text)
    except DuplicateKeyError as exc:
        raise _yaml_problem(exc, name, first_line, "重复的字段") from None
    except MarkedYAMLError as exc:
        raise _yaml_problem(exc, name, first_line, "YAML 语法错误") from None
    except YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise BidgenError(Problem(name, first_line, 1, f"YAML 语法错误：{exc}")) from None
    loaded = LoadedYaml(data=None, file=name, first_line=first_line)
    loaded.data = _plain(node, (), loaded.locations, first_line)
    return loaded


def load_yaml_file(path: Path) -> LoadedYaml:
    return load_yaml_text(read_text(path), display_name(path))


_PROBLEM_WORDS = {
    "while scanning a quoted scalar": "引号未闭合",
    "mapping values are not allowed here": (
        "此处不允许出现“键: 值”（冒号后的内容可能需要加引号，或缩进有误）"
    ),
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能使用制表符缩进，请改用空格",
    "did not find expected key": "缩进或格式有误，找不到预期的字段",
    "did not find expected '-' indicator": "列表项缩进有误",
    "found undefined alias": "引用了未定义的锚点",
    "found unexpected end of stream": "文件意外结束（可能缺少引号）",
    "found duplicate key": "重复的字段",
    "expected <block end>, but found": "缩进有误",
    "while parsing a flow": "方括号或花括号未闭合",
}


def _translate(problem: str, context: str) -> str:
    for needle, chinese in _PROBLEM_WORDS.items():
        if needle in problem or needle in context:
            return chinese
    return problem


def _yaml_problem(exc: MarkedYAMLError, name: str, first_line: int, title: str) -> BidgenError:
    mark = exc.problem_mark or exc.context_mark
    if "quoted scalar" in str(exc.context or "") and exc.context_mark:
        mark = exc.context_mark  # point at the opening quote, not the end of file
    line = (mark.line + first_line) if mark else first_line
    column = (mark.column + 1) if mark else 1
    detail = _translate(str(exc.problem or ""), str(exc.context or ""))
    if isinstance(exc, DuplicateKeyError):
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else ""
        detail = f"字段“{key}”重复出现" if key else "字段重复出现"
    return BidgenError(Problem(name, line, column, f"{title}：{detail}"))


def _plain(
    node: Any, path: FieldPath, locations: dict[FieldPath, tuple[int, int]], offset: int
) -> Any:
    """Convert ruamel containers to dict/list, recording locations."""
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            child = (*path, str(key))
            line, col = _mark(node, "key", key)
            if line is not None:
                locations[child] = (line + offset, col + 1)
            result[str(key)] = _plain(value, child, locations, offset)
        return result
    if isinstance(node, list):
        items = []
        for index, value in enumerate(node):
            child = (*path, index)
            line, col = _mark(node, "item", index)
            if line is not None:
                locations[child] = (line + offset, col + 1)
            items.append(_plain(value, child, locations, offset))
        return items
    return _scalar(node)


def _mark(node: Any, kind: str, key: Any) -> tuple[int | None, int]:
    try:
        line, col = getattr(node.lc, kind)(key)
    except (AttributeError, KeyError, TypeError, IndexError):
        return None, 0
    return line, col


def _scalar(value: Any) -> Any:
    """ruamel scalar subclasses to plain Python scalars."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, _dt.datetime):
        return _dt.datetime(*value.timetuple()[:6])
    if isinstance(value, _dt.date):
        return _dt.date(value.year, value.month, value.day)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
