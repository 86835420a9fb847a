"""The reports of a comparison: coloured text, JSON, and one self-contained HTML page.

Each lists the 时限变更 (changes to promised times) first, then the changed sections.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bidgen.core.errors import BidgenError
from bidgen.core.resources import data_path
from bidgen.diff.compare import (
    STATUS_LABELS,
    DiffResult,
    Hunk,
    LineChange,
    PromiseChange,
    SectionDiff,
    Segment,
    new_side,
    old_side,
)

TEMPLATE_DIR = data_path("templates", "diff")

# --- text report ---------------------------------------------------------------------

_ANSI = {
    "del": "\x1b[31m",
    "ins": "\x1b[32m",
    "del_hi": "\x1b[1;97;41m",
    "ins_hi": "\x1b[1;97;42m",
    "head": "\x1b[1;36m",
    "warn": "\x1b[1;33m",
    "dim": "\x1b[2m",
    "reset": "\x1b[0m",
}


class _Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{_ANSI[style]}{text}{_ANSI['reset']}" if self.color and text else text

    def line(self, side: str, segments: Iterable[Segment]) -> str:
        """A line whose changed tokens stand out inside the line's own colour."""
        return "".join(
            self(side if seg.kind == "equal" else f"{side}_hi", seg.text) for seg in segments
        )


def summary_text(result: DiffResult) -> str:
    counts = result.summary
    return "，".join(f"{STATUS_LABELS[key]} {counts[key]} 节" for key in STATUS_LABELS)


def format_text(result: DiffResult, color: bool = False) -> str:
    paint = _Painter(color)
    out = [f"比较：旧 {result.old_name} → 新 {result.new_name}"]
    if result.identical:
        out.append("两个版本内容一致，无差异。")
        return "\n".join(out) + "\n"
    out.append(f"差异摘要：{summary_text(result)}")
    if result.promises:
        out.append("")
        out.append(paint("warn", f"时限变更（{len(result.promises)} 处，请重点核对）："))
        out.extend(line for change in result.promises for line in _promise_text(change, paint))
    for section in result.changed_sections:
        out.append("")
        out.extend(_section_text(section, result, paint))
    return "\n".join(out) + "\n"


def time_pairs(change: PromiseChange) -> list[tuple[str, str]]:
    """Old → new times; pairwise when both sides list as many ("15分钟 → 10分钟；1小时 → 3小时")."""
    if len(change.old_times) == len(change.new_times) > 1:
        return list(zip(change.old_times, change.new_times, strict=True))
    return [("、".join(change.old_times) or "（无）", "、".join(change.new_times) or "（无）")]


def times_text(change: PromiseChange) -> str:
    return "；".join(f"{old} → {new}" for old, new in time_pairs(change))


def _promise_text(change: PromiseChange, paint: _Painter) -> list[str]:
    lines = [f"  {change.display}：{times_text(change)}"]
    if change.old is not None:
        old_segments = (
            old_side(change.segments) if change.segments else [Segment("equal", change.old)]
        )
        lines.append(f"    旧：{paint.line('del', old_segments)}")
    if change.new is not None:
        new_segments = (
            new_side(change.segments) if change.segments else [Segment("equal", change.new)]
        )
        lines.append(f"    新：{paint.line('ins', new_segments)}")
    return lines


def _section_text(section: SectionDiff, result: DiffResult, paint: _Painter) -> list[str]:
    title = f"[{section_label(section)}] {section.display}"
    lines = [paint("head", title)]
    if section.old_display and section.status != "removed":
        lines.append(f"  原位置：{section.old_display}")
    if section.status == "moved":
        return lines
    lines.append(paint("del", f"--- 旧 {result.old_name}"))
    lines.append(paint("ins", f"+++ 新 {result.new_name}"))
    for hunk in section.hunks:
        lines.append(paint("dim", _hunk_header(hunk)))
        lines.extend(row for change in hunk for row in _row_text(change, paint))
    return lines


def section_label(section: SectionDiff) -> str:
    label = STATUS_LABELS[section.status]
    if section.status == "changed" and section.moved:
        return f"{label}、{STATUS_LABELS['moved']}"
    return label


def _hunk_header(hunk: Hunk) -> str:
    old_nos = [row.old_no for row in hunk if row.old_no is not None]
    new_nos = [row.new_no for row in hunk if row.new_no is not None]
    old_start = old_nos[0] if old_nos else 0
    new_start = new_nos[0] if new_nos else 0
    return f"@@ -{old_start},{len(old_nos)} +{new_start},{len(new_nos)} @@"


def _row_text(change: LineChange, paint: _Painter) -> list[str]:
    if change.kind == "equal":
        return [f" {change.new}"]
    if change.kind == "delete":
        return [paint("del", f"-{change.old}")]
    if change.kind == "insert":
        return [paint("ins", f"+{change.new}")]
    return [
        paint("del", "-") + paint.line("del", old_side(change.segments)),
        paint("ins", "+") + paint.line("ins", new_side(change.segments)),
    ]


# --- JSON report -------------------------------------------------------------------------


def format_json(result: DiffResult) -> str:
    data = {
        "old": result.old_name,
        "new": result.new_name,
        "identical": result.identical,
        "summary": result.summary,
        "promise_changes": [_promise_json(change) for change in result.promises],
        "sections": [_section_json(section) for section in result.sections],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _promise_json(change: PromiseChange) -> dict[str, Any]:
    return {
        "section": change.display,
        "old": change.old,
        "new": change.new,
        "old_times": list(change.old_times),
        "new_times": list(change.new_times),
    }


def _section_json(section: SectionDiff) -> dict[str, Any]:
    return {
        "status": section.status,
        "label": section_label(section),
        "path": list(section.path),
        "level": section.level,
        "title": section.display,
        "moved": section.moved,
        "old_title": section.old_display,
        "hunks": [[_row_json(row) for row in hunk] for hunk in section.hunks],
    }


def _row_json(row: LineChange) -> dict[str, Any]:
    data: dict[str, Any] = {
        "op": row.kind,
        "old_line": row.old_no,
        "new_line": row.new_no,
        "old": row.old,
        "new": row.new,
    }
    if row.segments:
        data["segments"] = [{"op": seg.kind, "text": seg.text} for seg in row.segments]
    return data


# --- HTML report -----------------------------------------------------------------------------


def format_html(result: DiffResult) -> str:
    """One self-contained page: inline CSS, no scripts or external assets."""
    import jinja2

    try:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        template = env.get_template("report.html.j2")
        css = (TEMPLATE_DIR / "report.css").read_text(encoding="utf-8")
    except (OSError, jinja2.TemplateNotFound) as exc:
        raise BidgenError(f"找不到差异报告模板（{TEMPLATE_DIR}）：{exc}") from None
    return template.render(
        result=result,
        summary=result.summary,
        labels=STATUS_LABELS,
        css=css,
        section_label=section_label,
        time_pairs=time_pairs,
        old_side=old_side,
        new_side=new_side,
        unchanged=[s for s in result.sections if s.status == "unchanged"],
    )
