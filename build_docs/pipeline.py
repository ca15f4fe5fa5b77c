"""One paper, bytes to :class:`~build_docs.model.Paper`: the whole data flow.

``ingest.decode`` -> editor corrections -> ``layout.analyse`` -> repair passes
-> ``structure.extract`` -> editor overrides -> illegible list and word
accounting. Pure apart from reading nothing: the caller passes bytes in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import repeat

from . import ingest, layout
from .model import (
    ILLEGIBLE_MARK,
    Author,
    Change,
    Illegible,
    Pages,
    Paper,
)
from .repair import PASSES, Paragraph, build_context, run_passes
from .sidecar import Sidecar
from .structure import Draft, extract
from .structure import references as reference_structure

_WORDS = re.compile(r"\w+")


def apply_corrections(text: str, corrections: tuple[tuple[str, str], ...]) -> tuple[str, list[Change], list[str]]:
    """Apply an editor's find/replace pairs; report the ones that found nothing.

    >>> apply_corrections("teh cat", (("teh", "the"), ("dog", "cat")))[0::2]
    ('the cat', ["correction 'dog' found nothing"])
    """
    changes: list[Change] = []
    unresolved: list[str] = []
    for find, replacement in corrections:
        count = text.count(find)
        if not count:
            unresolved.append(f"correction {find!r} found nothing")
            continue
        line = text[: text.index(find)].count("\n") + 1
        text = text.replace(find, replacement)
        changes.append(Change("editor_correction", find, replacement, f"line {line} ({count}x)"))
    return text, changes, unresolved


def _reference_years(paragraphs: list[Paragraph]) -> dict[str, tuple[str, ...]]:
    finder = getattr(reference_structure, "reference_years", None)
    if finder is None:
        return {}
    try:
        return dict(finder(paragraphs))
    except Exception:  # a helper's heuristics must never stop a paper
        return {}


def _mark_roles(paragraphs: tuple[Paragraph, ...]) -> list[Paragraph]:
    heading = reference_structure.find_reference_heading(paragraphs)
    if heading is None:
        return list(paragraphs)
    return [replace(p, role="reference") if i > heading else p for i, p in enumerate(paragraphs)]


def _illegible(paper: Paper) -> tuple[tuple[str, str], ...]:
    """Every illegible run in the paper's text fields, with where it is."""
    found: list[tuple[str, str]] = []

    def scan(text: str | None, where: str) -> None:
        for match in ILLEGIBLE_MARK.finditer(text or ""):
            found.append((where, match.group(1)))

    scan(paper.title, "title")
    for i, para in enumerate(paper.abstract, 1):
        scan(para, f"abstract ¶{i}")
    for s, section in enumerate(paper.sections, 1):
        label = f"section {section.number or s}"
        scan(section.title, f"{label} heading")
        for b, block in enumerate(section.blocks, 1):
            for text in block.texts():
                scan(text, f"{label} ¶{b}")
    for footnote in paper.footnotes:
        scan(footnote.text, f"footnote {footnote.label}")
    for r, ref in enumerate(paper.references, 1):
        scan(ref.raw, f"reference {r}")
    return tuple(found)


def _all_output_text(paper: Paper) -> list[str]:
    texts = [paper.title or "", paper.doc_type or "", *paper.abstract, *paper.keywords]
    if paper.pages:
        texts.append(f"{paper.pages.first} {paper.pages.last}")
    for author in paper.authors:
        texts += [author.name, author.affiliation or "", author.email or "", author.orcid or ""]
    for section in paper.sections:
        texts += [section.number or "", section.title]
        for block in section.blocks:
            texts += list(block.texts())
            if block.kind == "list" and block.ordered:
                # Item labels became list numbering (1., 2. or a), b)).
                first = 1 if block.start is None else block.start
                labels = range(first, first + len(block.items))
                texts += [chr(ord("a") + n - 1) if block.lettered else str(n) for n in labels]
    texts += [f"{f.label} {f.text}" for f in paper.footnotes]
    texts += [r.raw for r in paper.references]
    # Reference numbers ("1.", "[2]") became the ordered list's numbering.
    texts += [str(n) for n in range(1, len(paper.references) + 1)]
    texts += [c.before for c in paper.repairs]
    texts += list(paper.warnings)
    texts += list(paper.labels)
    return texts


def word_accounting(source: str, paper: Paper) -> tuple[int, int]:
    """``(words in source, words found in output or in recorded changes)``."""
    # Lower-cased whole, then counted in one pass each: this runs on every paper.
    available = Counter(_WORDS.findall("\n".join(_all_output_text(paper)).lower()))
    wanted = Counter(_WORDS.findall(source.lower()))
    # min(wanted, available) per word, with the loops in C (map, not a generator).
    accounted = sum(map(min, wanted.values(), map(available.get, wanted, repeat(0))))
    return sum(wanted.values()), accounted


def _apply_overrides(paper: Paper, sidecar: Sidecar) -> Paper:
    fields = dict(sidecar.fields)
    if not fields:
        return paper
    updates: dict = {}
    for key in ("title", "journal", "volume", "issue", "year", "doi", "pdf_url"):
        if key in fields:
            updates[key] = str(fields[key])
    if "title" in fields:
        updates["title_shortened"] = False
    if "keywords" in fields:
        updates["keywords"] = tuple(fields["keywords"])
    if "pages" in fields:
        first, last = re.split(r"\s*[-–]\s*", fields["pages"])
        updates["pages"] = Pages(int(first), int(last))
    if "authors" in fields:
        updates["authors"] = tuple(
            Author(name=a) if isinstance(a, str) else Author(**a) for a in fields["authors"]
        )
    supplied = tuple(sorted(fields))
    missing = tuple(m for m in paper.missing if m not in supplied)
    return replace(paper, supplied=supplied, missing=missing, **updates)


def process(source: str, data: bytes, sidecar: Sidecar | None = None) -> Paper:
    """Turn one seed's bytes into a Paper (raises ``InputRejected`` for non-papers)."""
    sidecar = sidecar or Sidecar()
    decoded = ingest.decode(data)
    text, corrections, unresolved = apply_corrections(decoded.text, sidecar.corrections)
    laid = layout.analyse(text)
    paragraphs = _mark_roles(laid.paragraphs)
    context = build_context(paragraphs, _reference_years(paragraphs))
    repaired, changes = run_passes(paragraphs, PASSES, context)
    repaired = [p for p in repaired if p.text.strip()]
    paper = Paper(
        source=source,
        encoding=decoded.encoding,
        repairs=tuple(corrections) + laid.removed + tuple(changes),
        warnings=tuple(unresolved),
    )
    draft = extract(Draft(paper, tuple(repaired), laid.hints))
    paper = _apply_overrides(draft.paper, sidecar)
    illegible = tuple(Illegible(where, raw) for where, raw in _illegible(paper))
    if illegible and sum(len(i.raw) for i in illegible) > 0.5 * len(text.strip()):
        paper = replace(paper, warnings=paper.warnings + ("mostly illegible: most of the text failed to decode",))
    paper = replace(paper, illegible=illegible)
    total, accounted = word_accounting(text, paper)
    return replace(paper, words_total=total, words_accounted=accounted)

