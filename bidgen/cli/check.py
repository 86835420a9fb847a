"""``bidgen check``, ``bidgen lint`` and ``bidgen rules``: findings and the rules behind them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from bidgen.cli.help import Command
from bidgen.cli.options import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    NO_HELP_NAMES,
    clauses_option,
    findings_format_option,
    help_option,
    prefixes,
    rule_filter_options,
)
from bidgen.core.errors import BidgenError
from bidgen.core.files import display_name

if TYPE_CHECKING:
    from bidgen.validate.findings import Finding


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("profiles", nargs=-1, metavar="[配置文件.yaml]...", type=click.Path(path_type=Path))
@clauses_option()
@click.option(
    "--library",
    "library",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[目录]",
    help="检查条款库（默认检查内置条款库）而不是项目配置",
)
@click.option(
    "--samples",
    "samples_dir",
    type=click.Path(path_type=Path),
    metavar="目录",
    help="检查条款库时用于渲染的示例配置目录（默认 samples/）",
)
@findings_format_option("输出格式：text（默认）、json、github（工作流注释）")
@rule_filter_options
def check(
    profiles: tuple[Path, ...],
    clauses_dir: Path | None,
    library: str | None,
    samples_dir: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """校验项目配置生成的方案（不写文件），或用 --library 检查条款库。

    可一次校验多个项目配置：逐个校验、分别列出问题，退出码取其中最严重的一个
    （输入有误为 2，发现错误级问题为 1）。
    --select/--ignore 只选本次检查的规则：方案检查用 BG 前缀，条款库检查用 BL 前缀。
    """
    if library is not None:
        if profiles:
            raise click.UsageError("--library 检查条款库时不能同时指定项目配置文件")
        _report(_library_findings(library, samples_dir, select, ignore), fmt, strict)
    elif len(profiles) == 1:
        _report(_profile_findings(profiles[0], clauses_dir, select, ignore), fmt, strict)
    elif profiles:
        code = _check_each(profiles, clauses_dir, select, ignore, fmt, strict)
        if code:
            raise click.exceptions.Exit(code)
    else:
        raise click.UsageError("请指定项目配置文件，或使用 --library 检查条款库")


def _report(findings: list[Finding], fmt: str, strict: bool) -> None:
    from bidgen.validate.formatters import FORMATTERS
    from bidgen.validate.runner import has_failures

    click.echo(FORMATTERS[fmt](findings), nl=False)
    if has_failures(findings, strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _check_each(
    profiles: tuple[Path, ...],
    clauses_dir: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    strict: bool,
) -> int:
    """Check several profiles, one after another; the exit code is the worst one.

    Text lists each file's findings under its name; json and github print one
    list (every finding names its file). A profile with bad input is reported
    in Chinese on stderr and the others are still checked.
    """
    from bidgen.validate.formatters import FORMATTERS
    from bidgen.validate.runner import has_failures, select_rules

    select_rules(prefixes(select), prefixes(ignore))  # a wrong code fails before any input
    code, everything = EXIT_OK, []
    for profile in profiles:
        try:
            findings = _profile_findings(profile, clauses_dir, select, ignore)
        except BidgenError as exc:
            click.echo(f"【{display_name(profile)}】", err=True)
            for line in exc.lines():
                click.echo(line, err=True)
            code = EXIT_INPUT
            continue
        if has_failures(findings, strict):
            code = max(code, EXIT_FINDINGS)
        if fmt == "text":
            click.echo(f"【{display_name(profile)}】")
            click.echo(FORMATTERS[fmt](findings), nl=False)
        everything.extend(findings)
    if fmt != "text":
        click.echo(FORMATTERS[fmt](everything), nl=False)
    return code


def _profile_findings(
    profile: Path, clauses_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Finding]:
    from bidgen.checking import check_profile
    from bidgen.validate.runner import select_rules

    rules = select_rules(prefixes(select), prefixes(ignore))  # before reading any input
    return check_profile(profile, clauses_dir, rules)


def _library_findings(
    library: str, samples_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Finding]:
    from bidgen.validate.registry import LIBRARY_CHECK
    from bidgen.validate.runner import check_library, select_rules

    rules = select_rules(prefixes(select), prefixes(ignore), LIBRARY_CHECK)
    return check_library(Path(library) if library else None, samples_dir, rules)


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("document", metavar="文件", type=click.Path(path_type=Path))
@click.option(
    "--profile",
    "profile",
    type=click.Path(path_type=Path),
    metavar="配置文件.yaml",
    help="同时与项目配置中的时限和招标要求比对",
)
@findings_format_option("输出格式：text（默认）、json（含全部承诺）、github")
@click.option(
    "--annotate",
    "annotated",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="批注版.docx",
    help="另存一份带 Word 批注的副本，每个问题一条批注（仅 .docx，原文件不变）",
)
@rule_filter_options
def lint(
    document: Path,
    profile: Path | None,
    fmt: str,
    annotated: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """检查已有的方案文件（.docx、.md、.txt）中的承诺是否前后一致。

    --annotate 另存一份批注版 DOCX，审核人员可在 Word 或 WPS 中逐条查看。
    """
    from bidgen.lint import lint_file, lint_json
    from bidgen.validate.formatters import FORMATTERS
    from bidgen.validate.runner import has_failures

    if annotated is not None:
        _check_annotate_target(document, annotated)
    result = lint_file(document, profile, prefixes(select), prefixes(ignore))
    if fmt == "json":
        click.echo(lint_json(result), nl=False)
    else:
        click.echo(FORMATTERS[fmt](result.findings), nl=False)
    if annotated is not None:
        _write_annotated(document, annotated, result.findings)
    if has_failures(result.findings, strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _check_annotate_target(document: Path, annotated: Path) -> None:
    """Refuse before reading anything: only a DOCX takes comments, and never in place."""
    if document.suffix.lower() != ".docx":
        raise BidgenError("--annotate 只能用于 .docx 文件（Word 批注需要 DOCX）")
    if annotated.suffix.lower() != ".docx":
        raise BidgenError(f"批注版文件名应以 .docx 结尾：{annotated}")
    if annotated.resolve() == document.resolve():
        raise BidgenError("批注版不能覆盖原文件，请另起文件名")


def _write_annotated(document: Path, annotated: Path, findings: list[Finding]) -> None:
    from bidgen.annotate import annotate_docx
    from bidgen.output import publish

    copy = annotate_docx(document, findings)
    publish({annotated: copy.data})
    click.echo(f"已生成批注版：{annotated}（{copy.comments} 条批注）", err=True)


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("code", required=False, metavar="[规则编号]")
def rules(code: str | None) -> None:
    """列出全部校验规则（BG 方案规则与 BL 条款库规则），或说明某条规则。"""
    from bidgen.validate.catalog import all_rules
    from bidgen.validate.findings import SEVERITY_NAMES

    known = all_rules()
    if code is None:
        for item in known:
            click.echo(
                f"{item.code}  {item.name:<34} {SEVERITY_NAMES[item.severity]}  {item.title}"
            )
        return
    matches = [item for item in known if item.code == code.upper() or item.name == code]
    if not matches:
        raise BidgenError(f"没有编号或名称为“{code}”的规则（运行 bidgen rules 查看全部）")
    item = matches[0]
    click.echo(f"{item.code} {item.name}（{SEVERITY_NAMES[item.severity]}）：{item.title}\n")
    click.echo(f"适用范围：{item.scope.value}\n")
    click.echo(f"检查内容：{item.what}\n")
    click.echo(f"为何重要：{item.why}\n")
    click.echo(f"示例：{item.example}")
