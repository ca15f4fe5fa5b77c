"""In-text citations: find them, link each to its reference."""

from __future__ import annotations

from .draft import Draft


def extract_citations(draft: Draft) -> Draft:
    """Placeholder: no citations found yet."""
    return draft
