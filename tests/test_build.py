"""End-to-end builds: golden Markdown, determinism, atomic publishing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bidgen.build import build_document, figure_prefix, safe_stem
from bidgen.writers.markdown import render_markdown
from tests.conftest import ROOT, SAMPLES, assert_golden

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_markdown_export_matches_golden(sample: Path, update_golden: bool):
    built = build_document(sample)
    prefix = figure_prefix(safe_stem(built.loaded.profile.output_stem))
    text = render_markdown(built.document, prefix)
    assert_golden(text, f"{sample.stem}.md", update_golden)


def _build_in_subprocess(out: Path, sample: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    cmd = [
        sys.executable,
        "-m",
        "bidgen.cli",
        "build",
        str(sample),
        "-o",
        str(out),
        "-q",
        "-f",
        "docx,md",
    ]
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)
    return {name: hashlib.sha256(data).hexdigest() for name, data in tree(out).items()}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (the figures' folder too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def top_suffixes(folder: Path) -> list[str]:
    """The formats written beside each other; the Markdown's figures are in figures/."""
    assert (folder / "figures").is_dir()
    return sorted(p.suffix for p in folder.iterdir() if p.is_file())


def test_two_processes_give_identical_bytes(tmp_path: Path):
    sample = SAMPLES / "it_ops.yaml"
    first = _build_in_subprocess(tmp_path / "a", sample)
    second = _build_in_subprocess(tmp_path / "b", sample)
    stem = "BHCG-2026-0417-售后服务方案"
    figures = {
        f"figures/{stem}-{name}.svg" for name in ("organization", "fault_flow", "escalation")
    }
    assert set(first) == {f"{stem}.docx", f"{stem}.md", *figures}
    assert first == second


def test_failed_build_keeps_previous_output(tmp_path: Path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    profile = tmp_path / "p.yaml"
    profile.write_text((SAMPLES / "it_ops.yaml").read_text("utf-8"), "utf-8")
    assert run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "docx,md").code == 0
    before = tree(tmp_path / "out")

    profile.write_text(
        profile.read_text("utf-8").replace("arrival: 1小时", "arrival: 很快"), "utf-8"
    )
    result = run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "docx,md")
    assert result.code == 2 and "fault_levels[0].arrival" in result.err
    after = tree(tmp_path / "out")
    assert after == before  # untouched, and no temporary files left behind


def test_failure_while_writing_leaves_no_partial_file(tmp_path: Path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    profile = tmp_path / "p.yaml"
    profile.write_text((SAMPLES / "it_ops.yaml").read_text("utf-8"), "utf-8")
    assert run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "docx,md").code == 0
    before = tree(tmp_path / "out")

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "x.docx"))

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "docx,md")
    assert result.code == 2
    assert "无法写入输出文件：磁盘空间不足" in result.err
    assert tree(tmp_path / "out") == before


def test_pdf_is_refused_without_chinese_fonts_and_the_rest_is_written(tmp_path: Path):
    # fontconfig pointed at an empty configuration: no CJK face anywhere.
    config = tmp_path / "fonts.conf"
    config.write_text("<fontconfig></fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "bidgen.cli",
        "build",
        str(SAMPLES / "it_ops.yaml"),
        "-o",
        str(out),
    ]
    result = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "fonts-noto-cjk" in result.stderr and "--font-serif" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert top_suffixes(out) == [".docx", ".md"]


def test_docx_and_markdown_builds_never_import_weasyprint(tmp_path: Path):
    code = (
        "import sys\n"
        "from bidgen.cli.main import main\n"
        "try:\n"
        f"    main(['build', {str(SAMPLES / 'it_ops.yaml')!r}, '-o', {str(tmp_path)!r}, '-q', '-f', 'docx,md'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "sys.exit(3 if 'weasyprint' in sys.modules else 0)\n"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_failed_checks_stop_the_pdf_worker_and_write_nothing(tmp_path: Path):
    profile = tmp_path / "p.yaml"
    text = (SAMPLES / "it_ops.yaml").read_text("utf-8")
    profile.write_text(text.replace("    limit: 2小时\n", "    limit: 30分钟\n", 1), "utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "bidgen.cli", "build", str(profile), "-o", str(out)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "BG301" in result.stderr
    assert not out.exists()
