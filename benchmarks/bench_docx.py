"""The DOCX writer against pandoc, both as whole processes, in alternating pairs.

``bidgen build -f docx`` (imports, profile, clauses, checks, DOCX, publish) and
pandoc turning bidgen's own Markdown export into DOCX run one after the other,
N pairs in one run; the medians and the median of the per-pair ratios are
printed. The in-process time of ``render_docx`` alone is printed apart, as what
it is: a part of the build, not comparable with another tool's whole process.

    python benchmarks/bench_docx.py [--runs 10] [--sample samples/x.yaml]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import ROOT, pairs, run, tool


def render_docx_in_process(sample: Path, runs: int) -> None:
    from bidgen.build import build_document
    from bidgen.writers.docx import render_docx

    document = build_document(sample).document
    render_docx(document)  # imports and the reference template, once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render_docx(document)
        times.append(time.perf_counter() - start)
    print(f"render_docx in this process (part of a build): median "
          f"{statistics.median(times) * 1000:.0f} ms ({runs} runs)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sample", type=Path, default=ROOT / "samples" / "it_ops.yaml")
    args = parser.parse_args(argv)
    sample = args.sample.resolve()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        ours = [sys.executable, "-m", "bidgen.cli", "build", str(sample), "-o", str(out), "-q"]
        for formats in ("docx", "docx,md"):
            pandoc = tool("pandoc")
            if pandoc is None:
                print("pandoc is not installed: the comparison is skipped")
                break
            run([*ours, "-f", "md"])
            markdown = next(out.glob("*.md"))
            reference = [pandoc, str(markdown), "-f", "markdown", "-o", str(out / "pandoc.docx")]
            pair = pairs([*ours, "-f", formats], reference, args.runs)
            print(f"bidgen build -f {formats:<8} median {pair.median('a'):.3f} s   "
                  f"pandoc md→docx median {pair.median('b'):.3f} s   "
                  f"ratio {pair.ratio():.2f}× ({args.runs} pairs)")  # fmt: skip
    render_docx_in_process(sample, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
