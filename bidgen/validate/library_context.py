"""What the BL rules look at: a clause library, its loading defects, the sample profiles.

Rendering every clause against every sample is the slow part of ``check --library``;
it runs once, on first use, so a selection without BL2xx/BL4xx skips it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.resources import data_path
from bidgen.generate.assemble import template_context
from bidgen.generate.markdown import parse_markdown
from bidgen.library.clauses import (
    BUILTIN_DIR,
    Clause,
    ClauseError,
    FrontMatterError,
    MarkdownError,
    applicable,
    scan_library,
    unknown_industry_tags,
)
from bidgen.library.industries import bind_industry, load_industries
from bidgen.profile.industry import IndustryTable
from bidgen.profile.loading import LoadedProfile, load_profile

SAMPLES_DIR = data_path("samples")


@dataclass(frozen=True)
class RenderFailure:
    error: ClauseError  # a RenderError or a MarkdownError
    sample: LoadedProfile


@dataclass(frozen=True)
class Renders:
    rendered: frozenset[str]  # ids of clauses some sample selected and rendered
    failures: tuple[RenderFailure, ...]


@dataclass
class LibraryContext:
    clauses: list[Clause]  # sorted by display name
    defects: list[ClauseError]  # found while loading the files
    samples: list[LoadedProfile]  # bound to ``industries``
    industries: IndustryTable = field(default_factory=IndustryTable)
    _renders: Renders | None = field(default=None, repr=False)

    @classmethod
    def load(cls, library_dir: Path | None, samples_dir: Path | None) -> LibraryContext:
        clauses, defects = scan_library([library_dir or BUILTIN_DIR])
        # A team library may use the built-in industries as well as its own.
        industries = load_industries([BUILTIN_DIR] + ([library_dir] if library_dir else []))
        defects += [
            FrontMatterError(p) for p in unknown_industry_tags(clauses.values(), industries)
        ]
        samples = [bind_industry(s, industries) for s in load_samples(samples_dir or SAMPLES_DIR)]
        ordered = sorted(clauses.values(), key=lambda c: c.name)
        return cls(ordered, defects, samples, industries)

    @property
    def renders(self) -> Renders:
        if self._renders is None:
            self._renders = render_all(self.clauses, self.samples)
        return self._renders


def load_samples(samples_dir: Path) -> list[LoadedProfile]:
    paths = sorted(samples_dir.glob("*.yaml")) + sorted(samples_dir.glob("*.yml"))
    if not paths:
        raise BidgenError(Problem(str(samples_dir), 0, 0, "示例目录中没有项目配置文件（*.yaml）"))
    return [load_profile(path) for path in paths]


def render_all(clauses: list[Clause], samples: list[LoadedProfile]) -> Renders:
    """Render each clause against each sample that selects it, as a build would."""
    rendered: set[str] = set()
    failures: list[RenderFailure] = []
    usable = {
        id(sample): {c.id for c in applicable(clauses, sample.profile.project.industry)}
        for sample in samples
    }
    for clause in clauses:
        for sample in samples:
            profile = sample.profile
            if clause.id not in usable[id(sample)] or not clause.meta.default:
                continue
            context = template_context(profile, sample.industry)
            try:
                if not clause.wanted(context):
                    continue
                rendered.add(clause.id)
                _render_to_model(clause, context)
            except ClauseError as exc:
                failures.append(RenderFailure(exc, sample))
    return Renders(frozenset(rendered), tuple(failures))


def _render_to_model(clause: Clause, context: dict[str, Any]) -> None:
    text = clause.render(context)
    try:
        parse_markdown(text, clause.name)
    except BidgenError as exc:
        raise MarkdownError(exc.problems) from None
