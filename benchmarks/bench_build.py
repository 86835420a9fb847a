"""Time whole `bidgen build` runs the way a user runs them, and compare.

Prints the median wall time and peak memory (max RSS) over several runs of:
DOCX+Markdown, DOCX only, PDF only and the full default build of the largest
sample, each in a fresh process (so imports count, as they do for a user);
plus, in the same run, pandoc turning our Markdown export into DOCX and
LibreOffice converting our DOCX to PDF when those tools are installed.

    python benchmarks/bench_build.py [--runs 5] [--sample samples/x.yaml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def largest_sample() -> Path:
    """The sample whose Markdown export is longest."""
    from bidgen.build import build_document
    from bidgen.writers.markdown import render_markdown

    samples = sorted((ROOT / "samples").glob("*.yaml"))
    return max(samples, key=lambda p: len(render_markdown(build_document(p).document)))


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def measure(label: str, cmd: list[str], cwd: Path, runs: int) -> None:
    run_once(cmd, cwd)  # warm the page cache and font caches
    results = [run_once(cmd, cwd) for _ in range(runs)]
    times = [t for t, _ in results]
    peak = max(m for _, m in results)
    print(
        f"{label:<34} median {statistics.median(times):6.3f} s  "
        f"min {min(times):6.3f} s  peak RSS {peak:6.1f} MiB  ({runs} runs)"
    )


def bidgen_cmd(sample: Path, out: Path, formats: str) -> list[str]:
    return [sys.executable, "-m", "bidgen.cli", "build", str(sample), "-o", str(out), "-q",
            "-f", formats]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sample", type=Path)
    args = parser.parse_args()
    sample = (args.sample or largest_sample()).resolve()
    print(f"sample: {sample.relative_to(ROOT)}  cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        measure("bidgen docx+md", bidgen_cmd(sample, out, "docx,md"), ROOT, args.runs)
        measure("bidgen docx", bidgen_cmd(sample, out, "docx"), ROOT, args.runs)
        measure("bidgen pdf", bidgen_cmd(sample, out, "pdf"), ROOT, args.runs)
        measure(
            "bidgen docx+md+pdf (default)", bidgen_cmd(sample, out, "docx,md,pdf"), ROOT, args.runs
        )
        compare_external(out, args.runs)


def compare_external(out: Path, runs: int) -> None:
    md = next(out.glob("*.md"))
    docx = next(out.glob("*.docx"))
    if shutil.which("pandoc"):
        target = out / "pandoc.docx"
        measure("pandoc md->docx", ["pandoc", str(md), "-o", str(target)], out, runs)
    else:
        print("pandoc: not installed (apt-get install pandoc to compare)")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = f"-env:UserInstallation=file://{out}/lo-profile"
        cmd = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir",
               str(out / "lo"), str(docx)]  # fmt: skip
        measure("libreoffice docx->pdf", cmd, out, runs)
    else:
        print("libreoffice: not installed (apt-get install libreoffice-writer-nogui)")


if __name__ == "__main__":
    main()
