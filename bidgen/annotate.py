"""``bidgen lint --annotate``: a copy of the DOCX with a Word comment at each finding.

Reviewers read findings where they work, in Word or WPS. Each comment says the
rule code and the Chinese message, then the quotes; it is anchored on exactly
the text of the first quote (runs are split at its ends, keeping their
formatting), in the table cell that holds it for a table row, else on the
whole paragraph. The original file is never written: the caller publishes the
returned bytes elsewhere.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from bidgen.output import normalise_zip
from bidgen.readback.docx import DocxReading, read_docx, text_of
from bidgen.readback.structure import Block
from bidgen.validate.findings import Finding

AUTHOR = "bidgen"
INITIALS = "BG"
_P, _R, _T, _TC = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:tc")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Runs under these show no text (as the reader skips them).
_HIDDEN = {qn("w:del"), qn("w:moveFrom")}


@dataclass(frozen=True)
class Annotated:
    data: bytes
    comments: int


def annotate_docx(path: Path, findings: Sequence[Finding]) -> Annotated:
    """The DOCX at ``path`` with one comment per finding, as normalised bytes."""
    reading = read_docx(path)
    count = 0
    for finding in findings:
        paragraph, quote = _target(reading, finding)
        if paragraph is None:
            continue
        runs = _quote_runs(paragraph, quote) or _text_runs(paragraph) or [_empty_run(paragraph)]
        _comment(reading.word, paragraph, runs, finding)
        count += 1
    stream = io.BytesIO()
    reading.word.save(stream)
    return Annotated(normalise_zip(stream.getvalue()), count)


def comment_text(finding: Finding) -> str:
    """The comment: code and message, then each quote on its own line."""
    lines = [f"{finding.code} {finding.message}"]
    lines.extend(f"“{quote}”" for quote in finding.quotes)
    return "\n".join(lines)


def _target(reading: DocxReading, finding: Finding) -> tuple[Any | None, str]:
    """The paragraph to anchor a finding on, and the quote to look for in it.

    A finding about the document as a whole (or located in the profile)
    goes on the first paragraph with text.
    """
    quote = finding.quotes[0] if finding.quotes else ""
    candidates = reading.elements.get(finding.location.order, [])
    if finding.location.file != reading.document.name or not candidates:
        first = next(iter(reading.elements.values()), [])
        return (_paragraph(first[0], "") if first else None), ""
    # Two tables in a row share a position: the one holding the quote is meant.
    chosen = next(((b, e) for b, e in candidates if quote and quote in b.text), candidates[0])
    return _paragraph(chosen, quote), quote


def _paragraph(found: tuple[Block, Any], quote: str) -> Any:
    block, element = found
    return _cell_paragraph(element, quote) if block.kind == "row" else element


def _cell_paragraph(row: Any, quote: str) -> Any:
    """The paragraph of a row that holds the quote (else the row's first)."""
    paragraphs = [p for cell in row.iter(_TC) for p in cell.iter(_P)]
    for paragraph in paragraphs:
        if quote and quote in text_of(paragraph):
            return paragraph
    return paragraphs[0]


def _text_runs(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.iter(_R) if not _hidden(r, paragraph) and text_of(r)]


def _hidden(run: Any, paragraph: Any) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in _HIDDEN:
            return True
    return False


def _quote_runs(paragraph: Any, quote: str) -> list[Any]:
    """The runs holding exactly ``quote`` (split where it starts and ends inside a run)."""
    runs = _text_runs(paragraph)
    text = "".join(text_of(r) for r in runs)
    start = text.find(quote) if quote else -1
    if start < 0:
        return []
    end = start + len(quote)
    chosen: list[Any] = []
    offset = 0
    for run in runs:
        length = len(text_of(run))
        lo, hi = offset, offset + length
        offset = hi
        if hi <= start or lo >= end:
            continue
        if lo < start:
            right = _split_run(run, start - lo)
            run, lo = (run, lo) if right is None else (right, start)
        if hi > end:
            _split_run(run, end - lo)
        chosen.append(run)
    return chosen


def _split_run(run: Any, at: int) -> Any | None:
    """Split a run holding one ``w:t`` at ``at``; the right half (None: not splittable)."""
    contents = [child for child in run if child.tag != qn("w:rPr")]
    if len(contents) != 1 or contents[0].tag != _T or not 0 < at < len(contents[0].text or ""):
        return None
    right = copy.deepcopy(run)
    whole = contents[0].text or ""
    _set_text(contents[0], whole[:at])
    _set_text(next(child for child in right if child.tag == _T), whole[at:])
    run.addnext(right)
    return right


def _set_text(t: Any, text: str) -> None:
    t.text = text
    t.set(_XML_SPACE, "preserve")  # a half may start or end with a space


def _empty_run(paragraph: Any) -> Any:
    """A paragraph with no text run still takes a comment: on a run of its own."""
    run = paragraph.makeelement(_R, {})
    paragraph.append(run)
    return run


def _comment(word: Any, paragraph: Any, runs: list[Any], finding: Finding) -> None:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    proxy = Paragraph(paragraph, word._body)
    anchored = [Run(run, proxy) for run in runs]
    comment = word.add_comment(anchored, comment_text(finding), AUTHOR, INITIALS)
    # python-docx stamps the current time; the same findings give the same file.
    comment._comment_elm.attrib.pop(qn("w:date"), None)
