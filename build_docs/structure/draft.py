"""The value that ``extract_*`` steps pass along: a paper being filled in.

Each step takes a :class:`Draft` and returns a new one: it moves what it
recognises out of ``paragraphs`` into ``paper`` (a frozen
:class:`~build_docs.model.Paper`), so that every paragraph is consumed by
exactly one step and nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Change, Paper
from ..repair.runner import Paragraph


@dataclass(frozen=True)
class LayoutHints:
    """What the layout stage learned from running headers and page numbers."""

    header_title: str | None = None
    header_authors: tuple[str, ...] = ()
    page_numbers: tuple[tuple[int, int], ...] = ()  # (page index, printed number)
    page_count: int = 1


@dataclass(frozen=True)
class Draft:
    paper: Paper
    paragraphs: tuple[Paragraph, ...]
    hints: LayoutHints = field(default_factory=LayoutHints)

    def with_paper(self, **changes: Any) -> Draft:
        return replace(self, paper=replace(self.paper, **changes))

    def consume(self, used: set[int]) -> Draft:
        """Drop the paragraphs at the given indexes (they went into the paper)."""
        return replace(self, paragraphs=tuple(p for i, p in enumerate(self.paragraphs) if i not in used))

    def record(self, *changes: Change) -> Draft:
        return self.with_paper(repairs=self.paper.repairs + tuple(changes))

    def label(self, *labels: str) -> Draft:
        """Record label text a step turned into structure (for word accounting)."""
        kept = tuple(label for label in labels if label.strip())
        return self.with_paper(labels=self.paper.labels + kept) if kept else self

    def note(self, *warnings: str) -> Draft:
        return self.with_paper(warnings=self.paper.warnings + tuple(warnings))
