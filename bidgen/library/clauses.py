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

The body is compiled in a sandbox with StrictUndefined. Front matter is
replaced by blank lines before compiling, so template line numbers are file
line numbers and every error points at the right line.
"""

from __future__ import annotations

import contextlib
import os
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.sandbox import SandboxedEnvironment
from pydantic import Field, ValidationError, field_validator

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.resources import data_path
from bidgen.core.yamlio import display_name, load_yaml_text, read_text
from bidgen.library.filters import FILTERS
from bidgen.profile.loading import validation_problems
from bidgen.profile.models import INDUSTRIES, Family, Strict

BUILTIN_DIR = data_path("clauses")
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
    industries: list[str] = Field(default=["all"], min_length=1)
    when: str | None = None
    uses: list[str] = []
    heading: bool = True
    default: bool = True
    page_break: bool = False

    @field_validator("industries")
    @classmethod
    def _known_industries(cls, values: list[str]) -> list[str]:
        allowed = ["all", *INDUSTRIES]
        for value in values:
            if value not in allowed:
                raise ValueError(f"未知行业“{value}”，可选：{'、'.join(allowed)}")
        return values


@dataclass(frozen=True)
class Clause:
    meta: ClauseMeta
    path: Path
    name: str  # display path, used in messages
    template: jinja2.Template
    body_line: int  # first line of the body in the file
    condition: Any | None  # compiled `when` expression
    source: str = ""  # the whole file, for library checks

    @property
    def id(self) -> str:
        return self.meta.id

    def applies_to(self, industry: str) -> bool:
        return "all" in self.meta.industries or industry in self.meta.industries

    def render(self, context: dict[str, Any]) -> str:
        try:
            return self.template.render(context)
        except jinja2.TemplateError as exc:
            raise template_error(exc, self.name) from None
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise template_error(exc, self.name) from None

    def wanted(self, context: dict[str, Any]) -> bool:
        if self.condition is None:
            return True
        try:
            return bool(self.condition(**context))
        except jinja2.TemplateError as exc:
            line = 1
            raise RenderError(
                Problem(self.name, line, 1, f"条件 when 求值失败：{_jinja_message(exc)}")
            ) from None


def make_environment() -> SandboxedEnvironment:
    """The one Jinja environment for clause bodies: sandboxed, strict."""
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=escape_markdown,
    )
    env.filters.update(FILTERS)
    env.bytecode_cache = bytecode_cache()
    return env


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape_markdown(value: Any) -> Any:
    """Interpolated profile text must not turn into Markdown syntax."""
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass
class ClauseLibrary:
    clauses: dict[str, Clause]
    roots: tuple[Path, ...]

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)

    def sorted(self) -> list[Clause]:
        return sorted(self.clauses.values(), key=lambda c: (c.meta.family, c.meta.order, c.id))


def load_library(user_dir: Path | None = None, builtin: Path = BUILTIN_DIR) -> ClauseLibrary:
    """Load built-in clauses, then let ``user_dir`` override by id or add new ones."""
    roots = [builtin] + ([user_dir] if user_dir else [])
    clauses, errors = scan_library(roots)
    if errors:
        raise BidgenError([problem for error in errors for problem in error.problems])
    return ClauseLibrary(clauses=clauses, roots=tuple(roots))


def scan_library(roots: list[Path]) -> tuple[dict[str, Clause], list[ClauseError]]:
    """Load every clause under the roots; later roots override earlier ones by id.

    Defects are collected, not raised, so one run reports them all; their type
    (front matter, duplicate id, syntax) tells the library check which rule fired.
    """
    env = make_environment()
    errors: list[ClauseError] = []
    clauses: dict[str, Clause] = {}
    for root in roots:
        if not root.is_dir():
            raise BidgenError(Problem(display_name(root), 0, 0, "条款库目录不存在"))
        seen: dict[str, str] = {}
        for path in sorted(root.rglob("*.md")):
            try:
                clause = _load_clause(path, env)
            except ClauseError as exc:
                errors.append(exc)
                continue
            if clause.id in seen:
                message = f"条款编号“{clause.id}”重复（已在 {seen[clause.id]} 中定义）"
                errors.append(DuplicateIdError(Problem(clause.name, 2, 1, message)))
                continue
            seen[clause.id] = clause.name
            clauses[clause.id] = clause
    return clauses, errors


def _load_clause(path: Path, env: SandboxedEnvironment) -> Clause:
    name = display_name(path)
    try:
        text = read_text(path)
    except BidgenError as exc:
        # Reported with the front matter: an unreadable file has no usable metadata either.
        raise FrontMatterError(exc.problems) from None
    match = _FRONT.match(text)
    if not match:
        raise FrontMatterError(Problem(name, 1, 1, "条款文件须以 YAML 前置元数据（--- 包围）开头"))
    meta = _parse_meta(match.group("meta"), name, path)
    body_line = text[: match.end()].count("\n") + 1
    body = "\n" * (body_line - 1) + text[match.end() :]
    template = _compile(env, body, name)
    condition = _compile_condition(env, meta, name) if meta.when else None
    return Clause(meta, path, name, template, body_line, condition, text)


def _parse_meta(text: str, name: str, path: Path) -> ClauseMeta:
    try:
        source = load_yaml_text(text, name, first_line=2)
    except BidgenError as exc:
        raise FrontMatterError(exc.problems) from None
    if not isinstance(source.data, dict):
        raise FrontMatterError(Problem(name, 2, 1, "前置元数据应为字段映射（键: 值）"))
    try:
        meta = ClauseMeta.model_validate(source.data)
    except ValidationError as exc:
        raise FrontMatterError(validation_problems(exc, source, ClauseMeta)) from None
    if path.parent.name != meta.family and path.parent.parent.name != meta.family:
        line, col = source.locate(("family",))
        message = f"family：条款族“{meta.family}”与所在目录“{path.parent.name}”不一致"
        raise FrontMatterError(Problem(name, line, col, message))
    return meta


def _compile(env: SandboxedEnvironment, body: str, name: str) -> jinja2.Template:
    """Compile a clause body, reusing the compiled code cached for the same source.

    Compiling the whole library costs about 0.25 s per build; the cache is keyed by
    the source text, so an edited clause is always recompiled.
    """
    cache = env.bytecode_cache
    bucket = cache.get_bucket(env, name, None, body) if cache else None
    code = bucket.code if bucket else None
    if code is None:
        try:
            # No name or filename: tracebacks then say "<template>", which
            # template_error() relies on to find the clause line.
            code = env.compile(body)
        except jinja2.TemplateSyntaxError as exc:
            message = f"模板语法错误：{_jinja_message(exc)}"
            raise ClauseSyntaxError(Problem(name, exc.lineno or 1, 1, message)) from None
        if bucket is not None and cache is not None:
            bucket.code = code
            cache.set_bucket(bucket)
    return env.template_class.from_code(env, code, env.make_globals(None))


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """A compiled-template cache that never fails a build: a cache it cannot write is skipped."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, ValueError, EOFError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """The user's cache folder ($BIDGEN_CACHE_DIR, else $XDG_CACHE_HOME/bidgen), if usable."""
    root = os.environ.get("BIDGEN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "bidgen"
    )
    folder = Path(root) / f"sandboxed-jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def _compile_condition(env: SandboxedEnvironment, meta: ClauseMeta, name: str) -> Any:
    try:
        return env.compile_expression(meta.when or "", undefined_to_none=False)
    except jinja2.TemplateSyntaxError as exc:
        message = f"when：条件表达式有误：{exc.message}"
        raise ClauseSyntaxError(Problem(name, 2, 1, message)) from None


_UNDEFINED_ATTR = re.compile(r"'(?P<obj>[^']+)' (?:object )?has no attribute '(?P<attr>[^']+)'")
_UNDEFINED_NAME = re.compile(r"'(?P<name>[^']+)' is undefined")


def _jinja_message(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc)
    attr = _UNDEFINED_ATTR.search(text)
    if attr:
        owner = attr.group("obj").rsplit(".", 1)[-1].replace(" object", "")
        return f"引用了不存在的字段“{attr.group('attr')}”（{owner} 中没有该字段）"
    undefined = _UNDEFINED_NAME.search(text)
    if undefined:
        return f"引用了未定义的变量“{undefined.group('name')}”"
    return text


def template_error(exc: Exception, name: str) -> RenderError:
    """Turn a render-time error into a problem at the clause file's line."""
    line = 0
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        line = exc.lineno
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>" and frame.lineno:
            line = frame.lineno
    message = f"模板渲染失败：{_jinja_message(exc)}"
    return RenderError(Problem(name, max(line, 1), 1, message))
