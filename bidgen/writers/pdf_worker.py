"""The PDF worker: a second process that lays out the PDF while the rest of a build runs.

Kept apart from :mod:`bidgen.build`, and light to import, so that the CLI can fork
it before importing anything heavy: the worker then imports WeasyPrint (about
0.3 s) while this process imports bidgen, loads the profile and renders the clauses.

The worker never outlives the process that forked it, even after ``kill -9``:
on Linux the kernel kills it when its parent dies (``PR_SET_PDEATHSIG``), and
everywhere it drops its copy of the parent's end of the pipe, so that waiting
for a document ends with EOF instead of blocking forever.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import traceback
import warnings
from multiprocessing.connection import Connection


class PdfWorker:
    """A second process that lays out the PDF, started before the document exists.

    Importing WeasyPrint takes about 0.3 s and laying out a 45-page proposal
    about 1.8 s, all CPU-bound Python. The worker is forked at the very start of
    a build and imports WeasyPrint while this process loads the profile and
    renders the clauses; it lays out the PDF while this process runs the checks
    and writes DOCX and Markdown. On a 2-core machine the PDF is the only wait
    left. If the checks fail, the speculative PDF is thrown away with the process.

    One worker lays out any number of documents, one at a time, so a batch build
    pays for WeasyPrint's import once per worker. A job whose PDF is no longer
    wanted (its profile failed the checks) is drained before the next one is sent:
    the pipe carries one document and one answer at a time, never two of either.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child = context.Pipe()
        # The child gets this end too, to close it: see _pdf_worker.
        args = (child, self.connection, os.getpid())
        self.process = context.Process(target=_pdf_worker, args=args, daemon=True)
        self.process.start()
        child.close()
        self.job: _PdfJob | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def submit(self, html: str) -> _PdfJob:
        """Lay out a page of :func:`~bidgen.writers.html.render_html`: the build renders it
        (its part of the work) while this process is still importing WeasyPrint."""
        if self.job is not None:
            self.job.drain()  # an abandoned job: its answer must leave the pipe first
        self.connection.send(html)
        self.job = _PdfJob(self.connection)
        return self.job

    def close(self) -> None:
        """Stop the worker without waiting for it: once its PDF is collected (or no
        longer wanted, after failed checks) there is nothing left for it to do."""
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.connection.close()


class _PdfJob:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.value: bytes | None = None

    def done(self) -> bool:
        return self.value is not None or self.connection.poll()

    def result(self) -> bytes:
        if self.value is None:
            try:
                status, payload = self.connection.recv()
            except (EOFError, OSError):
                status, payload = "error", "the PDF worker exited without a result"
            if status != "ok":
                raise RuntimeError(f"PDF worker failed:\n{payload}")
            self.value = payload
        return self.value

    def drain(self) -> None:
        """Wait for the answer and drop it, whatever it is."""
        with contextlib.suppress(RuntimeError):
            self.result()


def _pdf_worker(connection: Connection, parent_end: Connection, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    # fork copied the parent's end of the pipe into this process: while this copy
    # is open the pipe never reaches EOF, and a worker whose parent was killed
    # would wait for a document forever.
    parent_end.close()
    # Ctrl-C reaches the whole process group; the parent reports it and stops
    # this process, which would otherwise print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Imported here, in the forked child, before the document arrives: paying for
    # WeasyPrint while the parent assembles the document is what the worker is for,
    # and the parent never needs it (bidgen.writers.pdf imports it only to lay out).
    # WeasyPrint warns on import when fontconfig knows no fonts; the parent reports
    # missing fonts itself, in Chinese (bidgen.writers.fonts.check_fonts).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint  # noqa: F401

        from bidgen.writers.pdf import pdf_from_html
    while True:
        try:
            html = connection.recv()
        except EOFError:
            return  # the build stopped, or needs no more PDFs
        message: tuple[str, bytes | str]
        try:
            message = ("ok", pdf_from_html(html))
        except Exception:  # a bug in layout: hand the traceback to the parent
            message = ("error", traceback.format_exc())
        del html  # freed before the next one arrives, not after
        try:
            connection.send(message)
        except OSError:  # the parent is gone: nobody wants the PDF
            return


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux only);
    elsewhere the closed pipe is what stops the worker."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(0)
