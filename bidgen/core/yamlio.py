"""Safe YAML loading that remembers where every key and item came from.

ruamel.yaml's round-trip loader keeps line/column marks on mappings and
sequences; we convert the result to plain Python data plus a map from field
path (a tuple of keys and indexes) to a 1-based (line, column), so that a
pydantic error on ``fault_levels[0].arrival`` can point at its line.

Hostile input is refused while composing, before anything is expanded, so no
limit needs a timeout:

* characters YAML forbids (and a few that would confuse line numbers) are
  found in the text first, each reported at its own line and column;
* collections nest at most :data:`MAX_DEPTH` levels;
* aliases may reach at most :data:`MAX_ALIAS_NODES` nodes in total. The
  composer shares an anchored node rather than copying it, so it knows each
  node's expanded size by adding up its children; every alias adds the size of
  its target to a running total, and an alias bomb (nine levels of nine
  aliases) passes the budget after a few dozen aliases while its expanded
  size is only ever a number;
* one scalar holds at most :data:`MAX_SCALAR_CHARS` characters and the whole
  text at most :data:`~bidgen.core.files.MAX_PROFILE_BYTES` bytes;
* only the YAML 1.2 core tags are accepted, each on the kind of node it
  describes; a value its tag cannot read is an error at the value.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import TaggedScalar
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.scanner import RoundTripScanner

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.fields import FieldPath, LoadedYaml, format_path
from bidgen.core.files import MAX_PROFILE_BYTES, display_name, read_bytes, read_text
from bidgen.core.yamlmessages import shorten, translate

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_PROFILE_BYTES",
    "MAX_SCALAR_CHARS",
    "FieldPath",
    "LoadedYaml",
    "display_name",
    "format_path",
    "load_yaml_file",
    "load_yaml_text",
    "read_bytes",
    "read_text",
    "shorten",
]

# A profile nests four levels deep; 64 leaves room for any hand-written file
# while keeping ruamel's recursive composer far from Python's recursion limit.
MAX_DEPTH = 64
# Nodes reachable through aliases, counted with nested aliases expanded. Real
# profiles reuse a name or a short list; a bomb needs millions.
MAX_ALIAS_NODES = 10_000
# The longest text a profile field could sensibly hold (a long paragraph is 2 KiB).
MAX_SCALAR_CHARS = 64 * 1024
# How many forbidden characters one file reports before stopping.
_MAX_CHARACTER_PROBLEMS = 10


_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp")
)
_KIND_TAGS = {
    ScalarEvent: _SCALAR_TAGS,
    SequenceStartEvent: frozenset({_CORE + "seq"}),
    MappingStartEvent: frozenset({_CORE + "map"}),
}
_CORE_TAGS = frozenset().union(*_KIND_TAGS.values())
_KIND_NAMES = {ScalarEvent: "单个取值", SequenceStartEvent: "列表", MappingStartEvent: "映射"}
_ALLOWED_TAGS = "!!str、!!int、!!float、!!bool、!!null、!!timestamp、!!seq、!!map"
_NULL_FORMS = frozenset({"", "~", "null", "Null", "NULL"})
_SCALAR_WORDS = {
    "int": "不是有效的整数",
    "float": "不是有效的数字",
    "bool": "不是有效的布尔值（应为 true 或 false）",
    "null": "不是空值（应为 null 或留空）",
    "timestamp": "不是有效的日期或时间",
}

# C0 controls except tab and line feed, DEL, C1 controls (NEL included: ruamel
# would count it as a line break, and so disagree with every editor), lone
# surrogates, the non-characters U+FFFE/U+FFFF and the Unicode line and
# paragraph separators (line breaks to ruamel, invisible in editors).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029]")


def load_yaml_text(text: str, name: str, first_line: int = 1) -> LoadedYaml:
    """Parse YAML text; ``first_line`` offsets locations (for front matter)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_PROFILE_BYTES:
        limit = MAX_PROFILE_BYTES // (1024 * 1024)
        message = f"YAML 内容过大（约 {size / 1024 / 1024:.1f} 兆字节），上限为 {limit} 兆字节"
        raise BidgenError(Problem(name, first_line, 1, message))
    # ruamel counts a lone CR as a line break too; one convention keeps the
    # character scan and ruamel's marks on the same lines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = _character_problems(text, name, first_line)
    if problems:
        raise BidgenError(problems)
    node = _parse(text, name, first_line)
    loaded = LoadedYaml(data=None, file=name, first_line=first_line)
    loaded.data = _plain(node, (), loaded.locations, first_line)
    return loaded


def load_yaml_file(path: Path) -> LoadedYaml:
    return load_yaml_text(read_text(path, MAX_PROFILE_BYTES), display_name(path))


class _Refused(Exception):
    """Input refused while composing or constructing, at a node's mark."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


def _parse(text: str, name: str, first_line: int) -> Any:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    yaml.Composer = _GuardedComposer
    yaml.Constructor = _GuardedConstructor
    yaml.Scanner = _GuardedScanner
    try:
        return yaml.load(text)
    except _Refused as exc:
        raise BidgenError(_at(exc.mark, name, first_line, exc.message)) from None
    except DuplicateKeyError as exc:
        raise BidgenError(_duplicate_key(exc, name, first_line)) from None
    except MarkedYAMLError as exc:
        raise BidgenError(_syntax_problem(exc, name, first_line)) from None
    except ReaderError as exc:  # pragma: no cover - _character_problems finds these first
        line, column = _position(text, exc.position)
        problem = Problem(
            name, line + first_line - 1, column, "YAML 语法错误：文件中含有不允许的字符"
        )
        raise BidgenError(problem) from None
    except (YAMLError, ValueError, OverflowError, TypeError, KeyError, IndexError):
        # Not seen since the scanner guard below; a fuzzer's next find still gets
        # a Chinese message rather than a traceback.
        raise BidgenError(Problem(name, first_line, 1, "YAML 语法错误：无法解析此文件")) from None


class _GuardedScanner(RoundTripScanner):
    """ruamel's scanner, with ``"\\UFFFFFFFF"`` (no such character) an error at the escape."""

    def scan_flow_scalar_non_spaces(self, double: Any, start_mark: Any) -> Any:
        try:
            return super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):  # from chr() of the escaped code
            raise _Refused(self.reader.get_mark(), "双引号内的转义超出了字符编码的范围") from None


class _GuardedComposer(Composer):
    """ruamel's composer with depth, alias, length and tag limits.

    Each limit is checked on the parser's next event, before ruamel builds the
    node, so nothing large is ever built.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.warn_double_anchors = False  # legal YAML; ruamel would print an English warning
        self.nesting = 0
        self.alias_nodes = 0
        self.sizes: dict[int, int] = {}  # id(node) -> node count with aliases expanded
        self.explicit: set[int] = set()  # id(node) of scalars with a tag written out

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        is_key = isinstance(parent, MappingNode) and index is None
        if isinstance(event, AliasEvent):
            return self._compose_alias(event, parent, index, is_key)
        if is_key and not isinstance(event, ScalarEvent):
            raise _Refused(event.start_mark, "字段名必须是单个取值，不能是列表或映射")
        _check_tag(event)
        if isinstance(event, ScalarEvent):
            _check_scalar(event)
            node = super().compose_node(parent, index)
            self.sizes[id(node)] = 1
            if event.tag is not None:
                self.explicit.add(id(node))
            return node
        self.nesting += 1
        if self.nesting > MAX_DEPTH:
            raise _Refused(event.start_mark, f"嵌套层数超过 {MAX_DEPTH} 层，请简化结构")
        node = super().compose_node(parent, index)
        self.nesting -= 1
        self.sizes[id(node)] = 1 + sum(self.sizes[id(child)] for child in _children(node))
        return node

    def _compose_alias(self, event: Any, parent: Any, index: Any, is_key: bool) -> Any:
        target = self.anchors.get(event.anchor)
        if target is not None:
            size = self.sizes.get(id(target))
            if size is None:
                message = f"引用“*{shorten(str(event.anchor))}”指向了包含它自身的锚点"
                raise _Refused(event.start_mark, message)
            if is_key and not isinstance(target, ScalarNode):
                raise _Refused(event.start_mark, "字段名必须是单个取值，不能是列表或映射")
            self.alias_nodes += size
            if self.alias_nodes > MAX_ALIAS_NODES:
                message = f"通过引用（*）展开的内容过多（超过 {MAX_ALIAS_NODES} 项），请减少引用"
                raise _Refused(event.start_mark, message)
        return super().compose_node(parent, index)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_tag(event: Any) -> None:
    tag = event.tag
    if tag is None:
        return
    kind = type(event)
    if tag not in _CORE_TAGS:
        message = f"不支持的标记“{shorten(_tag_text(tag))}”（只能使用 {_ALLOWED_TAGS}）"
        raise _Refused(event.start_mark, message)
    if tag not in _KIND_TAGS[kind]:
        message = f"标记“{_tag_text(tag)}”不能用于{_KIND_NAMES[kind]}"
        raise _Refused(event.start_mark, message)


def _check_scalar(event: Any) -> None:
    value: str = event.value
    if len(value) > MAX_SCALAR_CHARS:
        message = f"取值过长（{len(value)} 个字符），上限为 {MAX_SCALAR_CHARS} 个字符"
        raise _Refused(event.start_mark, message)
    found = _FORBIDDEN.search(value)
    if found:  # written as an escape ("\a", "\x07") inside double quotes
        raise _Refused(event.start_mark, f"取值中含有{_character_name(found.group())}")


def _tag_text(tag: str) -> str:
    """A tag as it is usually written: ``!!str`` rather than its full URI."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _GuardedConstructor(RoundTripConstructor):
    """Turns a scalar its tag cannot read (``!!float x``) into an error at the scalar."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        if not isinstance(node, ScalarNode):
            return super().construct_non_recursive_object(node, tag)
        kind = str(node.tag).removeprefix(_CORE)
        if kind == "null" and node.value not in _NULL_FORMS:
            raise _Refused(node.start_mark, self._bad_scalar(node, kind))
        try:
            return super().construct_non_recursive_object(node, tag)
        except (ValueError, KeyError, IndexError, OverflowError, TypeError, ConstructorError):
            raise _Refused(node.start_mark, self._bad_scalar(node, kind)) from None

    def _bad_scalar(self, node: Any, kind: str) -> str:
        words = _SCALAR_WORDS.get(kind, "无法识别")
        value = f"取值“{shorten(str(node.value))}”"
        if id(node) in self.loader.composer.explicit:
            return f"标记“!!{kind}”的{value}{words}"
        return f"{value}{words}"


def _character_problems(text: str, name: str, first_line: int) -> list[Problem]:
    problems = []
    for found in _FORBIDDEN.finditer(text):
        line, column = _position(text, found.start())
        message = f"不允许的{_character_name(found.group())}"
        problems.append(Problem(name, line + first_line - 1, column, message))
        if len(problems) == _MAX_CHARACTER_PROBLEMS:
            break
    return problems


def _character_name(char: str) -> str:
    code = ord(char)
    kind = "控制字符" if code < 0x20 or 0x7F <= code <= 0x9F else "字符"
    return f"{kind} U+{code:04X}"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _at(mark: Any, name: str, first_line: int, message: str) -> Problem:
    line = (mark.line + first_line) if mark else first_line
    column = (mark.column + 1) if mark else 1
    return Problem(name, line, column, message)


_OPENING_MATTERS = re.compile(
    r"quoted scalar\nfound unexpected (?:end of stream|document separator)"
    r"|while parsing a flow (?:sequence|mapping)"
)


def _syntax_problem(exc: MarkedYAMLError, name: str, first_line: int) -> Problem:
    context, problem = str(exc.context or ""), str(exc.problem or "")
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and _OPENING_MATTERS.search(f"{context}\n{problem}"):
        mark = exc.context_mark  # the unclosed quote or bracket, not where the file ends
    return _at(mark, name, first_line, f"YAML 语法错误：{translate(context, problem)}")


def _duplicate_key(exc: DuplicateKeyError, name: str, first_line: int) -> Problem:
    problem = str(exc.problem or "")
    found = re.search(r'duplicate (?:merge )?key "(.*?)"(?: with value|$)', problem, re.S)
    key = shorten(found.group(1)) if found else ""
    detail = f"字段“{key}”重复出现" if key else "字段重复出现"
    return _at(exc.problem_mark or exc.context_mark, name, first_line, f"重复的字段：{detail}")


def _plain(
    node: Any, path: FieldPath, locations: dict[FieldPath, tuple[int, int]], offset: int
) -> Any:
    """Convert ruamel containers to dict/list, recording locations."""
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            name = _key_text(key)
            child = (*path, name)
            line, col = _mark(node, "key", key)
            if line is not None:
                locations[child] = (line + offset, col + 1)
            result[name] = _plain(value, child, locations, offset)
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


def _key_text(key: Any) -> str:
    """A mapping key as the user would write it (``null``, ``true``), not Python's repr."""
    plain = _scalar(key)
    if plain is None:
        return "null"
    if isinstance(plain, bool):
        return "true" if plain else "false"
    return str(plain)


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
    if isinstance(value, ScalarBoolean):  # an anchored true/false: an int subclass
        return bool(value)
    if isinstance(value, TaggedScalar):  # ruamel keeps "!!str 2026047" as a tagged scalar
        return str(value.value)
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
