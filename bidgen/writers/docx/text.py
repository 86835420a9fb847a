"""Text as Word takes it: strings XML can hold, runs with their emphasis."""

from __future__ import annotations

from typing import Any

from bidgen.model import Inline
from bidgen.writers import ooxml


def clean(text: str) -> str:
    """Text as XML can hold it (control characters that YAML allows are dropped)."""
    return ooxml.xml_safe(text)


def add_runs(paragraph: Any, runs: Inline) -> None:
    """One run per span; "\\n" in a span becomes a ``w:br``."""
    for span in runs:
        run = paragraph.add_run(clean(span.text))
        if span.bold:
            run.bold = True
        if span.italic:
            run.italic = True
