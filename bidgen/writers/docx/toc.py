"""The table of contents: which headings it lists and the bookmarks it links to.

The TOC is a field stored as Word stores it once updated: one TOC 1/TOC 2
paragraph per listed heading, a hyperlink to a ``_Toc…`` bookmark around that
heading's text, a tab and a ``PAGEREF`` field. Word regenerates it on open
(``w:updateFields``); LibreOffice shows the stored result as it is, page
numbers included, so those are estimated (:mod:`.pages`). A deeper heading
whose page a table cell prints gets a ``_Ref…`` bookmark and an unlisted entry,
so that its page is estimated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bidgen.model import Document, Table, numbered_title
from bidgen.writers import ooxml
from bidgen.writers.docx.styles import heading_level
from bidgen.writers.docx.text import clean

TOC_INSTRUCTION = r'TOC \o "1-{depth}" \h \z \u'
TOC_PLACEHOLDER = "右键单击此处选择“更新域”以生成目录"  # a document without headings
TOC_BOOKMARK = "_Toc"  # Word's prefix for the bookmarks its TOC links to
REF_BOOKMARK = "_Ref"  # ... and for those its cross-references (PAGEREF) point to


@dataclass(frozen=True)
class TocEntry:
    """A heading listed in the TOC: its bookmark and the entry Word would write."""

    level: int
    text: str  # the numbered title, as the heading prints it
    bookmark: str  # _Toc…, around the heading's text
    bookmark_id: int
    page: int = 0  # the cached PAGEREF result (see PageEstimate)
    listed: bool = True  # False: a deeper heading only a page reference points to


def toc_entries(doc: Document, body: Any) -> dict[tuple[int, ...], TocEntry]:
    """Index path -> TOC entry for every heading of level 1..``doc.toc_depth``.

    Bookmarks are named as Word names them (``_Toc`` and digits), numbered by
    the heading's place in reading order so the same document gives the same
    names; a name or id the template body already uses is skipped.
    """
    names, top_id = ooxml.bookmarks(body)
    referenced = page_references(doc)
    entries: dict[tuple[int, ...], TocEntry] = {}
    ordinal = 0
    for path, section in doc.walk():
        level = heading_level(section)
        listed = level <= doc.toc_depth
        if not listed and path not in referenced:
            continue
        ordinal += 1
        prefix = TOC_BOOKMARK if listed else REF_BOOKMARK
        while (name := f"{prefix}{ordinal:09d}") in names:
            ordinal += 1
        top_id += 1
        text = clean(numbered_title(section, path[-1]))
        entries[path] = TocEntry(level, text, name, top_id, listed=listed)
    return entries


def page_references(doc: Document) -> set[tuple[int, ...]]:
    """The sections whose page a table cell prints (the 偏离表's 说明 column)."""
    return {
        span.page_of
        for _, section in doc.walk()
        for block in section.blocks
        if isinstance(block, Table)
        for row in (block.header, *block.rows)
        for cell in row
        for span in cell
        if span.page_of
    }
