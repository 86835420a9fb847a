"""User-facing error types.

Every problem a user can fix (bad YAML, a wrong field, a broken clause, a
missing font) is raised as :class:`BidgenError` carrying one or more
:class:`Problem` records with a source location and a Chinese message. Only
``bidgen.cli`` prints them and turns them into exit code 2.
"""

from __future__ import annotations

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
    code: str = ""  # a check code when the problem is reported as a finding

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


class BidgenWarning:
    """A non-fatal notice for the user (e.g. slow font subsetting).

    Warnings are collected, never printed by library code; the CLI prints them.
    """

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return self.message
