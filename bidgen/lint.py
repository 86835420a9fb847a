"""``bidgen lint``: promises and findings in an existing proposal file.

Reads a .docx, .md or .txt (a proposal edited by hand after generation, or an
old bid), extracts every promise, and runs the rules: without a profile the
text is compared with itself (BG202–BG204, residue BG4xx); with one, also with
the profile's figures (BG201) and requirements (BG1xx, BG3xx).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bidgen.core.quantities import value_fields
from bidgen.profile.loading import load_profile
from bidgen.readback.lint_input import read_units
from bidgen.validate.context import CheckContext, Located
from bidgen.validate.findings import Finding
from bidgen.validate.runner import run_rules, select_rules


@dataclass
class LintResult:
    promises: list[Located]
    findings: list[Finding]


def lint_file(
    document: Path, profile: Path | None, select: Sequence[str], ignore: Sequence[str]
) -> LintResult:
    rules = select_rules(select, ignore)  # a bad prefix is a usage error before any reading
    units = read_units(document)
    loaded = load_profile(profile) if profile else None
    ctx = CheckContext(units=units, loaded=loaded, source_name=str(document))
    findings = run_rules(ctx, rules)
    return LintResult(promises=ctx.promises, findings=findings)


def promise_dict(item: Located) -> dict[str, object]:
    """One promise for ``--format json``; ``quote`` is the file's own text."""
    p = item.promise
    return {
        "kind": p.kind,
        "level": p.level,
        **value_fields(p.value),
        "total": p.total,
        "value": p.value_text,
        "quote": p.quote,
        "location": item.location.as_dict(),
    }


def lint_json(result: LintResult) -> str:
    data = {
        "promises": [promise_dict(item) for item in result.promises],
        "findings": [finding.as_dict() for finding in result.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
