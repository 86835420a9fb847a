"""``bidgen requirements``: read a tender's service requirements into profile YAML."""

from __future__ import annotations

from pathlib import Path

import click

from bidgen.cli.help import Command
from bidgen.cli.options import NO_HELP_NAMES, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("tender", metavar="招标文件", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="文件",
    help="把 YAML 写入文件，否则输出到屏幕",
)
def requirements(tender: Path, output: Path | None) -> None:
    """读取招标文件（.docx、.md、.txt、.pdf）中的售后服务要求，输出项目配置的 requirements。

    \b
    识别带★/▲标记和编号的条款、技术/商务要求表格中的行，以及其中的时限、
    频次、年限（按故障级别区分）；每条要求上方注明原文及其位置。
    未识别出时限的★/▲条款以注释列出，须在方案中逐条响应。
    PDF 通过 pdftotext（poppler-utils）读取。
    示例：
      bidgen requirements 招标文件.docx
      bidgen requirements 招标文件.pdf -o requirements.yaml
    """
    from bidgen.core.files import display_name
    from bidgen.tender import read_requirements, requirement_entry, requirements_yaml

    items = read_requirements(tender)
    text = requirements_yaml(items, display_name(tender))
    if output is None:
        click.echo(text, nl=False)
        return
    from bidgen.output import publish

    publish({output: text.encode("utf-8")})
    count = sum(1 for item in items if requirement_entry(item))
    click.echo(f"已生成：{output}（{count} 条招标条款）")
