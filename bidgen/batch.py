"""Several profiles in one ``bidgen build``: start-up, libraries, rules and PDF workers paid once.

The order of a batch:

1. every profile is planned (taken from the memo if nothing it read has changed,
   else loaded) and its output paths worked out; two profiles that
   would write the same file are refused before anything is written (exit 2);
2. each profile is then assembled, checked and rendered in this process while
   up to :data:`PDF_WORKERS` worker processes lay out the PDFs of the profiles
   before it; a profile is published (all or nothing, :mod:`bidgen.publish`) as
   soon as its PDF is back.

A profile that fails (bad input, failed checks, a file that cannot be written)
is reported and the batch goes on with the next one: one broken tender must not
hold up the others, and a second run after the fix rebuilds only what the
writer asks for. The exit code is the worst of all profiles (0, 1 or 2).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bidgen.build import (
    BuildResult,
    ChecksFailed,
    Libraries,
    Pending,
    Plan,
    Progress,
    Settings,
    finish,
    output_paths,
    plan,
    prepare,
)
from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name
from bidgen.output import recover
from bidgen.validate.findings import Finding
from bidgen.writers.pdf_worker import PdfWorker

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
PROFILE_SUFFIXES = (".yaml", ".yml")
# Layout is the long pole of a PDF build and runs in its own processes; with two
# of them this process (assembling, checking, writing DOCX) keeps both cores of a
# small machine busy without holding more than three documents at a time.
PDF_WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass
class Outcome:
    """What became of one profile of a batch."""

    path: Path
    index: int
    result: BuildResult | None = None
    error: BidgenError | None = None
    failed: list[Finding] = field(default_factory=list)  # error-level findings: nothing written

    @property
    def code(self) -> int:
        if self.error is not None:
            return EXIT_INPUT
        return EXIT_FINDINGS if self.failed else EXIT_OK


def expand_profiles(arguments: Sequence[Path]) -> list[Path]:
    """Files as given, folders as the profiles directly inside them (sorted by name).

    The same file named twice (directly and through its folder) is built once.
    """
    found: list[Path] = []
    for argument in arguments:
        if argument.is_dir():
            inside = sorted(
                p for p in argument.iterdir() if p.suffix in PROFILE_SUFFIXES and p.is_file()
            )
            if not inside:
                message = "文件夹中没有项目配置文件（*.yaml）"
                raise BidgenError(Problem(display_name(argument), 0, 0, message))
            found.extend(inside)
        else:
            found.append(argument)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


class PdfPool:
    """Up to ``size`` PDF workers, forked on first need and reused for every profile."""

    def __init__(self, size: int, first: PdfWorker | None = None) -> None:
        self.size = size
        self.idle: list[PdfWorker] = [first] if first is not None else []
        self.started = len(self.idle)
        self.owned: list[PdfWorker] = []

    def take(self) -> PdfWorker | None:
        """An idle worker, a new one while under ``size``, or None if all are busy."""
        if self.idle:
            return self.idle.pop()
        if self.started < self.size:
            self.started += 1
            worker = PdfWorker()
            self.owned.append(worker)
            return worker
        return None

    def give_back(self, worker: PdfWorker) -> None:
        self.idle.append(worker)

    def close(self) -> None:
        """Stop the workers this pool started (not the one it was given)."""
        for worker in self.owned:
            worker.close()


Report = Callable[[Outcome], None]


class Batch:
    """The profiles of one ``build`` call, built in order, reported as each finishes."""

    def __init__(
        self,
        settings: Settings,
        progress: Progress,
        report: Report,
        worker: PdfWorker | None = None,
    ) -> None:
        self.settings = settings
        self.progress = progress
        self.report = report
        self.pool = PdfPool(PDF_WORKERS if "pdf" in settings.formats else 0, worker)
        self.libraries: Libraries = {}
        self.waiting: list[tuple[Outcome, Pending, PdfWorker | None]] = []
        self.outcomes: list[Outcome] = []

    def run(self, paths: Sequence[Path]) -> int:
        """Build every profile; the exit code is the worst of them."""
        recover(self.settings.out_dir)
        planned = self._plan(paths)
        self.outcomes = [outcome for outcome, _plan in planned]
        try:
            for outcome, profile in planned:
                if profile is not None:
                    self._build(outcome, profile)
            while self.waiting:
                self._finish_oldest()
        finally:
            self.pool.close()
        return max((outcome.code for outcome in self.outcomes), default=EXIT_OK)

    def _plan(self, paths: Sequence[Path]) -> list[tuple[Outcome, Plan | None]]:
        """Plan every profile (remembered or loaded) and refuse colliding outputs, before
        anything is written."""
        planned: list[tuple[Outcome, Plan | None]] = []
        for index, path in enumerate(paths):
            outcome = Outcome(path, index)
            profile: Plan | None = None
            try:
                profile = plan(path, self.settings)
                output_paths(profile.stem, self.settings)  # an empty output name fails here
            except BidgenError as exc:
                outcome.error, profile = exc, None
            planned.append((outcome, profile))
        refuse_collisions(
            [profile for _outcome, profile in planned if profile is not None], self.settings
        )
        for outcome, profile in planned:
            if profile is None:
                self.report(outcome)
        return planned

    def _build(self, outcome: Outcome, profile: Plan) -> None:
        self.progress.profile(outcome.index, outcome.path)
        worker = None
        if self.pool.size:
            worker = self.pool.take()
            while worker is None:  # every worker is laying out an earlier profile
                self._finish_oldest()
                worker = self.pool.take()
        try:
            pending = prepare(profile, self.settings, self.progress, worker, self.libraries)
        except (BidgenError, ChecksFailed) as exc:
            if worker is not None:
                self.pool.give_back(worker)  # it drains the unwanted PDF before the next
            self._failed(outcome, exc)
            return
        if pending.pdf_job is None and worker is not None:
            self.pool.give_back(worker)
            worker = None
        self.waiting.append((outcome, pending, worker))
        # Publish, in order, whatever no longer waits for a PDF: its files are on
        # disk sooner and its document leaves memory.
        while self.waiting and self._ready(self.waiting[0][1]):
            self._finish_oldest()

    @staticmethod
    def _ready(pending: Pending) -> bool:
        return pending.pdf_job is None or pending.pdf_job.done()

    def _finish_oldest(self) -> None:
        outcome, pending, worker = self.waiting.pop(0)
        self.progress.profile(outcome.index, outcome.path)
        try:
            outcome.result = finish(pending, self.progress)
        except BidgenError as exc:
            outcome.error = exc
        finally:
            if worker is not None:
                self.pool.give_back(worker)
        self.report(outcome)

    def _failed(self, outcome: Outcome, exc: BidgenError | ChecksFailed) -> None:
        if isinstance(exc, ChecksFailed):
            outcome.failed = exc.findings
        else:
            outcome.error = exc
        self.report(outcome)


def refuse_collisions(plans: Iterable[Plan], settings: Settings) -> None:
    """Two profiles that would write the same file: a Chinese error naming both."""
    owners: dict[Path, Plan] = {}
    problems: list[Problem] = []
    for profile in plans:
        for target in output_paths(profile.stem, settings).values():
            key = Path(os.path.abspath(target))
            first = owners.setdefault(key, profile)
            if first is not profile:
                problems.append(_collision(first, profile, target))
                break
    if problems:
        raise BidgenError(problems)


def _collision(first: Plan, second: Plan, target: Path) -> Problem:
    field_name, (line, column) = second.named()
    message = (
        f"{field_name}：与 {first.source} 生成同一个输出文件 {display_name(target)}，"
        "未写入任何文件；请在其中一个配置中修改 output_name（或项目编号），或分别指定 -o 目录"
    )
    return Problem(second.source, line, column, message)
