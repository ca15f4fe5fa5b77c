"""Word-level repairs: line-end hyphens, words glued where a dash was lost."""

from __future__ import annotations

from .runner import EMPTY_CONTEXT, RepairContext


def join_line_end_hyphens(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Resolve ``word-\\nword`` left by reflow (placeholder keeps the hyphen).

    >>> join_line_end_hyphens("middle-\\nground")
    'middle-ground'
    """
    return text.replace("-\n", "-")


def split_glued_words(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Placeholder for splitting ``descriptiveanalytical``.

    >>> split_glued_words("plain words")
    'plain words'
    """
    return text
