"""Shell completion (click's): the bash script really completes in bash; zsh gets its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """``bidgen`` on PATH, running this checkout."""
    script = tmp_path / "bidgen"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from bidgen.cli.main import main\nmain()\n",
        "utf-8",
    )
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}


def _complete_in_bash(env: dict[str, str], *words: str) -> list[str]:
    program = (
        'eval "$(_BIDGEN_COMPLETE=bash_source bidgen)"\n'
        f"COMP_WORDS=({' '.join(words)}); COMP_CWORD={len(words) - 1}\n"
        '_bidgen_completion bidgen\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_options_and_choices(env):
    assert _complete_in_bash(env, "bidgen", "pre") == ["preview"]
    assert _complete_in_bash(env, "bidgen", "sch") == ["schema"]
    assert _complete_in_bash(env, "bidgen", "check", "--form") == ["--format"]
    assert _complete_in_bash(env, "bidgen", "check", "--format", "'g'") == ["github"]


def test_zsh_script_is_generated(env):
    done = subprocess.run(
        ["bidgen"], env={**env, "_BIDGEN_COMPLETE": "zsh_source"}, capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("#compdef bidgen\n") and "_bidgen_completion" in done.stdout
