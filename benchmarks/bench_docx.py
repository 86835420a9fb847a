"""Time the DOCX writer on the largest sample, and pandoc on the same content.

Prints the median (and min) wall time of ``render_docx`` over N runs for the
document of the largest sample (built once with ``build_document``), the
first, cold call separately (template loading and imports), and, when pandoc
is installed, pandoc turning the Markdown export into DOCX in the same run.

    python benchmarks/bench_docx.py [--runs 20] [--sample samples/x.yaml]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def largest_sample() -> Path:
    """The sample whose Markdown export is longest."""
    from bidgen.build import build_document
    from bidgen.writers.markdown import render_markdown

    samples = sorted((ROOT / "samples").glob("*.yaml"))
    return max(samples, key=lambda p: len(render_markdown(build_document(p).document)))


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    print(
        f"{label:<38} median {statistics.median(times) * 1000:7.1f} ms  "
        f"min {min(times) * 1000:7.1f} ms  ({len(times)} runs)"
    )


def bench_pandoc(markdown: str, runs: int) -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("pandoc Markdown -> DOCX                 (pandoc is not installed: skipped)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "proposal.md"
        source.write_text(markdown, encoding="utf-8")
        cmd = [pandoc, str(source), "-f", "markdown", "-o", str(Path(tmp) / "proposal.docx")]
        subprocess.run(cmd, check=True)  # warm the page cache
        report(
            "pandoc Markdown -> DOCX (process)",
            timed(lambda: subprocess.run(cmd, check=True), runs),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sample", type=Path, default=None)
    args = parser.parse_args(argv)

    from bidgen.build import build_document
    from bidgen.writers.markdown import render_markdown

    sample = args.sample or largest_sample()
    document = build_document(sample).document
    markdown = render_markdown(document)
    print(f"sample: {sample.relative_to(ROOT) if sample.is_relative_to(ROOT) else sample}")
    print(f"sections: {sum(1 for _ in document.walk())}, Markdown: {len(markdown)} characters")

    start = time.perf_counter()
    from bidgen.writers.docx import render_docx

    data = render_docx(document)
    print(f"{'render_docx, first call (cold)':<38} {(time.perf_counter() - start) * 1000:7.1f} ms  "
          f"({len(data) / 1024:.0f} KiB)")  # fmt: skip
    report("render_docx", timed(lambda: render_docx(document), args.runs))
    bench_pandoc(markdown, max(args.runs // 4, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
