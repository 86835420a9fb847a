"""Print the size of each chapter of each sample's proposal (CJK characters).

Clause authors use it to keep every sample within the 25-50 page target:
about 800-900 CJK characters make one printed page of body text.

    python benchmarks/chapter_sizes.py [samples/x.yaml ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bidgen.build import build_document  # noqa: E402
from bidgen.model import Section, numbered_title  # noqa: E402
from bidgen.writers.markdown import _block  # noqa: E402


def cjk(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def section_text(section: Section) -> str:
    parts = [section.title] + [_block(block) for block in section.blocks]
    parts += [section_text(child) for child in section.children]
    return "\n".join(parts)


def main(paths: list[str]) -> None:
    samples = [Path(p) for p in paths] or sorted((ROOT / "samples").glob("*.yaml"))
    for sample in samples:
        doc = build_document(sample).document
        total = 0
        print(f"== {sample.name}")
        for index, section in enumerate(doc.sections, start=1):
            size = cjk(section_text(section))
            total += size
            print(f"  {numbered_title(section, index):<24} {size:6d}")
        print(f"  {'合计':<24} {total:6d}  (≈ {total / 850:.0f} pages of text)")


if __name__ == "__main__":
    main(sys.argv[1:])
