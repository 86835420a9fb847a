"""Parsed YAML with positions, and paths to its fields: ``("fault_levels", 0, "arrival")``.

Kept apart from :mod:`bidgen.core.yamlio` so that code which only names fields
(rules reading a text without a profile) does not load the YAML parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """("fault_levels", 0, "arrival") -> "fault_levels[0].arrival"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass
class LoadedYaml:
    """Plain data plus the source location of every key and item."""

    data: Any
    file: str
    first_line: int = 1
    locations: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> tuple[int, int]:
        """The location of ``path`` or of its nearest known ancestor."""
        for end in range(len(path), -1, -1):
            found = self.locations.get(tuple(path[:end]))
            if found:
                return found
        return (self.first_line, 1)
