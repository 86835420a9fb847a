"""Precision, recall and F1 of the promise extractor on the corpus.

Run: .venv/bin/python benchmarks/promise_accuracy.py
A promise counts as correct when its kind, level and value all agree with the
corpus (tests/data/promise_corpus.yaml); mismatches are listed below the totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.promise_corpus import Key, load_corpus, score


def _show(key: Key) -> str:
    kind, level, value = key
    return f"{kind}/{level or '-'}/{value}"


def main() -> int:
    cases = load_corpus()
    matched = expected = found = 0
    mismatches = []
    for case in cases:
        result = score(case, case.extract())
        matched += result.matched
        expected += result.matched + len(result.missing)
        found += result.matched + len(result.extra)
        if result.missing or result.extra:
            mismatches.append((case, result))
    precision = matched / found if found else 1.0
    recall = matched / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"corpus: {len(cases)} cases, {expected} expected promises, {found} extracted")
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    for case, result in mismatches:
        print(f"\n{case.id}: {case.source}")
        for key in result.missing:
            print(f"    missing   {_show(key)}")
        for key in result.extra:
            print(f"    unexpected {_show(key)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
