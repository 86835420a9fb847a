"""Publishing is all or nothing, even when a build is killed (issue 15).

Unit tests drive :mod:`bidgen.publish` directly (failures, a crash between
renames, recovery, the stale-file sweep); the kill tests run the real CLI in a
subprocess, SIGKILL it during assemble, render and write, and then check that
no process of that build survives, that the next run leaves no temporary, and
that the outputs are all from one build, byte for byte.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen import publish as pub
from bidgen.core.errors import BidgenError
from tests.conftest import ROOT, SAMPLES

ON_LINUX = Path("/proc/self/stat").exists()
needs_proc = pytest.mark.skipif(not ON_LINUX, reason="finds processes through /proc")
STEM = "BHCG-2026-0417-售后服务方案"
ALL = ("md", "docx", "html", "pdf")  # the order the build hands files to publish


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _old_set(folder: Path) -> dict[Path, bytes]:
    files = {
        folder / "a.md": b"old md",
        folder / "b.docx": b"old docx",
        folder / "c.pdf": b"old pdf",
    }
    pub.publish(files)
    return files


def _new_set(folder: Path) -> dict[Path, bytes]:
    return {
        folder / "a.md": b"new md",
        folder / "b.docx": b"new docx",
        folder / "c.pdf": b"new pdf",
    }


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- publish, in this process ------------------------------------------------


def test_publish_writes_the_set_and_nothing_else(tmp_path: Path):
    files = _old_set(tmp_path / "out")
    assert _listing(tmp_path / "out") == {p.name: data for p, data in files.items()}
    pub.publish(_new_set(tmp_path / "out"))
    assert _listing(tmp_path / "out") == {
        "a.md": b"new md",
        "b.docx": b"new docx",
        "c.pdf": b"new pdf",
    }
    assert sorted(os.listdir(tmp_path / "out")) == ["a.md", "b.docx", "c.pdf"]


def test_directory_in_the_way_of_the_second_file_replaces_nothing(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_bytes(b"old md")
    (out / "b.docx").mkdir()
    (out / "c.pdf").write_bytes(b"old pdf")
    with pytest.raises(BidgenError) as failure:
        pub.publish(_new_set(out))
    assert failure.value.lines() == [f"{out / 'b.docx'}: 无法写入输出文件：这是一个目录"]
    assert _listing(out) == {"a.md": b"old md", "c.pdf": b"old pdf"}
    assert sorted(os.listdir(out)) == ["a.md", "b.docx", "c.pdf"]


def test_cli_names_the_docx_when_a_directory_is_in_its_way(tmp_path: Path, run_cli, monkeypatch):
    # The case: Markdown is written first, the DOCX second.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text((SAMPLES / "it_ops.yaml").read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.md").write_bytes(b"previous markdown")
    (out / f"{STEM}.docx").mkdir()
    result = run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "md,docx")
    assert result.code == 2
    assert result.err == f"out/{STEM}.docx: 无法写入输出文件：这是一个目录\n"
    assert _listing(out) == {f"{STEM}.md": b"previous markdown"}
    assert len(os.listdir(out)) == 2


def test_read_only_folder_on_the_second_file_replaces_nothing(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    _old_set(out)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if ".b.docx.bidgen-tmp-" in str(path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(BidgenError) as failure:
        pub.publish(_new_set(out))
    assert failure.value.lines() == [f"{out / 'b.docx'}: 无法写入输出文件：文件系统为只读"]
    monkeypatch.undo()
    assert _listing(out) == {"a.md": b"old md", "b.docx": b"old docx", "c.pdf": b"old pdf"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_for_real(tmp_path: Path):
    out = tmp_path / "out"
    _old_set(out)
    out.chmod(0o555)
    try:
        with pytest.raises(BidgenError) as failure:
            pub.publish(_new_set(out))
    finally:
        out.chmod(0o755)
    assert failure.value.lines() == [f"{out / 'a.md'}: 无法写入输出文件：没有访问权限"]
    assert _listing(out) == {"a.md": b"old md", "b.docx": b"old docx", "c.pdf": b"old pdf"}


def test_a_rename_refused_mid_swap_restores_the_old_set(tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    _old_set(out)
    new = {**_new_set(out), out / "d.html": b"new html"}  # no predecessor: removed again
    real_replace = os.replace
    renames: list[str] = []

    def busy_third(source, target):
        if ".bidgen-tmp-" in str(source):
            renames.append(Path(target).name)
            if len(renames) == 3:
                raise OSError(
                    errno.EBUSY, "Device or resource busy", str(source), None, str(target)
                )
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", busy_third)
    with pytest.raises(BidgenError) as failure:
        pub.publish(new)
    monkeypatch.undo()
    assert renames == ["a.md", "b.docx", "c.pdf"]  # two were replaced before the refusal
    assert failure.value.lines()[0].startswith(f"{out / 'c.pdf'}: 无法写入输出文件：")
    assert _listing(out) == {"a.md": b"old md", "b.docx": b"old docx", "c.pdf": b"old pdf"}


def _committed(folder: Path) -> tuple[Path, list[pub.Entry]]:
    """Stage, back up and commit the new set, the way publish does, without swapping."""
    entries = [pub.Entry(t, pub._stage(t, data)) for t, data in _new_set(folder).items()]
    entries = [pub._keep_backup(entry) for entry in entries]
    return pub._write_journal(entries), entries


@pytest.mark.parametrize("renamed", [0, 1, 2, 3])
def test_a_crash_after_the_commit_is_rolled_forward(tmp_path: Path, renamed: int):
    out = tmp_path / "out"
    _old_set(out)
    journal, entries = _committed(out)
    for entry in entries[:renamed]:
        pub._redo(entry)  # ... and then the process dies
    assert journal.name == ".a.bidgen-publish" and journal.exists()
    on_disk = _listing(out)
    assert sum(on_disk[name].startswith(b"new") for name in ("a.md", "b.docx", "c.pdf")) == renamed

    pub.recover(out)
    assert _listing(out) == {"a.md": b"new md", "b.docx": b"new docx", "c.pdf": b"new pdf"}
    assert sorted(os.listdir(out)) == ["a.md", "b.docx", "c.pdf"]


def test_a_crash_before_the_commit_keeps_the_old_set(tmp_path: Path):
    out = tmp_path / "out"
    _old_set(out)
    for target, data in _new_set(out).items():
        pub._keep_backup(pub.Entry(target, pub._stage(target, data)))
    assert len(os.listdir(out)) == 9  # three files, three temporaries, three backups
    pub.recover(out)
    assert _listing(out) == {"a.md": b"old md", "b.docx": b"old docx", "c.pdf": b"old pdf"}
    assert len(os.listdir(out)) == 3


@pytest.mark.parametrize("undone", [0, 1, 2])
def test_an_interrupted_roll_back_is_finished(tmp_path: Path, undone: int):
    out = tmp_path / "out"
    _old_set(out)
    journal, entries = _committed(out)
    pub._redo(entries[0])
    pub._redo(entries[1])
    undo = journal.with_name(".a.bidgen-undo")
    os.replace(journal, undo)
    for entry in entries[:undone]:
        pub._undo(entry)  # ... and then the process dies
    pub.recover(out)
    assert _listing(out) == {"a.md": b"old md", "b.docx": b"old docx", "c.pdf": b"old pdf"}
    assert len(os.listdir(out)) == 3


def test_sweep_removes_only_stale_bidgen_files(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    dead, live = _dead_pid(), os.getppid()  # the parent started before anything here
    stale = [f".a.docx.bidgen-tmp-{dead}", f".a.docx.bidgen-old-{dead}", f".x.bidgen-tmp-{live}"]
    kept = [
        f".b.docx.bidgen-tmp-{live}",  # a live bidgen's, written after it started
        ".a.docx.tmp",
        "a.docx.bidgen-tmp-1",
        f".a.docx.bidgen-tmp-{dead}.keep",
        "notes.txt",
    ]
    for name in stale + kept:
        (out / name).write_bytes(b"x")
    os.utime(out / stale[2], (1e9, 1e9))  # 2001: before its pid's process started, so reused
    (out / f".dir.bidgen-tmp-{dead}").mkdir()
    (out / f".link.bidgen-tmp-{dead}").symlink_to(out / "notes.txt")
    pub.recover(out)
    assert set(os.listdir(out)) == {*kept, f".dir.bidgen-tmp-{dead}", f".link.bidgen-tmp-{dead}"}


def test_a_live_publisher_of_the_same_stem_is_not_disturbed(tmp_path: Path):
    out = tmp_path / "out"
    _old_set(out)
    journal = out / ".a.bidgen-publish"
    # A live process's journal (the test runner's parent, started before it).
    record = f'{{"format": "bidgen-publish 1", "pid": {os.getppid()}, "entries": []}}'
    journal.write_text(record, "utf-8")
    with pytest.raises(BidgenError) as failure:
        pub.publish(_new_set(out))
    assert "另一个 bidgen 进程正在写入同名的输出文件" in str(failure.value)
    assert journal.read_text("utf-8") == record
    assert _listing(out) == {
        "a.md": b"old md",
        "b.docx": b"old docx",
        "c.pdf": b"old pdf",
        ".a.bidgen-publish": record.encode(),
    }


def test_a_journal_naming_foreign_files_is_left_alone(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_bytes(b"precious")
    (out / "a.md").write_bytes(b"md")
    journal = out / ".a.bidgen-publish"
    rows = '[["a.md", "mine.txt", null]]'
    journal.write_text(f'{{"format": "bidgen-publish 1", "pid": {_dead_pid()}, "entries": {rows}}}')
    pub.recover(out)
    assert _listing(out) == {
        "mine.txt": b"precious",
        "a.md": b"md",
        journal.name: journal.read_bytes(),
    }


def test_other_formats_of_an_older_build_stay_after_a_partial_build(
    tmp_path: Path, run_cli, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.yaml").write_text((SAMPLES / "it_ops.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / f"{STEM}.pdf").write_bytes(b"%PDF of an older build")
    assert run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "docx,md").code == 0
    assert (tmp_path / "out" / f"{STEM}.pdf").read_bytes() == b"%PDF of an older build"
    assert sorted(os.listdir(tmp_path / "out")) == sorted(
        [f"{STEM}.pdf", f"{STEM}.docx", f"{STEM}.md", "figures"]  # figures/: the Markdown's
    )


def test_a_pdf_that_cannot_be_made_removes_the_older_pdf(tmp_path: Path):
    config = tmp_path / "fonts.conf"
    config.write_text("<fontconfig></fontconfig>\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{STEM}.pdf").write_bytes(b"%PDF of an older build")
    cmd = [
        sys.executable,
        "-m",
        "bidgen.cli",
        "build",
        str(SAMPLES / "it_ops.yaml"),
        "-o",
        str(out),
    ]
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "fonts-noto-cjk" in result.stderr
    assert f"{out / STEM}.pdf: 已删除上一次生成的旧文件（与本次生成的文件版本不一致）" in lines
    assert sorted(p.suffix for p in out.iterdir() if p.is_file()) == [".docx", ".md"]


# -- the PDF worker never outlives the CLI -------------------------------------


def _state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    return _state(pid) not in (None, "Z", "X")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _mentioning(text: str) -> list[int]:
    """Live processes whose command line mentions ``text`` (a fork keeps its parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in cmdline and _alive(int(entry.name)):
                found.append(int(entry.name))
    return found


def _survivors(pids: list[int], text: str, wait: float = 5.0) -> list[int]:
    """The processes still alive after ``wait`` seconds; any found are killed."""
    deadline = time.monotonic() + wait
    while True:
        left = sorted({*(p for p in pids if _alive(p)), *_mentioning(text)})
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def _wait_for_child(process: subprocess.Popen[bytes], timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while not (kids := _children(process.pid)):
        assert process.poll() is None and time.monotonic() < deadline, "no PDF worker started"
        time.sleep(0.02)
    return kids


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bidgen.cli", "build", *args]


@needs_proc
def test_the_pdf_worker_dies_when_the_cli_is_killed(tmp_path: Path):
    out = tmp_path / "out"
    cmd = _cli(str(SAMPLES / "it_ops.yaml"), "-o", str(out), "-q")
    process = subprocess.Popen(cmd, cwd=ROOT)
    workers = _wait_for_child(process)
    time.sleep(0.6)  # the worker imports WeasyPrint, the CLI assembles the document
    assert all(_alive(pid) for pid in workers)
    process.kill()
    process.wait()
    assert _survivors(workers, str(out)) == []


@needs_proc
def test_the_pdf_worker_stops_at_the_closed_pipe_without_the_death_signal(tmp_path: Path):
    # With PR_SET_PDEATHSIG switched off, only EOF on the pipe can stop it.
    script = (
        "import sys, time\n"
        "from bidgen.writers import pdf_worker\n"
        "pdf_worker._die_with_parent = lambda parent_pid: None\n"
        "worker = pdf_worker.PdfWorker()\n"
        "print(worker.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    marker = str(tmp_path / "pipe-test")
    process = subprocess.Popen(
        [sys.executable, "-c", script, marker], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    worker = int(process.stdout.readline())
    time.sleep(0.5)
    assert _alive(worker) and _state(worker) != "Z"
    process.kill()
    process.wait()
    assert _survivors([worker], marker) == []


# -- kill tests: the real CLI, SIGKILL, then the next run ------------------------


def _variant(folder: Path, name: str, project: str) -> Path:
    text = (SAMPLES / "it_ops.yaml").read_text("utf-8")
    original = "临江市滨湖区政务信息系统运维服务项目"
    assert original in text
    path = folder / f"{name}.yaml"
    path.write_text(text.replace(original, project), "utf-8")
    return path


class Versions:
    """Two profiles that differ visibly, and the bytes a clean build of each gives."""

    def __init__(self, folder: Path, formats: str) -> None:
        self.formats = formats
        self.profiles = {
            "A": _variant(folder, "a", "临江市滨湖区政务信息系统运维服务项目（第一版）"),
            "B": _variant(folder, "b", "临江市滨湖区政务信息系统运维服务项目（第二版）"),
        }
        self.outputs: dict[str, dict[str, bytes]] = {}
        self.seconds: dict[str, float] = {}
        for version, profile in self.profiles.items():
            out = folder / f"clean-{version}"
            start = time.monotonic()
            subprocess.run(self.command(profile, out), cwd=ROOT, check=True, timeout=180)
            self.seconds[version] = time.monotonic() - start
            self.outputs[version] = _listing(out)
        assert self.outputs["A"].keys() == self.outputs["B"].keys()
        assert all(self.outputs["A"][n] != self.outputs["B"][n] for n in self.outputs["A"])

    def command(self, profile: Path, out: Path) -> list[str]:
        return _cli(str(profile), "-o", str(out), "-q", "-f", self.formats)

    def seed(self, out: Path) -> None:
        """Give ``out`` the complete set of version A, as an earlier build would."""
        out.mkdir()
        for name, data in self.outputs["A"].items():
            (out / name).write_bytes(data)

    def which(self, out: Path) -> str | None:
        """The version ``out`` holds completely (and nothing else), else None."""
        found = _listing(out)
        hidden = [name for name in os.listdir(out) if name.startswith(".")]
        matches = [v for v, files in self.outputs.items() if files == found]
        return matches[0] if matches and not hidden else None


@pytest.fixture(scope="module")
def light(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return Versions(tmp_path_factory.mktemp("light"), "md,docx,html")


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    return Versions(tmp_path_factory.mktemp("full"), "md,docx,pdf")


def _next_run(out: Path) -> None:
    """A later build into the folder that stops early (its profile is missing):
    recovery happens first, whatever the build does next."""
    cmd = _cli(str(out.parent / "missing.yaml"), "-o", str(out), "-f", "md")
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "missing.yaml" in result.stderr, result.stderr


def _kill_paused(versions: Versions, out: Path, point: str) -> dict[str, bytes]:
    """Build version B into ``out`` (holding A), kill it at the test pause ``point``;
    returns what was on disk at the kill."""
    versions.seed(out)
    env = {**os.environ, "BIDGEN_TEST_PAUSE_BEFORE": point, "BIDGEN_TEST_PAUSE_SECONDS": "60"}
    process = subprocess.Popen(versions.command(versions.profiles["B"], out), cwd=ROOT, env=env)
    try:
        _wait_until(lambda: _paused_at(out, point), process)
        at_kill = _listing(out)
        kids = _children(process.pid)
    finally:
        process.kill()
        process.wait()
    assert _survivors(kids, str(out)) == []
    return at_kill


def _paused_at(out: Path, point: str) -> bool:
    names = os.listdir(out)
    temps = [name for name in names if ".bidgen-tmp-" in name]
    journal = any(name.endswith(".bidgen-publish") for name in names)
    if point == "publish-journal":
        return len(temps) == 3 and not journal
    renamed = int(point.rsplit("-", 1)[1]) - 1
    return journal and len(temps) == 3 - renamed


def _wait_until(
    ready: Callable[[], bool], process: subprocess.Popen[bytes], timeout: float = 120.0
) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, "the build ended before its pause"
        assert time.monotonic() < deadline, "the build never reached its pause"
        time.sleep(0.02)


@needs_proc
@pytest.mark.parametrize(
    ("point", "expected"),
    [("publish-journal", "A"), ("publish-rename-2", "B")],
)
def test_killed_while_publishing_gives_one_whole_set(
    light: Versions, tmp_path: Path, point: str, expected: str
):
    out = tmp_path / "out"
    at_kill = _kill_paused(light, out, point)
    if point == "publish-rename-2":  # one file was already replaced: mixed until recovery
        assert at_kill[f"{STEM}.md"] == light.outputs["B"][f"{STEM}.md"]
        assert at_kill[f"{STEM}.docx"] == light.outputs["A"][f"{STEM}.docx"]
    _next_run(out)
    assert light.which(out) == expected


@needs_proc
@pytest.mark.slow
@pytest.mark.parametrize("point", ["publish-rename-1", "publish-rename-3"])
def test_killed_with_docx_and_md_swapped_but_not_the_pdf(
    full: Versions, tmp_path: Path, point: str
):
    # The mixed set of the issue: new DOCX and Markdown beside the old PDF.
    out = tmp_path / "out"
    at_kill = _kill_paused(full, out, point)
    if point == "publish-rename-3":
        assert at_kill[f"{STEM}.docx"] == full.outputs["B"][f"{STEM}.docx"]
        assert at_kill[f"{STEM}.pdf"] == full.outputs["A"][f"{STEM}.pdf"]
    _next_run(out)
    assert full.which(out) == "B"


@needs_proc
@pytest.mark.slow
def test_killed_at_random_moments_never_leaves_a_mixed_set(full: Versions, tmp_path: Path):
    # Twenty kills spread over one build (assemble, checks, layout, PDF worker, write),
    # a few past its end; the seed is shown so that a failure can be replayed.
    seed = int(os.environ.get("BIDGEN_KILL_SEED", "15"))
    rng = random.Random(seed)
    build_time = full.seconds["B"]
    delays = sorted(build_time * rng.uniform(0.02, 1.05) for _ in range(20))
    outcomes = []
    for number, delay in enumerate(delays):
        out = tmp_path / f"out{number}"
        full.seed(out)
        process = subprocess.Popen(full.command(full.profiles["B"], out), cwd=ROOT)
        time.sleep(max(delay, 0.05))
        kids = _children(process.pid)
        process.kill()
        process.wait()
        assert _survivors(kids, str(out)) == [], f"kill after {delay:.2f} s (seed {seed})"
        _next_run(out)
        outcomes.append(full.which(out))
        assert outcomes[-1] in ("A", "B"), (
            f"kill after {delay:.2f} s (seed {seed}): {sorted(os.listdir(out))}"
        )
    assert "A" in outcomes  # the kills did land before the write, not all after the build


def test_pause_hook_is_inert_without_its_variable(monkeypatch):
    monkeypatch.delenv("BIDGEN_TEST_PAUSE_BEFORE", raising=False)
    start = time.monotonic()
    pub._pause_for_tests("publish-journal")
    assert time.monotonic() - start < 0.5
