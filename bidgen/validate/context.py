"""What rules look at: the profile (if any) and the proposal's text units.

Results several rules share (the promises in the text, the requirements'
evaluations) are computed once per check run, on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

from bidgen.model import (
    Block,
    Document,
    ListBlock,
    Paragraph,
    Section,
    Table,
    numbered_title,
    plain_text,
)
from bidgen.validate.findings import CHAPTER_SEPARATOR, Location
from bidgen.validate.promises import Promise, ServiceTime, WeakPromise
from bidgen.validate.promises.reading import Reader

if TYPE_CHECKING:  # the profile's models (pydantic) are not needed to lint a text alone
    from bidgen.profile.compliance import Evaluation
    from bidgen.profile.loading import LoadedProfile
    from bidgen.profile.models import Profile


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


@dataclass(frozen=True)
class Located:
    """A promise and the text unit it was found in."""

    promise: Promise
    unit: TextUnit

    @property
    def location(self) -> Location:
        """The unit's location, with the column of the quote when lines are known."""
        loc = self.unit.location
        if loc.line <= 0:
            return loc
        offset = self.promise.start
        if self.unit.kind == "row":
            offset = max(self.unit.text.find(self.promise.quote), 0)
        return replace(loc, column=(loc.column or 1) + offset)


@dataclass
class CheckContext:
    units: list[TextUnit]
    loaded: LoadedProfile | None = None
    source_name: str = ""

    @property
    def profile(self) -> Profile | None:
        return self.loaded.profile if self.loaded else None

    def profile_at(self, *path: str | int) -> Location:
        """Where a field of the profile stands (profile-scope rules run only with one)."""
        assert self.loaded is not None
        line, column = self.loaded.source.locate(path)
        return Location(self.loaded.source.file, line, column)

    @property
    def level_names(self) -> list[str]:
        """The profile's fault-level names in order (none without a profile)."""
        return [level.name for level in self.profile.fault_levels] if self.profile else []

    @cached_property
    def _readings(
        self,
    ) -> tuple[
        list[Located], list[tuple[WeakPromise, TextUnit]], list[tuple[ServiceTime, TextUnit]]
    ]:
        """Promises, weak promises and service times, read unit by unit in one pass (each
        unit's text is folded once for the three readers)."""
        names = tuple(self.level_names)
        found: list[Located] = []
        weak: list[tuple[WeakPromise, TextUnit]] = []
        times: list[tuple[ServiceTime, TextUnit]] = []
        reader = Reader(self.source_name)
        for unit in self.units:
            if unit.kind == "heading":
                continue
            row = (unit.header, unit.cells) if unit.kind == "row" else None
            reading = reader.read(unit.text, names, row)
            found.extend(Located(p, unit) for p in reading.promises)
            weak.extend((item, unit) for item in reading.weak)
            times.extend((item, unit) for item in reading.times)
        reader.close()
        return found, weak, times

    @property
    def promises(self) -> list[Located]:
        """Every promise in the text units, in reading order."""
        return self._readings[0]

    @property
    def weak_promises(self) -> list[tuple[WeakPromise, TextUnit]]:
        """Promises of a kind without a figure ("第一时间响应"), with their text units."""
        return self._readings[1]

    @property
    def service_times(self) -> list[tuple[ServiceTime, TextUnit]]:
        """Round-the-clock and office-hours-only statements, with their text units."""
        return self._readings[2]

    @cached_property
    def evaluations(self) -> list[Evaluation]:
        """Each tender requirement of the profile against its promise (none without one)."""
        if self.profile is None:
            return []
        from bidgen.profile.compliance import evaluate  # only with a profile: see above

        return evaluate(self.profile)


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


def _unit(
    text: str,
    kind: str,
    name: str,
    chapter: str,
    order: int,
    header: tuple[str, ...] = (),
    cells: tuple[str, ...] = (),
) -> TextUnit:
    return TextUnit(text, Location(name, order=order, chapter=chapter), kind, header, cells)


def _block_units(block: Block, name: str, chapter: str, start: int) -> list[TextUnit]:
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
