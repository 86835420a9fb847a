"""The cross-run cache of compiled regular expressions gives the patterns ``re`` gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bidgen.core.regexcache import RegexCache
from tests.conftest import ROOT

PATTERNS = [
    (r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>分钟|小时)(?=内)", 0),
    (r"[\u4e00-\u9fff]{2,}(?:公司|中心)", 0),
    (r"(?i)hours?|(?P<h>h)(?![a-z])", 0),
    (r"^第(\d+)章", re.MULTILINE),
    (rb"\x00[\x01-\x7f]+", 0),
]
TEXTS = ["30分钟内到达", "2.5 小时内", "北京测试服务中心", "HOURS h x", "a\n第3章 售后", "\x00abc"]


def _results(pattern: re.Pattern[str] | re.Pattern[bytes]) -> list[object]:
    out: list[object] = []
    for text in TEXTS:
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        out.extend((m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(subject))  # type: ignore[arg-type]
    return [pattern.groups, dict(pattern.groupindex), pattern.flags, out]


def test_patterns_from_the_cache_match_as_re_compiles_them(tmp_path: Path):
    original = re._compiler.compile  # type: ignore[attr-defined]
    writer = RegexCache(tmp_path / "regex.marshal", original)
    expected = [_results(original(p, f)) for p, f in PATTERNS]
    assert [_results(writer.compile(p, f)) for p, f in PATTERNS] == expected
    writer.save()
    reader = RegexCache(tmp_path / "regex.marshal", original)
    reader.load()
    assert len(reader.entries) == len(PATTERNS) and not reader.grown
    assert [_results(reader.compile(p, f)) for p, f in PATTERNS] == expected


def test_a_damaged_entry_or_file_falls_back_to_re(tmp_path: Path):
    original = re._compiler.compile  # type: ignore[attr-defined]
    cache = RegexCache(tmp_path / "regex.marshal", original)
    pattern, flags = PATTERNS[0]
    cache.entries[(pattern, flags)] = (0, [1, 2, 3], 0, {}, (None,))  # not SRE code
    assert _results(cache.compile(pattern, flags)) == _results(original(pattern, flags))
    (tmp_path / "regex.marshal").write_bytes(b"not marshal")
    broken = RegexCache(tmp_path / "regex.marshal", original)
    broken.load()
    assert broken.entries == {}


def test_the_command_line_writes_a_private_cache_and_reads_it(tmp_path: Path):
    env = {"PYTHONPATH": str(ROOT), "BIDGEN_CACHE_DIR": str(tmp_path / "cache")}
    proposal = tmp_path / "p.txt"
    proposal.write_text("一级故障30分钟内响应。\n一级故障1小时内响应。\n", "utf-8")
    cmd = [sys.executable, "-m", "bidgen.cli", "lint", str(proposal)]
    first = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    cached = next((tmp_path / "cache").glob("regex-*.marshal"))
    assert cached.stat().st_mode & 0o077 == 0
    second = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 1 and "BG2" in first.stdout, first.stdout + first.stderr
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
