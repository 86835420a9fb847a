"""The contract every generated input is held to, and how a case is run.

A run of the real CLI entry point, whatever the input:

* exits 0, 1 or 2 and nothing else, with no Python traceback in what it prints;
* on exit 2 prints Chinese lines, each naming an input file (with line and
  column where the problem has one);
* leaves the output folder whole: no temporary or journal file behind, and on
  any failure the old outputs exactly as they were;
* finishes well within :data:`SECONDS` (a hang is a defect, not a slow case).

Two modes: the bounded one runs in every test run (CI included, a few dozen
cases a target, derandomised so that it cannot flake), and ``long`` (selected
by ``pytest -m fuzz`` or ``BIDGEN_FUZZ=long``) runs thousands of random cases.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings

from bidgen.cli.main import main

LONG = os.environ.get("BIDGEN_FUZZ", "") == "long"
SECONDS = 30.0  # one case, on a busy two-core machine
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LOCATED = re.compile(
    r"^(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+):(?P<column>\d+))?(?:（[^）]*）)?: \S"
)
LEFTOVERS = re.compile(r"bidgen-(?:tmp|old|publish|undo)")


def examples(bounded: int, long: int) -> settings:
    """Hypothesis settings for one target: ``bounded`` cases normally, ``long`` in long mode."""
    return settings(
        max_examples=long if LONG else bounded,
        deadline=None,
        derandomize=not LONG,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def run_cli(*args: str) -> Outcome:
    """The real entry point, in-process, with what it prints captured."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    code: object = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code
    seconds = time.perf_counter() - start
    log = os.environ.get("BIDGEN_FUZZ_LOG")
    if log:  # one line a case, to count a long run while it runs
        with open(log, "a", encoding="utf-8") as stream:
            target = os.environ.get("PYTEST_CURRENT_TEST", "?").split(" ")[0]
            stream.write(f"{target}\t{code}\t{seconds:.3f}\n")
    return Outcome(code if isinstance(code, int) else -1, out.getvalue(), err.getvalue(), seconds)


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A fresh temporary folder as the working directory, for one case."""
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="bidgen-fuzz-") as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def assert_contract(
    result: Outcome,
    inputs: Callable[[str], bool],
    out_dir: Path | None = None,
    before: dict[str, bytes] | None = None,
) -> None:
    """Check one run against the contract; ``inputs`` says whether a name is an input file."""
    shown = f"exit {result.code}\nstdout:\n{result.out[-2000:]}\nstderr:\n{result.err[-2000:]}"
    assert result.code in (0, 1, 2), shown
    assert "Traceback" not in result.out + result.err, shown
    assert result.seconds < SECONDS, f"{result.seconds:.1f} s\n{shown}"
    if result.code == 2:
        lines = result.err.splitlines()
        assert lines, shown
        for line in lines:
            match = _LOCATED.match(line)
            assert match and inputs(match["file"]), f"no input file named: {line!r}\n{shown}"
            assert _CJK.search(line), f"not Chinese: {line!r}"
    if out_dir is not None:
        after = snapshot(out_dir)
        assert not [n for n in after if LEFTOVERS.search(n)], f"left behind: {sorted(after)}"
        if result.code != 0 and before is not None:
            assert after == before, f"outputs changed by a failed run: {sorted(after)}\n{shown}"
