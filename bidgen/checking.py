"""``bidgen check`` of one profile: its findings, remembered while its inputs stay the same.

A check reads the profile, the spreadsheets it names, every file of the clause
libraries and the industry files, and lists their folders; its findings depend
on nothing else but bidgen's code and the packages it runs on (no clock, no
environment), and on the working folder, which findings name files relative to.
Checking again what has not changed is the common case (a pre-commit hook over a
folder of profiles, a CI job, checking before and after an unrelated edit), so
the findings are kept in a memo (:mod:`bidgen.core.memo`) with the digest of
every file read and the names in every folder listed; the next check reads
those files again and uses the findings only if every digest and listing is
the same. A check that fails on bad input raises and stores nothing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bidgen.core.files import recording
from bidgen.core.memo import PIPELINE, memo_of

if TYPE_CHECKING:
    from bidgen.validate.findings import Finding
    from bidgen.validate.registry import Rule

# Variants of one profile's check kept (other rule selections, other working folders).
MEMO_ENTRIES = 8


def check_profile(profile: Path, clauses: Path | None, rules: Sequence[Rule]) -> list[Finding]:
    """The findings of ``rules`` on the proposal built from ``profile``."""
    memo = memo_of("check", profile, PIPELINE, MEMO_ENTRIES)
    key = (
        os.path.abspath(profile),
        os.path.abspath(clauses) if clauses is not None else None,
        tuple(rule.code for rule in rules),
        os.getcwd(),
    )
    remembered = memo.recall(key)
    if remembered is not None:
        return list(remembered)
    with recording() as inputs:
        findings = _fresh(profile, clauses, rules)
    memo.remember(key, inputs, tuple(findings))
    return findings


def _fresh(profile: Path, clauses: Path | None, rules: Sequence[Rule]) -> list[Finding]:
    # The pipeline is imported only when the findings must be computed: it is most
    # of a check's start-up (profile models, templates, Markdown).
    from bidgen.build import build_document
    from bidgen.validate.runner import check_document

    built = build_document(profile, clauses)
    return check_document(built.document, built.loaded, rules)
