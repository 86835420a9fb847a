"""Finding formatters: text grouped by chapter, JSON, GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bidgen.validate.findings import CHAPTER_SEPARATOR, SEVERITY_NAMES, Finding


def format_text(findings: Sequence[Finding]) -> str:
    """``位置: CODE 说明`` lines with quotes, a blank line between chapters."""
    lines: list[str] = []
    group: str | None = None
    for finding in findings:
        chapter = finding.location.chapter.split(CHAPTER_SEPARATOR)[0]
        if group is not None and chapter != group:
            lines.append("")
        group = chapter
        severity = "" if finding.severity == "error" else "（警告）"
        lines.append(f"{finding.location.format()}: {finding.code} {severity}{finding.message}")
        lines.extend(f"    “{quote}”" for quote in finding.quotes)
    if lines:
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding]) -> str:
    if not findings:
        return "未发现问题。"
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    return (
        f"共发现 {len(findings)} 个问题：{SEVERITY_NAMES['error']} {errors} 个，"
        f"{SEVERITY_NAMES['warning']} {warnings} 个。"
    )


def format_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"


def _escape_property(text: str) -> str:
    return (
        text.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    out = []
    for finding in findings:
        loc = finding.location
        props = [f"file={_escape_property(loc.file)}"]
        if loc.line > 0:
            props += [f"line={loc.line}", f"col={loc.column or 1}"]
        props.append(f"title={_escape_property(finding.code + ' ' + finding.name)}")
        text = finding.message
        if loc.chapter:
            text = f"{loc.chapter}：{text}"
        if finding.quotes:
            text += "\n" + "\n".join(f"“{q}”" for q in finding.quotes)
        out.append(f"::{finding.severity} {','.join(props)}::{_escape_data(text)}")
    return "\n".join(out) + ("\n" if out else "")


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}
