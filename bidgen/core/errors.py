"""User-facing error types.

Every problem a user can fix (bad YAML, a wrong field, a broken clause, a
missing font) is raised as :class:`BidgenError` carrying one or more
:class:`Problem` records with a source location and a Chinese message. Only
``bidgen.cli.main`` prints them and turns them into exit code 2.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One user error at a place in an input file.

    ``line`` and ``column`` are 1-based; 0 means unknown (the file as a whole).
    """

    file: str
    line: int
    column: int
    message: str

    def format(self) -> str:
        if self.line <= 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class BidgenError(Exception):
    """A user error: bad input, usage or environment. The CLI exits 2."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("bidgen", 0, 0, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def lines(self) -> list[str]:
        return [problem.format() for problem in self.problems]


_OS_ERRORS = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统为只读",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EEXIST: "已存在同名文件",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_error_text(exc: OSError) -> str:
    """An operating-system error in Chinese (the OS's own text is English)."""
    return _OS_ERRORS.get(exc.errno or 0) or f"系统错误（{exc.strerror or exc}）"
