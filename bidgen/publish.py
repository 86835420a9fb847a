"""Publish a set of output files all or nothing, even when the build is killed.

A publish goes through five steps, each in the folders of its targets so that
every rename stays on one filesystem:

1. **Stage.** Every file is written and fsynced to ``.<target>.bidgen-tmp-<pid>``
   beside its target; a directory where a target should go is refused here.
2. **Keep the previous files.** Each existing target is hard-linked (copied
   where the filesystem has no hard links) to ``.<target>.bidgen-old-<pid>``.
3. **Commit.** A journal ``.<stem>.bidgen-publish`` beside the outputs lists
   target, temporary and backup of every file. It is written to a temporary and
   then linked into place, so it is complete whenever it exists, and linking
   fails if another live bidgen is publishing the same stem into the folder.
4. **Swap.** The temporaries are renamed over their targets one by one.
5. **Finish.** The folders are fsynced, the journal is removed, then the backups.

A failure before the commit (disk full, read-only folder, a directory in the
way, no permission) removes the temporaries and backups: no target has
changed, and the error names the target, never a temporary. A failure during
the swap (a rename refused) renames the journal to ``.<stem>.bidgen-undo`` and
restores every target from its backup, so again nothing is replaced.

:func:`recover` runs before every publish into a folder and at the start of
every build. A ``.bidgen-publish`` journal whose writer is dead is rolled
*forward*: its temporaries were complete and fsynced before it was written, so
finishing the renames gives the complete new set, which had passed every check
and which the build had decided to publish. Rolling back would also be
consistent, but needs the backups, and going forward needs nothing but
renames; the backups exist for the in-process failure, where forward is what
just failed. A ``.bidgen-undo`` journal is rolled back (an interrupted undo).
Both directions are idempotent, so a kill during recovery is recovered again.
A kill before the commit leaves only temporaries: the old set is untouched.

Afterwards, stale temporaries and backups are removed: names that match the two
patterns above exactly, regular files only, whose process is dead (or, on
Linux, a newer process that reused the pid). No other file is ever deleted.

Which files are "the set": the files one publish writes, plus ``remove``: the
targets a build was asked for but could not produce (the PDF when no Chinese
font is installed), because an older PDF beside a new DOCX is exactly a mixed
set. Formats that were not requested are not part of the set: after
``-f docx`` the PDF of an earlier build stays, as the user asked.

Known limit: a temporary deleted by hand after the commit is taken as renamed.

Test-only hook (tests/test_publish.py; never set in normal use):
``BIDGEN_TEST_PAUSE_BEFORE=publish-journal`` or ``publish-rename-<n>`` sleeps
for ``BIDGEN_TEST_PAUSE_SECONDS`` (default 60) just before the commit or the
n-th rename, so that a test can kill the build at a known moment.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from bidgen.core.errors import BidgenError, Problem, os_error_text
from bidgen.core.files import display_name

_TEMP = "bidgen-tmp"
_BACKUP = "bidgen-old"
_FORWARD = ".bidgen-publish"
_BACKWARD = ".bidgen-undo"
_FORMAT = "bidgen-publish 1"
_OURS = re.compile(r"\.(?P<target>.+)\.(?:bidgen-tmp|bidgen-old)-(?P<pid>[0-9]+)")
# Without /proc (not Linux), a file this old is stale even if its pid is in use:
# nobody spends an hour between staging and renaming.
_STALE_SECONDS = 3600.0
# File times come from the filesystem's clock (a file server's, on a share) and
# process start times from ours: allow for skew before calling a pid reused.
_CLOCK_SLACK = 60.0
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass(frozen=True)
class Entry:
    """One file of a swap: the new content waits in ``temp`` (None: the target is
    removed), the previous file in ``backup`` (None: there was none)."""

    target: Path
    temp: Path | None
    backup: Path | None = None


class _Failed(Exception):
    """Writing ``target`` failed; carries the user's name for it, not the temporary's."""

    def __init__(self, target: Path, reason: str) -> None:
        super().__init__(reason)
        self.target = target
        self.reason = reason


@contextlib.contextmanager
def _writing(target: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise _Failed(target, os_error_text(exc)) from exc


def publish(files: Mapping[Path, bytes], remove: Iterable[Path] = ()) -> list[Path]:
    """Write ``files`` (target -> bytes) and delete ``remove``, all or nothing.

    Returns the targets of ``remove`` that existed and were deleted. On failure
    raises :class:`BidgenError` naming the target; then no target has changed.
    """
    removals = [path for path in remove if path not in files]
    targets = [*files, *removals]
    if not targets:
        return []
    folders = {_journal_folder(targets), *(Path(os.path.abspath(p.parent)) for p in targets)}
    for folder in sorted(folders):
        recover(folder)
    try:
        return _publish(files, removals)
    except _Failed as failed:
        raise _user_error(failed) from None


def recover(folder: Path) -> None:
    """Finish (or undo) a swap that a killed bidgen left in ``folder``, then
    remove stale temporaries and backups; see the module docstring."""
    if not folder.is_dir():
        return
    journals = sorted(folder.glob(f".*{_FORWARD}")) + sorted(folder.glob(f".*{_BACKWARD}"))
    try:
        for journal in journals:
            _recover_journal(journal)
    except _Failed as failed:
        raise _user_error(failed) from None
    _sweep(folder)


def _publish(files: Mapping[Path, bytes], removals: Sequence[Path]) -> list[Path]:
    entries: list[Entry] = []
    try:
        for target, data in files.items():
            entries.append(Entry(target, _stage(target, data)))
        entries += [Entry(target, None) for target in removals if target.is_file()]
        for index, entry in enumerate(entries):
            entries[index] = _keep_backup(entry)
        _pause_for_tests("publish-journal")
        journal = _write_journal(entries)
    except BaseException:
        _discard(entries)
        raise
    _complete(journal, entries)
    return [entry.target for entry in entries if entry.temp is None]


def _stage(target: Path, data: bytes) -> Path:
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        _refuse_directory(target)
        temp = _sibling(target, _TEMP)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o644)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    return temp


def _refuse_directory(target: Path) -> None:
    # Found now, not at the rename, when other targets would already be replaced.
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))


def _keep_backup(entry: Entry) -> Entry:
    if not os.path.lexists(entry.target):
        return entry
    backup = _sibling(entry.target, _BACKUP)
    with _writing(entry.target):
        backup.unlink(missing_ok=True)
        try:
            os.link(entry.target, backup, follow_symlinks=False)
        except OSError:  # no hard links on this filesystem (FAT, some shares): copy
            try:
                shutil.copy2(entry.target, backup, follow_symlinks=False)
            except BaseException:
                backup.unlink(missing_ok=True)
                raise
    return replace(entry, backup=backup)


def _discard(entries: Iterable[Entry]) -> None:
    """Before the commit: drop temporaries and backups; the targets never changed."""
    for entry in entries:
        for path in (entry.temp, entry.backup):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)


def _write_journal(entries: Sequence[Entry]) -> Path:
    folder = _journal_folder([entry.target for entry in entries])
    journal = folder / f".{Path(min(entry.target.name for entry in entries)).stem}{_FORWARD}"
    text = json.dumps(_journal_record(folder, entries), ensure_ascii=False, indent=1)
    staged = _stage(journal, text.encode("utf-8"))
    try:
        with _writing(journal):
            _link_exclusive(staged, journal)
    finally:
        staged.unlink(missing_ok=True)
    _sync_folder(folder)
    return journal


def _link_exclusive(staged: Path, journal: Path) -> None:
    try:
        os.link(staged, journal)
    except FileExistsError:  # recover() left it: its writer is alive
        raise _Failed(journal, "另一个 bidgen 进程正在写入同名的输出文件，请稍后重试") from None
    except OSError:  # no hard links on this filesystem: not exclusive, still whole
        os.replace(staged, journal)


def _journal_record(folder: Path, entries: Sequence[Entry]) -> dict[str, object]:
    def relative(path: Path | None) -> str | None:
        return None if path is None else Path(os.path.relpath(path, folder)).as_posix()

    rows = [[relative(e.target), relative(e.temp), relative(e.backup)] for e in entries]
    return {"format": _FORMAT, "pid": os.getpid(), "entries": rows}


def _complete(journal: Path, entries: Sequence[Entry]) -> None:
    """Roll a committed swap forward; if a rename is refused, roll it back."""
    try:
        for number, entry in enumerate(entries, 1):
            _pause_for_tests(f"publish-rename-{number}")
            _redo(entry)
        _sync_folders(entries)
    except BaseException:
        _abort(journal, entries)
        raise
    journal.unlink(missing_ok=True)
    for entry in entries:
        if entry.backup is not None:
            with contextlib.suppress(OSError):
                entry.backup.unlink(missing_ok=True)


def _redo(entry: Entry) -> None:
    with _writing(entry.target):
        if entry.temp is None:
            entry.target.unlink(missing_ok=True)
        elif os.path.lexists(entry.temp):  # else renamed before a kill
            os.replace(entry.temp, entry.target)


def _abort(journal: Path, entries: Sequence[Entry]) -> None:
    undo = journal.with_name(journal.name.removesuffix(_FORWARD) + _BACKWARD)
    with _writing(journal):
        os.replace(journal, undo)
    _roll_back(undo, entries)


def _roll_back(undo: Path, entries: Sequence[Entry]) -> None:
    for entry in entries:
        _undo(entry)
    _sync_folders(entries)
    undo.unlink(missing_ok=True)


def _undo(entry: Entry) -> None:
    """Put the previous file back; safe to repeat after a kill half-way through."""
    with _writing(entry.target):
        if entry.temp is not None and os.path.lexists(entry.temp):
            entry.temp.unlink()  # never renamed: the target is still the old file
            if entry.backup is not None:
                entry.backup.unlink(missing_ok=True)
        elif entry.backup is not None:
            if os.path.lexists(entry.backup):
                os.replace(entry.backup, entry.target)
                # rename does nothing when both names link to one file (not swapped)
                entry.backup.unlink(missing_ok=True)
        elif entry.temp is not None:
            entry.target.unlink(missing_ok=True)  # a new file that had no predecessor


def _recover_journal(journal: Path) -> None:
    try:
        pid, entries = _read_journal(journal)
        written = journal.stat().st_mtime
    except (OSError, ValueError):
        return  # journals are written whole: this one is not bidgen's, leave it alone
    if _writer_running(pid, written):
        return
    if journal.name.endswith(_FORWARD):
        _complete(journal, entries)
    else:
        _roll_back(journal, entries)


def _read_journal(journal: Path) -> tuple[int, list[Entry]]:
    record = json.loads(journal.read_text("utf-8"))
    if not isinstance(record, dict) or record.get("format") != _FORMAT:
        raise ValueError("not a bidgen journal")
    pid = record["pid"]
    if not isinstance(pid, int):
        raise ValueError("bad pid")
    return pid, [_journal_entry(journal.parent, row, pid) for row in record["entries"]]


def _journal_entry(folder: Path, row: object, pid: int) -> Entry:
    """One row, refused unless every name is the target's or one bidgen gives it."""
    if not isinstance(row, list) or len(row) != 3:
        raise ValueError("bad entry")
    target = _inside(folder, row[0])
    temp = _own_file(folder, target, _TEMP, pid, row[1])
    backup = _own_file(folder, target, _BACKUP, pid, row[2])
    return Entry(target, temp, backup)


def _own_file(folder: Path, target: Path, tag: str, pid: int, value: object) -> Path | None:
    if value is None:
        return None
    path = _inside(folder, value)
    if path != target.with_name(f".{target.name}.{tag}-{pid}"):
        raise ValueError("not a bidgen temporary beside its target")
    return path


def _inside(folder: Path, relative: object) -> Path:
    if not isinstance(relative, str):
        raise ValueError("not a path")
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError("path outside the folder")
    return folder.joinpath(*path.parts)


def _sweep(folder: Path) -> None:
    with contextlib.suppress(OSError), os.scandir(folder) as items:
        for item in items:
            match = _OURS.fullmatch(item.name)
            if match is None or not item.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                if not _writer_running(int(match["pid"]), item.stat().st_mtime):
                    os.unlink(item.path)


def _writer_running(pid: int, written: float) -> bool:
    """Whether process ``pid`` may still be the bidgen that wrote a file at ``written``."""
    if pid == os.getpid():
        return False  # recovery runs before this process stages anything
    if Path("/proc/self/stat").exists():
        started = _linux_start(pid)
        # A process started after the file was written only reused the pid.
        return started is not None and started <= written + _CLOCK_SLACK
    return _pid_alive(pid) and time.time() - written < _STALE_SECONDS


def _linux_start(pid: int) -> float | None:
    """When process ``pid`` started (epoch seconds); None if it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
    except (OSError, IndexError, ValueError, StopIteration):
        return None
    if fields[0] in ("Z", "X"):
        return None  # killed, not yet reaped: it writes nothing more
    return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":
        return False  # os.kill would terminate it on Windows; age decides there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def _journal_folder(targets: Sequence[Path]) -> Path:
    return Path(os.path.commonpath([os.path.abspath(path.parent) for path in targets]))


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{os.getpid()}")


def _sync_folders(entries: Iterable[Entry]) -> None:
    for folder in sorted({entry.target.parent for entry in entries}):
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable; where folders cannot be opened
    (not POSIX), the filesystem's own ordering is all there is."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _user_error(failed: _Failed) -> BidgenError:
    message = f"无法写入输出文件：{failed.reason}"
    return BidgenError(Problem(display_name(failed.target), 0, 0, message))


def _pause_for_tests(point: str) -> None:
    """Test-only (see the module docstring): stop here so a test can kill the build."""
    if os.environ.get("BIDGEN_TEST_PAUSE_BEFORE") == point:
        time.sleep(float(os.environ.get("BIDGEN_TEST_PAUSE_SECONDS", "60")))
