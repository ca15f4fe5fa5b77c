"""The reference list: find it, split it into entries, parse each entry.

The entries of these journals are APA/Chicago-like::

    - Adami, Ali, and Elham Keshavarz Moghaddam (2015/1394). "Title." Journal 14: 1-19. https://...
    - Rathbun, Brian. 2008. "Title. Journal, 17(2), 294-321. doi:https://doi.org/10....
    Fars News Agency (2011/1390). Title. Dec 25. https://...

An entry may lack its bullet, run over several paragraphs (a URL broken
across lines, ``Corporation, 1-323.`` finishing the previous entry), and
carry illegible runs (``\\ue000...\\ue001``). The parser is a set of careful
heuristics rather than a trained model: refextract (PyPI 1.1.7) was tried on
seed 000 and split it into 48 pieces with no authors or containers (it is
tuned for physics references), so it is not used.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Change, Reference
from ..repair.runner import Paragraph
from .draft import Draft

REFERENCES_HEADING = re.compile(r"^\s*(references|bibliography|works cited|sources|literature cited)\s*:?\s*$", re.I)

#: An illegible run as the repair stage wraps it (raw text or an index inside).
ILLEGIBLE_RUN = re.compile(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}")
#: What an illegible run becomes in the text the field parser reads.
_GAP = ILLEGIBLE_OPEN + ILLEGIBLE_CLOSE

_BULLET = re.compile(r"^\s*(?:[-•–—*·▪]\s+|\[\d{1,3}\]\s*|\d{1,3}[.)]\s+(?=[A-Z]))")
#: A year as references write it: 2015, 2015a, 2015/1394, 1386 SH/2008, n.d.
YEAR = r"(?:\d{4}[a-z]?(?:\s*SH)?(?:\s*/\s*\d{4}[a-z]?(?:\s*SH)?)?|n\.\s?d\.?|forthcoming|in press)"
_PAREN_YEAR = re.compile(r"\(\s*(?P<year>" + YEAR + r")\s*\)")
_DOT_YEAR = re.compile(r"\.\s+(?P<year>\d{4}[a-z]?(?:\s*/\s*\d{4}[a-z]?)?)\.(?:\s|$)")
#: ``Surname, Given ... (year`` or an organisation ``Name Name (year``.
_NEW_ENTRY_PAREN = re.compile(r"^(?P<authors>[A-Z][^()]{0,200}?)\s*\(\s*(?:\d{4}|n\.\s?d)")
_NEW_ENTRY_DOT = re.compile(r"^(?P<authors>[A-Z][^()]{0,150}?)\.\s+\d{4}[a-z]?(?:/\d{4})?\.(?:\s|$)")
_CONTINUATION_START = re.compile(r"^(?:[a-z%\d/._~&=?#-]|[Hh][Tt][Tt][Pp][Ss]?:|[Ww][Ww][Ww]\.|[Dd][Oo][Ii]\b)")
_URL = re.compile(r"https?://[^\s<>\"'\ue000\ue001]+")
_URL_OK = re.compile(r"^https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][!-~]*)?$")
_URL_PIECE = re.compile(r"^[A-Za-z0-9_][\w\-.~%/?=&#+]*$")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>\ue000\ue001]+)")
_IDENTIFIER_START = re.compile(r"(?:https?://|\bwww\.|\bdoi\s*:|\bDOI\b|\barXiv:)", re.I)
_MONTH_DAY = re.compile(
    r"^(?:\(?\s*)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\s*\)?$")
_PLACE_PUBLISHER = re.compile(r"^(?P<place>[A-Z][A-Za-z .'-]{1,40}?)\s*:\s*(?P<publisher>[A-Z].+)$")
_VOL_ISSUE = re.compile(r"^(?P<container>.*?)[,\s]\s*(?:vol\.?\s*)?(?P<volume>\d+(?:\s*[-–]\s*\d+)?)\s*\((?P<issue>[^()]+)\)(?P<rest>.*)$")
_VOL_PAGES = re.compile(r"^(?P<container>.*?)[,\s]\s*(?:vol\.?\s*)?(?P<volume>\d+)\s*:\s*(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\s*$")
_CONTAINER_PAGES = re.compile(r"^(?P<container>.*?[A-Za-z].*?),\s*(?:pp?\.\s*)?(?P<pages>\d+\s*[-–]\s*\d+)\s*$")
_CONTAINER_ISSUE = re.compile(r"^(?P<container>.*?[A-Za-z].*?)\s*\((?P<issue>\d+)\)\s*$")
# "Retrieved from", "Available at", "Accessed 3 May 2020": access notes, not sources.
_ACCESS_NOTE = re.compile(r"^(?:retrieved|available|accessed|viewed|online|from)\b", re.I)
_CONTAINER_GARBLED_NUMBERS = re.compile(r"^(?P<container>[^,\d]*[A-Za-z][^,\d]*?)\s*,\s*\S*\d")
_PAGES_REST = re.compile(r"^\s*[,:.]?\s*(?:pp?\.\s*)?(?P<pages>\d+(?:\s*[-–]\s*\d+)?)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"”’']?\s+")
_INITIALS = re.compile(r"^(?:[A-Z]\.\s*-?\s*)+$|^[A-Z]{1,3}$")
_EDITOR = re.compile(r"^(?:eds?\.?|editors?|\(eds?\.?\))$", re.I)
_NAME_CUT = re.compile(r"\s*,?\s+(?:interview(?:ed)? by|translated by|trans\.|ed\. by|edited by)\b.*$", re.I)


# -- surname normalisation -------------------------------------------------

def _normalize(surname: str) -> str:
    """Fallback surname key: lower-case ASCII letters and digits only.

    Same behaviour as ``build_docs.repair.digits.normalize_surname`` is meant
    to have (hyphens, spaces and accents gone).

    >>> _normalize("Haji-Yousefi"), _normalize("HajiYousefi"), _normalize("Dehghani Firouzabadi")
    ('hajiyousefi', 'hajiyousefi', 'dehghanifirouzabadi')
    """
    folded = unicodedata.normalize("NFKD", surname)
    return "".join(c for c in folded.lower() if c.isascii() and c.isalnum())


def _surname_normalizer() -> Callable[[str], str]:
    try:
        from ..repair import digits
    except ImportError:  # pragma: no cover - the package always has it
        return _normalize
    found = getattr(digits, "normalize_surname", None)
    return found if callable(found) else _normalize


def normalize_surname(surname: str) -> str:
    """The shared surname key (``repair.digits.normalize_surname`` if present)."""
    return _surname_normalizer()(surname)


@functools.lru_cache(maxsize=65536)
def surname_key(surname: str) -> str:
    """A spaceless comparison key: ``Haji-Yousefi``, ``HajiYousefi``, ``Haji Yousefi`` agree.

    >>> surname_key("Haji-Yousefi") == surname_key("HajiYousefi") == "hajiyousefi"
    True
    """
    return normalize_surname(surname).replace(" ", "")


# -- finding and splitting the list ----------------------------------------

def find_reference_heading(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> int | None:
    """Index of the last paragraph that is a reference-list heading.

    >>> find_reference_heading([Paragraph("Intro", 1), Paragraph("References", 9), Paragraph("- A (2001). T.", 10)])
    1
    """
    found = None
    for index, para in enumerate(paragraphs):
        if REFERENCES_HEADING.match(para.text):
            found = index
    return found


def is_watermark(text: str) -> bool:
    """A line in another script with no Latin letters and no digits.

    >>> is_watermark("اه علوم النانی و مطالعات فربخی ال حامع علوم النانی")
    True
    >>> is_watermark("Corporation, 1-323.")
    False
    """
    visible = ILLEGIBLE_RUN.sub("", text)
    if any(c.isdigit() for c in visible):
        return False
    letters = [c for c in visible if c.isalpha()]
    return bool(letters) and not any("LATIN" in unicodedata.name(c, "") for c in letters)


def starts_new_entry(text: str) -> bool:
    """Does this line (bullet already removed) open a reference entry?

    >>> starts_new_entry("Fars News Agency (2011/1390). Stephen Walt: ...")
    True
    >>> starts_new_entry("Corporation, 1-323.")
    False
    >>> starts_new_entry("http://nedains.com/fa/news/312963.")
    False
    """
    text = text.strip()
    if not text or _CONTINUATION_START.match(text):
        return False
    for pattern in (_NEW_ENTRY_PAREN, _NEW_ENTRY_DOT):
        match = pattern.match(text)
        if match and _looks_like_authors(match.group("authors")):
            return True
    return False


def _looks_like_authors(text: str) -> bool:
    words = text.replace(",", " ").split()
    if not words or len(words) > 40:
        return False
    if ", " not in text and len(words) > 6:
        return False
    # A sentence, not a name list: too many lower-case words.
    lower = [w for w in words if w[0].islower() and w not in ("and", "&", "et", "al.", "al", "ed", "eds", "eds.",
                                                                 "de", "van", "von", "der", "bin", "ibn", "by",
                                                                 "interview", "interviewed")]
    return len(lower) <= 1


@dataclass(frozen=True)
class _Piece:
    text: str
    bullet: bool
    location: str
    #: The line as written, marker included (``1. Smith`` for ``Smith``).
    line: str


def _pieces(paragraphs: Iterable[Paragraph]) -> list[_Piece]:
    pieces = []
    for para in paragraphs:
        for line in para.text.split("\n"):
            if not line.strip():
                continue
            bullet = _BULLET.match(line)
            text = line[bullet.end():] if bullet else line
            pieces.append(_Piece(text.strip(), bullet is not None, para.location, line.strip()))
    return pieces


def _entry_start(piece: _Piece, position: int) -> str:
    """An entry's first text: its marker goes (the list numbers the entry
    again), unless it is a number other than the entry's place in the list,
    which the list's numbering would lose (``[3]`` after ``[1]``).

    >>> _entry_start(_Piece("Roe, R.", True, "", "2. Roe, R."), 2), _entry_start(_Piece("Roe, R.", True, "", "[3] Roe, R."), 2)
    ('Roe, R.', '[3] Roe, R.')
    >>> _entry_start(_Piece("Roe, R.", True, "", "• Roe, R."), 5)
    'Roe, R.'
    """
    number = re.match(r"\[?(\d{1,3})", piece.line) if piece.bullet else None
    if number is not None and int(number.group(1)) != position:
        return piece.line
    return piece.text


def split_entries(paragraphs: Sequence[Paragraph]) -> tuple[list[str], list[_Piece]]:
    """Group the paragraphs after a heading into entries; return (entries, dropped).

    Dropped pieces are watermarks (another script, no digits). Every other
    piece is in exactly one entry, joined to it with a space.
    """
    entries: list[list[str]] = []
    dropped: list[_Piece] = []
    for piece in _pieces(paragraphs):
        if is_watermark(piece.text):
            dropped.append(piece)
            continue
        if not entries or piece.bullet or starts_new_entry(piece.text):
            entries.append([_entry_start(piece, len(entries) + 1)])
        else:
            entries[-1].append(piece.text)
    return [" ".join(parts) for parts in entries], dropped


# -- parsing one entry -------------------------------------------------------

def _garbled(token: str) -> bool:
    """Does a token look like an undecoded glyph run?"""
    if not token:
        return False
    return (
        ILLEGIBLE_OPEN in token
        or ILLEGIBLE_CLOSE in token
        or "\\" in token
        or any(not c.isascii() for c in token)
        or re.search(r"D{2}", token) is not None
        or re.search(r"[$&+].*[A-Z]|[A-Z].*[$&+]", token) is not None
    )


def _clean_year(year: str) -> str:
    year = re.sub(r"\s*/\s*", "/", year.strip())
    return re.sub(r"\s+", " ", year)


def find_urls(text: str) -> list[str]:
    """Well-formed http(s) URLs of an entry, re-joined where a line broke them.

    A URL whose tail runs into an illegible run is incomplete: none is given.

    >>> find_urls("Jul 26. https://www.atlanticcouncil.org/ blogs/iransource/under-us/.")
    ['https://www.atlanticcouncil.org/blogs/iransource/under-us/']
    >>> find_urls("https://psiw.ir/article_741_8e85 \\ue000rDD.DIA\\ue001.")
    []
    """
    urls = []
    for match in _URL.finditer(text):
        url, end = match.group(), match.end()
        while url.endswith("/"):
            nxt = re.match(r" ([^\s]+)", text[end:])
            if not nxt or not _URL_PIECE.match(nxt.group(1)) or _garbled(nxt.group(1)):
                break
            if not re.search(r"[/.]|html?", nxt.group(1)):
                break
            url += nxt.group(1)
            end += nxt.end()
        stripped = url.rstrip(".,;:")
        if stripped.count("(") < stripped.count(")"):
            stripped = stripped.rstrip(")")
        tail = text[match.start() + len(url):]
        following = tail.split(None, 1)[0] if tail.strip() else ""
        if tail[:1] in (ILLEGIBLE_OPEN, "\\") or (following and _garbled(following) and tail[:1].isspace()):
            continue
        if stripped.endswith("_") or not _URL_OK.match(stripped):
            continue
        urls.append(stripped)
    return urls


def find_doi(text: str) -> str | None:
    """The DOI of an entry, as ``10.xxxx/...`` (from ``doi:`` or a doi.org URL).

    >>> find_doi("30(1), 72-108. doi: https://doi.org/10.1162/0162288054894634.")
    '10.1162/0162288054894634'
    >>> find_doi("doi:https://doi.org/10.1162/ .1977AA.0fA9f9.Y.") is None
    True
    """
    for match in _DOI.finditer(text):
        doi = match.group(1).rstrip(".,;:")
        following = text[match.end():match.end() + 1]
        if following in (ILLEGIBLE_OPEN, "\\") or _garbled(doi) or not re.search(r"/[A-Za-z0-9]", doi):
            continue
        return doi
    return None


@dataclass(frozen=True)
class _Name:
    given: str
    surname: str

    @property
    def display(self) -> str:
        return f"{self.given} {self.surname}".strip()


def _parse_names(text: str) -> list[_Name]:
    """Names of an author list, first inverted (``Surname, Given``), others either way.

    >>> [n.display for n in _parse_names("Adami, Ali, and Elham Keshavarz Moghaddam")]
    ['Ali Adami', 'Elham Keshavarz Moghaddam']
    >>> [n.surname for n in _parse_names("Smith, J., Jones, K. L., & Lee, M.")]
    ['Smith', 'Jones', 'Lee']
    >>> [n.display for n in _parse_names("IISS, ed")]
    ['IISS']
    """
    text = _NAME_CUT.sub("", text.strip().rstrip(",;:").strip())
    if text.endswith(".") and not re.search(r"(?:^|[\s.-])[A-Z]\.$", text):
        text = text[:-1]
    text = re.sub(r"\bet\.? al\.?", "", text).strip(" ,")
    pieces = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text) if p.strip()]
    pieces = [p for p in pieces if not _EDITOR.match(p)]
    names: list[_Name] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        inverted = nxt is not None and (
            _INITIALS.match(nxt) is not None
            or (i == 0 and len(pieces) >= 2 and not _natural_after_first(pieces))
            or (i == 0 and len(nxt.split()) <= 3)
        )
        if i == 0 and nxt is None:
            names.append(_Name("", piece))  # a single surname or an organisation
            i += 1
        elif inverted and nxt is not None:
            names.append(_Name(nxt, piece))
            i += 2
        elif len(piece.split()) >= 2:
            given, _, surname = piece.rpartition(" ")
            names.append(_Name(given, surname))
            i += 1
        else:
            names.append(_Name("", piece))
            i += 1
    return names


def _natural_after_first(pieces: list[str]) -> bool:
    return len(pieces) == 2 and len(pieces[1].split()) >= 4


def _authors_and_year(body: str) -> tuple[str, str | None, str]:
    """Split an entry into (author text, year, rest after the year)."""
    match = _PAREN_YEAR.search(body, 0, 400)
    if match and _looks_like_authors(body[:match.start()] or "X"):
        rest = body[match.end():].lstrip(" .,")
        return body[:match.start()].strip(), _clean_year(match.group("year")), rest
    match = _DOT_YEAR.search(body, 0, 250)
    if match and _looks_like_authors(body[:match.start()] or "X"):
        return body[:match.start()].strip(), _clean_year(match.group("year")), body[match.end():].strip()
    first = re.match(r"^(.{2,150}?[^A-Z])\.\s+(?=[A-Z\"“])", body)
    if first and ", " in first.group(1) and _looks_like_authors(first.group(1)):
        return first.group(1), None, body[first.end():]
    return "", None, body


def _sentences(text: str) -> list[str]:
    """Split on sentence ends, not after an initial (``W. W. Norton``)."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()]
        if re.search(r"(?:^|\s)[A-Z]\.$", before) or re.search(r"\b(?:pp?|vol|no|ed|eds|St|Dr|Mr)\.$", before):
            continue
        parts.append(before)
        start = match.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"“”'‘’").strip().rstrip(".,").strip().strip("\"“”").strip()


def _source_fields(segment: str) -> dict[str, str | None] | None:
    """Container, volume, issue, pages of a ``Journal 30(1), 72-108`` segment."""
    segment = segment.strip().rstrip(".")
    match = _VOL_ISSUE.match(segment)
    if match and re.search("[A-Za-z]", match.group("container")):
        rest = _PAGES_REST.match(match.group("rest"))
        issue = match.group("issue").strip()
        return {
            "container": match.group("container").strip(" ,"),
            "volume": re.sub(r"\s+", "", match.group("volume")),
            "issue": issue if re.fullmatch(r"[\d\s/–-]+", issue) else None,
            "pages": re.sub(r"\s+", "", rest.group("pages")) if rest else None,
        }
    match = _VOL_PAGES.match(segment)
    if match and re.search("[A-Za-z]", match.group("container")):
        return {"container": match.group("container").strip(" ,"), "volume": match.group("volume"),
                "issue": None, "pages": re.sub(r"\s+", "", match.group("pages"))}
    match = _CONTAINER_PAGES.match(segment)
    if match:
        return {"container": match.group("container").strip(" ,"), "volume": None, "issue": None,
                "pages": re.sub(r"\s+", "", match.group("pages"))}
    match = _CONTAINER_ISSUE.match(segment)
    if match:
        return {"container": match.group("container").strip(" ,"), "volume": None,
                "issue": match.group("issue"), "pages": None}
    match = _CONTAINER_GARBLED_NUMBERS.match(segment)
    if match and any(_garbled(t) or re.search(r"\d[A-Za-z]|[A-Za-z]\d", t) for t in segment[match.end() - 1:].split()):
        return {"container": match.group("container").strip(" ,"), "volume": None, "issue": None, "pages": None}
    return None


@functools.lru_cache(maxsize=2048)  # parsed before the repairs and again after: most entries are unchanged
def parse_reference(raw: str) -> Reference:
    """Parse one entry into a :class:`Reference`.

    >>> ref = parse_reference('Brooks, Stephen, and William C. Wohlforth (2005). Hard Times for Soft Balancing. '
    ...                       'International Security 30(1), 72-108. doi: https://doi.org/10.1162/0162288054894634.')
    >>> ref.authors, ref.year, ref.container, ref.volume, ref.issue, ref.pages, ref.doi
    (('Stephen Brooks', 'William C. Wohlforth'), '2005', 'International Security', '30', '1', '72-108', '10.1162/0162288054894634')
    """
    body = ILLEGIBLE_RUN.sub(_GAP, raw).replace("*", "").strip()
    body = _BULLET.sub("", body)
    body = re.sub(r"\s+", " ", body)
    doi = find_doi(body)
    urls = [u for u in find_urls(body) if "doi.org/" not in u]
    author_text, year, rest = _authors_and_year(body)
    authors = tuple(n.display for n in _parse_names(author_text)) if author_text else ()

    cut = _IDENTIFIER_START.search(rest)
    descriptive = rest[:cut.start()] if cut else rest
    title: str | None = None
    segments: list[str]
    quoted = re.match(r"^\s*[\"“](?P<t>[^\"”]{3,}?)[\"”]\s*(?P<rest>.*)$", descriptive)
    if quoted and len(quoted.group("t")) < 400:
        title = _strip_quotes(quoted.group("t"))
        segments = _sentences(quoted.group("rest").lstrip(". "))
    else:
        segments = _sentences(descriptive)
        if segments:
            title = _strip_quotes(segments.pop(0))
            if not re.search("[A-Za-z]{2}", title) or _GAP in title:
                title = title if re.search("[A-Za-z]{3}", title) else None

    container = volume = issue = pages = publisher = None
    for segment in segments:
        seg = segment.strip().strip(" .,\"”")
        if not seg or not re.search(r"[A-Za-z]{2}", seg) or _MONTH_DAY.match(seg) or _ACCESS_NOTE.match(seg):
            continue
        if any(_garbled(tok) for tok in seg.split()) and _source_fields(seg) is None:
            continue
        fields = _source_fields(seg)
        if fields is not None and container is None:
            container = _strip_quotes(fields["container"] or "") or None
            volume, issue, pages = fields["volume"], fields["issue"], fields["pages"]
            continue
        place = _PLACE_PUBLISHER.match(seg)
        if place and publisher is None and container is None:
            publisher = _strip_quotes(place.group("publisher"))
            continue
        if container is None and publisher is None and re.match(r"^[A-Z\"“]", seg):
            if urls or cut:
                container = _strip_quotes(seg)
            else:
                publisher = _strip_quotes(seg)
    return Reference(
        raw=raw,
        authors=authors,
        year=year,
        title=title or None,
        container=container,
        volume=volume,
        issue=issue,
        pages=pages,
        doi=doi,
        url=urls[0] if urls else None,
        publisher=publisher,
    )


def reference_surnames(ref: Reference) -> tuple[str, ...]:
    """Surnames of a reference's authors, in order (derived from ``raw``).

    >>> reference_surnames(parse_reference("Adami, Ali, and Elham Keshavarz Moghaddam (2015/1394). T."))
    ('Adami', 'Moghaddam')
    """
    body = ILLEGIBLE_RUN.sub(_GAP, ref.raw).replace("*", "").strip()
    author_text, _, _ = _authors_and_year(re.sub(r"\s+", " ", _BULLET.sub("", body)))
    if author_text:
        return tuple(n.surname for n in _parse_names(author_text))
    return tuple(a.rpartition(" ")[2] for a in ref.authors)


# -- the pipeline steps -------------------------------------------------------

def reference_years(paragraphs: Sequence[Paragraph]) -> dict[str, tuple[str, ...]]:
    """Normalised surname of first (and, for two authors, second) author -> years.

    Used by a repair pass before structure extraction, on raw paragraphs. Keys
    are ``repair.digits.normalize_surname`` of the surname (so they match the
    repair pass's own lookups).

    >>> reference_years([Paragraph("References", 1), Paragraph("- Hajiyousefi, Amir (2002/1381). T.", 2),
    ...                  Paragraph("- Hajiyousefi, Amir (2005/1384). U.", 3)])
    {'hajiyousefi': ('2002/1381', '2005/1384')}
    """
    heading = find_reference_heading(list(paragraphs))
    if heading is None:
        return {}
    normalise = _surname_normalizer()
    years: dict[str, list[str]] = {}
    entries, _ = split_entries(paragraphs[heading + 1:])
    for entry in entries:
        ref = parse_reference(entry)
        if not ref.year:
            continue
        surnames = reference_surnames(ref)
        keys = surnames[:2] if len(surnames) == 2 else surnames[:1]
        for surname in keys:
            key = normalise(surname)
            if key and ref.year not in years.setdefault(key, []):
                years[key].append(ref.year)
    return {key: tuple(value) for key, value in years.items()}


def extract_references(draft: Draft) -> Draft:
    """Move the reference list out of the body into ``paper.references``."""
    heading = find_reference_heading(draft.paragraphs)
    if heading is None:
        return draft.with_paper(missing=draft.paper.missing + ("references",))
    entries, dropped = split_entries(draft.paragraphs[heading + 1:])
    refs = tuple(parse_reference(e) for e in entries)
    used = set(range(heading, len(draft.paragraphs)))
    draft = draft.consume(used).with_paper(references=refs).label(draft.paragraphs[heading].text)
    if dropped:
        draft = draft.record(*(Change("remove_watermark", p.text, "", p.location) for p in dropped))
    if not refs:
        draft = draft.with_paper(missing=draft.paper.missing + ("references",))
    return draft
