"""Where bidgen's own data lives: the clause library, templates, samples and data tables (data/).

In a source checkout (and an editable install) these are the top-level folders
``clauses/``, ``templates/`` and ``samples/`` beside the package, where clause
authors edit them. A built wheel carries copies inside the package under
``bidgen/_data/`` (see ``setup.py``), so ``pip install`` gives a complete tool.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # bidgen/, above core/
_BUNDLED = PACKAGE / "_data"


def data_path(*parts: str) -> Path:
    """A path below the data root: the bundled copy when installed, else the checkout."""
    root = _BUNDLED if _BUNDLED.is_dir() else PACKAGE.parent
    return root.joinpath(*parts)
