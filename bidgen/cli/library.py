"""``bidgen init`` and ``bidgen clauses``: start a project, browse the clause library."""

from __future__ import annotations

from pathlib import Path

import click

from bidgen.cli.help import Command, Group
from bidgen.cli.options import NO_HELP_NAMES, clauses_option, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument(
    "directory", required=False, default=".", metavar="[目录]", type=click.Path(path_type=Path)
)
@click.option("--force", is_flag=True, help="覆盖已存在的项目配置文件")
@click.option(
    "--industry",
    metavar="行业",
    help="项目所属行业（编号、中文名称或别名）；尚未定义的新行业同时生成待填写的行业定义文件",
)
@click.option(
    "--industry-name", metavar="中文名称", help="新行业的中文名称（与 --industry 新编号同用）"
)
def init(directory: Path, force: bool, industry: str | None, industry_name: str | None) -> None:
    """新建一份带中文注释的项目配置和自有条款目录，可立即生成。"""
    from bidgen.cli.browse import starter_industry
    from bidgen.profile.starter import write_starter

    chosen, new = starter_industry(directory, industry, industry_name)
    for path in write_starter(directory, force, chosen, new):
        click.echo(f"已创建：{path}")
    if new is not None:
        click.echo(f"新行业“{new.name}”（{new.id}）的定义文件已生成，可按注释补充本行业的内容。")
    click.echo(f"下一步：编辑 {directory / '项目配置.yaml'}，然后运行 bidgen build。")


@click.group(cls=Group, context_settings=NO_HELP_NAMES)
@help_option
def clauses() -> None:
    """浏览条款库。"""


@clauses.command("list", context_settings=NO_HELP_NAMES)
@help_option
@click.option("--family", metavar="条款族", help="只列出该条款族，如 fault_levels")
@click.option("--industry", metavar="行业", help="只列出适用于该行业的条款，如 security")
@clauses_option()
def clauses_list(family: str | None, industry: str | None, clauses_dir: Path | None) -> None:
    """以表格列出条款：编号、条款族、适用行业、标题。"""
    from bidgen.cli.browse import clause_table

    click.echo(clause_table(clauses_dir, family, industry), nl=False)


@clauses.command("show", context_settings=NO_HELP_NAMES)
@help_option
@click.argument("clause_id", metavar="条款编号")
@click.option(
    "--sample",
    type=click.Path(path_type=Path),
    metavar="配置文件.yaml",
    help="用于渲染的项目配置（默认取适用的示例）",
)
@clauses_option()
def clauses_show(clause_id: str, sample: Path | None, clauses_dir: Path | None) -> None:
    """显示条款的元数据、所用字段，以及按示例配置渲染的结果。"""
    from bidgen.cli.browse import show_clause

    click.echo(show_clause(clause_id, sample, clauses_dir), nl=False)


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@clauses_option()
def industries(clauses_dir: Path | None) -> None:
    """列出条款库（内置及 --clauses 指定的自有条款库）定义的行业及其定义文件。"""
    from bidgen.cli.browse import industry_table

    click.echo(industry_table(clauses_dir), nl=False)
