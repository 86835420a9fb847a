"""Shared fixtures: a minimal valid profile written inline, and a CLI runner."""

from __future__ import annotations

import difflib
import itertools
import os
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bidgen.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"

MINIMAL_PROFILE = textwrap.dedent(
    """\
    project:
      name: 测试项目
      number: TEST-001
      purchaser: 测试采购单位
      date: 2026-11-20
      industry: it_ops
      location: 测试市
      scope: 测试系统
    bidder:
      name: 测试投标公司
      representative: 张三
      address: 测试路1号
      hotline: 400-000-0000
      email: t@example.cn
      outlet:
        name: 测试服务中心
        address: 测试路2号
        phone: 010-0000-0000
        travel_time: 30分钟
        engineers: 2
    warranty:
      years: 3
    service:
      hours: 7×24小时
      hotline_answer: 10分钟
      followup: 1个工作日
      health_check: 每月一次
      upgrade_notice: 5个工作日
    fault_levels:
      - name: 一级故障
        definition: 系统中断
        response: 15分钟
        arrival: 1小时
        resolution: 4小时
    staff:
      - name: 李四
        role: 项目负责人
        phone: 139-0000-0000
        years: 10
    training:
      location: 现场
      courses:
        - name: 系统管理
          audience: 管理员
          hours: 4
          method: 现场授课
    inspection:
      frequency: 每季度一次
      report_within: 3个工作日
    spare_parts:
      ratio: 10%
      location: 备件库
      delivery: 4小时
    quality:
      standard: A
    emergency:
      drill_frequency: 每半年一次
      leader: 李四
      report_within: 30分钟
      summary_within: 3个工作日
    complaints:
      hotline: 400-000-0000
      first_contact: 2小时
      resolution: 3个工作日
      survey_frequency: 每季度一次
      escalation_contact: 王五
    """
)


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The caches and memos of this test session, apart from the user's and from the
    previous session's: a test never meets a result stored by other code."""
    folder = tmp_path_factory.mktemp("bidgen-cache")
    before = os.environ.get("BIDGEN_CACHE_DIR")
    os.environ["BIDGEN_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("BIDGEN_CACHE_DIR", None)
    else:
        os.environ["BIDGEN_CACHE_DIR"] = before


@dataclass
class RunResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., RunResult]:
    """Run the real entry point in-process and capture what a user sees."""

    def run(*args: str) -> RunResult:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        code = exit_info.value.code
        return RunResult(code if isinstance(code, int) else 1, captured.out, captured.err)

    return run


@pytest.fixture
def profile_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Write profile text to tmp_path/p.yaml, with the cwd there for short names."""
    monkeypatch.chdir(tmp_path)

    def write(text: str = MINIMAL_PROFILE, name: str = "p.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_configure(config: pytest.Config) -> None:
    # `pytest -m fuzz` asks for the long fuzz mode; every other run (CI included) gets the
    # bounded one. Set before tests/fuzz is imported, which reads it.
    if "fuzz" in (config.option.markexpr or "").replace("not fuzz", ""):
        os.environ.setdefault("BIDGEN_FUZZ", "long")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output (review the diff!)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def assert_golden(actual: str, name: str, update: bool) -> None:
    """Compare output with ``tests/golden/<name>``; ``--update-golden`` rewrites the file.

    Bytes in and out (UTF-8, no newline translation), so a golden file is
    exactly what the output was. A difference fails with the first lines of a
    unified diff and how to accept it.
    """
    golden = GOLDEN / name
    shown = golden.relative_to(ROOT)
    if update:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(actual.encode("utf-8"))
        return
    if not golden.exists():
        pytest.fail(
            f"no golden file {shown}: run pytest --update-golden and review it", pytrace=False
        )
    expected = golden.read_bytes().decode("utf-8")
    if actual == expected:
        return
    diff = difflib.unified_diff(
        expected.splitlines(), actual.splitlines(), f"{shown} (golden)", "output", lineterm=""
    )
    excerpt = "\n".join(itertools.islice(diff, 80))
    pytest.fail(
        f"the output differs from {shown}:\n{excerpt}\n"
        f"If the change is intended, run pytest --update-golden, review git diff {shown}"
        " and commit it.",
        pytrace=False,
    )


def write_clause(root: Path, family: str, name: str, front: str, body: str) -> Path:
    """Write one clause file with front matter into a clause tree.

    The tree also defines the industry of MINIMAL_PROFILE (a copy of the built-in
    ``industries/it_ops.yaml``), so a test tree used as the built-in library can
    build that profile.
    """
    industries = root / "industries"
    if not industries.is_dir():
        industries.mkdir(parents=True)
        source = ROOT / "clauses" / "industries" / "it_ops.yaml"
        (industries / "it_ops.yaml").write_bytes(source.read_bytes())
    folder = root / family
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body)}", "utf-8")
    return path
