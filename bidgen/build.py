"""The build recipe: each stage in order, one line each.

Everything is gathered and checked before a byte is written; the writers get
only the document model.
"""

from __future__ import annotations

import multiprocessing
import warnings
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bidgen.assemble import assemble
from bidgen.clauses import ClauseLibrary, load_library
from bidgen.errors import BidgenError, Problem
from bidgen.findings import Finding
from bidgen.fonts import FontChoice
from bidgen.loading import LoadedProfile, load_profile
from bidgen.model import Document
from bidgen.output import publish
from bidgen.writers.markdown import render_markdown

FORMATS = ("docx", "md", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf", "md")


@dataclass(frozen=True)
class Built:
    """A document assembled in memory from a profile and a clause library."""

    loaded: LoadedProfile
    library: ClauseLibrary
    document: Document


@dataclass
class BuildResult:
    built: Built
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class ChecksFailed(Exception):
    """The proposal has error-level findings; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


def clause_dir(loaded: LoadedProfile, override: Path | None) -> Path | None:
    """``--clauses`` wins over the profile's ``clauses.dir`` (relative to the profile)."""
    if override is not None:
        return override
    configured = loaded.profile.clauses.dir
    if configured is None:
        return None
    return configured if configured.is_absolute() else loaded.base_dir / configured


def build_document(profile_path: Path, clauses: Path | None = None) -> Built:
    loaded = load_profile(profile_path)
    library = load_library(clause_dir(loaded, clauses))
    document = assemble(loaded, library)
    return Built(loaded, library, document)


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        allowed = "、".join(FORMATS)
        raise BidgenError(f"--format：不支持的格式“{'、'.join(unknown)}”（可选：{allowed}）")
    return wanted


class Progress:
    """Build stages reported to the user; the CLI decides how (or whether) to show them."""

    def stage(self, name: str) -> None:
        """A new stage begins."""

    def wait(self, name: str, future: Future[Any]) -> Any:
        """Block on a background job, showing activity if the CLI wants to."""
        return future.result()


@dataclass
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    deferred: BidgenError | None = None  # raised after the other files are written


def render(
    document: Document,
    formats: Sequence[str],
    fonts: FontChoice,
    progress: Progress,
    worker: PdfWorker | None = None,
) -> Rendered:
    """Render the requested formats in memory; nothing touches the disk here.

    The PDF is laid out by ``worker`` in a second process while DOCX and
    Markdown are written in this one (WeasyPrint is pure-Python CPU work). A
    missing CJK font does not stop the other formats: its error is deferred.
    """
    result = Rendered()
    pdf_job = _start_pdf(document, formats, fonts, result, worker)
    try:
        if "md" in formats:
            progress.stage("生成 Markdown")
            result.files["md"] = render_markdown(document).encode("utf-8")
        if "docx" in formats:
            progress.stage("生成 DOCX")
            result.files["docx"] = _docx(document)
        if "html" in formats:
            progress.stage("生成 HTML")
            result.files["html"] = _html(document, fonts).encode("utf-8")
        if pdf_job is not None:
            result.files["pdf"] = progress.wait("生成 PDF", pdf_job)
    finally:
        if pdf_job is not None:
            pdf_job.cancel()
    return result


def _start_pdf(
    document: Document,
    formats: Sequence[str],
    fonts: FontChoice,
    result: Rendered,
    worker: PdfWorker | None,
) -> Future[bytes] | None:
    if "pdf" not in formats:
        return None
    from bidgen.fonts import check_fonts, harfbuzz_subset_warning

    try:
        check_fonts(fonts)
    except BidgenError as exc:
        result.deferred = exc
        return None
    warning = harfbuzz_subset_warning()
    if warning:
        result.warnings.append(warning)
    if worker is not None:
        return worker.submit(document, fonts)
    done: Future[bytes] = Future()
    done.set_result(_pdf(document, fonts))
    return done


class PdfWorker:
    """A second process that lays out the PDF, started before the document exists.

    Importing WeasyPrint takes about 0.3 s and laying out a 45-page proposal
    about 2 s, all CPU-bound Python. The worker is forked at the very start of a
    build and imports WeasyPrint while this process loads the profile, renders
    the clauses and runs the checks; it then lays out the PDF while this process
    writes DOCX and Markdown. On a 2-core machine the PDF is the only wait left.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self.pool.submit(_preload_pdf)

    def submit(self, document: Document, fonts: FontChoice) -> Future[bytes]:
        return self.pool.submit(_pdf, document, fonts)

    def close(self) -> None:
        # Never wait here: after a failed check the preload may still be running.
        self.pool.shutdown(wait=False, cancel_futures=True)


def _preload_pdf() -> None:
    # WeasyPrint warns on import when fontconfig knows no fonts at all; the
    # parent reports missing fonts itself, in Chinese (bidgen.fonts.check_fonts).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint  # noqa: F401

        import bidgen.writers.pdf  # noqa: F401


def _pdf(document: Document, fonts: FontChoice) -> bytes:
    from bidgen.writers.pdf import render_pdf

    return render_pdf(document, fonts)


def _docx(document: Document) -> bytes:
    from bidgen.writers.docx import render_docx

    return render_docx(document)


def _html(document: Document, fonts: FontChoice) -> str:
    from bidgen.writers.html import render_html

    return render_html(document, fonts)


def font_choice(loaded: LoadedProfile, serif: str | None, sans: str | None) -> FontChoice:
    """Command-line options win over the profile's ``fonts``."""
    configured = loaded.profile.fonts
    return FontChoice(serif=serif or configured.serif, sans=sans or configured.sans)


def build(
    profile_path: Path,
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    clauses: Path | None = None,
    progress: Progress | None = None,
    allow_errors: bool = False,
    fonts: tuple[str | None, str | None] = (None, None),
) -> BuildResult:
    progress = progress or Progress()
    worker = PdfWorker() if "pdf" in formats else None
    try:
        progress.stage("读取项目配置与条款库")
        built = build_document(profile_path, clauses)
        progress.stage("校验承诺与残留")
        findings = run_checks(built)
        if not allow_errors and any(f.severity == "error" for f in findings):
            raise ChecksFailed(findings)
        fonts_chosen = font_choice(built.loaded, *fonts)
        rendered = render(built.document, formats, fonts_chosen, progress, worker)
    finally:
        if worker is not None:
            worker.close()
    stem = safe_stem(built.loaded.profile.output_stem)
    files = {out_dir / f"{stem}.{suffix}": data for suffix, data in rendered.files.items()}
    progress.stage("写入文件")
    publish(files)
    if rendered.deferred is not None:
        raise rendered.deferred  # the other formats are written; the PDF is not
    result = BuildResult(built=built, outputs=sorted(files), findings=findings)
    result.warnings.extend(rendered.warnings)
    return result


def run_checks(built: Built) -> list[Finding]:
    from bidgen.check import check_built, select_rules

    return check_built(built, select_rules())


_UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|\0'})


def safe_stem(stem: str) -> str:
    cleaned = stem.translate(_UNSAFE).strip(" .")
    if not cleaned:
        raise BidgenError(Problem("profile", 0, 0, "output_name：输出文件名为空"))
    return cleaned
