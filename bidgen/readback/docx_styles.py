"""What a DOCX paragraph's style says about it: heading level, list, caption, TOC.

Word, WPS and LibreOffice mark headings in different ways. English Word
writes style id ``Heading1`` named ``heading 1``; Chinese Word writes id
``1`` named ``heading 1`` (shown as 标题 1); templates define their own
styles based on a heading style, or only set an outline level
(``w:outlineLvl``, on the style or the paragraph). The outline level is what
Word itself uses for the navigation pane and the TOC, so it wins; names come
next, then ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

BODY_TEXT_LEVEL = 9  # w:outlineLvl 9: "body text", not a heading
_NAME_LEVEL = re.compile(r"(?:heading|标题)\s*([1-9])", re.IGNORECASE)
# Numeric ids are only trusted for a style without a name: WPS numbers all its
# styles ("2" is its Heading 1).
_ID_LEVEL = re.compile(r"[Hh]eading([1-9])|([1-9])")
_TOC_ENTRY = re.compile(r"(?:toc|目录)\s*[1-9]", re.IGNORECASE)


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # the w:outlineLvl the style sets itself


class StyleSheet:
    """The paragraph styles of one document, looked up by style id."""

    def __init__(self, styles_element: Any) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        for style in styles_element.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId")) or ""
            self.styles[style_id] = _Style(
                _val(style.find(qn("w:name"))) or "",
                _val(style.find(qn("w:basedOn"))),
                _outline(style.find(qn("w:pPr"))),
            )
            if style.get(qn("w:default")) in {"1", "true", "on"}:
                self.default = style_id
        self.levels: dict[str | None, int] = {}

    def style_of(self, paragraph: Any) -> str | None:
        return _val(paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")) or self.default

    def name(self, style_id: str | None) -> str:
        style = self.styles.get(style_id or "")
        return style.name if style else ""

    def heading_level(self, paragraph: Any) -> int:
        """1-9 for a heading, 0 for any other paragraph."""
        own = _outline(paragraph.find(qn("w:pPr")))
        if own is not None:
            return own + 1 if own < BODY_TEXT_LEVEL else 0
        style_id = self.style_of(paragraph)
        if style_id not in self.levels:
            self.levels[style_id] = self._style_level(style_id)
        return self.levels[style_id]

    def _style_level(self, style_id: str | None) -> int:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:  # a reference to an undefined style: its id is all there is
                return _id_level(style_id)
            if is_toc_name(style.name):
                return 0  # Word's TOC Heading is based on Heading 1
            if style.outline is not None:
                return style.outline + 1 if style.outline < BODY_TEXT_LEVEL else 0
            level = _name_level(style.name) if style.name else _id_level(style_id)
            if level:
                return level
            style_id = style.based_on
        return 0

    def is_list(self, paragraph: Any) -> bool:
        return self.name(self.style_of(paragraph)).lower().startswith("list")

    def is_caption(self, paragraph: Any) -> bool:
        return self.name(self.style_of(paragraph)).lower() in {"caption", "题注"}

    def is_toc_entry(self, paragraph: Any) -> bool:
        """A TOC line (toc 1, toc 2 …): it repeats a heading, it is not body text."""
        return bool(_TOC_ENTRY.fullmatch(self.name(self.style_of(paragraph)).strip()))


def is_toc_name(name: str) -> bool:
    lowered = name.lower().strip()
    return lowered.startswith("toc") or lowered.startswith("目录")


def _val(element: Any) -> str | None:
    if element is None:
        return None
    value: str | None = element.get(qn("w:val"))
    return value


def _outline(ppr: Any) -> int | None:
    value = _val(ppr.find(qn("w:outlineLvl"))) if ppr is not None else None
    return int(value) if value and value.isdigit() else None


def _name_level(name: str) -> int:
    match = _NAME_LEVEL.fullmatch(name.strip())
    return int(match.group(1)) if match else 0


def _id_level(style_id: str) -> int:
    match = _ID_LEVEL.fullmatch(style_id)
    return int(match.group(1) or match.group(2)) if match else 0
