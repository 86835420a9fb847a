"""``bidgen clauses list/show``: browse the clause library."""

from __future__ import annotations

import re
from pathlib import Path

from bidgen.core.errors import BidgenError
from bidgen.core.resources import data_path
from bidgen.core.textwidth import display_width
from bidgen.generate.assemble import template_context
from bidgen.generate.markdown import parse_markdown
from bidgen.library.clauses import (
    Clause,
    ClauseLibrary,
    applicable,
    library_industries,
    load_library,
)
from bidgen.library.industries import bind_industry
from bidgen.profile.industry import IndustryTable
from bidgen.profile.loading import load_profile
from bidgen.profile.models import FAMILIES
from bidgen.profile.starter import CLAUSE_DIR, NewIndustry

SAMPLES = data_path("samples")


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain table aligned by display width (CJK characters count double)."""
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def clause_table(clauses_dir: Path | None, family: str | None, industry: str | None) -> str:
    library = load_library(clauses_dir)
    wanted = _check_filters(library, family, industry)
    rows = []
    clauses = library.for_industry(wanted) if wanted else library.sorted()
    for clause in clauses:
        if family and clause.meta.family != family:
            continue
        row = [clause.id, clause.meta.family, _industries(clause, library.industries)]
        rows.append([*row, clause.meta.title])
    if not rows:
        return "没有符合条件的条款。\n"
    table = format_table(["编号", "条款族", "适用行业", "标题"], rows)
    return table + f"\n共 {len(rows)} 个条款。\n"


def _check_filters(library: ClauseLibrary, family: str | None, industry: str | None) -> str | None:
    """The industry id asked for (by id, name or alias), after checking both filters."""
    if family and family not in FAMILIES:
        raise BidgenError(f"--family：未知条款族“{family}”，可选：{'、'.join(FAMILIES)}")
    if not industry:
        return None
    found = library.industries.resolve(industry)
    if found is None:
        known = library.industries.known_text()
        raise BidgenError(f"--industry：未定义的行业“{industry}”，可选：{known}")
    return found.id


def _industries(clause: Clause, table: IndustryTable) -> str:
    if clause.neutral:
        return "全部"
    names = []
    for name in clause.meta.industries:
        found = table.get(name)
        names.append(found.name if found else name)
    return "、".join(names)


def industry_table(clauses_dir: Path | None) -> str:
    """``bidgen industries``: every defined industry, and the file that defines it."""
    library = load_library(clauses_dir)
    rows = []
    for entry in library.industries.defined:
        industry = entry.industry
        variants = sum(1 for c in library.sorted() if industry.id in c.meta.industries)
        aliases = "、".join(industry.aliases) or "—"
        rows.append([industry.id, industry.name, aliases, str(variants), entry.source])
    header = ["编号", "名称", "别名", "专用条款数", "定义文件"]
    return format_table(header, rows) + f"\n共 {len(rows)} 个行业。\n"


def show_clause(clause_id: str, sample: Path | None, clauses_dir: Path | None) -> str:
    library = load_library(clauses_dir)
    clause = library.get(clause_id)
    if clause is None:
        raise BidgenError(f"条款库中没有编号为“{clause_id}”的条款（运行 bidgen clauses list 查看）")
    meta = clause.meta
    lines = [
        f"编号：{meta.id}",
        f"标题：{meta.title}",
        f"条款族：{meta.family}（{FAMILIES[meta.family]}）",
        f"顺序：{meta.order}",
        f"适用行业：{_industries(clause, library.industries)}",
        f"条件：{meta.when or '无'}",
        f"所用字段：{'、'.join(meta.uses) or '未声明'}",
        f"文件：{clause.name}",
        "",
    ]
    profile_path = sample or _sample_for(clause, library)
    if profile_path is None:
        return "\n".join([*lines, "（没有适用的示例配置，未渲染）"]) + "\n"
    loaded = bind_industry(load_profile(profile_path), library.industries)
    context = template_context(loaded.profile, loaded.industry)
    text = clause.render(context)
    parse_markdown(text, clause.name)  # surface Markdown errors like a build would
    return "\n".join([*lines, f"按 {loaded.source.file} 渲染：", "", text.strip()]) + "\n"


def _sample_for(clause: Clause, library: ClauseLibrary) -> Path | None:
    for path in sorted(SAMPLES.glob("*.yaml")):
        loaded = bind_industry(load_profile(path), library.industries)
        if clause in applicable(library.sorted(), loaded.profile.project.industry):
            return path
    return None


_NEW_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def starter_industry(
    directory: Path, industry: str | None, name: str | None
) -> tuple[str, NewIndustry | None]:
    """``init --industry``: a defined industry's id, or a new one to write a file for."""
    if not industry:
        if name:
            raise BidgenError("--industry-name：须与 --industry 新行业编号一起使用")
        return "it_ops", None
    own = directory / CLAUSE_DIR
    table = library_industries(own if (own / "industries").is_dir() else None)
    found = table.resolve(industry)
    if found is not None:
        return found.id, None
    if not _NEW_ID.match(industry):
        raise BidgenError(
            f"--industry：未定义的行业“{industry}”。已定义：{table.known_text()}；"
            "新行业请用小写英文编号，并用 --industry-name 给出中文名称，如 --industry hvac --industry-name 暖通空调"
        )
    return industry, NewIndustry(industry, name or industry)
