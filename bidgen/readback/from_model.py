"""A built :class:`~bidgen.model.Document` as a :class:`ReadDocument`.

Diff compares a profile with a DOCX or Markdown file; seeing the profile's
document through the same structure (cover as title and front matter, the
signature as the closing lines, as a reader finds them in a file) is what
lets a document and its own exports compare equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bidgen.model import Block as ModelBlock
from bidgen.model import (
    Document,
    Figure,
    ListBlock,
    Paragraph,
    Section,
    Table,
    numbered_title,
    plain_text,
)
from bidgen.readback.structure import Block, BlockKind, Heading, Line, ReadDocument, assemble


def read_model(doc: Document, name: str) -> ReadDocument:
    cover = doc.cover
    title = Heading(0, cover.title, cover.title, _block("heading", cover.title))
    front = [_block("item", f"{field.label}：{field.value}") for field in cover.fields]
    front.append(_block("item", f"日期：{cover.date_text}"))
    items: list[Heading | Block] = list(_sections(doc.sections))
    if doc.signature is not None:
        sig = doc.signature
        items.extend(
            _block("paragraph", f"{label}：{value}")
            for label, value in (
                (sig.bidder_label, sig.bidder),
                (sig.representative_label, sig.representative),
                (sig.date_label, sig.date_text),
            )
        )
    document = assemble(name, "model", items, title, labelled=False)
    return ReadDocument(name, "model", title, (*front, *document.front), document.sections)


def _block(kind: BlockKind, text: str) -> Block:
    return Block(kind, (Line(text),), text)


def _sections(sections: Iterable[Section]) -> Iterator[Heading | Block]:
    for index, section in enumerate(sections, start=1):
        written = numbered_title(section, index)
        yield Heading(section.level, written, section.title, _block("heading", written))
        for block in section.blocks:
            yield from _blocks(block)
        yield from _sections(section.children)


def _blocks(block: ModelBlock) -> Iterator[Block]:
    if isinstance(block, Paragraph):
        yield _block("paragraph", block.text)
    elif isinstance(block, ListBlock):
        yield from (_block("item", plain_text(item)) for item in block.items)
    elif isinstance(block, Table):
        if block.caption:
            yield _block("caption", block.caption)
        header = tuple(plain_text(cell) for cell in block.header)
        for number, row in enumerate((block.header, *block.rows), start=1):
            cells = tuple(plain_text(cell) for cell in row)
            text = " | ".join(cells)
            row_header = header if number > 1 else ()
            yield Block("row", (Line(text),), text, 0, number, row_header, cells, cells)
    elif isinstance(block, Figure):
        # As the DOCX (a caption paragraph) and the Markdown (the image's alt text) read.
        yield _block("paragraph", block.caption)
    # page breaks carry no text
