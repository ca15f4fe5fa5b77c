"""The pipeline against hand-made gold files, one per seed (``tests/gold/<stem>.json``).

Each gold file was written by reading the seed (see its ``notes``). Every field
is compared exactly. A field we cannot get yet is listed in :data:`XFAIL` with
its reason; the mark is strict, so fixing it makes the test fail until the
entry is removed.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from build_docs import pipeline
from build_docs.model import Paper, plain_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests" / "gold").glob("[0-9][0-9][0-9]_*.json"))

FIELDS = ("title", "title_shortened", "doc_type", "pages", "authors", "affiliations", "emails",
          "orcids", "corresponding", "keywords", "abstract", "sections", "references",
          "citations", "footnotes", "lists", "missing")

#: (seed prefix, field) -> why we cannot get it yet.
XFAIL: dict[tuple[str, str], str] = {}


@cache
def processed(stem: str) -> Paper:
    seed = ROOT / "seeds" / f"{stem}.txt"
    return pipeline.process(stem, seed.read_bytes())


def _norm(text: str | None) -> str | None:
    return None if text is None else re.sub(r"\s+", " ", plain_text(text)).strip()


def surname_of(raw: str) -> str:
    """The first author's surname as printed at the start of a reference entry."""
    head = re.sub(r"^[-–•*]\s*", "", raw.strip())
    return re.split(r"\s*[,(]", head, maxsplit=1)[0].strip()


def actual(paper: Paper, field: str, gold: dict[str, Any]) -> Any:
    """The pipeline's value of ``field``, in the gold file's shape."""
    if field in ("title", "doc_type"):
        return _norm(getattr(paper, field))
    if field == "title_shortened":
        return paper.title_shortened
    if field == "pages":
        p = paper.pages
        return None if p is None else {"first": p.first, "last": p.last, "inferred": p.inferred}
    if field == "authors":
        return [a.name for a in paper.authors]
    if field in ("affiliations", "emails", "orcids", "corresponding"):
        attr = {"affiliations": "affiliation", "emails": "email", "orcids": "orcid"}.get(field, field)
        return [getattr(a, attr) for a in paper.authors]
    if field == "keywords":
        return list(paper.keywords)
    if field == "abstract":
        text = " ".join(_norm(p) or "" for p in paper.abstract)
        want = gold["abstract"]
        return {"paragraphs": len(paper.abstract),
                "first_words": want["first_words"] if text.startswith(want["first_words"]) else text[:80],
                "last_words": want["last_words"] if text.endswith(want["last_words"]) else text[-80:]}
    if field == "sections":
        return [{"number": s.number, "title": _norm(s.title), "level": s.level} for s in paper.sections]
    if field == "references":
        return len(paper.references)
    if field == "citations":
        return [citation_link(paper, c["contains"]) for c in gold["citations"]]
    if field == "footnotes":
        return [{"label": f.label, "text": _norm(f.text)} for f in paper.footnotes]
    if field == "lists":
        return paper_lists(paper)
    if field == "missing":
        return sorted(paper.missing)
    raise KeyError(field)


def expected(field: str, gold: dict[str, Any]) -> Any:
    if field == "authors":
        return [a["name"] for a in gold["authors"]]
    if field in ("affiliations", "emails", "orcids", "corresponding"):
        attr = {"affiliations": "affiliation", "emails": "email", "orcids": "orcid"}.get(field, field)
        return [a[attr] for a in gold["authors"]]
    if field == "sections":
        return [{k: s[k] for k in ("number", "title", "level")} for s in gold["sections"]]
    if field == "citations":
        return [{"contains": c["contains"], "surname": c["surname"], "year": c["year"]} for c in gold["citations"]]
    if field == "missing":
        return sorted(gold["missing"])
    if field == "lists":
        return gold.get("lists", [])
    return gold[field]


def citation_link(paper: Paper, contains: str) -> dict[str, Any]:
    """What the first citation whose text contains ``contains`` links to."""
    for citation in paper.citations:
        if contains in plain_text(citation.text):
            if citation.reference is None:
                return {"contains": contains, "surname": None, "year": None}
            ref = paper.references[citation.reference]
            return {"contains": contains, "surname": surname_of(ref.raw), "year": ref.year}
    return {"contains": contains, "surname": "<citation not found>", "year": None}


def paper_lists(paper: Paper) -> list[dict[str, Any]]:
    found = []
    for section in paper.sections:
        for block in section.blocks:
            if block.kind != "list" or len(block.items) < 2:
                continue
            kind = "lettered" if block.lettered else "ordered" if block.ordered else "bullet"
            entry: dict[str, Any] = {"section": section.number}
            if section.number is None:
                entry["title"] = _norm(section.title)
            entry.update(kind=kind, items=len(block.items))
            found.append(entry)
    return found


def _cases() -> list[Any]:
    cases = []
    for path in GOLD:
        prefix = path.name[:3]
        for field in FIELDS:
            reason = XFAIL.get((prefix, field))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(path, field, marks=marks, id=f"{prefix}-{field}"))
    return cases


@pytest.mark.parametrize(("gold_path", "field"), _cases())
def test_gold_field(gold_path: Path, field: str) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    paper = processed(Path(gold["seed"]).stem)
    assert actual(paper, field, gold) == expected(field, gold)


def test_gold_files_cover_every_seed() -> None:
    seeds = {p.stem for p in (ROOT / "seeds").glob("*.txt")}
    assert seeds <= {p.stem for p in GOLD}, "write a gold file for every seed"


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name[:3])
def test_gold_section_lines_point_at_headings(gold_path: Path) -> None:
    """The gold's own line numbers are right (the variant generator relies on them)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    lines = (ROOT / gold["seed"]).read_text(encoding="utf-8").split("\n")
    for section in gold["sections"]:
        line = lines[section["line"] - 1].strip()
        head = section["number"] or section["title"].split()[0]
        assert line.startswith(head) or section["number"] == "7" and line.startswith("v."), line


def test_orcid_placeholder_is_reported() -> None:
    paper = processed("000_11d23db24c72f3b4")
    assert any("0000-0000-0000-0000" in w and "check digit" in w for w in paper.warnings)


def test_lookalike_heading_number_is_reported() -> None:
    paper = processed("000_11d23db24c72f3b4")
    assert any("look-alike" in w and "'v'" in w for w in paper.warnings)


def test_shortened_title_is_reported() -> None:
    paper = processed("004_b837155f77e040bd")
    assert any("running header" in w for w in paper.warnings)
