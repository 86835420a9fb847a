"""Run the rules over a profile and/or a proposal's text: findings, sorted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bidgen.core.errors import BidgenError
from bidgen.model import Document
from bidgen.profile.loading import LoadedProfile
from bidgen.validate.context import CheckContext, units_from_document
from bidgen.validate.findings import Finding
from bidgen.validate.registry import Rule, all_rules


def select_rules(select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """Rules whose code starts with a selected prefix and with no ignored one."""
    rules = all_rules()
    _check_prefixes(rules, [*select, *ignore])
    chosen = [r for r in rules if not select or any(r.code.startswith(p) for p in select)]
    return [r for r in chosen if not any(r.code.startswith(p) for p in ignore)]


def _check_prefixes(rules: list[Rule], prefixes: Iterable[str]) -> None:
    for prefix in prefixes:
        if not any(r.code.startswith(prefix) for r in rules):
            raise BidgenError(
                f"--select/--ignore：没有以“{prefix}”开头的规则编号（运行 bidgen rules 查看）"
            )


def run_rules(ctx: CheckContext, rules: Sequence[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    for rule in rules:
        if rule.needs_profile and ctx.loaded is None:
            continue
        findings.extend(rule.func(ctx, rule))
    return sorted(set(findings), key=Finding.sort_key)


def check_document(
    document: Document, loaded: LoadedProfile, rules: Sequence[Rule]
) -> list[Finding]:
    """All findings for a proposal assembled in memory from its profile."""
    name = loaded.source.file
    ctx = CheckContext(units=units_from_document(document, name), loaded=loaded, source_name=name)
    return run_rules(ctx, rules)


def has_failures(findings: Iterable[Finding], strict: bool) -> bool:
    return any(f.severity == "error" or strict for f in findings)
