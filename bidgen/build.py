"""The build recipe: each stage in order, one line each.

Everything is gathered and checked before a byte is written; the writers get
only the document model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name
from bidgen.generate.assemble import assemble
from bidgen.house import STAND_IN_FACES, style_notes, styled, template_path
from bidgen.library.clauses import ClauseLibrary, clause_dir, load_library
from bidgen.library.industries import bind_industry
from bidgen.model import Document, Figure, HouseStyle
from bidgen.output import publish, recover
from bidgen.profile.loading import LoadedProfile, load_profile
from bidgen.validate.findings import Finding
from bidgen.validate.runner import check_document, select_rules
from bidgen.writers.figures import figure_svg
from bidgen.writers.fonts import FontChoice, check_fonts, cjk_families, harfbuzz_subset_warning
from bidgen.writers.html import render_html
from bidgen.writers.markdown import figure_path, render_markdown
from bidgen.writers.pdf_worker import PdfWorker

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


def build_document(profile_path: Path, clauses: Path | None = None) -> Built:
    return assemble_loaded(load_profile(profile_path), clauses)


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in wanted if name not in FORMATS]
    if unknown or not wanted:
        allowed = "、".join(FORMATS)
        raise BidgenError(f"--format：不支持的格式“{'、'.join(unknown)}”（可选：{allowed}）")
    return wanted


class Job(Protocol):
    """Work running elsewhere: ask whether it is done, or wait for its result."""

    def done(self) -> bool: ...

    def result(self) -> Any: ...


class Progress:
    """Build stages reported to the user; the CLI decides how (or whether) to show them."""

    def profile(self, index: int, path: Path) -> None:
        """A batch begins its ``index``-th profile (0-based)."""

    def stage(self, name: str) -> None:
        """A new stage begins."""

    def wait(self, name: str, job: Job) -> Any:
        """Block on a background job, showing activity if the CLI wants to."""
        return job.result()


@dataclass
class Rendered:
    files: dict[str, bytes] = field(default_factory=dict)
    # Files the Markdown links (its figures), by path relative to the output folder.
    linked: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    deferred: BidgenError | None = None  # raised after the other files are written


def render(
    document: Document,
    formats: Sequence[str],
    fonts: FontChoice,
    progress: Progress,
    started: Rendered | None = None,
    pdf_job: Job | None = None,
    template: Path | None = None,
    stem: str = "",
) -> Rendered:
    """Render the requested formats in memory; nothing touches the disk here.

    ``pdf_job`` is the PDF already being laid out in a second process (see
    :func:`start_pdf`); DOCX and Markdown are written in this one meanwhile.
    """
    result = started or Rendered()
    if "md" in formats:
        progress.stage("生成 Markdown")
        prefix = figure_prefix(stem)
        result.files["md"] = render_markdown(document, prefix).encode("utf-8")
        result.linked.update(figure_files(document, prefix, fonts))
    if "docx" in formats:
        progress.stage("生成 DOCX")
        result.files["docx"] = _docx(document, template)
    if "html" in formats:
        progress.stage("生成 HTML")
        result.files["html"] = render_html(document, fonts).encode("utf-8")
    if pdf_job is not None:
        result.files["pdf"] = progress.wait("生成 PDF", pdf_job)
    return result


def figure_prefix(stem: str) -> str:
    """Figures of the Markdown go to ``figures/STEM-NAME.svg`` beside it: one folder
    for every proposal built into the output folder, no clash between them."""
    return f"figures/{stem}-" if stem else "figures/"


def figure_files(document: Document, prefix: str, fonts: FontChoice) -> dict[str, bytes]:
    """The SVG of every figure, by the path the Markdown links it at."""
    files = {}
    for _, section in document.walk():
        for block in section.blocks:
            if isinstance(block, Figure):
                svg = figure_svg(block, fonts.sans)
                files[figure_path(prefix, block)] = svg.encode("utf-8")
    return files


def start_pdf(
    document: Document,
    formats: Sequence[str],
    fonts: FontChoice,
    result: Rendered,
    worker: PdfWorker | None,
) -> Job | None:
    """Check the fonts and hand the PDF to ``worker``; a missing CJK font is deferred."""
    if "pdf" not in formats or worker is None:
        return None
    try:
        check_fonts(fonts)
    except BidgenError as exc:
        result.deferred = exc
        return None
    warning = harfbuzz_subset_warning()
    if warning:
        result.warnings.append(warning)
    return worker.submit(document, fonts)


def _docx(document: Document, template: Path | None) -> bytes:
    # Imported on first use: python-docx, lxml and docxtpl take about 60 ms, which
    # `bidgen check` (it imports this module for build_document) does not need.
    from bidgen.writers.docx import render_docx

    return render_docx(document, template)


def font_choice(
    loaded: LoadedProfile,
    serif: str | None,
    sans: str | None,
    warnings: list[str] | None = None,
    style: HouseStyle | None = None,
) -> FontChoice:
    """Command-line options win over the house style's fonts (the template's or the
    profile's ``style``, when installed), which win over the profile's ``fonts``
    (the faces that stand in for 宋体/黑体)."""
    configured = loaded.profile.fonts
    style = style or HouseStyle()
    notes = warnings if warnings is not None else []
    return FontChoice(
        serif=serif or _installed(style.body_font, configured.serif, notes) or configured.serif,
        sans=sans or _installed(style.heading_font, configured.sans, notes) or configured.sans,
    )


def _installed(name: str, stand_in: str, warnings: list[str]) -> str | None:
    """``name`` if fontconfig has it as a Chinese face; else a warning, and None."""
    if name is None or name in STAND_IN_FACES:
        return None
    try:
        if name in cjk_families():
            return name
    except BidgenError:
        return None  # no fc-list: check_fonts reports it for the PDF
    warnings.append(f"本机未安装字体“{name}”，PDF 中以“{stand_in}”代替（DOCX 中仍为“{name}”）")
    return None


def build(
    profile_path: Path,
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    clauses: Path | None = None,
    progress: Progress | None = None,
    allow_errors: bool = False,
    fonts: tuple[str | None, str | None] = (None, None),
    worker: PdfWorker | None = None,
    template: Path | None = None,
) -> BuildResult:
    """Build and write the proposal; ``worker`` is a PDF worker the caller started
    early and closes itself (the CLI does, before importing this module); without
    one, a PDF build starts and closes its own."""
    progress = progress or Progress()
    # A build killed while writing may have left a half-swapped set here: heal it
    # now, even if this build stops at the checks.
    recover(out_dir)
    own_worker = PdfWorker() if worker is None and "pdf" in formats else None
    worker = worker or own_worker
    try:
        progress.stage("读取项目配置与条款库")
        loaded = load_profile(profile_path)
        settings = Settings(out_dir, tuple(formats), clauses, allow_errors, fonts, template)
        pending = prepare(loaded, settings, progress, worker)
        return finish(pending, progress)
    finally:
        if own_worker is not None:
            own_worker.close()


@dataclass(frozen=True)
class Settings:
    """What a build call asks for, the same for every profile of a batch."""

    out_dir: Path
    formats: tuple[str, ...]
    clauses: Path | None = None
    allow_errors: bool = False
    fonts: tuple[str | None, str | None] = (None, None)
    template: Path | None = None  # the firm's Word template (--template)


@dataclass
class Pending:
    """A proposal checked and rendered in memory, its PDF perhaps still being laid out."""

    built: Built
    settings: Settings
    findings: list[Finding]
    rendered: Rendered
    pdf_job: Job | None


Libraries = dict[Path | None, ClauseLibrary]


def prepare(
    loaded: LoadedProfile,
    settings: Settings,
    progress: Progress,
    worker: PdfWorker | None,
    libraries: Libraries | None = None,
) -> Pending:
    """Assemble, hand the PDF to ``worker``, check and render the other formats.

    ``libraries`` keeps the clause libraries a batch has loaded, by folder.
    """
    built = assemble_loaded(loaded, settings.clauses, libraries)
    chosen_template = template_path(built.loaded, settings.template)
    document = styled(built.document, built.loaded, chosen_template)
    built = dataclasses.replace(built, document=document)
    started = Rendered()
    if "docx" in settings.formats:
        started.warnings.extend(style_notes(document.style))
    chosen = font_choice(built.loaded, *settings.fonts, started.warnings, document.style)
    # The PDF is laid out while the checks run; it is discarded if they fail.
    pdf_job = start_pdf(built.document, settings.formats, chosen, started, worker)
    progress.stage("校验承诺与残留")
    findings = run_checks(built)
    if not settings.allow_errors and any(f.severity == "error" for f in findings):
        raise ChecksFailed(findings)
    stem = safe_stem(built.loaded.profile.output_stem)
    rendered = render(
        built.document,
        settings.formats,
        chosen,
        progress,
        started,
        template=chosen_template,
        stem=stem,
    )
    return Pending(built, settings, findings, rendered, pdf_job)


def assemble_loaded(
    loaded: LoadedProfile, clauses: Path | None, libraries: Libraries | None = None
) -> Built:
    folder = clause_dir(loaded, clauses)
    key = folder.resolve() if folder is not None else None
    if libraries is None:
        library = load_library(folder)
    elif key in libraries:
        library = libraries[key]
    else:
        library = libraries[key] = load_library(folder)
    loaded = bind_industry(loaded, library.industries)
    return Built(loaded, library, assemble(loaded, library))


def output_paths(loaded: LoadedProfile, settings: Settings) -> dict[str, Path]:
    """Where each requested format of this profile goes."""
    stem = safe_stem(loaded.profile.output_stem)
    return {suffix: settings.out_dir / f"{stem}.{suffix}" for suffix in settings.formats}


def finish(pending: Pending, progress: Progress) -> BuildResult:
    """Collect the PDF and publish the profile's files, all or nothing."""
    rendered, settings = pending.rendered, pending.settings
    if pending.pdf_job is not None:
        rendered.files["pdf"] = progress.wait("生成 PDF", pending.pdf_job)
    targets = output_paths(pending.built.loaded, settings)
    files = {targets[suffix]: data for suffix, data in rendered.files.items()}
    files.update({settings.out_dir / path: data for path, data in rendered.linked.items()})
    progress.stage("写入文件")
    # A format asked for but not produced (the PDF, without Chinese fonts) must not
    # keep an older build's file beside the new ones: it goes in the same swap.
    missing = [path for suffix, path in targets.items() if suffix not in rendered.files]
    removed = publish(files, remove=missing)
    if rendered.deferred is not None:
        raise _removed_too(rendered.deferred, removed)  # the other formats are written
    result = BuildResult(built=pending.built, outputs=sorted(files), findings=pending.findings)
    result.warnings.extend(rendered.warnings)
    return result


def _removed_too(error: BidgenError, removed: list[Path]) -> BidgenError:
    notes = [
        Problem(display_name(path), 0, 0, "已删除上一次生成的旧文件（与本次生成的文件版本不一致）")
        for path in removed
    ]
    return BidgenError([*error.problems, *notes]) if notes else error


def run_checks(built: Built) -> list[Finding]:
    return check_document(built.document, built.loaded, select_rules())


_UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|\0'})


def safe_stem(stem: str) -> str:
    cleaned = stem.translate(_UNSAFE).strip(" .")
    if not cleaned:
        raise BidgenError(Problem("profile", 0, 0, "output_name：输出文件名为空"))
    return cleaned
