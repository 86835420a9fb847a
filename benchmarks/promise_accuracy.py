"""Precision and recall of the promise reader by kind, and recall of contradictions.

Run: .venv/bin/python benchmarks/promise_accuracy.py
A promise counts as correct when its kind, level and value all agree with the
corpus (tests/data/promise_corpus.yaml and promise_styles.yaml, variants included);
a contradiction counts as found when a finding of its code cites its quotes
(tests/data/contradictions.yaml). Mismatches are listed below the totals.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.contradiction_corpus import judge, load_documents
from tests.promise_corpus import Case, Key, Score, load_corpus, score


def _show(key: Key) -> str:
    kind, level, value = key
    return f"{kind}/{level or '-'}/{value}"


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "  -   "


def _by_kind(results: list[tuple[Case, Score]]) -> None:
    matched: Counter[str] = Counter()
    wanted: Counter[str] = Counter()
    got: Counter[str] = Counter()
    for case, result in results:
        for kind, _level, _value in case.expected:
            wanted[kind] += 1
        for kind, _level, _value in result.extra:
            got[kind] += 1
        for kind, _level, _value in result.missing:
            wanted[kind] += 0
    for case, result in results:
        found = Counter(k for k, _l, _v in case.expected) - Counter(
            k for k, _l, _v in result.missing
        )
        matched.update(found)
    got.update(matched)
    print(f"\n{'kind':22} {'expected':>8} {'found':>6} {'precision':>9} {'recall':>7}")
    for kind in sorted(set(wanted) | set(got)):
        print(
            f"{kind:22} {wanted[kind]:8} {got[kind]:6} "
            f"{_ratio(matched[kind], got[kind]):>9} {_ratio(matched[kind], wanted[kind]):>7}"
        )


def promises() -> list[tuple[Case, Score]]:
    cases = load_corpus()
    results = [(case, score(case, case.extract())) for case in cases]
    matched = sum(r.matched for _c, r in results)
    expected = matched + sum(len(r.missing) for _c, r in results)
    found = matched + sum(len(r.extra) for _c, r in results)
    variants = sum(1 for case in cases if case.variant)
    industries = len({case.industry for case in cases if case.industry})
    print(
        f"promises: {len(cases)} cases ({variants} derived variants, {industries} industries), "
        f"{expected} expected, {found} extracted"
    )
    print(f"precision {_ratio(matched, found)}  recall {_ratio(matched, expected)}")
    _by_kind(results)
    return results


def contradictions() -> list[str]:
    documents = load_documents()
    found = expected = false = 0
    lines = []
    for document in documents:
        result = judge(document, document.findings())
        found += result.found
        expected += len(document.expected)
        false += len(result.extra)
        for item in result.missing:
            lines.append(f"{document.id}: missing {item.code} {list(item.quotes)}")
        for finding in result.extra:
            lines.append(f"{document.id}: unexpected {finding.code} {finding.message}")
    quiet = sum(1 for d in documents if not d.expected)
    print(
        f"\ncontradictions: {len(documents)} documents ({quiet} that must stay quiet), "
        f"{expected} expected findings, {found} found: recall {_ratio(found, expected)}, "
        f"{false} unexpected findings"
    )
    return lines


def main() -> int:
    results = promises()
    lines = contradictions()
    for case, result in results:
        if result.missing or result.extra:
            print(f"\n{case.id}: {case.source}")
            for key in result.missing:
                print(f"    missing   {_show(key)}")
            for key in result.extra:
                print(f"    unexpected {_show(key)}")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
