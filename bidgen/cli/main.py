"""Command-line interface. The ONLY module that prints or picks exit codes.

Exit codes: 0 success, 1 findings at error level (or a difference, for diff),
2 bad input, usage or environment.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from bidgen import __version__
from bidgen.core.errors import BidgenError
from bidgen.core.textwidth import display_width

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class ChineseFormatter(click.HelpFormatter):
    """Help headings end with a full-width colon, as Chinese text does."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Two columns aligned by display width: a CJK character takes two cells."""
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        text_width = max((self.width or 80) - self.current_indent - first - col_spacing, 20)
        hanging = " " * (first + col_spacing)
        for term, text in rows:
            lines = wrap_cjk(text, text_width) or [""]
            if display_width(term) > first:  # a long term: its text starts on the next line
                self.write(f"{indent}{term}\n")
                lines_after = lines
            else:
                pad = " " * (first - display_width(term) + col_spacing)
                self.write(f"{indent}{term}{pad}{lines[0]}\n")
                lines_after = lines[1:]
            for line in lines_after:
                self.write(f"{indent}{hanging}{line}\n")


_NO_LINE_START = set("）)】」』》，。；：、！？,.;:!?")


def wrap_cjk(text: str, width: int) -> list[str]:
    """Break a help text into lines of at most ``width`` cells (CJK breaks anywhere;
    closing punctuation hangs at the end of a line rather than starting the next)."""
    lines, line, used = [], "", 0
    for char in text:
        cells = display_width(char)
        if used + cells > width and line and char not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
            if char == " ":
                continue
        line += char
        used += cells
    if line:
        lines.append(line.rstrip())
    return lines


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


class _ChineseHelp:
    """Chinese section titles in --help output (click's are English)."""

    context_class = ChineseContext

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = [p for p in self.get_params(ctx) if isinstance(p, click.Option)]  # type: ignore[attr-defined]
        rows = [rec for p in params if (rec := p.get_help_record(ctx))]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        group: Any = self
        rows = []
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(60)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


class Command(_ChineseHelp, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(_ChineseHelp, click.Group):
    command_class = Command
    group_class = type  # subgroups use this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)


def _help_option(func: Any) -> Any:
    return click.help_option("-h", "--help", help="显示本帮助并退出")(func)


def _clauses_option(help_text: str = "自有条款目录，按条款编号覆盖内置条款") -> Any:
    return click.option(
        "--clauses", "clauses_dir", type=click.Path(path_type=Path), metavar="目录", help=help_text
    )


def _rule_filter_options(func: Any) -> Any:
    """--select / --ignore / --strict, shared by check and lint."""
    func = click.option("--strict", is_flag=True, help="警告也视为失败（退出码 1）")(func)
    func = click.option("--ignore", multiple=True, metavar="前缀", help="跳过这些编号前缀的规则")(
        func
    )
    return click.option(
        "--select", multiple=True, metavar="前缀", help="只运行这些编号前缀的规则，如 BG2"
    )(func)


@click.group(cls=Group, context_settings={"help_option_names": []})
@click.version_option(
    __version__, "-V", "--version", message="bidgen %(version)s", help="显示版本号并退出"
)
@_help_option
def cli() -> None:
    """bidgen：根据项目配置（YAML）和条款库生成投标文件的售后服务方案。

    \b
    常用流程：
      bidgen init 新项目/                    新建带注释的项目配置
      bidgen build 项目配置.yaml -o out/      校验后生成 DOCX、PDF 和 Markdown
      bidgen check 项目配置.yaml              只校验，不写文件
      bidgen diff 第一版.yaml 第二版.docx      按章节比较两个版本
    """


@cli.command(context_settings={"help_option_names": []})
@_help_option
@click.argument("profile", metavar="配置文件.yaml", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    metavar="目录",
    default=Path("out"),
    help="输出目录（默认：out）",
)
@_clauses_option()
@click.option(
    "-f",
    "--format",
    "formats",
    metavar="格式",
    default="docx,pdf,md",
    help="输出格式，逗号分隔：docx、pdf、md、html（默认 docx,pdf,md）",
)
@click.option("-q", "--quiet", is_flag=True, help="只输出错误")
@click.option("--allow-errors", is_flag=True, help="校验发现错误时仍然生成文件")
@click.option(
    "--font-serif",
    metavar="字体名",
    help="正文宋体类字体（fontconfig 名称，默认 Noto Serif CJK SC）",
)
@click.option(
    "--font-sans", metavar="字体名", help="标题黑体类字体（fontconfig 名称，默认 Noto Sans CJK SC）"
)
def build(
    profile: Path,
    out_dir: Path,
    clauses_dir: Path | None,
    formats: str,
    quiet: bool,
    allow_errors: bool,
    font_serif: str | None,
    font_sans: str | None,
) -> None:
    """根据项目配置生成售后服务方案（DOCX、PDF、Markdown），生成前先运行全部校验。"""
    from bidgen.writers.pdf_worker import PdfWorker

    # Fork the PDF worker before the heavy imports below: it imports WeasyPrint
    # while this process imports bidgen and assembles the document.
    worker = PdfWorker() if "pdf" in formats.lower() else None
    try:
        result = _run_build(
            profile,
            out_dir,
            clauses_dir,
            formats,
            quiet,
            allow_errors,
            (font_serif, font_sans),
            worker,
        )
    finally:
        if worker is not None:
            worker.close()
    from bidgen.validate.formatters import format_text

    if result.findings and not quiet:
        click.echo(format_text(result.findings), err=True, nl=False)
    for warning in result.warnings:
        click.echo(f"警告：{warning}", err=True)
    if not quiet:
        for path in result.outputs:
            click.echo(f"已生成：{path}")


def _run_build(
    profile: Path,
    out_dir: Path,
    clauses_dir: Path | None,
    formats: str,
    quiet: bool,
    allow_errors: bool,
    fonts: tuple[str | None, str | None],
    worker: Any,
) -> Any:
    from bidgen.build import ChecksFailed, parse_formats
    from bidgen.build import build as run_build
    from bidgen.validate.formatters import format_text

    wanted = parse_formats(formats)
    progress = _progress_printer(quiet)
    try:
        return run_build(
            profile, out_dir, wanted, clauses_dir, progress, allow_errors, fonts, worker
        )
    except ChecksFailed as failed:
        click.echo(format_text(failed.findings), err=True, nl=False)
        click.echo(
            "校验发现错误，未写入任何文件；修正后重试，或加 --allow-errors 强制生成。", err=True
        )
        raise click.exceptions.Exit(EXIT_FINDINGS) from None


_FORMAT_CHOICE = click.Choice(["text", "json", "github"])


def _prefixes(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@cli.command(context_settings={"help_option_names": []})
@_help_option
@click.argument(
    "profile", required=False, metavar="[配置文件.yaml]", type=click.Path(path_type=Path)
)
@_clauses_option()
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
@click.option(
    "--format",
    "fmt",
    type=_FORMAT_CHOICE,
    default="text",
    metavar="格式",
    help="输出格式：text（默认）、json、github（工作流注释）",
)
@_rule_filter_options
def check(
    profile: Path | None,
    clauses_dir: Path | None,
    library: str | None,
    samples_dir: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """校验项目配置生成的方案（不写文件），或用 --library 检查条款库。"""
    from bidgen.validate.formatters import FORMATTERS
    from bidgen.validate.runner import has_failures

    if library is not None:
        findings = _library_findings(library, samples_dir, select, ignore)
    elif profile is not None:
        findings = _profile_findings(profile, clauses_dir, select, ignore)
    else:
        raise click.UsageError("请指定项目配置文件，或使用 --library 检查条款库")
    click.echo(FORMATTERS[fmt](findings), nl=False)
    if has_failures(findings, strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _profile_findings(
    profile: Path, clauses_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Any]:
    from bidgen.build import build_document
    from bidgen.validate.runner import check_built, select_rules

    rules = select_rules(_prefixes(select), _prefixes(ignore))
    return check_built(build_document(profile, clauses_dir), rules)


def _library_findings(
    library: str, samples_dir: Path | None, select: tuple[str, ...], ignore: tuple[str, ...]
) -> list[Any]:
    from bidgen.validate.library_check import check_library

    findings = check_library(Path(library) if library else None, samples_dir)
    chosen, skipped = _prefixes(select), _prefixes(ignore)
    return [
        f
        for f in findings
        if (not chosen or any(f.code.startswith(p) for p in chosen))
        and not any(f.code.startswith(p) for p in skipped)
    ]


@cli.command(context_settings={"help_option_names": []})
@_help_option
@click.argument("document", metavar="文件", type=click.Path(path_type=Path))
@click.option(
    "--profile",
    "profile",
    type=click.Path(path_type=Path),
    metavar="配置文件.yaml",
    help="同时与项目配置中的时限和招标要求比对",
)
@click.option(
    "--format",
    "fmt",
    type=_FORMAT_CHOICE,
    default="text",
    metavar="格式",
    help="输出格式：text（默认）、json（含全部承诺）、github",
)
@_rule_filter_options
def lint(
    document: Path,
    profile: Path | None,
    fmt: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
) -> None:
    """检查已有的方案文件（.docx、.md、.txt）中的承诺是否前后一致。"""
    from bidgen.lint import lint_file, lint_json
    from bidgen.validate.formatters import FORMATTERS
    from bidgen.validate.runner import has_failures

    result = lint_file(document, profile, _prefixes(select), _prefixes(ignore))
    if fmt == "json":
        click.echo(lint_json(result), nl=False)
    else:
        click.echo(FORMATTERS[fmt](result.findings), nl=False)
    if has_failures(result.findings, strict):
        raise click.exceptions.Exit(EXIT_FINDINGS)


_DIFF_FORMATS = click.Choice(["text", "json", "html"])
_COLOR_CHOICE = click.Choice(["auto", "always", "never"])


@cli.command(context_settings={"help_option_names": []})
@_help_option
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
@_clauses_option("比较项目配置时使用的自有条款目录")
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
    from bidgen.diff.compare import (
        diff_documents,
        format_html,
        format_json,
        format_text,
        summary_text,
    )
    from bidgen.readback.readers import read_input

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


def _stdout_is_tty() -> bool:
    return sys.stdout.isatty()


@cli.command(context_settings={"help_option_names": []})
@_help_option
@click.argument("code", required=False, metavar="[规则编号]")
def rules(code: str | None) -> None:
    """列出全部校验规则，或说明某条规则。"""
    from bidgen.validate.registry import all_rules

    known = all_rules()
    if code is None:
        for item in known:
            level = "错误" if item.severity == "error" else "警告"
            click.echo(f"{item.code}  {item.name:<34} {level}  {item.title}")
        return
    matches = [item for item in known if item.code == code.upper() or item.name == code]
    if not matches:
        raise BidgenError(f"没有编号或名称为“{code}”的规则（运行 bidgen rules 查看全部）")
    item = matches[0]
    level = "错误" if item.severity == "error" else "警告"
    click.echo(f"{item.code} {item.name}（{level}）：{item.title}\n")
    click.echo(f"检查内容：{item.what}\n")
    click.echo(f"为何重要：{item.why}\n")
    click.echo(f"示例：{item.example}")


@cli.command(context_settings={"help_option_names": []})
@_help_option
@click.argument(
    "directory", required=False, default=".", metavar="[目录]", type=click.Path(path_type=Path)
)
@click.option("--force", is_flag=True, help="覆盖已存在的项目配置文件")
def init(directory: Path, force: bool) -> None:
    """新建一份带中文注释的项目配置和自有条款目录，可立即生成。"""
    from bidgen.profile.starter import write_starter

    for path in write_starter(directory, force):
        click.echo(f"已创建：{path}")
    click.echo(f"下一步：编辑 {directory / '项目配置.yaml'}，然后运行 bidgen build。")


@cli.group(cls=Group, context_settings={"help_option_names": []})
@_help_option
def clauses() -> None:
    """浏览条款库。"""


@clauses.command("list", context_settings={"help_option_names": []})
@_help_option
@click.option("--family", metavar="条款族", help="只列出该条款族，如 fault_levels")
@click.option("--industry", metavar="行业", help="只列出适用于该行业的条款，如 security")
@_clauses_option()
def clauses_list(family: str | None, industry: str | None, clauses_dir: Path | None) -> None:
    """以表格列出条款：编号、条款族、适用行业、标题。"""
    from bidgen.cli.browse import clause_table

    click.echo(clause_table(clauses_dir, family, industry), nl=False)


@clauses.command("show", context_settings={"help_option_names": []})
@_help_option
@click.argument("clause_id", metavar="条款编号")
@click.option(
    "--sample",
    type=click.Path(path_type=Path),
    metavar="配置文件.yaml",
    help="用于渲染的项目配置（默认取适用的示例）",
)
@_clauses_option()
def clauses_show(clause_id: str, sample: Path | None, clauses_dir: Path | None) -> None:
    """显示条款的元数据、所用字段，以及按示例配置渲染的结果。"""
    from bidgen.cli.browse import show_clause

    click.echo(show_clause(clause_id, sample, clauses_dir), nl=False)


def _progress_printer(quiet: bool) -> Any:
    from bidgen.build import Progress

    class TerminalProgress(Progress):
        """Stage lines and a spinner, only on an interactive terminal."""

        def stage(self, name: str) -> None:
            click.echo(f"… {name}", err=True)

        def wait(self, name: str, job: Any) -> Any:
            import itertools
            import time

            start = time.monotonic()
            for frame in itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"):
                if job.done():
                    break
                click.echo(
                    f"\r{frame} {name}（{time.monotonic() - start:.1f} 秒）", err=True, nl=False
                )
                time.sleep(0.1)
            click.echo(f"\r… {name}（{time.monotonic() - start:.1f} 秒）", err=True)
            return job.result()

    return TerminalProgress() if sys.stderr.isatty() and not quiet else Progress()


_USAGE_WORDS = {
    "No such option": "未知选项",
    "No such command": "未知命令",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "requires an argument": "需要一个值",
    "Got unexpected extra argument": "多余的参数",
    "Got unexpected extra arguments": "多余的参数",
    "Invalid value for": "取值无效",
    "Did you mean": "是否应为",
    "is a directory": "是一个目录",
    "does not exist": "不存在",
    "is not one of": "不在可选值中：",
    "is not a valid integer": "不是有效的整数",
    "Option": "选项",
}


def _translate_usage(message: str) -> str:
    for english, chinese in sorted(_USAGE_WORDS.items(), key=lambda kv: -len(kv[0])):
        message = message.replace(english, chinese)
    return message.rstrip(".")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, print user errors in Chinese, exit."""
    try:
        code = cli.main(args=argv, prog_name="bidgen", standalone_mode=False)
    except BidgenError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        sys.exit(EXIT_INPUT)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        sys.exit(EXIT_INPUT)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "bidgen"
        click.echo(f"{command}：用法错误：{_translate_usage(exc.format_message())}", err=True)
        click.echo(f"运行“{command} --help”查看用法。", err=True)
        sys.exit(EXIT_INPUT)
    except click.Abort:
        click.echo("已中断。", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("已中断。", err=True)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
