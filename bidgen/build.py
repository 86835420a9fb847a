"""The build recipe: each stage in order, one line each.

Everything is gathered and checked before a byte is written; the writers get
only the document model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bidgen.assemble import assemble
from bidgen.clauses import ClauseLibrary, load_library
from bidgen.errors import BidgenError, Problem
from bidgen.findings import Finding
from bidgen.loading import LoadedProfile, load_profile
from bidgen.model import Document
from bidgen.output import publish

FORMATS = ("docx", "md", "pdf", "html")
DEFAULT_FORMATS = ("docx", "md")

Progress = Callable[[str], None]


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


def render(document: Document, formats: Sequence[str], progress: Progress) -> dict[str, bytes]:
    """Render the requested formats in memory; nothing touches the disk here."""
    rendered: dict[str, bytes] = {}
    if "md" in formats:
        from bidgen.writers.markdown import render_markdown

        progress("生成 Markdown")
        rendered["md"] = render_markdown(document).encode("utf-8")
    if "docx" in formats:
        from bidgen.writers.docx import render_docx

        progress("生成 DOCX")
        rendered["docx"] = render_docx(document)
    return rendered


def build(
    profile_path: Path,
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    clauses: Path | None = None,
    progress: Progress = lambda _stage: None,
    allow_errors: bool = False,
) -> BuildResult:
    progress("读取项目配置与条款库")
    built = build_document(profile_path, clauses)
    progress("校验承诺与残留")
    findings = run_checks(built)
    if not allow_errors and any(f.severity == "error" for f in findings):
        raise ChecksFailed(findings)
    rendered = render(built.document, formats, progress)
    stem = safe_stem(built.loaded.profile.output_stem)
    files = {out_dir / f"{stem}.{suffix}": data for suffix, data in rendered.items()}
    progress("写入文件")
    publish(files)
    return BuildResult(built=built, outputs=sorted(files), findings=findings)


def run_checks(built: Built) -> list[Finding]:
    from bidgen.check import check_built, select_rules

    return check_built(built, select_rules())


_UNSAFE = str.maketrans({ch: "_" for ch in '/\\:*?"<>|\0'})


def safe_stem(stem: str) -> str:
    cleaned = stem.translate(_UNSAFE).strip(" .")
    if not cleaned:
        raise BidgenError(Problem("profile", 0, 0, "output_name：输出文件名为空"))
    return cleaned
