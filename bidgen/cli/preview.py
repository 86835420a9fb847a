"""``bidgen preview``: a live web page of the proposal and its findings."""

from __future__ import annotations

import threading
from pathlib import Path

import click

from bidgen.cli.help import Command
from bidgen.cli.options import NO_HELP_NAMES, clauses_option, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument("profile", metavar="配置文件.yaml", type=click.Path(path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    metavar="端口",
    help="本机端口（默认 8765；0 表示自动选择空闲端口）",
)
@clauses_option()
def preview(profile: Path, port: int, clauses_dir: Path | None) -> None:
    """在浏览器中预览方案，旁边列出检查发现的问题。

    只监听本机（127.0.0.1）。保存项目配置、条款文件或人员表格后自动重新生成，浏览器页面随之刷新。按 Ctrl+C 结束。
    """
    from bidgen.preview import HOST, Preview, make_server, watch

    if not profile.is_file():
        from bidgen.core.errors import BidgenError, Problem
        from bidgen.core.files import display_name

        raise BidgenError(Problem(display_name(profile), 0, 0, "文件不存在"))
    live = Preview(profile, clauses_dir)
    server = make_server(live, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(live, stop), daemon=True)
    watcher.start()
    click.echo(f"预览地址：http://{HOST}:{server.server_address[1]}/", err=True)
    click.echo("保存文件后页面自动刷新；按 Ctrl+C 结束。", err=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("预览已结束。", err=True)
    finally:
        stop.set()
        server.server_close()
