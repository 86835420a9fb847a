"""Plain text: one block per line, headings guessed from Chinese outline labels.

A line that opens with a list label (1. （1） ① …: a numbered item as
pdftotext prints it) is read without it, as its item's text.
"""

from __future__ import annotations

import re

from bidgen.readback.structure import Block, Heading, Line, ReadDocument, assemble, item_label

_CN = "[一二三四五六七八九十]+"
# Outline labels from the outermost in; a file uses some of them, and the ones
# it uses nest in this order.
_RANKS = (
    re.compile(rf"^第{_CN}(?:章|部分)"),
    re.compile(rf"^第{_CN}节"),
    re.compile(rf"^{_CN}、"),
    re.compile(rf"^（{_CN}）"),
)
# Longer lines are sentences that happen to open with a label, as are lines that
# end as a sentence does (a numbered item: "（一）质保期3年。").
MAX_HEADING = 30
SENTENCE_END = "。；！？"


def read_text_document(text: str, name: str) -> ReadDocument:
    items: list[Heading | Block] = []
    ranks: list[int] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped:
            continue
        line = Line(stripped, number, raw.find(stripped) + 1)
        rank = _rank(stripped)
        if rank is None:
            label = item_label(stripped)
            items.append(Block("paragraph", (line,), stripped[len(label) :], marker=len(label)))
            continue
        block = Block("paragraph", (line,), stripped)
        ranks.append(rank)
        items.append(Heading(rank, stripped, stripped, block, inferred=True))
    used = sorted(set(ranks))
    # A file that skips ranks (第一章 then （一）) still nests one level at a time.
    leveled = [
        _releveled(item, used.index(item.level) + 1) if isinstance(item, Heading) else item
        for item in items
    ]
    return assemble(name, "text", leveled)


def _rank(text: str) -> int | None:
    if len(text) > MAX_HEADING or text.endswith(tuple(SENTENCE_END)):
        return None
    return next((rank for rank, label in enumerate(_RANKS, 1) if label.match(text)), None)


def _releveled(heading: Heading, level: int) -> Heading:
    return Heading(level, heading.written, heading.title, heading.block, heading.inferred)
