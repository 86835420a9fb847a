"""``bidgen deviation``: the 偏离表 on its own, as XLSX, DOCX or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bidgen.cli.help import Command
from bidgen.cli.options import EXIT_FINDINGS, NO_HELP_NAMES, clauses_option, help_option
from bidgen.core.errors import BidgenError

if TYPE_CHECKING:
    from bidgen.build import Built
    from bidgen.model import Table

SUFFIXES = (".xlsx", ".docx", ".md")


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("profile", metavar="配置文件.yaml", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "target",
    type=click.Path(path_type=Path),
    metavar="文件",
    required=True,
    help="输出文件，按扩展名选择格式：.xlsx、.docx、.md",
)
@clauses_option()
@click.option("--allow-errors", is_flag=True, help="★条款负偏离或未响应时仍然导出")
def deviation(profile: Path, target: Path, clauses_dir: Path | None, allow_errors: bool) -> None:
    """单独导出售后服务偏离表（与方案中的偏离表逐行相同），便于粘贴到招标文件规定的响应表格。"""
    from bidgen.build import build_document
    from bidgen.output import publish
    from bidgen.validate.formatters import format_text
    from bidgen.validate.runner import check_document, select_rules

    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        allowed = "、".join(SUFFIXES)
        raise BidgenError(
            f"-o：不支持的文件类型“{target.suffix or target.name}”（可选：{allowed}）"
        )
    built = build_document(profile, clauses_dir)
    if not built.loaded.profile.requirements:
        raise BidgenError(
            f"{built.loaded.source.file}：项目配置中没有 requirements，无偏离表可导出"
        )
    findings = check_document(built.document, built.loaded, select_rules(["BG3"]))
    if findings:
        click.echo(format_text(findings), err=True, nl=False)
    if not allow_errors and any(f.severity == "error" for f in findings):
        click.echo(
            "偏离表存在错误，未写入文件；修正后重试，或加 --allow-errors 强制导出。", err=True
        )
        raise click.exceptions.Exit(EXIT_FINDINGS)
    publish({target: _render(built, suffix)})
    click.echo(f"已生成：{target}")


def _table(built: Built) -> Table:
    from bidgen.model import Table

    section = next(s for s in built.document.sections if s.key == "deviation")
    return next(block for block in section.blocks if isinstance(block, Table))


def _render(built: Built, suffix: str) -> bytes:
    from bidgen.writers.sheet import render_table_docx, render_table_markdown, render_xlsx

    profile = built.loaded.profile
    table = _table(built)
    title = profile.deviation_table.title
    starred = {n for n, req in enumerate(profile.requirements) if req.is_substantive}
    if suffix == ".xlsx":
        return render_xlsx(table, title, starred)
    if suffix == ".docx":
        return render_table_docx(table, title, starred)
    return render_table_markdown(table, title).encode("utf-8")
