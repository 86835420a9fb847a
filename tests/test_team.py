"""A bid team's repository: the pre-commit hooks run by real ``pre-commit`` and the
CI example's commands run unmodified on a copy of a team layout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import MINIMAL_PROFILE, ROOT, SAMPLES, write_clause

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
CI_EXAMPLE = ROOT / "docs" / "bid-team-ci.yml"
GOOD_CLAUSE = "{{ we }}另行承诺：服务热线{{ bidder.hotline }}全年有人值守，来电即时登记。\n"
BAD_CLAUSE = "{{ we }}另行承诺：接到报修后2小时内到达现场。\n"
FRONT = "id: commitment.team_pledge\ntitle: 补充服务承诺\nfamily: commitment\norder: 90\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _load(path: Path) -> object:
    return YAML(typ="safe").load(path.read_text("utf-8"))


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A team repository: profiles in 标书/, the firm's clauses in 条款/."""
    repo = tmp_path / "团队标书库"
    (repo / "标书").mkdir(parents=True)
    for name in ("it_ops", "security", "medical"):
        text = (SAMPLES / f"{name}.yaml").read_text("utf-8")
        (repo / "标书" / f"{name}.yaml").write_text(text + "\nclauses:\n  dir: ../条款\n", "utf-8")
    write_clause(repo / "条款", "commitment", "team_pledge", FRONT, GOOD_CLAUSE)
    # a YAML file in the clause folder that is no profile (industry definitions are YAML)
    (repo / "条款" / "说明.yaml").write_text("说明: 本目录为本公司自有条款\n", "utf-8")
    return repo


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """``bidgen`` on PATH running this checkout, as the hooks' environment would."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "bidgen"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from bidgen.cli.main import main\nmain()\n",
        "utf-8",
    )
    script.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "PYTHONPATH": str(ROOT),
    }


def _hooks_config(args: dict[str, list[str]]) -> str:
    """The shipped hooks as a team would use them, run in this environment.

    A real ``repo:`` entry would make pre-commit pip-install bidgen from the
    network; a local repository with ``language: system`` runs the manifest's
    own entry, file patterns and pass_filenames with the bidgen on PATH.
    """
    hooks = []
    for hook in _load(MANIFEST):  # type: ignore[attr-defined]
        hook = dict(hook, language="system")
        if hook["id"] in args:
            hook["args"] = args[hook["id"]]
        hooks.append(hook)
    yaml = YAML()
    out = StringIO()
    yaml.dump({"repos": [{"repo": "local", "hooks": hooks}]}, out)
    return out.getvalue()


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.mark.slow
def test_pre_commit_hooks_pass_on_good_files_and_fail_on_bad_ones(team: Path, env):
    subprocess.run(["git", "init", "-q", str(team)], env=env, check=True)
    config = _hooks_config({"bidgen-check-library": ["条款", "--samples", "标书"]})
    (team / ".pre-commit-config.yaml").write_text(config, "utf-8")

    good = _pre_commit(team, env, "--all-files")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "bidgen 条款库检查" in good.stdout and "bidgen 项目配置校验" in good.stdout
    assert good.stdout.count("Passed") == 2

    # the team's clause hard-codes a time: the library hook fails with BL301 in 条款/
    write_clause(team / "条款", "commitment", "team_pledge", FRONT, BAD_CLAUSE)
    bad_clause = _pre_commit(team, env, "bidgen-check-library", "--all-files")
    assert bad_clause.returncode == 1
    assert "条款/commitment/team_pledge.md:7:" in bad_clause.stdout
    assert "BL301" in bad_clause.stdout
    write_clause(team / "条款", "commitment", "team_pledge", FRONT, GOOD_CLAUSE)

    # one profile with a contradiction, one with an unknown key, among good ones
    contradiction = (team / "标书" / "it_ops.yaml").read_text("utf-8")
    (team / "标书" / "it_ops.yaml").write_text(
        contradiction.replace("resolution: 4小时", "resolution: 10分钟", 1), "utf-8"
    )
    unknown = (team / "标书" / "medical.yaml").read_text("utf-8") + "budget: 100\n"
    (team / "标书" / "medical.yaml").write_text(unknown, "utf-8")
    bad_profiles = _pre_commit(team, env, "bidgen-check", "--all-files")
    assert bad_profiles.returncode == 1, bad_profiles.stdout
    assert "【标书/security.yaml】\n未发现问题。" in bad_profiles.stdout
    assert "标书/it_ops.yaml:" in bad_profiles.stdout and " BG101 " in bad_profiles.stdout
    assert "标书/medical.yaml:" in bad_profiles.stdout
    assert "未知字段“budget”" in bad_profiles.stdout


def _ci_commands() -> list[tuple[str, str]]:
    workflow = _load(CI_EXAMPLE)
    steps = workflow["jobs"]["check"]["steps"]  # type: ignore[index]
    return [
        (step["name"], step["run"])
        for step in steps
        if "run" in step and step.get("id") != "install"
    ]


@pytest.mark.slow
def test_ci_example_runs_unmodified_on_a_team_layout(team: Path, env):
    commands = _ci_commands()
    assert [name for name, _run in commands] == [
        "Check our clause library",
        "Check every tender profile",
        "Build proposals",
    ]
    for name, command in commands:
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", command],
            cwd=team, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, f"{name}:\n{done.stdout}\n{done.stderr}"
    built = sorted(path.suffix for path in (team / "out").iterdir())
    assert built.count(".docx") == 3 and built.count(".pdf") == 3
    # the same steps fail the job when a team clause is broken
    write_clause(team / "条款", "commitment", "team_pledge", FRONT, BAD_CLAUSE)
    library_step = commands[0][1]
    failed = subprocess.run(
        ["bash", "-e", "-c", library_step], cwd=team, env=env, capture_output=True, text=True
    )
    assert failed.returncode == 1 and "::error file=条款/commitment/team_pledge.md" in failed.stdout


def test_check_takes_several_profiles_and_exits_with_the_worst(run_cli, profile_file):
    good = profile_file(MINIMAL_PROFILE, "a.yaml")
    slow = profile_file(
        MINIMAL_PROFILE.replace("resolution: 4小时", "resolution: 30分钟"), "b.yaml"
    )
    broken = profile_file(MINIMAL_PROFILE + "budget: 1\n", "c.yaml")
    both = run_cli("check", str(good), str(slow))
    assert both.code == 1
    assert both.out.startswith("【a.yaml】\n未发现问题。\n【b.yaml】\nb.yaml:")
    assert " BG101 " in both.out and both.err == ""
    worst = run_cli("check", str(slow), str(broken), str(good))
    assert worst.code == 2
    assert worst.err.startswith("【c.yaml】\nc.yaml:") and "未知字段“budget”" in worst.err
    assert "【a.yaml】\n未发现问题。" in worst.out
    clean = run_cli("check", str(good), str(good), "--format", "json")
    assert (clean.code, clean.out) == (0, "[]\n")
    mixed = run_cli("check", str(good), "--library", "x")
    assert mixed.code == 2 and "不能同时指定项目配置文件" in mixed.err
