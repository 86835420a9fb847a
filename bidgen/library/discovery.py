"""Finding the clause files of a library folder, and refusing folders that are not one.

A clause folder comes from ``--clauses`` or a profile's ``clauses.dir``, so a
profile from someone else can name any path. The rules:

* the folder must exist and be a directory;
* system trees are refused, the folder itself and anything resolving into it:
  ``/proc``, ``/sys``, ``/dev``, ``/etc``, ``/boot``, ``/usr``, ``/var``,
  ``/run``, ``/bin``, ``/sbin``, ``/lib*``, ``/snap``; so is resolving to one of
  the broad roots ``/``, ``/root``, ``/home``, ``/tmp``, ``/mnt``, ``/media``,
  ``/opt``, ``/srv`` or the user's home directory *itself* (a project below
  them is fine). The built-in library is exempt: an installed bidgen may live
  under ``/usr``;
* symbolic links are never followed: one that leads outside the folder is an
  error (it would let a library read files it does not contain), one that stays
  inside is skipped, since its target is found through its real path anyway;
* only regular ``*.md`` files are clauses: any other ``*.md`` entry (a FIFO, a device) is
  reported by the reader (BL101), which refuses it without opening it in a way that blocks;
* at most MAX_FILES clause files, MAX_DEPTH folder levels and MAX_ENTRIES
  directory entries, so pointing at a huge tree fails fast instead of crawling.

Every refusal is a :class:`BidgenError` at the folder or link, exit 2.
"""

from __future__ import annotations

import os
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem, os_error_text
from bidgen.core.files import display_name, note_listing

MAX_FILES = 2000
MAX_DEPTH = 8
MAX_ENTRIES = 20_000

SYSTEM_TREES = (
    "/proc", "/sys", "/dev", "/etc", "/boot", "/usr", "/var", "/run",
    "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/snap",
)  # fmt: skip
BROAD_ROOTS = ("/", "/root", "/home", "/tmp", "/mnt", "/media", "/opt", "/srv")


def _refuse(path: Path, message: str) -> BidgenError:
    return BidgenError(Problem(display_name(path), 0, 0, message))


def check_root(root: Path) -> Path:
    """The real path of a user's clause folder, or a Chinese error saying why not."""
    try:
        real = root.resolve(strict=True)
    except FileNotFoundError:
        raise _refuse(root, "条款库目录不存在") from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        detail = os_error_text(exc) if isinstance(exc, OSError) else "符号链接循环"
        raise _refuse(root, f"无法打开条款库目录：{detail}") from None
    if not real.is_dir():
        raise _refuse(root, "条款库路径不是目录")
    if _is_system(real):
        raise _refuse(root, f"不能把系统目录（{real}）用作条款库，请指定存放条款文件的项目目录")
    return real


def _is_system(real: Path) -> bool:
    text = str(real)
    if any(text == tree or text.startswith(tree + "/") for tree in SYSTEM_TREES):
        return True
    broad = {Path(name) for name in BROAD_ROOTS} | {Path.home().resolve()}
    return real in broad


def find_clause_files(root: Path, real_root: Path) -> list[Path]:
    """Every clause file below ``root`` (as the user wrote it), sorted."""
    walk = _Walk(root, real_root)
    walk.visit(root, 0)
    return sorted(walk.found)


class _Walk:
    def __init__(self, root: Path, real_root: Path) -> None:
        self.root = root
        self.real_root = real_root
        self.found: list[Path] = []
        self.entries = 0

    def visit(self, folder: Path, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise _refuse(self.root, f"条款库目录层级过深（超过 {MAX_DEPTH} 层）")
        for entry in self._entries(folder):
            path = folder / entry.name
            if entry.is_symlink():
                self._check_link(path)
            elif entry.is_dir(follow_symlinks=False):
                self.visit(path, depth + 1)
            elif entry.name.endswith(".md"):
                # Non-regular files are kept so that reading them reports a BL101
                # finding; the reader never opens them in a way that could block.
                self._add(path)

    def _entries(self, folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as found:
                entries = list(found)
        except OSError as exc:
            raise _refuse(folder, f"无法读取条款库目录：{os_error_text(exc)}") from None
        note_listing(folder)  # a clause file added here later changes the library
        self.entries += len(entries)
        if self.entries > MAX_ENTRIES:
            raise _refuse(
                self.root, f"条款库目录中的文件过多（超过 {MAX_ENTRIES} 项），请指定条款所在的目录"
            )
        return entries

    def _add(self, path: Path) -> None:
        self.found.append(path)
        if len(self.found) > MAX_FILES:
            raise _refuse(self.root, f"条款库中的条款文件过多（超过 {MAX_FILES} 个）")

    def _check_link(self, path: Path) -> None:
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise BidgenError(
                Problem(str(path), 0, 0, "符号链接指向的文件不存在或无法访问")
            ) from None
        if target != self.real_root and self.real_root not in target.parents:
            # Named as written: display_name() would resolve the link to its target.
            message = f"符号链接指向条款库目录之外（{target}），已拒绝"
            raise BidgenError(Problem(str(path), 0, 0, message))
