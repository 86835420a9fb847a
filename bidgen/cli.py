"""Command-line interface. The ONLY module that prints or picks exit codes.

Exit codes: 0 success, 1 findings at error level (or a difference, for diff),
2 bad input, usage or environment.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bidgen import __version__
from bidgen.errors import BidgenError

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _ChineseHelp:
    """Chinese section titles in --help output (click's are English)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [rec for p in self.get_params(ctx) if (rec := p.get_help_record(ctx))]  # type: ignore[attr-defined]
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


@click.group(cls=Group, context_settings={"help_option_names": []})
@click.version_option(
    __version__, "-V", "--version", message="bidgen %(version)s", help="显示版本号并退出"
)
@_help_option
def cli() -> None:
    """bidgen：根据项目配置（YAML）和条款库生成投标文件的售后服务方案。

    \b
    常用流程：
      bidgen build samples/it_ops.yaml -o out/   生成 DOCX 与 Markdown
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
@click.option(
    "--clauses",
    "clauses_dir",
    type=click.Path(path_type=Path),
    metavar="目录",
    help="自有条款目录，按条款编号覆盖内置条款",
)
@click.option(
    "-f",
    "--format",
    "formats",
    default="docx,md",
    help="输出格式，逗号分隔：docx,md（默认 docx,md）",
)
@click.option("-q", "--quiet", is_flag=True, help="只输出错误")
def build(
    profile: Path, out_dir: Path, clauses_dir: Path | None, formats: str, quiet: bool
) -> None:
    """根据项目配置生成售后服务方案（DOCX、Markdown）。"""
    from bidgen.build import build as run_build
    from bidgen.build import parse_formats

    wanted = parse_formats(formats)
    progress = _progress_printer(quiet)
    result = run_build(profile, out_dir, wanted, clauses_dir, progress)
    if not quiet:
        for path in result.outputs:
            click.echo(f"已生成：{path}")


def _progress_printer(quiet: bool) -> Any:
    interactive = sys.stderr.isatty() and not quiet

    def show(stage: str) -> None:
        if interactive:
            click.echo(f"… {stage}", err=True)

    return show


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
