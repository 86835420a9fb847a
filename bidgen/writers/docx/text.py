"""Text as Word takes it: strings XML can hold, runs with their emphasis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from bidgen.model import PAGE_REF, Inline
from bidgen.writers import ooxml


class Bookmarked(Protocol):
    """A heading's bookmark and its estimated page (a TOC entry)."""

    @property
    def bookmark(self) -> str: ...
    @property
    def page(self) -> int: ...


def clean(text: str) -> str:
    """Text as XML can hold it (control characters that YAML allows are dropped)."""
    return ooxml.xml_safe(text)


def add_runs(
    paragraph: Any, runs: Inline, targets: Mapping[tuple[int, ...], Bookmarked] | None = None
) -> None:
    """One run per span of ``paragraph`` (a ``w:p`` element or its proxy); "\\n" in a
    span becomes a ``w:br``.

    A page span becomes a ``PAGEREF`` field to its heading's bookmark in
    ``targets``, its cached result the estimated page (Word updates it on open).
    """
    element = ooxml.el(paragraph)
    for span in runs:
        if span.page_of:
            target = (targets or {}).get(span.page_of)
            if target is not None:
                before, after = PAGE_REF
                ooxml.add_page_ref(element, target.bookmark, str(target.page), before, after)
            continue
        ooxml.append_run(element, clean(span.text), span.bold, span.italic)
