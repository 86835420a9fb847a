"""The ``bidgen`` command group and its one error boundary.

The cli package is the ONLY place that prints or picks exit codes. Exit codes:
0 success, 1 findings at error level (or a difference, for diff), 2 bad input,
usage or environment. Each command module imports its stage lazily, so
``bidgen --help`` does not pay for the document pipeline.
"""

from __future__ import annotations

import gc
import sys

import click

from bidgen import __version__
from bidgen.cli import build, check, deviation, diff, library, preview, schema, tender
from bidgen.cli.help import Group
from bidgen.cli.options import EXIT_INPUT, EXIT_OK, NO_HELP_NAMES, help_option
from bidgen.core import memo
from bidgen.core.errors import BidgenError
from bidgen.core.regexcache import install as install_regex_cache


@click.group(cls=Group, context_settings=NO_HELP_NAMES)
@click.version_option(
    __version__, "-V", "--version", message="bidgen %(version)s", help="显示版本号并退出"
)
@help_option
def cli() -> None:
    """bidgen：根据项目配置（YAML）和条款库生成投标文件的售后服务方案。

    \b
    常用流程：
      bidgen init 新项目/                    新建带注释的项目配置
      bidgen build 项目配置.yaml -o out/      校验后生成 DOCX、PDF 和 Markdown
      bidgen check 项目配置.yaml              只校验，不写文件
      bidgen preview 项目配置.yaml            浏览器实时预览，保存即刷新
      bidgen deviation 项目配置.yaml -o 偏离表.xlsx  单独导出偏离表（.xlsx/.docx/.md）
      bidgen diff 第一版.yaml 第二版.docx      按章节比较两个版本
    """


for command in (
    build.build,
    check.check,
    check.lint,
    tender.requirements,
    deviation.deviation,
    diff.diff,
    check.rules,
    library.init,
    library.clauses,
    schema.schema,
    preview.preview,
    library.industries,
):
    cli.add_command(command)


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
    "is not in the range": "不在取值范围",
    "Option": "选项",
}


def _translate_usage(message: str) -> str:
    for english, chinese in sorted(_USAGE_WORDS.items(), key=lambda kv: -len(kv[0])):
        message = message.replace(english, chinese)
    return message.rstrip(".")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command, print user errors in Chinese, exit."""
    install_regex_cache()  # before any command module compiles its patterns
    # A command makes a few large structures that live to its end (modules, the
    # document, its DOCX tree): the collector's default thresholds scan them again
    # and again for nothing. Rarer collections still bound a long preview session.
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, 50, 50)
    try:
        with memo.in_use():  # results kept between runs, for this command
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
    finally:
        gc.set_threshold(*thresholds)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
