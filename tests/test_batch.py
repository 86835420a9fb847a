"""Several profiles in one ``bidgen build`` (issue 14, batch builds; issue 16, shared start-up)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PROFILE, ROOT, SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the Markdown's figures are in figures/), by relative path."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_profiles_that_would_write_the_same_file_are_refused_before_anything_is_written(
    run_cli, profile_file, tmp_path: Path
):
    profile_file(MINIMAL_PROFILE, "a.yaml")
    profile_file(MINIMAL_PROFILE.replace("测试项目", "另一个项目"), "b.yaml")
    profile_file(MINIMAL_PROFILE.replace("TEST-001", "TEST-002"), "c.yaml")
    result = run_cli("build", "a.yaml", "c.yaml", "b.yaml", "-o", "out", "-f", "docx,md")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("b.yaml:3:3: project.number：")  # the field to change
    assert "与 a.yaml 生成同一个输出文件" in lines[0] and "TEST-001" in lines[0]
    assert "未写入任何文件" in lines[0]
    assert not (tmp_path / "out").exists()


def test_the_same_output_name_collides_too_and_points_at_it(run_cli, profile_file, tmp_path):
    profile_file(MINIMAL_PROFILE + "output_name: 方案\n", "a.yaml")
    profile_file(MINIMAL_PROFILE.replace("TEST-001", "T2") + "output_name: 方案\n", "b.yaml")
    result = run_cli("build", "a.yaml", "b.yaml", "-o", "out", "-f", "md")
    assert result.code == 2
    assert result.err.startswith("b.yaml:") and "output_name：与 a.yaml" in result.err
    assert not (tmp_path / "out").exists()


def test_one_broken_profile_is_reported_and_the_others_are_built(
    run_cli, profile_file, tmp_path: Path
):
    profile_file(MINIMAL_PROFILE, "a.yaml")
    profile_file(MINIMAL_PROFILE.replace("  years: 3\n", "  years: 三年\n"), "b.yaml")
    profile_file(MINIMAL_PROFILE.replace("TEST-001", "TEST-003"), "c.yaml")
    result = run_cli("build", ".", "-o", "out", "-f", "md")
    assert result.code == 2, result.err
    assert "[2/3] 失败：b.yaml" in result.err
    error = next(line for line in result.err.splitlines() if line.startswith("b.yaml:"))
    assert "warranty.years" in error
    assert "共 3 个项目：成功 2 个，失败 1 个" in result.err
    assert sorted(n for n in _files(tmp_path / "out") if "/" not in n) == [
        "TEST-001-售后服务方案.md",
        "TEST-003-售后服务方案.md",
    ]


def test_failed_checks_in_one_profile_give_exit_1_and_write_only_the_others(
    run_cli, profile_file, tmp_path: Path
):
    profile_file(MINIMAL_PROFILE, "a.yaml")
    failing = MINIMAL_PROFILE.replace("TEST-001", "TEST-009").replace("400-000-0000", "XX")
    profile_file(failing, "b.yaml")
    result = run_cli("build", "a.yaml", "b.yaml", "-o", "out", "-f", "md", "-q")
    assert result.code == 1, result.err
    assert "[2/2] 失败：b.yaml" in result.err and "未写入任何文件" in result.err
    assert [n for n in _files(tmp_path / "out") if "/" not in n] == ["TEST-001-售后服务方案.md"]


def test_a_folder_without_profiles_is_a_usage_error(run_cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = run_cli("build", "empty", "-o", "out")
    assert result.code == 2
    assert result.err.strip() == "empty: 文件夹中没有项目配置文件（*.yaml）"


def test_a_batch_of_all_samples_writes_what_single_builds_write(run_cli, tmp_path: Path):
    one_by_one = tmp_path / "single"
    for sample in SAMPLE_FILES:
        assert run_cli("build", str(sample), "-o", str(one_by_one), "-q", "-f", "docx,md").code == 0
    together = tmp_path / "batch"
    result = run_cli("build", str(SAMPLES), "-o", str(together), "-f", "docx,md")
    assert result.code == 0, result.err
    written = _files(together)
    assert len([name for name in written if "/" not in name]) == 2 * len(SAMPLE_FILES)
    assert len([name for name in written if name.startswith("figures/")]) == 3 * len(SAMPLE_FILES)
    assert _files(together) == _files(one_by_one)
    assert result.out.count("已生成：") == len(written)  # the figures included


@pytest.mark.slow
def test_a_batch_with_pdfs_reuses_workers_and_survives_a_failed_profile(tmp_path: Path):
    """Real process: PDF workers laid out several profiles, one abandoned job drained."""
    failing = tmp_path / "0-failing.yaml"
    text = (SAMPLES / "it_ops.yaml").read_text("utf-8")
    text = (
        text.replace("    limit: 2小时\n", "    limit: 30分钟\n", 1) + "output_name: 失败的方案\n"
    )
    failing.write_text(text, "utf-8")
    profiles = [str(failing), *map(str, SAMPLE_FILES)]
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "bidgen.cli", "build", *profiles, "-o", str(out)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    total = len(profiles)
    assert f"[1/{total}] 失败：" in result.stderr and "BG301" in result.stderr
    assert f"共 {total} 个项目：成功 {total - 1} 个，失败 1 个" in result.stderr
    assert sorted(p.suffix for p in out.iterdir() if p.is_file()) == sorted(
        [".docx", ".md", ".pdf"] * len(SAMPLE_FILES)
    )
    for pdf in sorted(out.glob("*.pdf")):
        # each PDF is its own profile's: the worker did not hand back an earlier one
        number = pdf.stem.removesuffix("-售后服务方案")
        reader = ["pdftotext", str(pdf), "-"]
        text = subprocess.run(reader, capture_output=True, text=True, check=True).stdout
        assert number in text.replace("\n", ""), pdf.name
