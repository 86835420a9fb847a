"""The clause library: discovery, front matter, templates and overrides.

A clause is one Markdown file with YAML front matter, kept in a folder named
after its family::

    ---
    id: fault_levels.table
    title: 故障分级与响应时限
    family: fault_levels
    order: 20
    industries: [all]
    when: "fault_levels | length > 1"
    uses: [fault_levels]
    ---
    Jinja2 body producing a Markdown subset ...

The body is compiled in the hardened sandbox of :mod:`bidgen.library.sandbox`
(read-only data, bounded work, StrictUndefined). Front matter is replaced by
blank lines before compiling, so template line numbers are file line numbers
and every error points at the right line. Which files are clauses is decided
by :mod:`bidgen.library.discovery`; what was parsed and compiled is cached by
:mod:`bidgen.library.index`.
"""

from __future__ import annotations

import contextlib
import re
import traceback
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from pydantic import Field, ValidationError

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.fields import LoadedYaml
from bidgen.core.files import display_name, read_bytes
from bidgen.core.resources import data_path
from bidgen.core.yamlio import load_yaml_text
from bidgen.library import discovery, sandbox
from bidgen.library.filters import FILTERS
from bidgen.library.index import Entry, LibraryIndex, digest
from bidgen.library.industries import bind_industry, load_industries
from bidgen.library.messages import runtime_message, syntax_message
from bidgen.profile.industry import IndustryTable, LibraryMarkdown
from bidgen.profile.loading import LoadedProfile, validation_problems
from bidgen.profile.models import Family, Strict

BUILTIN_DIR = data_path("clauses")
MAX_CLAUSE_BYTES = 1_000_000
_FRONT = re.compile(r"\A---[ \t]*\r?\n(?P<meta>.*?)^---[ \t]*\r?\n", re.S | re.M)


class ClauseError(BidgenError):
    """A defect in one clause file; the subclass says which kind, for the library check."""


class FrontMatterError(ClauseError):
    """The front matter is missing, not YAML, or not a valid :class:`ClauseMeta`."""


class DuplicateIdError(ClauseError):
    """Two clause files of one library share an id."""


class ClauseSyntaxError(ClauseError):
    """The body or the ``when`` expression does not compile."""


class RenderError(ClauseError):
    """Rendering the body, or evaluating ``when``, failed for a given context."""


class MarkdownError(ClauseError):
    """The rendered body uses Markdown the document model cannot hold.

    Raised by the library check around the Markdown parser, which lives in a
    later stage (``bidgen.generate.markdown``) than the clause library.
    """


class ClauseMeta(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
    title: str = Field(min_length=1)
    family: Family
    order: int = Field(ge=0)
    # "all", or industry ids; checked against the library's industries when loaded
    industries: list[str] = Field(default=["all"], min_length=1)
    when: str | None = None
    uses: list[str] = []
    heading: bool = True
    default: bool = True
    page_break: bool = False


@dataclass(frozen=True)
class Clause:
    meta: ClauseMeta
    path: Path
    name: str  # display path, used in messages
    template: jinja2.Template
    body_line: int  # first line of the body in the file
    condition: jinja2.Template | None  # compiled `when` expression (see sandbox.evaluate)
    source: str = ""  # the whole file, for library checks
    when_line: int = 2  # where `when` is written, for its errors

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def slot(self) -> str:
        """The place a variant fills: ``emergency.hardware`` for ``emergency.hardware.it_ops``."""
        head, _, last = self.id.rpartition(".")
        return head if last in self.meta.industries else self.id

    @property
    def neutral(self) -> bool:
        return "all" in self.meta.industries

    def render(self, context: dict[str, Any]) -> str:
        try:
            return sandbox.render(self.template, context)
        except BidgenError:
            raise
        except Exception as exc:  # whatever a template does, it must not crash the build
            raise template_error(exc, self.name) from None

    def wanted(self, context: dict[str, Any]) -> bool:
        if self.condition is None:
            return True
        try:
            return bool(sandbox.evaluate(self.condition, context))
        except BidgenError:
            raise
        except Exception as exc:
            message = f"条件 when 求值失败：{runtime_message(exc)}"
            raise RenderError(Problem(self.name, self.when_line, 1, message)) from None


def make_environment() -> sandbox.ClauseEnvironment:
    """The one Jinja environment for clause bodies: hardened sandbox, strict."""
    env = sandbox.ClauseEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=escape_markdown,
    )
    env.add_filters(FILTERS)
    return env


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape_markdown(value: Any) -> Any:
    """Interpolated profile text must not turn into Markdown syntax (library text may)."""
    if isinstance(value, LibraryMarkdown):
        return str(value)
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text)


def applicable(clauses: Iterable[Clause], industry: str) -> list[Clause]:
    """The clauses an industry's proposal uses, in the given order.

    A clause written for the industry (``industries: [elevator]``) takes the
    place of the industry-neutral clause of its slot (``name.elevator.md``
    replaces ``name.md``); an industry nobody wrote variants for gets the
    neutral clauses.
    """
    clauses = list(clauses)
    specific = {clause.slot for clause in clauses if industry in clause.meta.industries}
    return [
        clause
        for clause in clauses
        if industry in clause.meta.industries or (clause.neutral and clause.id not in specific)
    ]


@dataclass
class ClauseLibrary:
    clauses: dict[str, Clause]
    roots: tuple[Path, ...]
    industries: IndustryTable = field(default_factory=IndustryTable)

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)

    def sorted(self) -> list[Clause]:
        return sorted(self.clauses.values(), key=lambda c: (c.meta.family, c.meta.order, c.id))

    def for_industry(self, industry: str) -> list[Clause]:
        return applicable(self.sorted(), industry)


def clause_dir(loaded: LoadedProfile, override: Path | None) -> Path | None:
    """``--clauses`` wins over the profile's ``clauses.dir`` (relative to the profile)."""
    return loaded.chosen_path(override, loaded.profile.clauses.dir)


def load_library(user_dir: Path | None = None, builtin: Path = BUILTIN_DIR) -> ClauseLibrary:
    """Load built-in clauses, then let ``user_dir`` override by id or add new ones."""
    roots = [builtin] + ([user_dir] if user_dir else [])
    clauses, errors = scan_library(roots)
    industries = load_industries(roots)
    problems = [problem for error in errors for problem in error.problems]
    problems += unknown_industry_tags(clauses.values(), industries)
    if problems:
        raise BidgenError(problems)
    return ClauseLibrary(clauses=clauses, roots=tuple(roots), industries=industries)


def library_industries(user_dir: Path | None = None) -> IndustryTable:
    """The industries of the built-in library and ``user_dir``, without loading clauses."""
    roots = [BUILTIN_DIR] + ([discovery.check_root(user_dir)] if user_dir else [])
    return load_industries(roots)


def bind_libraries(loaded: LoadedProfile, override: Path | None = None) -> LoadedProfile:
    """The profile bound to the industries of the libraries it uses (for lint)."""
    return bind_industry(loaded, library_industries(clause_dir(loaded, override)))


def unknown_industry_tags(clauses: Iterable[Clause], table: IndustryTable) -> list[Problem]:
    """A clause's ``industries`` must name industries that the libraries define."""
    allowed = ["all", *table.ids()]
    problems = []
    for clause in clauses:
        for value in clause.meta.industries:
            if value not in allowed:
                message = f"industries：未定义的行业“{value}”，可选：{'、'.join(allowed)}"
                problems.append(Problem(clause.name, _industries_line(clause), 1, message))
    return problems


def _industries_line(clause: Clause) -> int:
    for number, line in enumerate(clause.source.splitlines()[: clause.body_line], start=1):
        if line.startswith("industries:"):
            return number
    return 2


def load_bound(
    loaded: LoadedProfile, override: Path | None = None
) -> tuple[LoadedProfile, ClauseLibrary]:
    """The library a profile uses, and the profile bound to its industry definitions."""
    library = load_library(clause_dir(loaded, override))
    return bind_industry(loaded, library.industries), library


def scan_library(roots: list[Path]) -> tuple[dict[str, Clause], list[ClauseError]]:
    """Load every clause under the roots; later roots override earlier ones by id.

    Defects are collected, not raised, so one run reports them all; their type
    (front matter, duplicate id, syntax) tells the library check which rule fired.
    A folder that cannot be a library (see :mod:`discovery`) is raised at once.
    """
    env = make_environment()
    errors: list[ClauseError] = []
    clauses: dict[str, Clause] = {}
    for root in roots:
        real_root = _real_root(root)
        index = LibraryIndex.open(real_root)
        seen: dict[str, str] = {}
        for path in discovery.find_clause_files(root, real_root):
            try:
                clause = _load_clause(path, env, index)
            except ClauseError as exc:
                errors.append(exc)
                continue
            if clause.id in seen:
                message = f"条款编号“{clause.id}”重复（已在 {seen[clause.id]} 中定义）"
                errors.append(DuplicateIdError(Problem(clause.name, 2, 1, message)))
                continue
            seen[clause.id] = clause.name
            clauses[clause.id] = clause
        index.save()
    return clauses, errors


def _real_root(root: Path) -> Path:
    """The built-in library may live anywhere (even /usr); a user's folder is checked."""
    if root.is_dir() and root.resolve() == BUILTIN_DIR.resolve():
        return root.resolve()
    return discovery.check_root(root)


def _load_clause(path: Path, env: sandbox.ClauseEnvironment, index: LibraryIndex) -> Clause:
    name = display_name(path)
    raw = _read_clause(path, name)
    text = _decode(raw, name)
    key = digest(raw)
    entry = index.get(key)
    if entry is None:
        entry = _parse_clause(text, name, env)
        index.put(key, entry)
    meta = ClauseMeta.model_validate(entry.meta)
    _check_family(meta, path, name, entry.family_at)
    template = env.template_class.from_code(env, entry.body, env.make_globals(None))
    condition = None
    if entry.condition is not None:
        condition = env.template_class.from_code(env, entry.condition, env.make_globals(None))
    return Clause(meta, path, name, template, entry.body_line, condition, text, entry.when_line)


def _read_clause(path: Path, name: str) -> bytes:
    with contextlib.suppress(OSError):  # unreadable: read_bytes says why, in Chinese
        size = path.stat().st_size
        if size > MAX_CLAUSE_BYTES:
            message = f"条款文件过大（{size} 字节，上限 {MAX_CLAUSE_BYTES} 字节）"
            raise FrontMatterError(Problem(name, 0, 0, message))
    try:
        return read_bytes(path)
    except BidgenError as exc:
        # Reported with the front matter: an unreadable file has no usable metadata either.
        raise FrontMatterError(exc.problems) from None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            Problem(name, line, 1, "文件不是 UTF-8 编码，请另存为 UTF-8")
        ) from None


def _parse_clause(text: str, name: str, env: sandbox.ClauseEnvironment) -> Entry:
    """Parse and compile a clause file that the index does not hold."""
    match = _FRONT.match(text)
    if not match:
        raise FrontMatterError(Problem(name, 1, 1, "条款文件须以 YAML 前置元数据（--- 包围）开头"))
    meta, source = _parse_meta(match.group("meta"), name)
    body_line = text[: match.end()].count("\n") + 1
    body = "\n" * (body_line - 1) + text[match.end() :]
    when_line = source.locate(("when",))[0] if meta.when else 2
    code = _compile(env, body, name)
    condition = _compile_condition(env, meta.when, name, when_line) if meta.when else None
    family_at = source.locate(("family",))
    return Entry(meta.model_dump(mode="json"), family_at, when_line, body_line, code, condition)


def _parse_meta(text: str, name: str) -> tuple[ClauseMeta, LoadedYaml]:
    try:
        source = load_yaml_text(text, name, first_line=2)
    except BidgenError as exc:
        raise FrontMatterError(exc.problems) from None
    if not isinstance(source.data, dict):
        raise FrontMatterError(Problem(name, 2, 1, "前置元数据应为字段映射（键: 值）"))
    try:
        return ClauseMeta.model_validate(source.data), source
    except ValidationError as exc:
        raise FrontMatterError(validation_problems(exc, source, ClauseMeta)) from None


def _check_family(meta: ClauseMeta, path: Path, name: str, family_at: tuple[int, int]) -> None:
    if path.parent.name != meta.family and path.parent.parent.name != meta.family:
        message = f"family：条款族“{meta.family}”与所在目录“{path.parent.name}”不一致"
        raise FrontMatterError(Problem(name, family_at[0], family_at[1], message))


def _compile(env: sandbox.ClauseEnvironment, body: str, name: str) -> types.CodeType:
    try:
        # No name or filename: tracebacks then say "<template>", which
        # template_error() relies on to find the clause line.
        code: types.CodeType = env.compile(body)
    except jinja2.TemplateSyntaxError as exc:
        message = f"模板语法错误：{syntax_message(exc)}"
        raise ClauseSyntaxError(Problem(name, exc.lineno or 1, 1, message)) from None
    except (RecursionError, MemoryError):
        raise ClauseSyntaxError(Problem(name, 1, 1, "模板语法错误：嵌套过深，无法编译")) from None
    return code


def _compile_condition(
    env: sandbox.ClauseEnvironment, when: str, name: str, line: int
) -> types.CodeType:
    try:
        return sandbox.compile_expression_code(env, when)
    except jinja2.TemplateSyntaxError as exc:
        message = f"when：条件表达式有误：{syntax_message(exc)}"
        raise ClauseSyntaxError(Problem(name, line, 1, message)) from None
    except (RecursionError, MemoryError):
        message = "when：条件表达式嵌套过深，无法编译"
        raise ClauseSyntaxError(Problem(name, line, 1, message)) from None


def template_error(exc: BaseException, name: str) -> RenderError:
    """Turn a render-time error into a problem at the clause file's line."""
    line = getattr(exc, "lineno", 0) or 0  # syntax errors, and limits met outside a template frame
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>" and frame.lineno:
            line = frame.lineno
    message = f"模板渲染失败：{runtime_message(exc)}"
    return RenderError(Problem(name, max(line, 1), 1, message))
