"""Front matter: document type, page range, title, authors, abstract, keywords."""

from __future__ import annotations

import re

from ..model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Author, Pages
from ..repair import identifiers
from .draft import Draft

DOC_TYPE = re.compile(
    r"^(?:(?:original\s+)?research\s+(?:paper|article)|review\s+(?:paper|article)|original\s+article|"
    r"short\s+communication|case\s+study|editorial|book\s+review|commentary|letter)\.?$",
    re.I,
)
PAGE_RANGE = re.compile(r"^p{1,2}\.?\s*(\d{1,5})\s*[-–—]\s*(\d{1,5})\.?$", re.I)
ABSTRACT_HEAD = re.compile(r"^\s*abstract\s*[:.\-–—]?\s*", re.I)
KEYWORDS_HEAD = re.compile(r"^\s*key\s*-?\s*words?\s*[:.\-–—]\s*", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORCID = re.compile(r"\(?\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b\)?")
CORRESPONDING_LABEL = re.compile(r"corresponding\s+author", re.I)
CORRESPONDING = re.compile(r"\(?\s*corresponding\s+author\s*\)?\.?|\*", re.I)
AFFILIATION_WORDS = re.compile(
    r"\b(?:(?:universit|institut|professor|department|facult|school|college|ph\.?\s?d|student|"
    r"research|cent(?:er|re)|ministr|lecturer|academ)\w*|iran|tehran)\b",
    re.I,
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|[A-Z]\.|(?:al|el|Al|El)-[A-Z][a-z'’]+|[A-Z][a-z]*-[A-Z][a-z'’]+)$")


def looks_like_name(text: str) -> bool:
    """A person's name: two to five capitalised words, nothing else.

    >>> looks_like_name("Zinat Al-Sadat Motahari"), looks_like_name("Farshad Roomi")
    (True, True)
    >>> looks_like_name("Assistant Professor of Political Science"), looks_like_name("Abstract")
    (False, False)
    >>> looks_like_name("Reza Tehrani"), looks_like_name("Tehran University")
    (True, False)
    """
    words = text.strip().rstrip("*,").split()
    if not 2 <= len(words) <= 5 or AFFILIATION_WORDS.search(text):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def _visible(text: str) -> str:
    return re.sub(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}", " ", text)


def _clean_affiliation(text: str) -> tuple[str, bool]:
    corresponding = bool(re.search(r"corresponding\s+author", text, re.I))
    text = EMAIL.sub(" ", text)
    text = ORCID.sub(" ", text)
    text = re.sub(r"\(?\s*corresponding\s+author\s*\)?", " ", text, flags=re.I)
    text = re.sub(r"\s+", " ", text).strip(" .,;")
    text = re.sub(r"\s+([.,;])", r"\1", text)
    return text, corresponding


def _front_end(draft: Draft) -> int:
    """Index of the paragraph where the abstract starts (or where the body starts)."""
    for index, para in enumerate(draft.paragraphs):
        if ABSTRACT_HEAD.match(para.text) and len(para.text) < 40 or para.text.lower().startswith("abstract"):
            return index
        if KEYWORDS_HEAD.match(para.text):
            return index
    return _title_block_end(draft)


def _title_block_end(draft: Draft) -> int:
    """Without an abstract: a title and author block before the first heading
    or long paragraph, recognised by an author name in it; else nothing."""
    from .sections import KNOWN_HEADINGS, NUMBERED_HEADING

    for index, para in enumerate(draft.paragraphs[:12]):
        text = para.text.strip()
        if len(text.split()) > 40 or KNOWN_HEADINGS.match(text) or (index and NUMBERED_HEADING.match(text)):
            names = [p for p in draft.paragraphs[:index] if looks_like_name(p.text)]
            return index if names and not looks_like_name(draft.paragraphs[0].text) else 0
    return 0


def extract_front_matter(draft: Draft) -> Draft:
    """Document type, pages, title and authors from the paragraphs before the abstract."""
    end = _front_end(draft)
    front = draft.paragraphs[:end]
    used: set[int] = set()
    doc_type = pages = None
    title_parts: list[str] = []
    authors: list[dict] = []
    warnings: list[str] = []
    labels: list[str] = []
    for index, para in enumerate(front):
        text = para.text.strip()
        used.add(index)
        labels.extend(CORRESPONDING_LABEL.findall(text))
        if DOC_TYPE.match(text) and doc_type is None:
            doc_type = text.rstrip(".")
            continue
        match = PAGE_RANGE.match(text)
        if match and pages is None:
            pages = Pages(int(match.group(1)), int(match.group(2)))
            labels.append(text)
            continue
        if looks_like_name(text):
            authors.append({"name": text.rstrip("*, "), "corresponding": text.endswith("*"), "rest": []})
            continue
        if not authors:
            title_parts.append(text)
            continue
        authors[-1]["rest"].append(text)
    built: list[Author] = []
    for author in authors:
        rest = " ".join(author["rest"])
        emails = EMAIL.findall(rest)
        orcid = None
        for candidate in ORCID.findall(rest):
            if identifiers.orcid_checksum_ok(candidate):
                orcid = candidate
                break
            warnings.append(f"ORCID {candidate} of {author['name']} fails its check digit and is not published")
        affiliation, corresponding = _clean_affiliation(rest)
        built.append(Author(
            name=author["name"],
            affiliation=affiliation or None,
            email=emails[0] if emails else None,
            orcid=orcid,
            corresponding=author["corresponding"] or corresponding,
        ))
    draft = draft.consume(used)
    changes: dict = {"doc_type": doc_type, "pages": pages}
    title = " ".join(title_parts).strip() or None
    if title:
        changes["title"] = title
    if built:
        changes["authors"] = tuple(built)
    draft = draft.with_paper(**changes).note(*warnings).label(*labels)
    return _fall_back_to_running_header(draft)


def _fall_back_to_running_header(draft: Draft) -> Draft:
    paper, hints = draft.paper, draft.hints
    missing = list(paper.missing)
    warnings = []
    if not paper.title and hints.header_title:
        shortened = hints.header_title.endswith("…")
        draft = draft.with_paper(title=hints.header_title, title_shortened=shortened)
        warnings.append("title taken from the running header" + (" (shortened form)" if shortened else ""))
    elif not paper.title:
        missing.append("title")
    if not paper.authors and hints.header_authors:
        draft = draft.with_paper(authors=tuple(Author(name=n) for n in hints.header_authors))
        warnings.append("authors taken from the running header (no affiliations)")
    elif not paper.authors:
        missing.append("authors")
    if draft.paper.pages is None and hints.page_numbers:
        page_index, printed = hints.page_numbers[0]
        first = printed - (page_index - 1)
        if first >= 1:
            draft = draft.with_paper(pages=Pages(first, first + hints.page_count - 1, inferred=True))
            warnings.append("page range inferred from a printed page number and the page breaks")
    return draft.with_paper(missing=tuple(missing)).note(*warnings)


def extract_abstract(draft: Draft) -> Draft:
    """The abstract: from an ``Abstract`` heading (or lead-in) to the keywords."""
    paras = draft.paragraphs
    start = next((i for i, p in enumerate(paras[:5]) if ABSTRACT_HEAD.match(p.text)
                  and p.text.lower().startswith("abstract")), None)
    if start is None:
        return draft.with_paper(missing=draft.paper.missing + ("abstract",))
    body: list[str] = []
    draft = draft.label(ABSTRACT_HEAD.match(paras[start].text).group(0))  # type: ignore[union-attr]
    lead = ABSTRACT_HEAD.sub("", paras[start].text, count=1).strip()
    if lead:
        body.append(lead)
    end = start + 1
    from .sections import heading_of  # local: sections imports front helpers

    while end < len(paras) and not KEYWORDS_HEAD.match(paras[end].text) and heading_of(paras[end].text) is None:
        body.append(paras[end].text)
        end += 1
    if not body:
        return draft.consume({start}).with_paper(missing=draft.paper.missing + ("abstract",))
    return draft.consume(set(range(start, end))).with_paper(abstract=tuple(body))


def split_keywords(text: str) -> tuple[str, ...]:
    """Keywords split on commas or semicolons, trimmed, final period dropped.

    >>> split_keywords("Keywords: Regional Balance, Conflict Resolution; Balancing, Equilibrium.")
    ('Regional Balance', 'Conflict Resolution', 'Balancing', 'Equilibrium')
    """
    text = KEYWORDS_HEAD.sub("", text, count=1)
    parts = (p.strip().rstrip(".").strip() for p in re.split(r"[;,،]", text))
    return tuple(p for p in parts if p)


def extract_keywords(draft: Draft) -> Draft:
    for index, para in enumerate(draft.paragraphs[:8]):
        if KEYWORDS_HEAD.match(para.text):
            label = KEYWORDS_HEAD.match(para.text).group(0)  # type: ignore[union-attr]
            return draft.consume({index}).with_paper(keywords=split_keywords(para.text)).label(label)
    return draft.with_paper(missing=draft.paper.missing + ("keywords",))
