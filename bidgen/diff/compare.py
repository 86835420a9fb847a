"""Section-aligned comparison of two versions of a proposal, for reviewers.

Sections are matched by heading path without outline numbers, so a chapter
that moved (and was renumbered) is reported as moved, not deleted and added.
Inside a matched section the lines are diffed, similar line pairs are diffed
again token by token (a Chinese character, or a run of ASCII letters/digits),
and any change that touches a promised time ("1小时" → "3小时") is pulled into
a 时限变更 list that every report shows first: those are the edits that can
lose a bid. The reports are :mod:`bidgen.diff.reports`.

Library code returns data and strings; ``bidgen.cli`` prints and picks exit codes.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Literal

from bidgen.core.quantities import time_figures
from bidgen.diff.document import COVER_TITLE, SIGNATURE_TITLE, DiffDocument, DiffSection
from bidgen.model import outline_label

HeadingPath = tuple[str, ...]
Status = Literal["added", "removed", "changed", "moved", "unchanged"]
STATUS_LABELS: dict[str, str] = {
    "added": "新增",
    "removed": "删除",
    "changed": "修改",
    "moved": "移动",
    "unchanged": "未变",
}
CONTEXT_LINES = 2
# Below this similarity two lines are a deletion plus an insertion, not an edit.
PAIR_RATIO = 0.5

_TOKEN = re.compile(r"[A-Za-z0-9.]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    """A piece of a changed line pair: kept, deleted (old only) or inserted (new only)."""

    kind: Literal["equal", "delete", "insert"]
    text: str


@dataclass(frozen=True)
class LineChange:
    """One row of a hunk. ``segments`` is set for an edited (``replace``) pair."""

    kind: Literal["equal", "delete", "insert", "replace"]
    old: str | None
    new: str | None
    old_no: int | None
    new_no: int | None
    segments: tuple[Segment, ...] = ()


Hunk = tuple[LineChange, ...]


@dataclass(frozen=True)
class SectionDiff:
    status: Status
    path: HeadingPath
    level: int
    display: str  # the path with the outline numbers of the version shown
    moved: bool = False
    old_display: str | None = None  # where a moved or removed section was
    hunks: tuple[Hunk, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class PromiseChange:
    """A change that touches a promised time, with the times on each side."""

    display: str
    anchor: str
    old: str | None
    new: str | None
    old_times: tuple[str, ...]
    new_times: tuple[str, ...]
    segments: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class DiffResult:
    old_name: str
    new_name: str
    sections: tuple[SectionDiff, ...]
    promises: tuple[PromiseChange, ...]

    @property
    def summary(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUS_LABELS, 0)
        for section in self.sections:
            counts[section.status] += 1
        # A moved section whose text also changed counts as changed and moved.
        counts["moved"] = sum(1 for s in self.sections if s.moved)
        return counts

    @property
    def identical(self) -> bool:
        return all(s.status == "unchanged" for s in self.sections)

    @property
    def changed_sections(self) -> tuple[SectionDiff, ...]:
        return tuple(s for s in self.sections if s.status != "unchanged")


# --- comparing ------------------------------------------------------------------


def diff_documents(old: DiffDocument, new: DiffDocument) -> DiffResult:
    """Compare two versions; the cover is compared only when both inputs have one."""
    both_covers = old.cover is not None and new.cover is not None
    old_sections, new_sections = _listed(old, both_covers), _listed(new, both_covers)
    old_by_path = {s.path: s for s in old_sections}
    new_by_path = {s.path: s for s in new_sections}
    old_labels, new_labels = _numbering(old_sections), _numbering(new_sections)
    moved = _moved_paths(old_sections, new_sections)
    sections = []
    for old_path, new_path in _merged_order(old_sections, new_sections):
        before = old_by_path[old_path] if old_path else None
        after = new_by_path[new_path] if new_path else None
        old_display = _display(old_path, old_labels) if old_path else None
        display = _display(new_path, new_labels) if new_path else old_display or ""
        is_moved = bool(old_path and new_path) and (old_path != new_path or old_path in moved)
        sections.append(_section_diff(before, after, display, old_display, is_moved))
    anchored = tuple(replace(s, anchor=f"s{index}") for index, s in enumerate(sections, start=1))
    return DiffResult(old.name, new.name, anchored, tuple(_promises(anchored)))


def _listed(doc: DiffDocument, with_cover: bool) -> list[DiffSection]:
    return ([doc.cover] if with_cover and doc.cover else []) + list(doc.sections)


def _section_diff(
    before: DiffSection | None,
    after: DiffSection | None,
    display: str,
    old_display: str | None,
    moved: bool,
) -> SectionDiff:
    old_lines = before.lines if before else ()
    new_lines = after.lines if after else ()
    hunks = diff_lines(old_lines, new_lines)
    shown = after or before
    assert shown is not None
    status: Status
    if before is None:
        status = "added"
    elif after is None:
        status = "removed"
    elif old_lines != new_lines:
        status = "changed"
    else:
        status = "moved" if moved else "unchanged"
    where = old_display if (moved or status == "removed") else None
    return SectionDiff(status, shown.path, shown.level, display, moved, where, hunks)


def _merged_order(
    old: list[DiffSection], new: list[DiffSection]
) -> Iterator[tuple[HeadingPath | None, HeadingPath | None]]:
    """(old path, new path) pairs in new document order.

    A removed section follows whatever preceded it in the old version, so it
    shows up where a reviewer would look for it.
    """
    old_paths = {s.path for s in old}
    across = _moved_across_parents(old, new)
    match = {s.path: s.path if s.path in old_paths else across.get(s.path) for s in new}
    matched_old = {path for path in match.values() if path}
    removed_after: dict[HeadingPath | None, list[HeadingPath]] = defaultdict(list)
    anchor: HeadingPath | None = None
    for section in old:
        if section.path in matched_old:
            anchor = section.path
        else:
            removed_after[anchor].append(section.path)
    yield from ((path, None) for path in removed_after[None])
    for section in new:
        old_path = match[section.path]
        yield old_path, section.path
        if old_path:
            yield from ((path, None) for path in removed_after[old_path])


def _moved_paths(old: list[DiffSection], new: list[DiffSection]) -> set[HeadingPath]:
    """Sections kept under the same parent whose order among siblings changed."""
    common = {s.path for s in old} & {s.path for s in new}
    moved: set[HeadingPath] = set()
    old_groups, new_groups = _sibling_groups(old, common), _sibling_groups(new, common)
    for parent, old_titles in old_groups.items():
        new_titles = new_groups.get(parent, [])
        matcher = difflib.SequenceMatcher(None, old_titles, new_titles, autojunk=False)
        kept = {
            t
            for block in matcher.get_matching_blocks()
            for t in old_titles[block.a : block.a + block.size]
        }
        moved.update((*parent, title) for title in old_titles if title not in kept)
    return moved


def _sibling_groups(
    sections: list[DiffSection], keep: set[HeadingPath]
) -> dict[HeadingPath, list[str]]:
    groups: dict[HeadingPath, list[str]] = defaultdict(list)
    for section in sections:
        if section.path in keep:
            groups[section.path[:-1]].append(section.path[-1])
    return groups


def _moved_across_parents(
    old: list[DiffSection], new: list[DiffSection]
) -> dict[HeadingPath, HeadingPath]:
    """New path -> old path for a section that now sits under another heading.

    Paired only when the title is unique among the unmatched sections on both
    sides and the text is still mostly the same: generic titles such as
    补充说明 recur under many chapters with unrelated content.
    """
    old_paths, new_paths = {s.path for s in old}, {s.path for s in new}
    gone = _unique_by_title([s for s in old if s.path not in new_paths])
    came = _unique_by_title([s for s in new if s.path not in old_paths])
    pairs = {}
    for title, after in came.items():
        before = gone.get(title)
        if before is not None and before.level == after.level and _similar(before, after):
            pairs[after.path] = before.path
    return pairs


def _similar(old: DiffSection, new: DiffSection) -> bool:
    text_old, text_new = "\n".join(old.lines), "\n".join(new.lines)
    return difflib.SequenceMatcher(None, text_old, text_new, autojunk=False).ratio() >= PAIR_RATIO


def _unique_by_title(sections: list[DiffSection]) -> dict[str, DiffSection]:
    counts: dict[str, int] = defaultdict(int)
    for section in sections:
        counts[section.title] += 1
    return {s.title: s for s in sections if counts[s.title] == 1}


def _numbering(sections: Iterable[DiffSection]) -> dict[HeadingPath, str]:
    """Path -> the outline label it carries in that version (一、 / （一） / 1. / （1））."""
    counters: dict[HeadingPath, int] = defaultdict(int)
    labels: dict[HeadingPath, str] = {}
    for section in sections:
        if section.path in ((COVER_TITLE,), (SIGNATURE_TITLE,)) or not 1 <= section.level <= 4:
            labels[section.path] = ""
            continue
        counters[section.path[:-1]] += 1
        labels[section.path] = outline_label(section.level, counters[section.path[:-1]])
    return labels


def _display(path: HeadingPath, labels: dict[HeadingPath, str]) -> str:
    parts = [labels.get(path[: depth + 1], "") + title for depth, title in enumerate(path)]
    return " › ".join(parts)


# --- lines and characters ---------------------------------------------------------


def diff_lines(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[Hunk, ...]:
    """Hunks with CONTEXT_LINES of context; an added/removed section is one hunk."""
    if old == new:
        return ()  # difflib invents an equal opcode even for two empty sequences
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks = []
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        rows: list[LineChange] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows.extend(
                    LineChange("equal", old[i], new[j], i + 1, j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
            else:
                rows.extend(_pair_lines(old, new, range(i1, i2), range(j1, j2)))
        if any(row.kind != "equal" for row in rows):
            hunks.append(tuple(rows))
    return tuple(hunks)


def _pair_lines(
    old: tuple[str, ...], new: tuple[str, ...], old_range: range, new_range: range
) -> list[LineChange]:
    """Pair each old line with the most similar later new line, keeping order."""
    rows: list[LineChange] = []
    next_new = new_range.start
    for i in old_range:
        best, best_ratio = None, PAIR_RATIO
        for j in range(next_new, new_range.stop):
            matcher = difflib.SequenceMatcher(None, old[i], new[j], autojunk=False)
            # quick_ratio is an upper bound: skip the quadratic ratio() when it cannot win.
            if matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio and (best is None or ratio > best_ratio):
                best, best_ratio = j, ratio
        if best is None:
            rows.append(LineChange("delete", old[i], None, i + 1, None))
            continue
        rows.extend(LineChange("insert", None, new[j], None, j + 1) for j in range(next_new, best))
        segments = char_segments(old[i], new[best])
        rows.append(LineChange("replace", old[i], new[best], i + 1, best + 1, segments))
        next_new = best + 1
    rows.extend(
        LineChange("insert", None, new[j], None, j + 1) for j in range(next_new, new_range.stop)
    )
    return rows


def char_segments(old: str, new: str) -> tuple[Segment, ...]:
    """Token-level diff of an edited line: Chinese by character, ASCII by word/number."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Segment("insert", "".join(b[j1:j2])))
    return _absorb_islands(raw)


def _absorb_islands(segments: list[Segment]) -> tuple[Segment, ...]:
    """Fold a lone kept character between two edits into the edit.

    In a reworded Chinese sentence the matcher keeps stray shared characters
    (的、和、服务); highlighting them splits the edit into unreadable confetti.
    """
    out: list[Segment] = []
    for index, seg in enumerate(segments):
        inside = 0 < index < len(segments) - 1
        if seg.kind == "equal" and inside and len(seg.text) <= 1:
            out.extend((Segment("delete", seg.text), Segment("insert", seg.text)))
        else:
            out.append(seg)
    return _merge_runs(out)


def _merge_runs(segments: list[Segment]) -> tuple[Segment, ...]:
    """Adjacent pieces of one kind join; within an edit, deletions come before insertions."""
    merged: list[Segment] = []
    for is_equal, run in groupby(segments, key=lambda seg: seg.kind == "equal"):
        pieces = list(run)
        if is_equal:
            merged.append(Segment("equal", "".join(seg.text for seg in pieces)))
            continue
        deleted = "".join(seg.text for seg in pieces if seg.kind == "delete")
        inserted = "".join(seg.text for seg in pieces if seg.kind == "insert")
        merged.extend(Segment(kind, text) for kind, text in _edit_pair(deleted, inserted))
    return tuple(merged)


def _edit_pair(deleted: str, inserted: str) -> Iterator[tuple[Literal["delete", "insert"], str]]:
    if deleted:
        yield "delete", deleted
    if inserted:
        yield "insert", inserted


def old_side(segments: Iterable[Segment]) -> Iterator[Segment]:
    return (s for s in segments if s.kind != "insert")


def new_side(segments: Iterable[Segment]) -> Iterator[Segment]:
    return (s for s in segments if s.kind != "delete")


# --- promised times -----------------------------------------------------------------


def durations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each duration, frequency or service window in a line."""
    return time_figures(text)


def _touched(text: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The durations of a line that overlap a changed span (or contain an insertion point)."""
    hits = []
    for start, end, value in durations(text):
        for a, b in spans:
            inside = start < a < end if a == b else start < b and a < end
            if inside and value not in hits:
                hits.append(value)
    return tuple(hits)


def _changed_spans(segments: tuple[Segment, ...]) -> tuple[list[tuple[int, int]], ...]:
    """Changed character ranges on the old and the new side of an edited pair."""
    old_spans, new_spans = [], []
    old_pos = new_pos = 0
    for seg in segments:
        size = len(seg.text)
        if seg.kind == "equal":
            old_pos, new_pos = old_pos + size, new_pos + size
        elif seg.kind == "delete":
            old_spans.append((old_pos, old_pos + size))
            new_spans.append((new_pos, new_pos))
            old_pos += size
        else:
            new_spans.append((new_pos, new_pos + size))
            old_spans.append((old_pos, old_pos))
            new_pos += size
    return old_spans, new_spans


def _promises(sections: Iterable[SectionDiff]) -> Iterator[PromiseChange]:
    for section in sections:
        # A whole new or deleted chapter is reported as such; listing each of
        # its times again would bury the edits that matter.
        if section.status in ("added", "removed"):
            continue
        for hunk in section.hunks:
            for row in hunk:
                change = _promise_in_row(section, row)
                if change is not None:
                    yield change


def _promise_in_row(section: SectionDiff, row: LineChange) -> PromiseChange | None:
    if row.kind == "replace" and row.old is not None and row.new is not None:
        old_spans, new_spans = _changed_spans(row.segments)
        old_times, new_times = _touched(row.old, old_spans), _touched(row.new, new_spans)
    elif row.kind in ("delete", "insert"):
        text = row.old if row.kind == "delete" else row.new
        times = tuple(dict.fromkeys(value for _s, _e, value in durations(text or "")))
        old_times, new_times = (times, ()) if row.kind == "delete" else ((), times)
    else:
        return None
    if not old_times and not new_times:
        return None
    return PromiseChange(
        section.display, section.anchor, row.old, row.new, old_times, new_times, row.segments
    )
