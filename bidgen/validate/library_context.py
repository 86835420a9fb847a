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
    MarkdownError,
    scan_library,
)
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
    samples: list[LoadedProfile]
    _renders: Renders | None = field(default=None, repr=False)

    @classmethod
    def load(cls, library_dir: Path | None, samples_dir: Path | None) -> LibraryContext:
        clauses, defects = scan_library([library_dir or BUILTIN_DIR])
        samples = load_samples(samples_dir or SAMPLES_DIR)
        return cls(sorted(clauses.values(), key=lambda c: c.name), defects, samples)

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
    for clause in clauses:
        for sample in samples:
            profile = sample.profile
            if not clause.applies_to(profile.project.industry) or not clause.meta.default:
                continue
            context = template_context(profile)
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
