"""Lint of docxtpl templates: Jinja tags that Word split across runs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

from bidgen.writers.ooxml.schema import el

_JINJA_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)
_JINJA_PIECE = re.compile(r"\{[{%#]|[}%#]\}")


def split_jinja_tags(root: Any) -> list[str]:
    """Jinja tags that Word split across runs (or ``w:t`` nodes), paragraph by paragraph.

    docxtpl sees the XML, not the text: ``{{ project_`` in one run and
    ``name }}`` in the next renders as garbage or fails. Returns the text of
    each offending tag (or of an unclosed one).
    """
    problems: list[str] = []
    for paragraph in el(root).iter(qn("w:p")):
        nodes = [node.text or "" for node in paragraph.iter(qn("w:t"))]
        problems.extend(_split_in(nodes))
    return problems


def _split_in(nodes: Iterable[str]) -> list[str]:
    texts = list(nodes)
    joined = "".join(texts)
    if not _JINJA_PIECE.search(joined):
        return []
    bounds: list[tuple[int, int]] = []
    start = 0
    for text in texts:
        bounds.append((start, start + len(text)))
        start += len(text)
    problems: list[str] = []
    covered: set[int] = set()
    for match in _JINJA_TAG.finditer(joined):
        covered.update(range(match.start(), match.end()))
        if not any(lo <= match.start() and match.end() <= hi for lo, hi in bounds):
            problems.append(match.group(0))
    for piece in _JINJA_PIECE.finditer(joined):
        if piece.start() not in covered:
            problems.append(joined[max(piece.start() - 10, 0) : piece.end() + 10])
    return problems
