"""The speed table of issue 16, measured as whole processes in alternating pairs.

    python benchmarks/run_all.py [--runs 5] [--quick] [--only check,docx,…]

Every row runs the two commands it compares alternately in this one run and prints
medians and the median of the per-pair ratios. Reference tools that are not
installed (pandoc, LibreOffice) are skipped with a note; WeasyPrint's own CLI comes
with bidgen's dependencies. ``--quick`` leaves out the 5 MB lint and the 50× profile.

bidgen keeps results between commands in its cache folder (the library index,
parsed YAML, drawings, and the memos of promise readings, checks and builds: see
docs/architecture.md). Rows say which state they measure: *unchanged* (the same
inputs as the run before, every cache warm), *after an edit* (one value of the
profile changed before every run: its check or build is made again, the caches
of everything else stay warm) or *empty cache* (the cache folder emptied before
every run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_lint import proposal
from benchmarks.measure import ROOT, Pair, child_env, pairs, run, tool

PY = sys.executable
SAMPLE = ROOT / "samples" / "it_ops.yaml"
ROWS: list[tuple[str, str, str, str, str]] = []


def bidgen(*args: str) -> list[str]:
    return [PY, "-m", "bidgen.cli", *args]


def row(what: str, now: str, reference: str, ratio: str, target: str) -> None:
    ROWS.append((what, now, reference, ratio, target))
    print(f"  {what}: {now} | {reference} | {ratio} | {target}", flush=True)


def seconds(pair: Pair, side: str, what: str = "wall") -> str:
    unit = " cpu" if what == "cpu" else ""
    return f"{pair.median(side, what):.2f} s{unit}"


def startup(runs: int) -> None:
    bare = [PY, "-c", "pass"]
    for name, args in (("bidgen --help", ["--help"]), ("bidgen rules", ["rules"])):
        pair = pairs(bidgen(*args), bare, runs)
        row(name, seconds(pair, "a"), f"python -c pass {seconds(pair, 'b')}",
            f"{pair.ratio():.1f}×", "near bare Python")  # fmt: skip


def edited_copy(tmp: Path) -> tuple[Path, Callable[[], None]]:
    """A copy of the sample and a step that changes one value in it (a phone number in
    the staff list, as a writer's small edit) before each run."""
    path = tmp / "edited" / SAMPLE.name
    path.parent.mkdir(exist_ok=True)
    text = SAMPLE.read_text("utf-8")
    count = iter(range(10**6))

    def edit() -> None:
        path.write_text(text.replace("138-5710-2236", f"138-5710-{next(count):04d}"), "utf-8")

    edit()
    return path, edit


def emptied(folder: Path) -> Callable[[], None]:
    def empty() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    return empty


def check(runs: int, tmp: Path) -> None:
    bare = [PY, "-c", "pass"]
    warm = pairs(bidgen("check", str(SAMPLE)), bare, runs)
    row("`bidgen check`, unchanged profile", seconds(warm, "a", "cpu"), "—", "—", "≤ 0.30 s cpu")
    edited, edit = edited_copy(tmp)
    after = pairs(bidgen("check", str(edited)), bare, runs, before_a=edit)
    row("`bidgen check` after an edit", seconds(after, "a", "cpu"), "—", "—", "—")
    cold_dir = tmp / "cold-cache"
    cold = pairs(bidgen("check", str(SAMPLE)), bare, runs,
                 env_a=child_env({"BIDGEN_CACHE_DIR": str(cold_dir)}),
                 before_a=emptied(cold_dir))  # fmt: skip
    row("`bidgen check`, empty cache", seconds(cold, "a", "cpu"), "—", "—", "—")


def docx_md(runs: int, tmp: Path) -> None:
    out = tmp / "docx"
    edited, edit = edited_copy(tmp)
    builds = {
        "unchanged profile": (bidgen("build", str(SAMPLE), "-o", str(out), "-q", "-f", "docx,md"), None),
        "after an edit": (bidgen("build", str(edited), "-o", str(out), "-q", "-f", "docx,md"), edit),
    }  # fmt: skip
    pandoc = tool("pandoc")
    if pandoc is None:
        print("  (pandoc is not installed: the DOCX comparison is skipped)")
        for state, (command, before) in builds.items():
            only = pairs(command, [PY, "-c", "pass"], runs, before_a=before)
            row(f"`build -f docx,md`, {state}", seconds(only, "a"), "pandoc: not installed", "—",
                "≤ 2×")  # fmt: skip
        return
    run(builds["unchanged profile"][0])
    markdown = next(out.glob("*.md"))
    reference = [pandoc, str(markdown), "-f", "markdown", "-o", str(tmp / "pandoc.docx")]
    for state, (command, before) in builds.items():
        pair = pairs(command, reference, runs, before_a=before)
        row(f"`build -f docx,md`, {state}", seconds(pair, "a"),
            f"pandoc md→docx {seconds(pair, 'b')}", f"{pair.ratio():.2f}×", "≤ 2×")  # fmt: skip


def pdf(runs: int, tmp: Path) -> None:
    out = tmp / "pdf"
    run(bidgen("build", str(SAMPLE), "-o", str(out), "-q", "-f", "html"))
    html = next(out.glob("*.html"))
    weasyprint = Path(PY).with_name("weasyprint")
    reference = [str(weasyprint), str(html), str(tmp / "weasy.pdf")]
    ours = bidgen("build", str(SAMPLE), "-o", str(out), "-q", "-f", "pdf")
    pair = pairs(ours, reference, runs)
    row("`build -f pdf`", seconds(pair, "a"), f"WeasyPrint CLI on our HTML {seconds(pair, 'b')}",
        f"{pair.ratio():.2f}×", "≤ 1.0×")  # fmt: skip


def full(runs: int, tmp: Path) -> None:
    out = tmp / "full"
    ours = bidgen("build", str(SAMPLE), "-o", str(out), "-q")
    soffice = tool("soffice")
    if soffice is None:
        print("  (LibreOffice is not installed: the full-build comparison is skipped)")
        only = pairs(ours, [PY, "-c", "pass"], runs)
        row("full build (docx, md, pdf)", seconds(only, "a"), "LibreOffice: not installed", "—",
            "≤ 1.2×")  # fmt: skip
        return
    run(ours)
    docx = next(out.glob("*.docx"))
    profile_dir = tmp / "lo-profile"
    reference = [soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx)]  # fmt: skip
    pair = pairs(ours, reference, runs)
    row("full build (docx, md, pdf)", seconds(pair, "a"),
        f"LibreOffice docx→pdf {seconds(pair, 'b')}", f"{pair.ratio():.2f}×", "≤ 1.2×")  # fmt: skip
    memory = run(ours, memory=True)
    row("full build, memory of all processes", f"{memory.memory:.0f} MiB", "—", "—", "—")


def lint(runs: int, tmp: Path, quick: bool) -> None:
    small = tmp / "lint-50k.txt"
    small.write_text(proposal(50_000), "utf-8")
    cmd = bidgen("lint", str(small))
    bare = [PY, "-c", "pass"]
    pair = pairs(cmd, bare, runs, ok=(0, 1))
    row("`lint` 50 000 chars, unchanged file", seconds(pair, "a", "cpu"), "—", "—", "≤ 0.20 s")
    cold_dir = tmp / "lint-cache"
    cold_env = child_env({"BIDGEN_CACHE_DIR": str(cold_dir)})
    cold = pairs(cmd, bare, runs, env_a=cold_env, before_a=emptied(cold_dir), ok=(0, 1))
    row("`lint` 50 000 chars, empty cache", seconds(cold, "a", "cpu"), "—", "—", "—")
    if quick:
        return
    # Every paragraph of the 5 MB text differs (see bench_lint.proposal) and the cache
    # is empty: this is the reader's own work, which must grow linearly.
    large = tmp / "lint-5m.txt"
    large.write_text(proposal(5_000_000), "utf-8")
    emptied(cold_dir)()
    big = run(bidgen("lint", str(large)), env=cold_env, memory=True, ok=(0, 1))
    emptied(cold_dir)()
    base = run(cmd, env=cold_env, ok=(0, 1)).cpu
    start = run([PY, "-c", "import bidgen.lint"]).cpu
    per_char = (big.cpu - start) / (base - start) / 100
    row("`lint` 5 MB, empty cache", f"{big.cpu:.1f} s cpu, {big.memory:.0f} MiB",
        "100× the 50 000-char work", f"{per_char:.2f}× per char", "linear (≈ 1×)")  # fmt: skip


def copies(tmp: Path, count: int) -> list[str]:
    text = SAMPLE.read_text("utf-8")
    paths = []
    for number in range(count):
        path = tmp / "copies" / f"p{number}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + f"output_name: 副本{number}\n", "utf-8")
        paths.append(str(path))
    return paths


def batch(runs: int, tmp: Path) -> None:
    profiles = copies(tmp, 4)
    one = bidgen("build", profiles[0], "-o", str(tmp / "b1"), "-q")
    four = bidgen("build", *profiles, "-o", str(tmp / "b4"), "-q")
    pair = pairs(four, one, runs)
    marginal = (pair.ratio() - 1) / 3
    row("four profiles (one `build` call)", seconds(pair, "a"), f"one build {seconds(pair, 'b')}",
        f"{pair.ratio():.2f}×", "≤ 2.0×")  # fmt: skip
    row("each additional profile", f"{marginal:.2f} of a build", "—", "—", "well under 0.5")


def big_lists(tmp: Path) -> None:
    """A profile with 10× and 50× the sample's lists: time should grow linearly."""
    import yaml

    data = yaml.safe_load(SAMPLE.read_text("utf-8"))
    results = {}
    for factor in (10, 50):
        scaled = dict(data)
        for key in ("staff", "equipment", "responsibility"):
            items = data.get(key) or []
            scaled[key] = [_renamed(item, n) for n in range(factor) for item in items]
        scaled["output_name"] = f"大清单{factor}"
        path = tmp / f"lists-{factor}.yaml"
        path.write_text(yaml.safe_dump(scaled, allow_unicode=True, sort_keys=False), "utf-8")
        cmd = bidgen("build", str(path), "-o", str(tmp / "lists"), "-q", "--allow-errors")
        results[factor] = run(cmd, memory=True, ok=(0, 1))
    growth = results[50].wall / results[10].wall
    row("profile with 50× lists, full build", f"{results[50].wall:.1f} s, "
        f"{results[50].memory:.0f} MiB all processes", f"10× lists {results[10].wall:.1f} s",
        f"{growth:.1f}× for 5× the lists", "linear, < 600 MiB")  # fmt: skip


def _renamed(item: object, number: int) -> object:
    if not (number and isinstance(item, dict)):
        return item
    key = "name" if isinstance(item.get("name"), str) else "activity"
    if not isinstance(item.get(key), str):
        return item
    return {**item, key: f"{item[key]}（{number}）"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", help="comma-separated: startup,check,docx,pdf,full,lint,batch,lists"
    )
    args = parser.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"sample: {SAMPLE.relative_to(ROOT)}  cores: {os.cpu_count()}  load: {load:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        steps: dict[str, Callable[[], None]] = {
            "startup": lambda: startup(args.runs),
            "check": lambda: check(args.runs, tmp),
            "docx": lambda: docx_md(args.runs, tmp),
            "pdf": lambda: pdf(args.runs, tmp),
            "full": lambda: full(args.runs, tmp),
            "lint": lambda: lint(args.runs, tmp, args.quick),
            "batch": lambda: batch(max(args.runs // 2, 2), tmp),
            "lists": lambda: None if args.quick else big_lists(tmp),
        }
        wanted = args.only.split(",") if args.only else list(steps)
        for name in wanted:
            steps[name]()
    print()
    print("| what | now | reference | ratio now | target |")
    print("|---|---|---|---|---|")
    for cells in ROWS:
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
