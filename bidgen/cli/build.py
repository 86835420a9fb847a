"""``bidgen build``: validate, then write DOCX, PDF and Markdown."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from bidgen.cli.help import Command
from bidgen.cli.options import EXIT_FINDINGS, NO_HELP_NAMES, clauses_option, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
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
@clauses_option()
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
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    metavar="模板.docx",
    help="本单位的 Word 模板（样式、页眉页脚、字体、页面设置），优先于配置中的 style.template",
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
    template: Path | None,
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
            template,
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
    template: Path | None,
) -> Any:
    from bidgen.build import ChecksFailed, parse_formats
    from bidgen.build import build as run_build
    from bidgen.validate.formatters import format_text

    wanted = parse_formats(formats)
    progress = _progress_printer(quiet)
    try:
        return run_build(
            profile, out_dir, wanted, clauses_dir, progress, allow_errors, fonts, worker, template
        )
    except ChecksFailed as failed:
        click.echo(format_text(failed.findings), err=True, nl=False)
        click.echo(
            "校验发现错误，未写入任何文件；修正后重试，或加 --allow-errors 强制生成。", err=True
        )
        raise click.exceptions.Exit(EXIT_FINDINGS) from None


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
