"""Chinese --help: full-width colons, Chinese section titles, columns aligned by
display width with CJK wrapping (click's defaults are English and count characters)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from bidgen.core.textwidth import display_width


class ChineseFormatter(click.HelpFormatter):
    """Help headings end with a full-width colon, as Chinese text does."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Two columns aligned by display width: a CJK character takes two cells."""
        rows = list(rows)
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


def _format_usage(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")


def _format_options(
    command: click.Command, ctx: click.Context, formatter: click.HelpFormatter
) -> None:
    params = [p for p in command.get_params(ctx) if isinstance(p, click.Option)]
    rows = [rec for p in params if (rec := p.get_help_record(ctx))]
    if rows:
        with formatter.section("选项"):
            formatter.write_dl(rows)


class Command(click.Command):
    """A command whose help reads as Chinese (section titles, colons, metavars)."""

    context_class: type[click.Context] = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)


class Group(click.Group):
    """A group with the same Chinese help; its commands and subgroups use these classes."""

    context_class: type[click.Context] = ChineseContext
    command_class = Command
    group_class = type  # subgroups use this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(60)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)
