"""The reference list: find it, split it into entries, parse each entry."""

from __future__ import annotations

import re

from ..model import Reference
from ..repair.runner import Paragraph
from .draft import Draft

REFERENCES_HEADING = re.compile(r"^\s*(references|bibliography|works cited|sources|literature cited)\s*:?\s*$", re.I)


def find_reference_heading(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> int | None:
    """Index of the last paragraph that is a reference-list heading.

    >>> find_reference_heading([Paragraph("Intro", 1), Paragraph("References", 9), Paragraph("- A (2001). T.", 10)])
    1
    """
    found = None
    for index, para in enumerate(paragraphs):
        if REFERENCES_HEADING.match(para.text):
            found = index
    return found


def parse_reference(raw: str) -> Reference:
    """Parse one entry (placeholder: keeps the raw text)."""
    return Reference(raw=raw)


def extract_references(draft: Draft) -> Draft:
    """Move the reference list out of the body into ``paper.references``."""
    heading = find_reference_heading(draft.paragraphs)
    if heading is None:
        return draft.with_paper(missing=draft.paper.missing + ("references",))
    entries = [p.text.lstrip("-•* ").strip() for p in draft.paragraphs[heading + 1:] if p.text.strip()]
    refs = tuple(parse_reference(e) for e in entries)
    used = set(range(heading, len(draft.paragraphs)))
    return draft.consume(used).with_paper(references=refs)
