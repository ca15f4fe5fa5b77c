"""The paper record (``paper.json``): the model in the published contract's shape.

Field names are a contract other tools read; ``schema/paper.schema.json``
describes them and the tests validate every record against it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from .model import Paper, plain_text

SCHEMA_VERSION = 1


def _plain(text: str | None) -> str | None:
    return None if text is None else plain_text(text)


def paper_record(paper: Paper) -> dict[str, Any]:
    sections = [
        {
            "number": s.number,
            "title": plain_text(s.title),
            "level": s.level,
            "anchor": s.anchor,
            "text": "\n\n".join(plain_text(t) for b in s.blocks for t in b.texts()),
        }
        for s in paper.sections
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "source": paper.source,
        "slug": paper.slug,
        "title": _plain(paper.title),
        "title_shortened": paper.title_shortened,
        "doc_type": paper.doc_type,
        "pages": None if paper.pages is None else {
            "first": paper.pages.first, "last": paper.pages.last, "inferred": paper.pages.inferred},
        "journal": paper.journal,
        "volume": paper.volume,
        "issue": paper.issue,
        "year": paper.year,
        "doi": paper.doi,
        "pdf_url": paper.pdf_url,
        "language": paper.language,
        "encoding": paper.encoding,
        "authors": [
            {"name": a.name, "affiliation": a.affiliation, "email": a.email, "orcid": a.orcid,
             "corresponding": a.corresponding}
            for a in paper.authors
        ],
        "abstract": "\n\n".join(plain_text(p) for p in paper.abstract),
        "keywords": list(paper.keywords),
        "sections": sections,
        "footnotes": [{"label": f.label, "text": plain_text(f.text)} for f in paper.footnotes],
        "references": [
            {"raw": plain_text(r.raw), "authors": list(r.authors), "year": r.year, "title": _plain(r.title),
             "container": _plain(r.container), "volume": r.volume, "issue": r.issue, "pages": r.pages,
             "doi": r.doi, "url": r.url}
            for r in paper.references
        ],
        "citations": [
            {"text": plain_text(c.text), "reference": c.reference, "year": c.year, "locator": c.locator}
            for c in paper.citations
        ],
        "repairs": [{"rule": c.rule, "before": c.before, "after": plain_text(c.after), "location": c.location}
                    for c in paper.repairs],
        "illegible": [{"location": i.location, "raw": i.raw} for i in paper.illegible],
        "supplied_by_editor": list(paper.supplied),
        "not_found": list(paper.missing),
        "warnings": list(paper.warnings),
        "words": {"total": paper.words_total, "accounted": paper.words_accounted},
    }


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the record, shipped inside the package."""
    text = resources.files("build_docs").joinpath("schema/paper.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))
