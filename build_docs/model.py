"""The document model: immutable dataclasses that every later stage reads.

A paper is metadata, abstract paragraphs, body sections made of blocks,
footnotes, a bibliography, and citation spans that point into block text by
character offsets (the s2orc / papermage shape). Nothing here mutates: each
``extract_*`` step returns a new :class:`Paper` via :func:`dataclasses.replace`.

Inline markers live in the text as private-use code points so that every
stage can carry them without a side table:

* ``ILLEGIBLE_OPEN + raw + ILLEGIBLE_CLOSE`` stands where a run of glyphs that
  failed to decode was, carrying the raw run with it;
* ``FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE`` stands where a footnote marker was.

:func:`plain_text` turns them into readable plain text for the JSON record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ILLEGIBLE_OPEN = "\ue000"
ILLEGIBLE_CLOSE = "\ue001"
FOOTNOTE_OPEN = "\ue002"
FOOTNOTE_CLOSE = "\ue003"
MARKER_CHARS = ILLEGIBLE_OPEN + ILLEGIBLE_CLOSE + FOOTNOTE_OPEN + FOOTNOTE_CLOSE

ILLEGIBLE_MARK = re.compile(f"{ILLEGIBLE_OPEN}([^{ILLEGIBLE_CLOSE}]*){ILLEGIBLE_CLOSE}")
FOOTNOTE_MARK = re.compile(f"{FOOTNOTE_OPEN}([^{FOOTNOTE_CLOSE}]*){FOOTNOTE_CLOSE}")

#: How an illegible passage reads in plain text (JSON ``text`` fields, search).
ILLEGIBLE_PLAIN = "[illegible]"


def plain_text(text: str) -> str:
    """Replace inline markers with their plain-text reading.

    >>> plain_text("a \\ue000DDD\\ue001 b\\ue0021\\ue003.")
    'a [illegible] b[1].'
    """
    text = ILLEGIBLE_MARK.sub(ILLEGIBLE_PLAIN, text)
    return FOOTNOTE_MARK.sub(lambda m: f"[{m.group(1)}]", text)


@dataclass(frozen=True)
class Change:
    """One recorded edit: which rule, what was there, what replaced it, where."""

    rule: str
    before: str
    after: str
    location: str


@dataclass(frozen=True)
class Illegible:
    """A run of glyphs that failed to decode, kept verbatim for the record."""

    location: str
    raw: str


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None
    email: str | None = None
    orcid: str | None = None
    corresponding: bool = False


@dataclass(frozen=True)
class Pages:
    first: int
    last: int | None = None
    inferred: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list whose items are paragraphs."""

    kind: str  # "paragraph" | "list"
    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    start: int | None = None  # first number of an ordered list
    lettered: bool = False  # a), b), c) items

    def texts(self) -> tuple[str, ...]:
        return self.items if self.kind == "list" else (self.text,)


@dataclass(frozen=True)
class Section:
    number: str | None
    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    anchor: str = ""


@dataclass(frozen=True)
class Footnote:
    label: str
    text: str


@dataclass(frozen=True)
class Reference:
    raw: str
    authors: tuple[str, ...] = ()
    year: str | None = None
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Citation:
    """An in-text citation: its text, the reference it links to, and where.

    ``where`` is ``(section_index, block_index, item_index)``; section index
    -1 is the abstract. ``start``/``end`` are offsets into that text.
    """

    text: str
    reference: int | None
    where: tuple[int, int, int] = (0, 0, 0)
    start: int = 0
    end: int = 0
    surnames: tuple[str, ...] = ()
    year: str | None = None
    locator: str | None = None


@dataclass(frozen=True)
class Paper:
    source: str
    slug: str = ""
    title: str | None = None
    title_shortened: bool = False
    doc_type: str | None = None
    pages: Pages | None = None
    authors: tuple[Author, ...] = ()
    abstract: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    citations: tuple[Citation, ...] = ()
    repairs: tuple[Change, ...] = ()
    illegible: tuple[Illegible, ...] = ()
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    year: str | None = None
    doi: str | None = None
    pdf_url: str | None = None
    language: str = "en"
    encoding: str = "utf-8"
    #: Fields an editor supplied through the sidecar.
    supplied: tuple[str, ...] = ()
    #: Fields the extractor looked for and did not find.
    missing: tuple[str, ...] = ()
    #: Things a reader or editor should know (uncertain readings, ...).
    warnings: tuple[str, ...] = ()
    #: Words of the source that are in the output or accounted for by changes.
    words_total: int = 0
    words_accounted: int = 0
    #: Structural labels the extractor consumed ("Abstract", "Keywords:",
    #: "PP.", "(Corresponding author)"): they became structure, not text.
    labels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The paper record (``paper.json``), as described by the JSON Schema."""
        from .record import paper_record

        return paper_record(self)

