"""Time the clause library load with an empty and with a warm library index.

Each run is a whole process, as a user's is (imports count). Cold and warm runs
alternate in pairs, so drift on a shared machine hits both alike:

* cold: a fresh, empty ``$BIDGEN_CACHE_DIR`` — everything parsed and compiled;
* warm: a cache folder filled by one earlier run — the index is used.

    python benchmarks/bench_library.py [--runs 9] [--check samples/it_ops.yaml]

Without ``--check`` each process runs ``load_library()``; with it, the whole
``bidgen check PROFILE``. Prints both medians and the warm/cold ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = "from bidgen.library.clauses import load_library; load_library()"
CLI = "import sys; from bidgen.cli.main import main; sys.argv[0] = 'bidgen'; main()"


def command(check: Path | None) -> list[str]:
    if check is None:
        return [sys.executable, "-c", LOAD]
    return [sys.executable, "-c", CLI, "check", str(check)]


def run_once(cmd: list[str], cache: Path) -> float:
    env = dict(os.environ, BIDGEN_CACHE_DIR=str(cache))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    # 1 is a full run whose sample has findings; a traceback is not.
    if done.returncode not in (0, 1) or b"Traceback" in done.stderr:
        raise SystemExit(f"failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return elapsed


def measure(runs: int, check: Path | None) -> tuple[list[float], list[float]]:
    cmd = command(check)
    cold: list[float] = []
    warm: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        warm_cache = Path(tmp) / "warm"
        run_once(cmd, warm_cache)  # fill the warm cache
        for number in range(runs):
            cold.append(run_once(cmd, Path(tmp) / f"cold-{number}"))
            warm.append(run_once(cmd, warm_cache))
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--check", type=Path, help="time `bidgen check PROFILE` instead")
    args = parser.parse_args()
    cold, warm = measure(args.runs, args.check)
    what = f"bidgen check {args.check}" if args.check else "load_library()"
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    print(f"{what}, {args.runs} alternating pairs, whole processes")
    print(f"cold cache: median {cold_median * 1000:7.0f} ms  (min {min(cold) * 1000:.0f})")
    print(f"warm cache: median {warm_median * 1000:7.0f} ms  (min {min(warm) * 1000:.0f})")
    print(f"warm/cold:  {warm_median / cold_median:.2f}")


if __name__ == "__main__":
    main()
