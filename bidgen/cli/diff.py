"""``bidgen diff``: compare two versions chapter by chapter."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bidgen.cli.help import Command
from bidgen.cli.options import EXIT_FINDINGS, NO_HELP_NAMES, clauses_option, help_option

if TYPE_CHECKING:
    from bidgen.diff.document import DiffDocument

PROFILE_SUFFIXES = (".yaml", ".yml")
_DIFF_FORMATS = click.Choice(["text", "json", "html"])
_COLOR_CHOICE = click.Choice(["auto", "always", "never"])


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("old", metavar="旧版本", type=click.Path(path_type=Path))
@click.argument("new", metavar="新版本", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=_DIFF_FORMATS,
    default="text",
    metavar="格式",
    help="输出格式：text（默认）、json、html（并排对照的单文件报告）",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    metavar="文件",
    help="把报告写入文件（html 格式建议使用），否则输出到屏幕",
)
@click.option(
    "--color",
    "color",
    type=_COLOR_CHOICE,
    default="auto",
    metavar="何时",
    help="文字报告中高亮改动：auto（终端上，默认）、always、never",
)
@clauses_option("比较项目配置时使用的自有条款目录")
def diff(
    old: Path, new: Path, fmt: str, output: Path | None, color: str, clauses_dir: Path | None
) -> None:
    """按章节比较两个版本（项目配置、DOCX 或 Markdown），时限变更列在最前。

    \b
    退出码：0 两版一致，1 有差异，2 输入有误。
    示例：
      bidgen diff v1.yaml v2.yaml
      bidgen diff 定稿.docx v2.yaml --format html -o 差异报告.html
    """
    from bidgen.diff.compare import diff_documents
    from bidgen.diff.reports import format_html, format_json, format_text, summary_text

    result = diff_documents(read_input(old, clauses_dir), read_input(new, clauses_dir))
    painted = False
    if fmt == "html":
        report = format_html(result)
    elif fmt == "json":
        report = format_json(result)
    else:
        painted = color == "always" or (color == "auto" and output is None and _stdout_is_tty())
        report = format_text(result, color=painted)
    if output is None:
        click.echo(report, nl=False, color=painted)  # click strips colours off a tty otherwise
    else:
        from bidgen.output import publish

        publish({output: report.encode("utf-8")})
        outcome = "两个版本一致" if result.identical else summary_text(result)
        click.echo(f"已生成：{output}（{outcome}）")
    if not result.identical:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def read_input(path: Path, clauses: Path | None = None) -> DiffDocument:
    """Any version of a proposal as diff compares it; an unknown type is a user error.

    A profile is built here, above the reader (only the CLI and the build
    recipe may import the build), and seen through the same structure as a file.
    """
    from bidgen.core.errors import BidgenError, Problem
    from bidgen.core.files import display_name
    from bidgen.diff.document import diff_document
    from bidgen.readback.reader import DOCX_SUFFIXES, MARKDOWN_SUFFIXES, read_proposal

    name = display_name(path)
    suffix = path.suffix.lower()
    if suffix not in PROFILE_SUFFIXES + DOCX_SUFFIXES + MARKDOWN_SUFFIXES:
        message = "无法比较此类文件：只支持项目配置（.yaml/.yml）、生成的 .docx 或 Markdown（.md）"
        raise BidgenError(Problem(name, 0, 0, message))
    if not path.is_file():
        raise BidgenError(Problem(name, 0, 0, "文件不存在"))
    if suffix in PROFILE_SUFFIXES:
        from bidgen.build import build_document
        from bidgen.readback.from_model import read_model

        return diff_document(read_model(build_document(path, clauses).document, name))
    return diff_document(read_proposal(path))


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()
