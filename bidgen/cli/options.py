"""Options and exit codes shared by several commands: one definition, one behaviour."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
NO_HELP_NAMES: dict[str, Any] = {"help_option_names": []}  # -h/--help come from help_option
FORMAT_CHOICE = click.Choice(["text", "json", "github"])
F = TypeVar("F", bound=Callable[..., Any])


def help_option(func: F) -> F:
    return click.help_option("-h", "--help", help="显示本帮助并退出")(func)


def clauses_option(help_text: str = "自有条款目录，按条款编号覆盖内置条款") -> Callable[[F], F]:
    return click.option(
        "--clauses", "clauses_dir", type=click.Path(path_type=Path), metavar="目录", help=help_text
    )


def rule_filter_options(func: F) -> F:
    """--select / --ignore / --strict, shared by check and lint.

    A prefix must name rules of the command at hand: BG for a proposal (check, lint),
    BL for a clause library (check --library); any other prefix is a usage error.
    """
    func = click.option("--strict", is_flag=True, help="警告也视为失败（退出码 1）")(func)
    func = click.option("--ignore", multiple=True, metavar="前缀", help="跳过这些编号前缀的规则")(
        func
    )
    return click.option(
        "--select",
        multiple=True,
        metavar="前缀",
        help="只运行这些编号前缀的规则，如 BG2",
    )(func)


def prefixes(values: tuple[str, ...]) -> list[str]:
    """``--select BG2,BG3 --select BL`` as a flat list of prefixes."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def findings_format_option(help_text: str) -> Callable[[F], F]:
    """``--format text|json|github``: how check and lint print their findings."""
    return click.option(
        "--format", "fmt", type=FORMAT_CHOICE, default="text", metavar="格式", help=help_text
    )
