"""The build recipe: each stage in order, one line each.

Everything is gathered and checked before a byte is written; the writers get
only the document model.

A profile is first *planned* (:func:`plan`): its output names are known before
anything is built, so that a batch can refuse colliding outputs. A profile
whose inputs have not changed since its last build is planned from the memo
(:mod:`bidgen.core.memo`): its document, in its house style, and its findings
are taken as they were, with the digest of every file that build read (profile,
spreadsheets, clause files and folders, industry files, Word template, logo)
checked first. Any other profile is loaded, then assembled, styled and checked
in :func:`prepare`, which remembers the result. Rendering and publishing run
every time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import InputRecord, display_name, note_record, recording
from bidgen.core.memo import PIPELINE, Memo, memo_of
from bidgen.model import Document, Figure, HouseStyle
from bidgen.output import publish, recover
from bidgen.validate.findings import Finding
from bidgen.writers.fonts import FontChoice

if TYPE_CHECKING:
    from bidgen.library.clauses import ClauseLibrary
    from bidgen.profile.loading import LoadedProfile
    from bidgen.writers.pdf_worker import PdfWorker

FORMATS = ("docx", "md", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf", "md")
MEMO_ENTRIES = 4  # variants of one profile's build kept (other templates, clause folders)


@dataclass(frozen=True)
class Built:
    """A document assembled in memory from a profile and a clause library."""

    loaded: LoadedProfile
    library: ClauseLibrary
    document: Document


@dataclass(frozen=True)
class Prepared:
    """A profile's proposal assembled, in its house style, and checked: everything
    rendering and publishing need, and no profile models (so it can be remembered)."""

    document: Document
    findings: tuple[Finding, ...]
    stem: str  # the output files' name
    stand_ins: FontChoice  # the profile's ``fonts``: the faces standing in for 宋体/黑体
    template: Path | None  # the firm's Word template (--template or style.template)
    source: str  # the profile as messages name it
    named_by: str  # the field that names the outputs: output_name or project.number
    named_at: tuple[int, int]  # where that field is written


@dataclass
class BuildResult:
    prepared: Prepared
    outputs: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class ChecksFailed(Exception):
    """The proposal has error-level findings; nothing was written."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


def build_document(profile_path: Path, clauses: Path | None = None) -> Built:
    from bidgen.profile.loading import load_profile  # see prepare

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
    html: str | None = None  # the page handed to the PDF worker


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
        from bidgen.writers.markdown import render_markdown

        progress.stage("生成 Markdown")
        prefix = figure_prefix(stem)
        result.files["md"] = render_markdown(document, prefix).encode("utf-8")
        result.linked.update(figure_files(document, prefix, fonts))
    if "docx" in formats:
        progress.stage("生成 DOCX")
        result.files["docx"] = _docx(document, template)
    if "html" in formats:
        from bidgen.writers.html import render_html  # Jinja2: only for a PDF or HTML

        progress.stage("生成 HTML")
        html = result.html if result.html is not None else render_html(document, fonts)
        result.files["html"] = html.encode("utf-8")
    if pdf_job is not None:
        result.files["pdf"] = progress.wait("生成 PDF", pdf_job)
    return result


def figure_prefix(stem: str) -> str:
    """Figures of the Markdown go to ``figures/STEM-NAME.svg`` beside it: one folder
    for every proposal built into the output folder, no clash between them."""
    return f"figures/{stem}-" if stem else "figures/"


def figure_files(document: Document, prefix: str, fonts: FontChoice) -> dict[str, bytes]:
    """The SVG of every figure, by the path the Markdown links it at."""
    from bidgen.writers.figures import figure_svg
    from bidgen.writers.markdown import figure_path

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
    from bidgen.writers.fonts import check_fonts, harfbuzz_subset_warning

    try:
        check_fonts(fonts)
    except BidgenError as exc:
        result.deferred = exc
        return None
    warning = harfbuzz_subset_warning()
    if warning:
        result.warnings.append(warning)
    from bidgen.writers.html import render_html  # Jinja2: only for a PDF or HTML

    # The page is rendered here, while the worker may still be importing WeasyPrint.
    result.html = render_html(document, fonts)
    return worker.submit(result.html)


def _docx(document: Document, template: Path | None) -> bytes:
    # Imported on first use: python-docx, lxml and docxtpl take about 60 ms, which
    # `bidgen check` (it imports this module for build_document) does not need.
    from bidgen.writers.docx import render_docx

    return render_docx(document, template)


def font_choice(
    stand_ins: FontChoice,
    serif: str | None,
    sans: str | None,
    warnings: list[str] | None = None,
    style: HouseStyle | None = None,
) -> FontChoice:
    """Command-line options win over the house style's fonts (the template's or the
    profile's ``style``, when installed), which win over the profile's ``fonts``
    (``stand_ins``: the faces that stand in for 宋体/黑体)."""
    style = style or HouseStyle()
    notes = warnings if warnings is not None else []
    return FontChoice(
        serif=serif or _installed(style.body_font, stand_ins.serif, notes) or stand_ins.serif,
        sans=sans or _installed(style.heading_font, stand_ins.sans, notes) or stand_ins.sans,
    )


def _installed(name: str, stand_in: str, warnings: list[str]) -> str | None:
    """``name`` if fontconfig has it as a Chinese face; else a warning, and None."""
    from bidgen.house import STAND_IN_FACES
    from bidgen.writers.fonts import cjk_families

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
    from bidgen.writers.pdf_worker import PdfWorker

    progress = progress or Progress()
    # A build killed while writing may have left a half-swapped set here: heal it
    # now, even if this build stops at the checks.
    recover(out_dir)
    own_worker = PdfWorker() if worker is None and "pdf" in formats else None
    worker = worker or own_worker
    try:
        progress.stage("读取项目配置与条款库")
        settings = Settings(out_dir, tuple(formats), clauses, allow_errors, fonts, template)
        pending = prepare(plan(profile_path, settings), settings, progress, worker)
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
class Plan:
    """One profile of a build before its document is made: remembered, or loaded."""

    path: Path
    prepared: Prepared | None = None  # remembered, and its inputs are unchanged
    loaded: LoadedProfile | None = None  # loaded now: the document is still to make
    inputs: InputRecord = field(default_factory=InputRecord)  # what loading read

    @property
    def stem(self) -> str:
        if self.prepared is not None:
            return self.prepared.stem
        assert self.loaded is not None
        return safe_stem(self.loaded.profile.output_stem)

    @property
    def source(self) -> str:
        if self.prepared is not None:
            return self.prepared.source
        assert self.loaded is not None
        return self.loaded.source.file

    def named(self) -> tuple[str, tuple[int, int]]:
        """The field that names the outputs, and where it is written."""
        if self.prepared is not None:
            return self.prepared.named_by, self.prepared.named_at
        assert self.loaded is not None
        return _named(self.loaded)


def plan(path: Path, settings: Settings) -> Plan:
    """The profile's remembered build if nothing it read has changed, else the profile
    loaded (a bad profile raises here, before anything of a batch is built)."""
    prepared = _memo(path).recall(_memo_key(path, settings))
    if prepared is not None:
        return Plan(path, prepared=prepared)
    # The profile's models (pydantic) are imported only to load one.
    from bidgen.profile.loading import load_profile

    with recording() as inputs:
        loaded = load_profile(path)
    return Plan(path, loaded=loaded, inputs=inputs)


@dataclass
class Pending:
    """A proposal checked and rendered in memory, its PDF perhaps still being laid out."""

    prepared: Prepared
    settings: Settings
    rendered: Rendered
    pdf_job: Job | None


Libraries = dict[Path | None, tuple["ClauseLibrary", InputRecord]]


def prepare(
    planned: Plan,
    settings: Settings,
    progress: Progress,
    worker: PdfWorker | None,
    libraries: Libraries | None = None,
) -> Pending:
    """Assemble, hand the PDF to ``worker``, check and render the other formats.

    ``libraries`` keeps the clause libraries a batch has loaded, by folder.
    """
    started = Rendered()
    if planned.prepared is not None:
        prepared = planned.prepared
        chosen = _fonts(prepared.document, prepared.stand_ins, settings, started)
        pdf_job = start_pdf(prepared.document, settings.formats, chosen, started, worker)
    else:
        with recording() as inputs:
            note_record(planned.inputs)
            prepared, chosen, pdf_job = _made(
                planned, settings, progress, worker, started, libraries
            )
        _memo(planned.path).remember(_memo_key(planned.path, settings), inputs, prepared)
    findings = list(prepared.findings)
    if not settings.allow_errors and any(f.severity == "error" for f in findings):
        raise ChecksFailed(findings)
    rendered = render(
        prepared.document,
        settings.formats,
        chosen,
        progress,
        started,
        template=prepared.template,
        stem=prepared.stem,
    )
    return Pending(prepared, settings, rendered, pdf_job)


def _made(
    planned: Plan,
    settings: Settings,
    progress: Progress,
    worker: PdfWorker | None,
    started: Rendered,
    libraries: Libraries | None,
) -> tuple[Prepared, FontChoice, Job | None]:
    """Assemble and style the document, start its PDF, and check it meanwhile."""
    from bidgen.house import styled, template_path
    from bidgen.validate.runner import check_document, select_rules

    assert planned.loaded is not None
    built = assemble_loaded(planned.loaded, settings.clauses, libraries)
    template = template_path(built.loaded, settings.template)
    document = styled(built.document, built.loaded, template)
    fonts = built.loaded.profile.fonts
    stand_ins = FontChoice(serif=fonts.serif, sans=fonts.sans)
    chosen = _fonts(document, stand_ins, settings, started)
    # The PDF is laid out while the checks run; it is discarded if they fail.
    pdf_job = start_pdf(document, settings.formats, chosen, started, worker)
    progress.stage("校验承诺与残留")
    findings = check_document(document, built.loaded, select_rules())
    named_by, named_at = _named(built.loaded)
    prepared = Prepared(
        document=document,
        findings=tuple(findings),
        stem=planned.stem,
        stand_ins=stand_ins,
        template=template,
        source=built.loaded.source.file,
        named_by=named_by,
        named_at=named_at,
    )
    return prepared, chosen, pdf_job


def _fonts(
    document: Document, stand_ins: FontChoice, settings: Settings, started: Rendered
) -> FontChoice:
    if "docx" in settings.formats:
        from bidgen.house import style_notes

        started.warnings.extend(style_notes(document.style))
    return font_choice(stand_ins, *settings.fonts, started.warnings, document.style)


def _named(loaded: LoadedProfile) -> tuple[str, tuple[int, int]]:
    named = loaded.profile.output_name is not None
    where = ("output_name",) if named else ("project", "number")
    return ("output_name" if named else "project.number"), loaded.source.locate(where)


def _memo(path: Path) -> Memo:
    return memo_of("build", path, PIPELINE, MEMO_ENTRIES)


def _memo_key(path: Path, settings: Settings) -> tuple[str | None, ...]:
    """What a remembered build depends on besides the files it read: which profile,
    clause folder and template were asked for, and the folder names are relative to."""
    return (
        os.path.abspath(path),
        os.path.abspath(settings.clauses) if settings.clauses is not None else None,
        os.path.abspath(settings.template) if settings.template is not None else None,
        os.getcwd(),
    )


def assemble_loaded(
    loaded: LoadedProfile, clauses: Path | None, libraries: Libraries | None = None
) -> Built:
    # The clause library (Jinja2, markdown-it) is imported only to make a document.
    from bidgen.generate.assemble import assemble
    from bidgen.library.clauses import clause_dir, load_library
    from bidgen.library.industries import bind_industry

    folder = clause_dir(loaded, clauses)
    key = folder.resolve() if folder is not None else None
    if libraries is None:
        library = load_library(folder)
    elif key in libraries:
        library, read = libraries[key]
        note_record(read)  # the files the library was loaded from are this build's too
    else:
        with recording() as read:
            library = load_library(folder)
        libraries[key] = (library, read)
    loaded = bind_industry(loaded, library.industries)
    return Built(loaded, library, assemble(loaded, library))


def output_paths(stem: str, settings: Settings) -> dict[str, Path]:
    """Where each requested format of a profile whose outputs are named ``stem`` goes."""
    return {suffix: settings.out_dir / f"{stem}.{suffix}" for suffix in settings.formats}


def finish(pending: Pending, progress: Progress) -> BuildResult:
    """Collect the PDF and publish the profile's files, all or nothing."""
    rendered, settings = pending.rendered, pending.settings
    if pending.pdf_job is not None:
        rendered.files["pdf"] = progress.wait("生成 PDF", pending.pdf_job)
    targets = output_paths(pending.prepared.stem, settings)
    files = {targets[suffix]: data for suffix, data in rendered.files.items()}
    files.update({settings.out_dir / path: data for path, data in rendered.linked.items()})
    progress.stage("写入文件")
    # A format asked for but not produced (the PDF, without Chinese fonts) must not
    # keep an older build's file beside the new ones: it goes in the same swap.
    missing = [path for suffix, path in targets.items() if suffix not in rendered.files]
    removed = publish(files, remove=missing)
    if rendered.deferred is not None:
        raise _removed_too(rendered.deferred, removed)  # the other formats are written
    findings = list(pending.prepared.findings)
    result = BuildResult(prepared=pending.prepared, outputs=sorted(files), findings=findings)
    result.warnings.extend(rendered.warnings)
    return result


def _removed_too(error: BidgenError, removed: list[Path]) -> BidgenError:
    notes = [
        Problem(display_name(path), 0, 0, "已删除上一次生成的旧文件（与本次生成的文件版本不一致）")
        for path in removed
    ]
    return BidgenError([*error.problems, *notes]) if notes else error


_UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|\0'})


def safe_stem(stem: str) -> str:
    cleaned = stem.translate(_UNSAFE).strip(" .")
    if not cleaned:
        raise BidgenError(Problem("profile", 0, 0, "output_name：输出文件名为空"))
    return cleaned
