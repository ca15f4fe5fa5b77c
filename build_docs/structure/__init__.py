"""Structure extraction: an ordered list of ``extract_*`` steps.

Each step takes a :class:`~build_docs.structure.draft.Draft` and returns a new
one, moving what it recognises out of the remaining paragraphs into the
immutable :class:`~build_docs.model.Paper`. To add a step, write
``extract_<thing>(draft) -> Draft`` and put it in :data:`STEPS` where its
inputs are ready.
"""

from __future__ import annotations

from collections.abc import Callable

from .citations import extract_citations
from .draft import Draft, LayoutHints
from .front import extract_abstract, extract_front_matter, extract_keywords
from .references import extract_references
from .sections import extract_footnotes, extract_sections

Step = Callable[[Draft], Draft]

STEPS: tuple[Step, ...] = (
    extract_front_matter,
    extract_abstract,
    extract_keywords,
    extract_references,
    extract_footnotes,
    extract_sections,
    extract_citations,
)


def extract(draft: Draft, steps: tuple[Step, ...] = STEPS) -> Draft:
    for step in steps:
        draft = step(draft)
    return draft


__all__ = ["STEPS", "Draft", "LayoutHints", "extract"]
