"""``bidgen clauses list/show``: browse the clause library."""

from __future__ import annotations

from pathlib import Path

from bidgen.core.errors import BidgenError
from bidgen.core.resources import data_path
from bidgen.core.textwidth import display_width
from bidgen.generate.assemble import template_context
from bidgen.generate.markdown import parse_markdown
from bidgen.library.clauses import Clause, load_library
from bidgen.profile.loading import load_profile
from bidgen.profile.models import FAMILIES, INDUSTRIES

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
    _check_filters(family, industry)
    library = load_library(clauses_dir)
    rows = []
    for clause in library.sorted():
        if family and clause.meta.family != family:
            continue
        if industry and not clause.applies_to(industry):
            continue
        rows.append([clause.id, clause.meta.family, _industries(clause), clause.meta.title])
    if not rows:
        return "没有符合条件的条款。\n"
    table = format_table(["编号", "条款族", "适用行业", "标题"], rows)
    return table + f"\n共 {len(rows)} 个条款。\n"


def _check_filters(family: str | None, industry: str | None) -> None:
    if family and family not in FAMILIES:
        raise BidgenError(f"--family：未知条款族“{family}”，可选：{'、'.join(FAMILIES)}")
    if industry and industry not in INDUSTRIES:
        raise BidgenError(f"--industry：未知行业“{industry}”，可选：{'、'.join(INDUSTRIES)}")


def _industries(clause: Clause) -> str:
    if "all" in clause.meta.industries:
        return "全部"
    return "、".join(INDUSTRIES[name] for name in clause.meta.industries)


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
        f"适用行业：{_industries(clause)}",
        f"条件：{meta.when or '无'}",
        f"所用字段：{'、'.join(meta.uses) or '未声明'}",
        f"文件：{clause.name}",
        "",
    ]
    profile_path = sample or _sample_for(clause)
    if profile_path is None:
        return "\n".join([*lines, "（没有适用的示例配置，未渲染）"]) + "\n"
    loaded = load_profile(profile_path)
    context = template_context(loaded.profile)
    text = clause.render(context)
    parse_markdown(text, clause.name)  # surface Markdown errors like a build would
    return "\n".join([*lines, f"按 {loaded.source.file} 渲染：", "", text.strip()]) + "\n"


def _sample_for(clause: Clause) -> Path | None:
    for path in sorted(SAMPLES.glob("*.yaml")):
        loaded = load_profile(path)
        if clause.applies_to(loaded.profile.project.industry):
            return path
    return None
