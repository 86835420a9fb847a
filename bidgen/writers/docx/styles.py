"""Style roles: which named style of the template each block takes, by style id.

Styles are applied by id, looked up once per render by their built-in names
(``w:name``), so that a template saved by Chinese Word (ids such as ``1`` or
``a3``) works as well; a style the template lacks is copied from ours.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from docx.shared import Pt
from lxml import etree

from bidgen.model import MAX_LEVEL, ListBlock, Paragraph, Section
from bidgen.writers import ooxml
from bidgen.writers.docx.template import TEMPLATE

# Style roles -> built-in style names as stored in w:name (lower case).
STYLE_NAMES = {
    "body": "normal",
    "plain": "正文无缩进",
    "right": "正文右对齐",
    "note": "注释文字",
    "heading1": "heading 1",
    "heading2": "heading 2",
    "heading3": "heading 3",
    "heading4": "heading 4",
    "bullet": "list bullet",
    "number": "list number",
    "caption": "caption",
    "toc_heading": "toc heading",
    "toc1": "toc 1",
    "toc2": "toc 2",
    "toc3": "toc 3",
    "header": "header",
    "footer": "footer",
    "table": "table grid",
    "cell": "表格文字",
    "cell_header": "表格表头",
    "signature": "落款",
}
PARAGRAPH_ROLES = frozenset({"body", "plain", "right", "note"})
# Text right below a table gets a little air (Word tables have no space after).
AFTER_TABLE_ROLES = PARAGRAPH_ROLES | {"bullet", "number", "signature"}
AFTER_TABLE_SPACE = Pt(6)


def resolve_styles(word: Any) -> dict[str, str]:
    """Role -> style id in this document; styles the template lacks come from ours."""
    styles = word.styles.element
    ooxml.strip_theme_fonts(styles)
    ids = ooxml.style_ids(styles)
    missing = [name for name in STYLE_NAMES.values() if name not in ids]
    if missing:
        _copy_styles(styles, missing)
        ids = ooxml.style_ids(styles)
    return {role: ids[name] for role, name in STYLE_NAMES.items()}


def _copy_styles(styles: Any, names: Iterable[str]) -> None:
    reference = _reference_styles()
    by_name = ooxml.style_ids(reference)
    target_ids = ooxml.style_ids(styles)
    for name in names:
        source = ooxml.style_by_id(reference, by_name[name])
        copied = ooxml.copy_style(source, styles)
        # Our list ids mean nothing in another numbering part: typed labels instead.
        ooxml.remove_num_pr(copied)
        # Our styles are based on "Normal"; a Chinese Word template calls it "a".
        parent = ooxml.based_on(source)
        parent_name = next((n for n, i in by_name.items() if i == parent), None)
        if parent_name in target_ids:
            ooxml.set_based_on(copied, target_ids[parent_name])


@lru_cache(maxsize=1)
def _reference_styles() -> Any:
    with zipfile.ZipFile(TEMPLATE) as package:
        return etree.fromstring(package.read("word/styles.xml"))


def heading_level(section: Section) -> int:
    return min(max(section.level, 1), MAX_LEVEL)


def heading_role(section: Section) -> str:
    return f"heading{heading_level(section)}"


def paragraph_role(block: Paragraph) -> str:
    return block.style if block.style in PARAGRAPH_ROLES else "body"


def list_role(block: ListBlock) -> str:
    return "number" if block.ordered else "bullet"
