"""In-text citations: find them, link each to its reference.

Forms found (author-date, as these journals write them)::

    (Salimi and Ebrahimi, 2014/1393: 19)          parenthetical, locator
    (Jamshidi, 1386 SH/2008: 64)                   Solar Hijri year first
    (Dehghani Firouzabadi, Neoclassical ..., 2011/1390: 277)   title inside
    (Pape, 2005: 23; Knights, 2017)                several in one pair
    (Smith et al., 2001, p. 4)                     et al., page prefix
    John Mearsheimer (2003: 13), Walt (2005)       narrative

Linking compares normalised surnames with rapidfuzz (so ``HajiYousefi``,
``Haji-Yousefi`` and ``Hajiyousefi`` agree) and years on either side of ``/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from rapidfuzz import fuzz

from ..model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Block, Change, Citation, Reference
from .draft import Draft
from .references import reference_surnames, surname_key

_MARK = f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]{{0,60}}{ILLEGIBLE_CLOSE}"
#: One side of a year, possibly garbled: digits, ``?``, look-alike letters, illegible runs.
_YEAR_SIDE = rf"(?:[\d?OolI]|{_MARK}){{3,9}}[a-z]?(?:\s*SH)?"
YEAR_TEXT = rf"(?:{_YEAR_SIDE}(?:\s*/\s*{_YEAR_SIDE})?|n\.\s?d\.?|forthcoming|in press)"
_CLEAN_YEAR = re.compile(r"^(?:\d{4}[a-z]?(?:\s*SH)?(?:\s*/\s*\d{4}[a-z]?(?:\s*SH)?)?|n\.\s?d\.?|forthcoming|in press)$")
_PLAUSIBLE = re.compile(r"^(?:1[3-9]\d\d|20\d\d)")
LOCATOR = r"(?:(?:pp?\.|ch\.|chap\.|para\.)\s*)?\d+(?:\s*[-–]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–]\s*\d+)?)*"
_YEAR_PIECE = re.compile(rf"^(?P<pre>.*?)\s*(?P<year>{YEAR_TEXT})\s*(?::\s*(?P<loc>{LOCATOR}))?\s*$")
_LOCATOR_PIECE = re.compile(rf"^\s*(?P<loc>{LOCATOR})\s*$")
_PREFIX = re.compile(r"^\s*(?:see also|see|cf\.|e\.\s?g\.,?|i\.\s?e\.,?|for example,?|quoted in|as cited in|cited in)\s+", re.I)
_PARTICLE = r"(?:al|el|de|da|van|von|der|bin|ibn|ul|di|du|la|le)"
_NAME_WORD = re.compile(rf"^(?:{_PARTICLE}[-\s])?[A-Z\u00C0-\u00DE][\w'’\u00C0-\u024F]*(?:-[\w'’\u00C0-\u024F]+)*\.?$|^{_PARTICLE}$")
_ET_AL = re.compile(r"\s*,?\s*\bet\.?\s+al\.?\s*$")
_NARRATIVE_NAME = rf"(?:{_PARTICLE}-)?[A-Z][a-z\u00C0-\u024F'’]+(?:-[A-Z]?[a-z\u00C0-\u024F'’]+)*"
_NARRATIVE = re.compile(
    rf"(?<![\w-])(?P<names>{_NARRATIVE_NAME}"
    rf"(?:(?:\s*,\s*{_NARRATIVE_NAME})*\s*,?\s+(?:and|&)\s+{_NARRATIVE_NAME})?"
    rf"(?P<etal>\s+et\.?\s+al\.?)?)(?:'s|’s)?\s*\(\s*(?P<year>{YEAR_TEXT})"
    rf"(?:\s*[:,]\s*(?P<loc>{LOCATOR}))?\s*\)"
)
#: What every narrative citation holds: a bracket opening on a year. Far
#: cheaper to search for than _NARRATIVE, which tries every capitalised word.
_BRACKETED_YEAR = re.compile(rf"\(\s*(?:{YEAR_TEXT})")
#: Capitalised words that are not surnames before a bracketed year.
STOPWORDS = frozenset([
    "a", "an", "the", "in", "on", "at", "by", "of", "for", "from", "to", "since", "until", "till",
    "during", "before", "after", "about", "around", "circa", "ca", "and", "or", "but", "this",
    "that", "these", "those", "his", "her", "their", "its", "our", "my", "your", "as", "when",
    "while", "where", "which", "who", "whom", "whose", "then", "than", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "spring", "summer", "autumn", "fall", "winter", "year", "years", "see", "also", "cf",
    "ed", "eds", "vol", "no",
])
_FUZZ_MIN = 85.0


@dataclass(frozen=True)
class FoundCitation:
    """One in-text citation found in a text, with offsets into that text."""

    text: str
    start: int
    end: int
    surnames: tuple[str, ...]
    year: str | None
    locator: str | None = None
    narrative: bool = False
    et_al: bool = False
    title: str | None = None
    #: Offsets of the year inside the text (for repairing a garbled year).
    year_start: int = 0
    year_end: int = 0


# -- finding -------------------------------------------------------------------

def _split_with_offsets(text: str, sep: str, base: int) -> list[tuple[str, int]]:
    parts, start = [], 0
    for index, char in enumerate(text):
        if char == sep:
            parts.append((text[start:index], base + start))
            start = index + 1
    parts.append((text[start:], base + start))
    return parts


def _name_group(piece: str) -> tuple[list[str], bool] | None:
    """Surnames of a ``Smith and Jones`` / ``Smith et al.`` piece, or None if not names."""
    piece = piece.strip()
    et_al = bool(_ET_AL.search(piece))
    piece = _ET_AL.sub("", piece)
    if not piece or "'s " in piece or "’s " in piece or piece.endswith(("'s", "’s")):
        return None
    names = [n.strip() for n in re.split(r"\s+(?:and|&)\s+|\s*&\s*", piece) if n.strip()]
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return None
        if words[0].lower().rstrip(".") in STOPWORDS:
            return None
    return names, et_al


def _is_year(text: str) -> bool:
    text = text.strip()
    if not re.fullmatch(YEAR_TEXT, text):
        return False
    if _CLEAN_YEAR.match(text):
        return text[:1].isalpha() or any(_PLAUSIBLE.match(side.strip()) for side in text.split("/"))
    return sum(c.isdigit() for c in re.sub(_MARK, "", text)) >= 2 or ILLEGIBLE_OPEN in text


def _parse_part(part: str, offset: int) -> FoundCitation | None:
    """One ``;``-separated part of a bracket: names[, title], year[: locator]."""
    prefix = _PREFIX.match(part)
    if prefix:
        offset, part = offset + prefix.end(), part[prefix.end():]
    lead = len(part) - len(part.lstrip())
    offset, part = offset + lead, part.strip()
    pieces = _split_with_offsets(part, ",", 0)
    year_index = None
    match = None
    for index, (piece, _) in enumerate(pieces):
        match = _YEAR_PIECE.match(piece)
        if match and _is_year(match.group("year")):
            year_index = index
            break
    if year_index is None or match is None:
        return None
    year_offset = pieces[year_index][1] + match.start("year")
    name_pieces = [p for p, _ in pieces[:year_index]]
    if match.group("pre").strip():
        name_pieces.append(match.group("pre"))
    if not name_pieces:
        return None
    locator = match.group("loc")
    end = pieces[year_index][1] + len(pieces[year_index][0].rstrip())
    for piece, piece_start in pieces[year_index + 1:]:
        loc = _LOCATOR_PIECE.match(piece)
        if not loc or locator:
            break
        locator = loc.group("loc")
        end = piece_start + len(piece.rstrip())
    first = _name_group(name_pieces[0])
    if first is None:
        return None
    surnames, et_al = first
    title = None
    for piece in name_pieces[1:]:
        more = _name_group(piece)
        if more is not None and title is None and len(piece.split()) <= 5:
            surnames += more[0]
            et_al = et_al or more[1]
        elif title is None and re.search("[A-Za-z]{2}", piece):
            title = piece.strip()
        else:
            return None
    return FoundCitation(
        text=part[:end].strip(), start=offset, end=offset + end, surnames=_clean_names(surnames),
        year=_clean_year(match.group("year")),
        locator=re.sub(r"\s+", " ", locator.strip()) if locator else None, et_al=et_al, title=title,
        year_start=offset + year_offset, year_end=offset + year_offset + len(match.group("year")),
    )


def _clean_year(year: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*/\s*", "/", year.strip()))


def _clean_names(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", n).strip() for n in names)


def find_citations(text: str) -> list[FoundCitation]:
    """All author-date citations in ``text``, in order of their start.

    >>> [(c.text, c.surnames, c.year, c.locator) for c in find_citations("as shown (Brooks and Wohlforth, 2005: 86-88).")]
    [('(Brooks and Wohlforth, 2005: 86-88)', ('Brooks', 'Wohlforth'), '2005', '86-88')]
    >>> [(c.surnames, c.year, c.narrative) for c in find_citations("John Mearsheimer (2003: 13) argues")]
    [(('Mearsheimer',), '2003', True)]
    """
    found: list[FoundCitation] = []
    for bracket in re.finditer(r"\(([^()]*)\)", text):
        inner, base = bracket.group(1), bracket.start(1)
        parts = [(p, s) for p, s in _split_with_offsets(inner, ";", base) if p.strip()]
        hits = [hit for hit in (_parse_part(p, s) for p, s in parts) if hit is not None]
        if len(parts) == 1 and len(hits) == 1 and not text[hits[0].end:bracket.end(1)].strip(" .,"):
            hit = hits[0]
            start = bracket.start() if not text[bracket.start(1):hit.start].strip() else hit.start
            hits = [replace(hit, start=start, end=bracket.end(), text=text[start:bracket.end()])]
        found.extend(hits)
    for match in _NARRATIVE.finditer(text) if _BRACKETED_YEAR.search(text) else ():
        names = re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", _ET_AL.sub("", match.group("names")).strip())
        names = [n for n in names if n]
        if not names or names[0].lower() in STOPWORDS or not _is_year(match.group("year")):
            continue
        found.append(FoundCitation(
            text=match.group(), start=match.start(), end=match.end(), surnames=_clean_names(names),
            year=_clean_year(match.group("year")), locator=match.group("loc"),
            narrative=True, et_al=bool(match.group("etal")),
            year_start=match.start("year"), year_end=match.end("year"),
        ))
    return sorted(found, key=lambda c: c.start)


# -- linking ---------------------------------------------------------------------

def year_sides(year: str | None) -> set[str]:
    """The four-digit years of a year text (either side of ``/``, ``SH`` ignored).

    >>> sorted(year_sides("1386 SH/2008"))
    ['1386', '2008']
    """
    return set(re.findall(r"(?<!\d)\d{4}(?!\d)", year or ""))


def is_garbled_year(year: str | None) -> bool:
    """A year that is missing or not a clean year (``20?5``, an illegible run)."""
    return year is None or not _CLEAN_YEAR.match(year.strip())


@lru_cache(maxsize=8192)
def _reference_keys(ref: Reference) -> tuple[tuple[str, ...], ...]:
    """For each author of ``ref``: normalised forms the author may be cited by."""
    surnames = reference_surnames(ref)
    keys = []
    for index, surname in enumerate(surnames):
        forms = {surname_key(surname)}
        words = surname.split()
        forms.add(surname_key(words[-1]))
        if index < len(ref.authors):
            display = ref.authors[index].split()
            for k in (2, 3):
                if len(display) > k:
                    forms.add(surname_key(" ".join(display[-k:])))
        keys.append(tuple(f for f in forms if f))
    return tuple(keys)


@lru_cache(maxsize=65536)
def _surname_score(cited: str, forms: Sequence[str]) -> float:
    key = surname_key(cited)
    last = surname_key(cited.split()[-1]) if cited.split() else key
    best = 0.0
    for form in forms:
        for candidate in {key, last}:
            if not candidate:
                continue
            score = 100.0 if candidate == form else fuzz.ratio(candidate, form)
            if candidate == last and candidate != key:
                score -= 5  # a multi-word name matched on its last word only
            best = max(best, score)
    return best


def _link(surnames: Sequence[str], year: str | None, references: Sequence[Reference],
          reference_keys: Sequence[tuple[tuple[str, ...], ...]] | None = None) -> tuple[int | None, str]:
    """``(index, how)``: how is "year", "surname-only", "ambiguous" or "none".

    ``reference_keys`` are the references' :func:`_reference_keys`, when the
    caller links many citations against the same list.
    """
    if not surnames:
        return None, "none"
    if reference_keys is None:
        reference_keys = [_reference_keys(ref) for ref in references]
    scored: list[tuple[float, int]] = []
    for index, keys in enumerate(reference_keys):
        if not keys:
            continue
        score = _surname_score(surnames[0], keys[0])
        if score < _FUZZ_MIN:
            continue
        if len(surnames) > 1 and len(keys) > 1:
            score += 0.1 * _surname_score(surnames[1], keys[1])
        if len(surnames) == len(keys):
            score += 1
        scored.append((score, index))
    if not scored:
        return None, "none"
    cited = year_sides(year)
    same_year = [(s, i) for s, i in scored if cited & year_sides(references[i].year)]
    if cited and same_year:
        suffix = re.search(r"\d{4}([a-z])", year or "")
        if suffix:
            lettered = [(s, i) for s, i in same_year if suffix.group(1) in re.findall(r"\d{4}([a-z])", references[i].year or "")]
            same_year = lettered or same_year
        same_year.sort(key=lambda si: (-si[0], si[1]))
        return same_year[0][1], "year"
    if not is_garbled_year(year):
        return None, "none"
    if len(scored) == 1:
        return scored[0][1], "surname-only"
    # Several works by the author: pick the one whose year reads most like the garbled one.
    garbled = re.sub(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}", "?", year or "")
    ranked = sorted(((fuzz.ratio(garbled, references[i].year or ""), i) for _, i in scored), reverse=True)
    if garbled and ranked[0][0] >= 60 and ranked[0][0] > ranked[1][0]:
        return ranked[0][1], "surname-only"
    return None, "ambiguous"


def link_citation(surnames: Sequence[str], year: str | None, references: Sequence[Reference]) -> int | None:
    """Index of the reference a citation points to, or None.

    Surnames are compared normalised and fuzzily; years on either side of
    ``/`` with ``SH`` ignored. A missing or garbled year still links when the
    surname matches exactly one reference (or one year reads closest).

    >>> refs = [Reference("x", ("Amirmohamad Hajiyousefi",), "2002/1381"), Reference("y", ("Ali Adami",), "2015/1394")]
    >>> link_citation(["Haji-Yousefi"], "1381 SH/2002", refs), link_citation(["Adami"], "20?5", refs)
    (0, 1)
    """
    return _link(surnames, year, references)[0]


# -- the pipeline step ------------------------------------------------------------

Linker = Callable[[tuple[str, ...], "str | None"], tuple["int | None", str]]


def _linker(references: Sequence[Reference]) -> Linker:
    """:func:`_link` against one reference list, keys computed once and each
    distinct citation linked once (papers cite the same work many times)."""
    keys = [_reference_keys(ref) for ref in references]

    @cache
    def link(surnames: tuple[str, ...], year: str | None) -> tuple[int | None, str]:
        return _link(surnames, year, references, keys)

    return link


def _process(text: str, where: tuple[int, int, int], location: str, references: Sequence[Reference],
             link: Linker) -> tuple[str, list[Citation], list[Change], list[str], int]:
    """Citations of one text; repair garbled years; return (text, citations, changes, notes, unresolved)."""
    hits = find_citations(text)
    changes: list[Change] = []
    repairs: list[tuple[int, int, str]] = []
    for hit in hits:
        index, how = link(hit.surnames, hit.year)
        if index is None or not is_garbled_year(hit.year) or hit.year is None:
            continue
        fixed = references[index].year
        if fixed and fixed != hit.year and how in ("year", "surname-only"):
            repairs.append((hit.year_start, hit.year_end, fixed))
            after = text[hit.start:hit.year_start] + fixed + text[hit.year_end:hit.end]
            changes.append(Change("repair_citation_year", hit.text, after, location))
    for start, end, fixed in sorted(repairs, reverse=True):
        text = text[:start] + fixed + text[end:]
    if repairs:
        hits = find_citations(text)
    citations: list[Citation] = []
    notes: list[str] = []
    unresolved = 0
    for hit in hits:
        index, how = link(hit.surnames, hit.year)
        if index is None and hit.narrative and references:
            continue  # a proper noun before a bracketed year, not a citation
        if index is None:
            unresolved += 1
        elif how == "surname-only":
            notes.append(f"citation {hit.text!r} at {location} linked to reference {index + 1} by surname only")
        citations.append(Citation(
            text=hit.text, reference=index, where=where, start=hit.start, end=hit.end,
            surnames=hit.surnames, year=hit.year, locator=hit.locator,
        ))
    return text, citations, changes, notes, unresolved


def extract_citations(draft: Draft) -> Draft:
    """Find citations in the abstract and body, link them, set ``paper.citations``."""
    paper = draft.paper
    references = paper.references
    link = _linker(references)
    citations: list[Citation] = []
    changes: list[Change] = []
    notes: list[str] = []
    unresolved = 0

    abstract = []
    for i, text in enumerate(paper.abstract):
        new, found, changed, noted, missing = _process(text, (-1, i, 0), f"abstract paragraph {i + 1}", references, link)
        abstract.append(new)
        citations += found
        changes += changed
        notes += noted
        unresolved += missing

    sections = []
    for si, section in enumerate(paper.sections):
        blocks = []
        for bi, block in enumerate(section.blocks):
            texts = []
            for ii, text in enumerate(block.texts()):
                location = f"section {si + 1} block {bi + 1}" + (f" item {ii + 1}" if block.kind == "list" else "")
                new, found, changed, noted, missing = _process(text, (si, bi, ii), location, references, link)
                texts.append(new)
                citations += found
                changes += changed
                notes += noted
                unresolved += missing
            blocks.append(_with_texts(block, texts))
        sections.append(replace(section, blocks=tuple(blocks)))

    draft = draft.with_paper(citations=tuple(citations))
    if changes:
        draft = draft.with_paper(abstract=tuple(abstract), sections=tuple(sections)).record(*changes)
    if notes:
        draft = draft.note(*notes)
    if unresolved:
        draft = draft.note(f"{unresolved} citations with no matching reference")
    return draft


def _with_texts(block: Block, texts: list[str]) -> Block:
    if block.kind == "list":
        return block if tuple(texts) == block.items else replace(block, items=tuple(texts))
    return block if texts[0] == block.text else replace(block, text=texts[0])

