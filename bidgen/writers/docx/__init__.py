"""DOCX writer: the proposal as a Word document in the house style of a template.

Layered as python-docx is: the modules here are semantic (named styles from
the reference template, roles per block, what Word numbers and what is
typed); every raw XML edit goes through :mod:`bidgen.writers.ooxml`.

- :mod:`.document`: :func:`render_docx`, the body (TOC, sections, signature);
- :mod:`.template`: the reference template, its cover tags and core properties;
- :mod:`.styles`: style roles and their ids in the template;
- :mod:`.house`: the house style a template sets, and the build's laid over it;
- :mod:`.lists`: outline numbering and lists;
- :mod:`.toc` and :mod:`.pages`: TOC entries and their estimated pages;
- :mod:`.tables`: tables and their column widths;
- :mod:`.text`: strings XML can hold and runs with emphasis.
"""

from __future__ import annotations

from bidgen.writers.docx.document import render_docx
from bidgen.writers.docx.lists import word_counts_match
from bidgen.writers.docx.template import TEMPLATE, template_problems

__all__ = ["TEMPLATE", "render_docx", "template_problems", "word_counts_match"]
