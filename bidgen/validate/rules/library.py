"""BL rules: CI for a clause library (``bidgen check --library``).

BL1xx clause files (front matter, ids, template syntax) · BL2xx rendering every
clause against every sample profile · BL3xx figures and terms written into the
clause sources that must come from the profile · BL4xx coverage by the samples.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bidgen.core.errors import Problem
from bidgen.core.quantities import ARABIC_NUMBER, CN_NUMERAL_CHARS
from bidgen.core.vocabulary import BIDDER_TERMS, purchaser_terms
from bidgen.library.clauses import (
    Clause,
    ClauseError,
    ClauseSyntaxError,
    DuplicateIdError,
    FrontMatterError,
    MarkdownError,
    RenderError,
)
from bidgen.profile.industry import IndustryTable
from bidgen.validate.findings import Finding, Location
from bidgen.validate.registry import Rule, rule

if TYPE_CHECKING:
    from bidgen.validate.library_context import LibraryContext

# The one place a clause defect's kind becomes a rule code.
DEFECT_RULES: dict[type[ClauseError], str] = {
    FrontMatterError: "BL101",
    DuplicateIdError: "BL102",
    ClauseSyntaxError: "BL103",
    RenderError: "BL201",
    MarkdownError: "BL202",
}

ALLOW_MARK = "bidgen: allow"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NUMBER = rf"(?:{ARABIC_NUMBER}|[{CN_NUMERAL_CHARS}半]+)"
_FIGURE = re.compile(
    rf"{_NUMBER}\s*个?(?:分钟|小时|钟头|工作日|天|日|周|星期|月|年|次(?!性)|%|％|课时|学时)"
    r"|[1-7]\s*[×xX*]\s*\d{1,2}|每(?:半)?(?:个)?(?:季度|月|年|周|天|日|学期)"
)
_PROMISE = re.compile(
    "响应|到达|到场|赶到|解决|修复|排除|恢复|巡检|保养|更换|替换|课时|学时|培训|回访|质保|保修"
    "|送达|提交|备件|备机|答复|处理|服务时间|值守|演练|调查|比例"
)
_PARTY = re.compile("|".join((*purchaser_terms(), *BIDDER_TERMS)))
_WINDOW = 16


def _at(problem: Problem) -> Location:
    return Location(problem.file, problem.line, problem.column)


def _loading_defects(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    for error in ctx.defects:
        if DEFECT_RULES[type(error)] == this.code:
            for problem in error.problems:
                yield this.finding(problem.message, _at(problem))


def _render_failures(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    for failure in ctx.renders.failures:
        if DEFECT_RULES[type(failure.error)] == this.code:
            for problem in failure.error.problems:
                message = f"{problem.message}（示例 {failure.sample.source.file}）"
                yield this.finding(message, _at(problem))


@rule("BL101")
def front_matter_invalid(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    yield from _loading_defects(ctx, this)


@rule("BL102")
def duplicate_id(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    yield from _loading_defects(ctx, this)


@rule("BL103")
def template_syntax(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    yield from _loading_defects(ctx, this)


@rule("BL201")
def render_error(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    yield from _render_failures(ctx, this)


@rule("BL202")
def markdown_unsupported(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    yield from _render_failures(ctx, this)


def literal_text(source: str) -> str:
    """The clause source with template tags blanked out (positions kept)."""
    return _TAG.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)


def _body(clause: Clause) -> list[tuple[int, str]]:
    lines = literal_text(clause.source).split("\n")
    raw = clause.source.split("\n")
    start = clause.body_line - 1
    return [
        (number, line)
        for number, line in enumerate(lines[start:], start=clause.body_line)
        if ALLOW_MARK not in raw[number - 1]
    ]


def hard_coded_figures(clause: Clause) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of figures next to promise words in literal text."""
    for number, line in _body(clause):
        for match in _FIGURE.finditer(line):
            window = line[max(0, match.start() - _WINDOW) : match.end() + _WINDOW]
            if _PROMISE.search(window):
                yield number, match.start() + 1, match.group(0)


def literal_party_terms(clause: Clause) -> Iterator[tuple[int, int, str]]:
    for number, line in _body(clause):
        for match in _PARTY.finditer(line):
            yield number, match.start() + 1, match.group(0)


def industry_words(clause: Clause, table: IndustryTable) -> Iterator[tuple[int, int, str, str]]:
    """Words of a defined industry in a clause written for all industries: (line, col, word, name)."""
    if not clause.neutral:
        return
    for number, line in _body(clause):
        for entry in table.defined:
            for word in entry.industry.words.all():
                column = line.find(word)
                if column >= 0:
                    yield number, column + 1, word, entry.industry.name


@rule("BL301")
def hard_coded_figure(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    for clause in ctx.clauses:
        for line, column, text in hard_coded_figures(clause):
            message = f"写死的时限、频次或比例“{text}”，应改用项目配置中的字段"
            yield this.finding(message, Location(clause.name, line, column))


@rule("BL302")
def literal_party_term(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    for clause in ctx.clauses:
        for line, column, text in literal_party_terms(clause):
            message = f"直接写出了称谓“{text}”，应使用 {{{{ buyer }}}} 或 {{{{ we }}}}"
            yield this.finding(message, Location(clause.name, line, column))


@rule("BL303")
def industry_word_in_common_clause(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    for clause in ctx.clauses:
        for line, column, word, industry in industry_words(clause, ctx.industries):
            message = (
                f"适用于全部行业的条款出现了{industry}行业词汇“{word}”，应放入该行业的条款变体"
            )
            yield this.finding(message, Location(clause.name, line, column))


@rule("BL401")
def never_rendered(ctx: LibraryContext, this: Rule) -> Iterator[Finding]:
    rendered = ctx.renders.rendered
    for clause in ctx.clauses:
        if clause.id not in rendered:
            message = f"条款“{clause.id}”没有被任何示例项目配置渲染，无法得到检验"
            yield this.finding(message, Location(clause.name, 2, 1))
