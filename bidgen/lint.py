"""``bidgen lint``: promises and findings in an existing proposal file."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bidgen.check import run_rules, select_rules
from bidgen.findings import Finding
from bidgen.lint_input import read_units
from bidgen.loading import load_profile
from bidgen.rules.consistency import Located, located_promises
from bidgen.rules.context import CheckContext


@dataclass
class LintResult:
    promises: list[Located]
    findings: list[Finding]


def lint_file(
    document: Path, profile: Path | None, select: Sequence[str], ignore: Sequence[str]
) -> LintResult:
    units = read_units(document)
    loaded = load_profile(profile) if profile else None
    ctx = CheckContext(units=units, loaded=loaded, source_name=str(document))
    findings = run_rules(ctx, select_rules(select, ignore))
    return LintResult(promises=located_promises(ctx), findings=findings)


def promise_dict(item: Located) -> dict[str, object]:
    p = item.promise
    return {
        "kind": p.kind,
        "level": p.level,
        "minutes": p.minutes,
        "working_days": p.working_days,
        "per_year": p.per_year,
        "years": p.years,
        "hours": p.hours,
        "quote": p.quote,
        "location": item.location.as_dict(),
    }


def lint_json(result: LintResult) -> str:
    data = {
        "promises": [promise_dict(item) for item in result.promises],
        "findings": [finding.as_dict() for finding in result.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
