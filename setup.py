"""Build hook: ship the clause library, templates and samples inside the wheel.

They live at the top of the repository for clause authors; a wheel (``pip
install`` from git or an index) needs them inside the package, where
``bidgen.core.resources.data_path`` finds them. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA_FOLDERS = ("clauses", "templates", "samples", "data")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return  # an editable install reads the checkout's folders directly
        target = Path(self.build_lib) / "bidgen" / "_data"
        for name in DATA_FOLDERS:
            shutil.copytree(
                name,
                target / name,
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            )


setup(cmdclass={"build_py": BuildWithData})
