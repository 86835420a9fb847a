"""How long `bidgen lint` takes on a long proposal, measured as a whole process.

Run: .venv/bin/python benchmarks/bench_lint.py
Writes text files of 50 000 characters and 5 MB (paragraphs from the promise corpus
between filler sentences, as in a real proposal) and one line of 1 MB without a
full stop, runs `python -m bidgen.cli lint` on each and prints wall time and peak
memory (maximum resident set size of the child process).
"""

from __future__ import annotations

import itertools
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.promise_corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent

FILLER = (
    "我公司高度重视本项目的售后服务工作，成立专门的服务团队，建立完善的服务管理制度，"
    "严格按照采购人的要求开展各项服务，确保系统安全稳定运行。"
)


def _paragraphs() -> list[str]:
    return [case.text for case in load_corpus() if case.text and "\n" not in case.text]


def proposal(size: int) -> str:
    """Corpus sentences and filler, one paragraph a line, up to ``size`` characters.

    Every paragraph is different (it names its own number, "第N段", which is never a
    promise), as in a real proposal: nothing is read twice from bidgen's memo of
    promise readings within one run.
    """
    parts: list[str] = []
    total = 0
    for number, sentence in enumerate(itertools.cycle(_paragraphs())):
        if number % 40 == 0:
            parts.append(f"第{number // 40 + 1}章 售后服务")
        parts.append(f"{sentence}{FILLER}（第{number + 1}段）")
        total += len(parts[-1]) + 1
        if total >= size:
            break
    return "\n".join(parts)[:size]


def one_line(size: int) -> str:
    """One line without a full stop: every sentence joined by commas."""
    text = "，".join(s.rstrip("。") for s in _paragraphs())
    return (text * (size // len(text) + 1))[:size]


def run(name: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposal.txt"
        path.write_text(text, "utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        command = [sys.executable, "-m", "bidgen.cli", "lint", str(path)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 1):
        raise SystemExit(f"{name}: lint failed ({done.returncode}): {done.stderr[-500:]}")
    memory = f"{max(peak, before) / 1024:.0f} MB peak RSS"
    print(f"{name:28} {len(text):>9} chars  {elapsed:7.2f} s  {memory}")


def main() -> int:
    run("50 000 characters", proposal(50_000))
    run("1 MB, one line", one_line(1_000_000))
    run("5 MB", proposal(5_000_000))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
