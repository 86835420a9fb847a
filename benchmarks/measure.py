"""Whole-process measurements for the benchmarks: wall time, CPU and memory of a process tree.

Every figure is of a whole process, as a user runs it: imports count. Two commands
compared are run in alternating pairs in one run (a, b, a, b, …), so that load from
other users of the machine falls on both alike; the ratio is the median of the
per-pair ratios. CPU is user + system time of the process and every descendant it
waited for (``wait4``); memory is the peak of the summed proportional set sizes
(PSS: shared pages split among the processes sharing them) of the process and all
its descendants, sampled from /proc (Linux), so a build's PDF worker counts too
and nothing is counted twice.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a user's shell: bytecode caches allowed, this checkout first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    memory: float  # MiB, peak of the summed RSS of the tree; 0 when not sampled


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return found


def _tree_rss(pid: int) -> int:
    """The memory of a process tree: the sum of each member's proportional set size
    (PSS: a page shared by n processes, a library or a page a fork still shares with
    its parent, counts 1/n in each), so nothing is counted twice; resident set size
    where the kernel gives no PSS."""
    total = 0
    for member in _descendants(pid):
        total += _pss(member)
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def run(
    cmd: Sequence[str],
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    memory: bool = False,
    ok: Sequence[int] = (0,),
) -> Run:
    """One whole process; memory sampled every 10 ms when asked (it costs a little CPU)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        cwd=cwd,
        env=dict(env) if env is not None else child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG if memory else 0)
        if pid:
            break
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 2**20)


@dataclass(frozen=True)
class Pair:
    a: list[Run]
    b: list[Run]

    def median(self, side: str, what: str = "wall") -> float:
        runs = self.a if side == "a" else self.b
        return statistics.median(getattr(r, what) for r in runs)

    def ratio(self, what: str = "wall") -> float:
        return statistics.median(
            getattr(x, what) / getattr(y, what) for x, y in zip(self.a, self.b, strict=True)
        )


def pairs(
    a: Sequence[str],
    b: Sequence[str],
    runs: int,
    env_a: Mapping[str, str] | None = None,
    env_b: Mapping[str, str] | None = None,
    before_a: object = None,
    ok: Sequence[int] = (0,),
) -> Pair:
    """``a`` and ``b`` alternately, after one warm-up of each (page cache, font caches).

    ``before_a``, if callable, runs before every ``a`` (to empty a cache, say).
    """
    run(a, env=env_a, ok=ok)
    run(b, env=env_b, ok=ok)
    first, second = [], []
    for _ in range(runs):
        if callable(before_a):
            before_a()
        first.append(run(a, env=env_a, ok=ok))
        second.append(run(b, env=env_b, ok=ok))
    return Pair(first, second)


def tool(name: str) -> str | None:
    """A reference tool on PATH, or None (the caller prints that it is skipped)."""
    return shutil.which(name)
