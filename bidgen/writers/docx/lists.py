"""Lists and outline numbering: what Word numbers itself and what is typed.

Outline numbering (一、/（一）/1./（1）) is a Word multilevel list linked to
Heading 1-4, so Word renumbers when a user adds a heading; the labels equal
:func:`bidgen.model.numbered_title`. If a template's headings carry no such
list, or the outline is irregular enough that Word would count differently,
the labels are typed into the headings instead.

Ordered lists count one rung of :data:`bidgen.model.LADDER` below the heading
that holds them (（一） under a chapter, 1. under （一）, （1）, then ①), each
list restarting at 1. Word draws those numbers from a copy of the template's
List Number definition per rung; a template without one gets them typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from bidgen.model import LADDER, MAX_LEVEL, Document, Rung, outline_label
from bidgen.writers import ooxml

BULLET = "● "  # typed when the template's List Bullet has no list (as its list draws it)
# Word's number format for each way the ladder counts.
NUM_FORMATS = {
    "chinese": "chineseCounting",
    "decimal": "decimal",
    "circled": "decimalEnclosedCircle",
}


def level_text(rung: Rung, ilvl: int) -> str:
    """Word's lvlText of a rung at list level ``ilvl``: "（%2）" for （一） at level 1."""
    return f"{rung.before}%{ilvl + 1}{rung.after}"


# The customary outline: (numFmt, lvlText) of list levels 0-3 linked to Heading 1-4.
OUTLINE_FORMATS = {
    ilvl: (NUM_FORMATS[rung.counting], level_text(rung, ilvl))
    for ilvl, rung in enumerate(LADDER[:MAX_LEVEL])
}


@dataclass
class Lists:
    """How headings and lists are numbered in this document."""

    numbering: Any  # the numbering part's root element
    outline_in_word: bool  # Heading 1-4 numbered by the template's list
    headings_have_numbering: bool  # the heading styles carry a w:numPr to switch off
    ordered_abstract: int | None  # list definition behind List Number, if any
    bullets_in_word: bool
    # rung -> the copy of List Number's definition that counts as the rung does
    rung_abstracts: dict[int, int] = field(default_factory=dict)

    @classmethod
    def for_document(cls, word: Any, styles: dict[str, str], doc: Document) -> Lists:
        numbering = _numbering_root(word)
        style_el = word.styles.element
        heading_ids = [styles[f"heading{level}"] for level in range(1, MAX_LEVEL + 1)]
        heading_nums = [ooxml.num_pr(ooxml.style_by_id(style_el, i)) for i in heading_ids]
        if numbering is None:
            return cls(None, False, False, None, False)
        # A heading on the template's cover would take the first number.
        outline_ok = (
            _outline_list_ok(numbering, heading_nums)
            and not set(heading_ids) & ooxml.paragraph_style_ids(word.element.body)
            and word_counts_match(doc)
        )
        number = ooxml.num_pr(ooxml.style_by_id(style_el, styles["number"]))
        bullet = ooxml.num_pr(ooxml.style_by_id(style_el, styles["bullet"]))
        return cls(
            numbering=numbering,
            outline_in_word=outline_ok,
            headings_have_numbering=any(heading_nums),
            ordered_abstract=ooxml.abstract_num_id(numbering, number[0]) if number else None,
            bullets_in_word=bullet is not None
            and ooxml.abstract_num_id(numbering, bullet[0]) is not None,
        )

    def new_ordered_list(self, rung: int) -> int | None:
        """A fresh ``w:num`` counting as ``LADDER[rung]`` from 1, or None to type the numbers."""
        abstract = self.rung_abstracts.get(rung)
        if abstract is None:
            abstract = self._rung_definition(rung)
            if abstract is None:
                return None
            self.rung_abstracts[rung] = abstract
        return ooxml.add_num(self.numbering, abstract, restart=True)

    def _rung_definition(self, rung: int) -> int | None:
        """A copy of List Number's definition counting as the rung (its indentation and
        fonts kept); numbered after the template's, in order of first use."""
        if self.ordered_abstract is None:
            return None
        step = LADDER[rung]
        return ooxml.copy_list_definition(
            self.numbering,
            self.ordered_abstract,
            NUM_FORMATS[step.counting],
            level_text(step, 0),
            space_after=bool(step.gap),
        )


def _numbering_root(word: Any) -> Any | None:
    """The numbering part's root, or None when the template has no list definitions."""

    try:
        return word.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def _outline_list_ok(numbering: Any, heading_nums: list[tuple[int, int] | None]) -> bool:
    """Heading 1-4 are levels 0-3 of one list with the customary Chinese formats."""
    if any(num is None for num in heading_nums):
        return False
    num_ids = {num[0] for num in heading_nums if num}
    levels = [num[1] for num in heading_nums if num]
    if len(num_ids) != 1 or levels != list(range(MAX_LEVEL)):
        return False
    abstract = ooxml.abstract_num_id(numbering, num_ids.pop())
    if abstract is None:
        return False
    formats = ooxml.level_formats(numbering, abstract)
    return all(formats.get(ilvl) == expected for ilvl, expected in OUTLINE_FORMATS.items())


def word_counts_match(doc: Document) -> bool:
    """Whether Word's list counters give every heading its model label.

    Word counts per level and restarts a level after any higher heading; the
    model numbers siblings. They agree for every well-formed outline; a level
    skipped between siblings would make them differ.
    """
    counters = [0] * (MAX_LEVEL + 1)
    for path, section in doc.walk():
        level = section.level
        if not 1 <= level <= MAX_LEVEL:
            return False
        counters[level] += 1
        counters[level + 1 :] = [0] * (MAX_LEVEL - level)
        if outline_label(level, counters[level]) != outline_label(level, path[-1]):
            return False
    return True


def typed_label(rung: int, number: int) -> str:
    """A list label as Word would draw it (when the template has no list for List Number)."""
    step = LADDER[rung]
    return step.label(number) + step.gap
