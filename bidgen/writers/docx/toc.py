"""The table of contents: which headings it lists and the bookmarks it links to.

The TOC is a field stored as Word stores it once updated: one TOC 1/TOC 2
paragraph per listed heading, a hyperlink to a ``_Toc…`` bookmark around that
heading's text, a tab and a ``PAGEREF`` field. Word regenerates it on open
(``w:updateFields``); LibreOffice shows the stored result as it is, page
numbers included, so those are estimated (:mod:`.pages`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bidgen.model import Document, numbered_title
from bidgen.writers import ooxml
from bidgen.writers.docx.styles import heading_level
from bidgen.writers.docx.text import clean

TOC_INSTRUCTION = r'TOC \o "1-{depth}" \h \z \u'
TOC_PLACEHOLDER = "右键单击此处选择“更新域”以生成目录"  # a document without headings
TOC_BOOKMARK = "_Toc"  # Word's prefix for the bookmarks its TOC links to


@dataclass(frozen=True)
class TocEntry:
    """A heading listed in the TOC: its bookmark and the entry Word would write."""

    level: int
    text: str  # the numbered title, as the heading prints it
    bookmark: str  # _Toc…, around the heading's text
    bookmark_id: int
    page: int = 0  # the cached PAGEREF result (see PageEstimate)


def toc_entries(doc: Document, body: Any) -> dict[tuple[int, ...], TocEntry]:
    """Index path -> TOC entry for every heading of level 1..``doc.toc_depth``.

    Bookmarks are named as Word names them (``_Toc`` and digits), numbered by
    the heading's place in reading order so the same document gives the same
    names; a name or id the template body already uses is skipped.
    """
    names, top_id = ooxml.bookmarks(body)
    entries: dict[tuple[int, ...], TocEntry] = {}
    ordinal = 0
    for path, section in doc.walk():
        level = heading_level(section)
        if level > doc.toc_depth:
            continue
        ordinal += 1
        while (name := f"{TOC_BOOKMARK}{ordinal:09d}") in names:
            ordinal += 1
        top_id += 1
        text = clean(numbered_title(section, path[-1]))
        entries[path] = TocEntry(level, text, name, top_id)
    return entries
