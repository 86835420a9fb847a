"""``bidgen build``: validate, then write DOCX, PDF and Markdown."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from bidgen.cli.help import Command
from bidgen.cli.options import EXIT_OK, NO_HELP_NAMES, clauses_option, help_option


@click.command(cls=Command, context_settings=NO_HELP_NAMES)
@help_option
@click.argument(
    "profiles",
    metavar="配置文件.yaml|文件夹…",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
)
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
    profiles: tuple[Path, ...],
    out_dir: Path,
    clauses_dir: Path | None,
    formats: str,
    quiet: bool,
    allow_errors: bool,
    font_serif: str | None,
    font_sans: str | None,
    template: Path | None,
) -> None:
    """根据项目配置生成售后服务方案（DOCX、PDF、Markdown），生成前先运行全部校验。

    \b
    可一次生成多个项目：列出多个配置文件，或给出文件夹（其中全部 *.yaml）。
    各项目的输出文件若会重名，一个文件也不写入。某个项目出错时报告后继续
    生成其余项目；退出码取最严重者（0 成功，1 校验发现错误，2 输入错误）。
    """
    from bidgen.writers.pdf_worker import PdfWorker

    # Fork the PDF worker before the heavy imports below: it imports WeasyPrint
    # while this process imports bidgen and assembles the document.
    worker = PdfWorker() if "pdf" in formats.lower() else None
    try:
        code = _run_batch(
            profiles,
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
    if code != EXIT_OK:
        raise click.exceptions.Exit(code)


def _run_batch(
    profiles: tuple[Path, ...],
    out_dir: Path,
    clauses_dir: Path | None,
    formats: str,
    quiet: bool,
    allow_errors: bool,
    fonts: tuple[str | None, str | None],
    worker: Any,
    template: Path | None,
) -> int:
    from bidgen.batch import Batch, expand_profiles
    from bidgen.build import Settings, parse_formats

    settings = Settings(out_dir, parse_formats(formats), clauses_dir, allow_errors, fonts, template)
    paths = expand_profiles(profiles)
    progress = _progress_printer(quiet, paths)
    batch = Batch(settings, progress, _reporter(quiet, len(paths)), worker)
    start = time.monotonic()
    code = batch.run(paths)
    if len(paths) > 1 and not quiet:
        failed = sum(1 for outcome in batch.outcomes if outcome.code != EXIT_OK)
        click.echo(
            f"共 {len(paths)} 个项目：成功 {len(paths) - failed} 个，失败 {failed} 个"
            f"（{time.monotonic() - start:.1f} 秒）",
            err=True,
        )
    return code


def _reporter(quiet: bool, total: int) -> Any:
    """What the user sees of each profile as it finishes: errors always, the rest unless -q."""
    from bidgen.validate.formatters import format_text

    def report(outcome: Any) -> None:
        if total > 1:
            state = "完成" if outcome.code == EXIT_OK else "失败"
            if not quiet or outcome.code != EXIT_OK:
                click.echo(f"[{outcome.index + 1}/{total}] {state}：{outcome.path}", err=True)
        if outcome.error is not None:
            for line in outcome.error.lines():
                click.echo(line, err=True)
            return
        if outcome.failed:
            click.echo(format_text(outcome.failed), err=True, nl=False)
            click.echo(
                "校验发现错误，未写入任何文件；修正后重试，或加 --allow-errors 强制生成。", err=True
            )
            return
        result = outcome.result
        if result.findings and not quiet:
            click.echo(format_text(result.findings), err=True, nl=False)
        for warning in result.warnings:
            click.echo(f"警告：{warning}", err=True)
        if not quiet:
            for path in result.outputs:
                click.echo(f"已生成：{path}")

    return report


def _progress_printer(quiet: bool, paths: list[Path]) -> Any:
    from bidgen.build import Progress

    total = len(paths)

    class TerminalProgress(Progress):
        """Stage lines and a spinner, only on an interactive terminal."""

        prefix = ""

        def profile(self, index: int, path: Path) -> None:
            self.prefix = f"[{index + 1}/{total}] {path.name}：" if total > 1 else ""

        def stage(self, name: str) -> None:
            click.echo(f"… {self.prefix}{name}", err=True)

        def wait(self, name: str, job: Any) -> Any:
            import itertools

            start = time.monotonic()
            label = f"{self.prefix}{name}"
            for frame in itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"):
                if job.done():
                    break
                click.echo(
                    f"\r{frame} {label}（{time.monotonic() - start:.1f} 秒）", err=True, nl=False
                )
                time.sleep(0.1)
            click.echo(f"\r… {label}（{time.monotonic() - start:.1f} 秒）", err=True)
            return job.result()

    return TerminalProgress() if sys.stderr.isatty() and not quiet else Progress()
