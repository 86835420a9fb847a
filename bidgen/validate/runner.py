"""Choose rules and run them over a proposal or a clause library: findings, sorted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bidgen.core.errors import BidgenError, Problem
from bidgen.model import Document
from bidgen.validate.catalog import all_rules
from bidgen.validate.findings import Finding
from bidgen.validate.registry import PROPOSAL_CHECK, Rule, Scope, Target

if TYPE_CHECKING:
    from bidgen.profile.loading import LoadedProfile
    from bidgen.validate.context import CheckContext
    from bidgen.validate.library_context import LibraryContext


def select_rules(
    select: Sequence[str] = (), ignore: Sequence[str] = (), target: Target = PROPOSAL_CHECK
) -> list[Rule]:
    """The rules of ``target`` whose code starts with a selected prefix and no ignored one.

    Every command that filters rules goes through here. A prefix that names no rule
    of the target is a usage error, even if it names rules of another command.
    """
    rules = all_rules()
    scoped = [r for r in rules if r.scope in target.scopes]
    problems = [
        *_prefix_problems("--select", select, rules, scoped, target),
        *_prefix_problems("--ignore", ignore, rules, scoped, target),
    ]
    if problems:
        raise BidgenError(problems)
    chosen = [r for r in scoped if not select or any(r.code.startswith(p) for p in select)]
    return [r for r in chosen if not any(r.code.startswith(p) for p in ignore)]


def _prefix_problems(
    option: str, prefixes: Iterable[str], rules: list[Rule], scoped: list[Rule], target: Target
) -> Iterable[Problem]:
    for prefix in prefixes:
        if not any(r.code.startswith(prefix) for r in rules):
            message = f"--select/--ignore：没有以“{prefix}”开头的规则编号（运行 bidgen rules 查看）"
        elif not any(r.code.startswith(prefix) for r in scoped):
            message = f"{option}：{target.name}没有以“{prefix}”开头的规则（运行 bidgen rules 查看）"
        else:
            continue
        yield Problem("bidgen", 0, 0, message)


def run_rules(ctx: CheckContext | LibraryContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if _skipped(rule, ctx):
            continue
        findings.extend(rule.func(ctx, rule))
    return sorted(set(findings), key=Finding.sort_key)


def _skipped(rule: Rule, ctx: CheckContext | LibraryContext) -> bool:
    """True for a profile rule without a profile; a rule of another scope is a bug."""
    # The context module brings the promise reader (OpenCC): imported when rules run,
    # not by the commands that only select rules (check answered from its memo).
    from bidgen.validate.context import CheckContext

    if isinstance(ctx, CheckContext):
        fits = rule.scope is not Scope.LIBRARY
    else:
        fits = rule.scope is Scope.LIBRARY
    if not fits:
        raise ValueError(f"{rule.code} cannot run over a {type(ctx).__name__}")
    return isinstance(ctx, CheckContext) and rule.scope is Scope.PROFILE and ctx.loaded is None


def check_document(
    document: Document, loaded: LoadedProfile, rules: Sequence[Rule]
) -> list[Finding]:
    """All findings for a proposal assembled in memory from its profile."""
    name = loaded.source.file
    from bidgen.validate.context import CheckContext, units_from_document  # see _skipped

    ctx = CheckContext(units=units_from_document(document, name), loaded=loaded, source_name=name)
    return run_rules(ctx, rules)


def check_library(
    library_dir: Path | None, samples_dir: Path | None, rules: Sequence[Rule]
) -> list[Finding]:
    """Findings for a clause library (the built-in one if None), rendered with the samples."""
    # Imported here: it pulls in the renderer and the Markdown parser, which lint never needs.
    from bidgen.validate.library_context import LibraryContext

    return run_rules(LibraryContext.load(library_dir, samples_dir), rules)


def has_failures(findings: Iterable[Finding], strict: bool) -> bool:
    return any(f.severity == "error" or strict for f in findings)
