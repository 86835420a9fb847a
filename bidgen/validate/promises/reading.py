"""Everything the readers find in one text unit, remembered between runs.

Reading a proposal is most of ``bidgen check`` and ``bidgen lint``, and between
two runs almost every paragraph is the same: a hand edit or a profile change
touches a few. A unit's reading depends only on its text (the cells and header
of a table row) and the fault-level names, so it is kept in a memo
(:mod:`bidgen.core.memo`) under those, stamped with bidgen's code and OpenCC's
files; a changed paragraph is read afresh, an unchanged one is not. Each source
file (a profile, a proposal linted) has a memo of its own, so that what a run
loads stays the size of one proposal however many a user keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from bidgen.core.memo import memo_of
from bidgen.validate.promises.availability import ServiceTime, find_availability
from bidgen.validate.promises.extract import Promise, extract_promises
from bidgen.validate.promises.tables import extract_from_table
from bidgen.validate.promises.weak import WeakPromise, extract_weak

# Units a memo keeps: a proposal has one to two thousand; versions add more.
MEMO_ENTRIES = 20_000


@dataclass(frozen=True)
class Reading:
    """What the three readers found in one unit."""

    promises: tuple[Promise, ...]
    weak: tuple[WeakPromise, ...]
    times: tuple[ServiceTime, ...]


class Reader:
    """Reads text units, through the memo; :meth:`close` stores what was read afresh."""

    def __init__(self, source: str = "") -> None:
        self.memo = memo_of("readings", source, ("opencc",), MEMO_ENTRIES)

    def read(
        self,
        text: str,
        names: tuple[str, ...],
        row: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
    ) -> Reading:
        """A paragraph's reading, or (with ``row`` = header and cells) a table row's."""
        key = (text, names, row)
        found: Reading | None = self.memo.get(key)
        if found is None:
            found = read_unit(text, names, row)
            self.memo.put(key, found)
        return found

    def close(self) -> None:
        self.memo.save()


def read_unit(
    text: str,
    names: tuple[str, ...],
    row: tuple[tuple[str, ...], tuple[str, ...]] | None = None,
) -> Reading:
    if row is not None:
        promises = extract_from_table(row[0], row[1], names)
    else:
        promises = extract_promises(text, names)
    return Reading(
        tuple(promises), tuple(extract_weak(text, names)), tuple(find_availability(text))
    )
