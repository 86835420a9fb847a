"""Findings are data: what a rule found, where, how severe, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_NAMES = {"error": "错误", "warning": "警告"}

# Between the titles of a chapter path ("五、应急预案 › （三）分级响应").
CHAPTER_SEPARATOR = " › "


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is: a file position and, in a proposal, its chapter path.

    ``line``/``column`` are 1-based (0 = unknown). ``chapter`` is the
    numbered heading path, e.g. "四、故障分级与响应时间 › （一）故障分级与服务时限".
    ``order`` sorts findings in document order when there is no line.
    """

    file: str
    line: int = 0
    column: int = 0
    order: int = 0
    chapter: str = ""

    def format(self) -> str:
        position = f"{self.file}:{self.line}:{self.column or 1}" if self.line > 0 else self.file
        return f"{position}（{self.chapter}）" if self.chapter else position

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "chapter": self.chapter or None,
        }


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    quotes: tuple[str, ...] = field(default=())

    def sort_key(self) -> tuple[object, ...]:
        loc = self.location
        return (loc.file, loc.order, loc.line, loc.column, self.code, self.message, self.quotes)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "location": self.location.as_dict(),
            "quotes": list(self.quotes),
        }
