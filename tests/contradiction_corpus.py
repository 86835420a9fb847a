"""The contradiction corpus (tests/data/contradictions.yaml): mini-documents read as
``bidgen lint`` reads a Markdown file, and the findings each must give.

Shared by tests/validate/test_promises.py and benchmarks/promise_accuracy.py. An
expected finding is met by a finding of its code that cites every expected quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from bidgen.lint import text_units
from bidgen.readback.markdown import read_markdown_document
from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding
from bidgen.validate.runner import run_rules, select_rules

CONTRADICTIONS = Path(__file__).resolve().parent / "data" / "contradictions.yaml"
CODES = ("BG2",)  # the rules that compare a proposal with itself


@dataclass
class Expected:
    code: str
    quotes: tuple[str, ...] = ()

    def met_by(self, finding: Finding) -> bool:
        return finding.code == self.code and set(self.quotes) <= set(finding.quotes)


@dataclass
class Document:
    id: str
    doc: str
    industry: str
    expected: list[Expected] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        units = text_units(read_markdown_document(self.doc, "doc.md"))
        ctx = CheckContext(units=units, source_name="doc.md")
        return run_rules(ctx, select_rules(list(CODES), []))


def load_documents(path: Path = CONTRADICTIONS) -> list[Document]:
    data = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    return [
        Document(
            entry["id"],
            entry["doc"],
            entry.get("industry", ""),
            [Expected(e["code"], tuple(e.get("quotes", []))) for e in entry["expect"]],
        )
        for entry in data
    ]


@dataclass
class Result:
    found: int  # expected findings met
    missing: list[Expected]
    extra: list[Finding]  # findings no expectation asks for


def judge(document: Document, findings: list[Finding]) -> Result:
    missing = [e for e in document.expected if not any(e.met_by(f) for f in findings)]
    extra = [f for f in findings if not any(e.met_by(f) for e in document.expected)]
    return Result(len(document.expected) - len(missing), missing, extra)
