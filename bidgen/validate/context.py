"""What rules look at: the profile (if any) and the proposal's text units."""

from __future__ import annotations

from dataclasses import dataclass, field

from bidgen.model import Document, ListBlock, Paragraph, Section, Table, numbered_title, plain_text
from bidgen.profile.loading import LoadedProfile
from bidgen.validate.findings import Location


@dataclass(frozen=True)
class TextUnit:
    """One paragraph, list item, table row or heading of a proposal.

    ``header`` is set for table rows (the header cells), ``cells`` holds the
    row's cells, so promise extraction can read a fault-level table.
    """

    text: str
    location: Location
    kind: str  # paragraph | item | row | heading
    header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()


@dataclass
class CheckContext:
    units: list[TextUnit]
    loaded: LoadedProfile | None = None
    source_name: str = ""
    cache: dict[str, object] = field(default_factory=dict)

    @property
    def profile(self):
        return self.loaded.profile if self.loaded else None


CHAPTER_SEPARATOR = " › "


def units_from_document(doc: Document, source_name: str) -> list[TextUnit]:
    """Flatten a built document into located text units, in reading order."""
    units: list[TextUnit] = []
    _walk(doc.sections, (), units, source_name)
    return units


def _walk(
    sections: tuple[Section, ...], trail: tuple[str, ...], units: list[TextUnit], name: str
) -> None:
    for index, section in enumerate(sections, start=1):
        path = (*trail, numbered_title(section, index))
        chapter = CHAPTER_SEPARATOR.join(path)
        units.append(_unit(section.title, "heading", name, chapter, len(units)))
        for block in section.blocks:
            units.extend(_block_units(block, name, chapter, len(units)))
        _walk(section.children, path, units, name)


def _unit(text: str, kind: str, name: str, chapter: str, order: int, **extra) -> TextUnit:
    return TextUnit(text, Location(name, order=order, chapter=chapter), kind, **extra)


def _block_units(block, name: str, chapter: str, start: int) -> list[TextUnit]:
    if isinstance(block, Paragraph):
        return [_unit(block.text, "paragraph", name, chapter, start)]
    if isinstance(block, ListBlock):
        return [
            _unit(plain_text(item), "item", name, chapter, start + offset)
            for offset, item in enumerate(block.items)
        ]
    if isinstance(block, Table):
        header = tuple(plain_text(cell) for cell in block.header)
        units = []
        for offset, row in enumerate(block.rows):
            cells = tuple(plain_text(cell) for cell in row)
            units.append(
                _unit(
                    " | ".join(cells),
                    "row",
                    name,
                    chapter,
                    start + offset,
                    header=header,
                    cells=cells,
                )
            )
        return units
    return []
