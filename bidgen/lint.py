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
from bidgen.readback.reader import read_proposal
from bidgen.readback.structure import Block, ReadDocument, position
from bidgen.validate.context import CheckContext, Located, TextUnit
from bidgen.validate.findings import Finding, Location
from bidgen.validate.runner import run_rules, select_rules


@dataclass
class LintResult:
    promises: list[Located]
    findings: list[Finding]


def lint_file(
    document: Path, profile: Path | None, select: Sequence[str], ignore: Sequence[str]
) -> LintResult:
    rules = select_rules(select, ignore)  # a bad prefix is a usage error before any reading
    units = text_units(read_proposal(document))
    loaded = None
    if profile is not None:
        # Imported only with a profile: its models (pydantic), the YAML parser and the
        # clause library are most of lint's start-up and a text alone needs none of them.
        from bidgen.library.clauses import bind_libraries
        from bidgen.profile.loading import load_profile

        loaded = bind_libraries(load_profile(profile))
    ctx = CheckContext(units=units, loaded=loaded, source_name=str(document))
    findings = run_rules(ctx, rules)
    return LintResult(promises=ctx.promises, findings=findings)


def text_units(document: ReadDocument) -> list[TextUnit]:
    """The units the rules read: every line of body text, with its chapter.

    Headings are not units, except those only guessed from a plain-text line's
    wording, which may be content as well. Table header rows are the
    ``header`` of the rows below them.
    """
    units = [unit for block in document.front for unit in _units(document, block, "")]
    for section in document.sections:
        if section.heading.inferred:
            units.extend(_units(document, section.heading.block, section.chapter))
        for block in section.blocks:
            units.extend(_units(document, block, section.chapter))
    return units


def _units(document: ReadDocument, block: Block, chapter: str) -> list[TextUnit]:
    if block.kind == "heading" or (block.kind == "row" and block.row == 1):
        return []
    kind = "paragraph" if block.kind == "caption" else block.kind
    if document.source == "docx":
        # No lines in a DOCX: a finding names the chapter as Word shows it
        # (and the row of a table); the block's position only orders them.
        if block.kind == "row":
            where = f"表格第{block.row}行"
            chapter = f"{chapter}（{where}）" if chapter else where
        loc = Location(document.name, 0, 0, position(block), chapter)
        return [TextUnit(block.text[block.marker :], loc, kind, block.header, block.cells)]
    return [
        TextUnit(
            line.text,
            Location(document.name, line.number, line.column, line.number, chapter),
            kind,
            block.header,
            block.cells,
        )
        for line in block.lines_read  # a list item's label is not its text
    ]


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
