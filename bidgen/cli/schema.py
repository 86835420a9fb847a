"""``bidgen schema``: the profile's JSON Schema, for editor completion and inline errors."""

from __future__ import annotations

from pathlib import Path

import click

from bidgen.cli.help import Command
from bidgen.cli.options import NO_HELP_NAMES, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="文件.json",
    help="写入文件（默认输出到屏幕）",
)
def schema(output: Path | None) -> None:
    """输出项目配置的 JSON Schema（字段均有中文说明）。

    \b
    在 VS Code（YAML 插件）或 JetBrains 中，项目配置第一行写
      # yaml-language-server: $schema=profile.schema.json
    即可在输入时补全字段、显示说明并标出类型错误。bidgen init 会写好这一行。
    """
    from bidgen.output import publish
    from bidgen.profile.schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    publish({output: text.encode("utf-8")})
    click.echo(f"已生成：{output}", err=True)
