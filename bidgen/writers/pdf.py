"""PDF export: the HTML page laid out by WeasyPrint.

WeasyPrint is imported inside the functions only: importing it costs about
0.6 s and loads Pango, so the other formats must not pay for it. Callers check
fonts first (:func:`bidgen.writers.fonts.check_fonts`); this module assumes they exist.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from bidgen.model import Document
from bidgen.writers.fonts import FontChoice
from bidgen.writers.html import TEMPLATE_DIR, render_html

if TYPE_CHECKING:
    from weasyprint import Document as LaidOut


def render_pdf(doc: Document, fonts: FontChoice) -> bytes:
    """The document as PDF bytes; the same input gives the same bytes."""
    return pdf_from_html(render_html(doc, fonts))


def pdf_from_html(html: str) -> bytes:
    """The PDF of a page of :func:`~bidgen.writers.html.render_html` (what the PDF worker
    is given: the build renders the page while the worker imports WeasyPrint)."""
    with collector_paused():
        return write_pdf(_laid_out(html))


def layout_pdf(doc: Document, fonts: FontChoice) -> LaidOut:
    """The laid-out pages, for callers (tests, benchmarks) that inspect or time them.

    WeasyPrint lays out the table-of-contents pages three times (pages 2-4 of the
    IT sample; every other page once): its ``target-counter(attr(href), page)``
    forward references make one repagination necessary, and a second one comes
    from WeasyPrint itself (``content_to_boxes`` in 70.0 rebinds its local list of
    missing counters to the target's list, so ``page`` looks like a missing local
    counter and the TOC is re-parsed once more when the ``pages`` total appears).
    Nothing in bidgen's HTML asks for it; measured with WeasyPrint's progress log.
    """
    return _laid_out(render_html(doc, fonts))


def _laid_out(html: str) -> LaidOut:
    # Imported here, not at the top: WeasyPrint costs about 0.6 s and loads Pango,
    # and this module is imported by builds that may not need a PDF.
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(TEMPLATE_DIR)).render()


def write_pdf(laid_out: LaidOut) -> bytes:
    # The file identifier is a hash of the content (pydyf), not of the clock; the
    # dates come from <meta name="dcterms.created|modified"> in the page.
    pdf: bytes | None = laid_out.write_pdf(pdf_identifier=True, finisher=_neutral_producer)
    if pdf is None:  # only when a target file is given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF bytes")
    return pdf


def _neutral_producer(_document: object, pdf: Any) -> None:
    """No /Producer naming the typesetter (WeasyPrint writes its name and version):
    the author (the bidder) is the file's only origin; there is no /Creator either,
    since the page names no generator."""
    pdf.info.pop("Producer", None)
    pdf.info.pop("Creator", None)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector during one layout.

    WeasyPrint allocates hundreds of thousands of box objects that stay alive
    until the PDF is written, so the collector runs hundreds of times and finds
    almost nothing: about 0.4 s of a 45-page layout, measured with
    benchmarks/bench_pdf.py, for about 10 MiB more peak memory. Reference
    counting still frees everything else; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
