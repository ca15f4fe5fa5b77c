"""Archive-level files: the catalog, index pages, and the published schema.

No page lists the whole archive: papers are reached from index pages, and
every listing is cut into pages of at most :data:`PER_PAGE` papers (all
papers by title; the papers of one year; the authors, or the keywords, of
one initial with their papers), so an index page weighs the same at a
thousand papers as at a hundred thousand. An author or keyword with more
papers than a page holds runs on over the next pages (:func:`_pack`), and
a listing's pager links the first, last, nearby, previous and next pages,
not all of them (:func:`_pager`).
The top pages (``archive/years.md``, ``archive/issues.md``,
``archive/authors.md``, ``archive/keywords.md``) list years, journals and
initials with counts; a journal's issues and an issue's papers are paged
too, and a paper page links each of its keywords and authors to the page
where their list begins (see :class:`ListingIndex`).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from jinja2 import Environment

from ..model import Paper, plain_text
from ..record import schema
from . import author_ref, cite, environment, keyword_key, keyword_ref

#: How many papers the home page shows (the rest are a click away).
RECENT_ON_HOME = 20
#: Entries on one page of a listing (papers, or authors with their papers).
PER_PAGE = 100


def _surname(name: str) -> str:
    return cite.split_name(name).get("family") or name


def summary(paper: Paper) -> dict[str, Any]:
    # str.split() splits where \s matches: the same text as re.sub(r"\s+", " ")
    # and strip(), 4x faster (every paper, every build).
    abstract = " ".join(plain_text(" ".join(paper.abstract)).split())
    first_sentence = re.split(r"(?<=[.!?])\s", abstract, maxsplit=1)[0] if abstract else ""
    year = cite.gregorian_year(paper.year)
    return {
        "slug": paper.slug,
        "journal": " ".join(plain_text(paper.journal or "").split()),
        "volume": " ".join(plain_text(paper.volume or "").split()),
        "issue": " ".join(plain_text(paper.issue or "").split()),
        "first_page": paper.pages.first if paper.pages and not paper.pages.inferred else None,
        "title": plain_text(paper.title or paper.source),
        "authors": [a.name for a in paper.authors],
        "year": str(year) if year else None,
        "line": first_sentence[:240] + ("…" if len(first_sentence) > 240 else ""),
        "keywords": list(paper.keywords),
    }


def catalog(papers: Sequence[Paper]) -> str:
    entries = [
        {"slug": p.slug, "source": p.source, "title": plain_text(p.title or p.source),
         "authors": [a.name for a in p.authors], "path": f"papers/{p.slug}/"}
        for p in sorted(papers, key=lambda p: p.slug)
    ]
    return json.dumps({"papers": entries}, ensure_ascii=False, indent=1) + "\n"


def to_root(path: str) -> str:
    """Relative URL from the page built from ``path`` to the site root.

    >>> to_root("papers/index.md"), to_root("archive/years.md"), to_root("archive/years/2015.md")
    ('../', '../../', '../../../')
    """
    parts = path.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "../" * len(parts)


def link(source: str, target: str) -> str:
    """Relative Markdown link from one docs page to another (MkDocs checks it).

    >>> link("papers/index.md", "archive/all/2.md"), link("archive/all/2.md", "papers/index.md")
    ('../archive/all/2.md', '../../papers/index.md')
    """
    return posixpath.relpath(target, posixpath.dirname(source))


def _pages(first: str, rest: str, items: Sequence[Any]) -> list[tuple[str, Sequence[Any]]]:
    """``items`` cut into pages: ``first`` is page 1, ``rest`` (with ``{n}``) the others."""
    chunks = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [items]
    return [(first if n == 1 else rest.format(n=n), chunk) for n, chunk in enumerate(chunks, 1)]


#: Page links a pager shows on each side of the current page, besides the
#: first and the last: a listing's pager must not grow with the archive.
PAGER_REACH = 2


def _pager(pages: Sequence[tuple[str, Sequence[Any]]], current: str) -> list[dict[str, Any]]:
    """The links to the other pages of a listing, as the page ``current``
    shows them: previous, the first, the pages within :data:`PAGER_REACH`,
    the last, next, with a gap where pages are skipped. Nothing for a
    single page.

    >>> def shown(entries):
    ...     return " ".join(e["label"] or ("…" if e["gap"] else f"[{e['number']}]" if e["current"] else str(e["number"]))
    ...                     for e in entries)
    >>> pages = [(f"all/{n}.md", ()) for n in range(1, 21)]
    >>> shown(_pager(pages, "all/9.md")), shown(_pager(pages, "all/20.md"))
    ('Previous 1 … 7 8 [9] 10 11 … 20 Next', 'Previous 1 … 18 19 [20]')
    >>> shown(_pager(pages[:3], "all/1.md")), shown(_pager(pages, "all/5.md")), _pager(pages[:1], "all/1.md")
    ('[1] 2 3 Next', 'Previous 1 2 3 4 [5] 6 7 … 20 Next', [])
    """
    if len(pages) < 2:
        return []

    def entry(index: int | None, label: str | None = None) -> dict[str, Any]:
        return {"number": None if index is None else index + 1, "label": label, "gap": index is None and not label,
                "link": None if index is None else link(current, pages[index][0]), "current": index == here and not label}

    here = next(index for index, (path, _) in enumerate(pages) if path == current)
    shown = sorted({0, len(pages) - 1, *range(max(0, here - PAGER_REACH), min(len(pages), here + PAGER_REACH + 1))})
    # A gap of one page shows that page: "1 2 3", not "1 … 3".
    shown = sorted({*shown, *(a + 1 for a, b in zip(shown[:-1], shown[1:], strict=True) if b - a == 2)})
    entries = [entry(here - 1, "Previous")] if here > 0 else []
    for before, index in zip([None, *shown[:-1]], shown, strict=True):
        if before is not None and index > before + 1:
            entries.append(entry(None))
        entries.append(entry(index))
    if here < len(pages) - 1:
        entries.append(entry(here + 1, "Next"))
    return entries


def _folded(text: str) -> str:
    """Lower case ASCII, accents dropped: ``_folded("Écoles") == "ecoles"``."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _ascii_slug(text: str, limit: int) -> str:
    """Lower-case ASCII words joined by hyphens ("" when none): dashes and
    other punctuation part words, accents are dropped.

    >>> _ascii_slug("Sécurité—Régionale", 60), _ascii_slug("3–4", 60), _ascii_slug("امنیت", 60)
    ('securite-regionale', '3-4', '')
    """
    words = re.findall(r"[a-z0-9]+", _folded(re.sub(r"[^\w]+", " ", text)))
    return "-".join(words)[:limit].strip("-")


def _letter(text: str) -> str:
    """The index letter of a text: its first letter, folded to ASCII.

    >>> _letter("Ahmadi"), _letter("Özil"), _letter("李"), _letter("1990s")
    ('a', 'o', 'other', 'other')
    """
    letter = _folded(text)[:1]
    return letter if letter.isalpha() else "other"


def _initial(name: str) -> str:
    """The index letter of an author: the surname's.

    >>> _initial("Ali Ahmadi"), _initial("Jan van Dijk")
    ('a', 'v')
    """
    return _letter(_surname(name))


def _label(letter: str) -> str:
    return "Other" if letter == "other" else letter.upper()


def _by_letter(letters: Iterable[str]) -> list[str]:
    """Letters in index order, "other" last."""
    return sorted(letters, key=lambda letter: (letter == "other", letter))


_BROWSE = {"years": "archive/years.md", "issues": "archive/issues.md", "authors": "archive/authors.md",
           "keywords": "archive/keywords.md"}


def _all_papers_pages(env: Environment, items: list[dict[str, Any]]) -> dict[str, str]:
    pages = _pages("papers/index.md", "archive/all/{n}.md", items)
    return {
        path: env.get_template("listing.md.j2").render(
            title="All papers" + (f" (page {n})" if n > 1 else ""), heading="All papers",
            intro=f"{len(items)} papers, by title.", items=chunk, pager=_pager(pages, path),
            root=to_root(path), browse={k: link(path, v) for k, v in _BROWSE.items()}, up=None)
        for n, (path, chunk) in enumerate(pages, 1)
    }


def _year_pages(env: Environment, items: list[dict[str, Any]]) -> dict[str, str]:
    by_year: dict[str, list] = defaultdict(list)
    for item in items:
        by_year[item["year"] or "unknown"].append(item)
    years = sorted((y for y in by_year if y != "unknown"), reverse=True) + (["unknown"] if "unknown" in by_year else [])
    files, year_links = {}, []
    for year in years:
        label = "Year unknown" if year == "unknown" else year
        pages = _pages(f"archive/years/{year}.md", f"archive/years/{year}-{{n}}.md", by_year[year])
        year_links.append({"label": label, "count": len(by_year[year]), "link": link("archive/years.md", pages[0][0])})
        for n, (path, chunk) in enumerate(pages, 1):
            files[path] = env.get_template("listing.md.j2").render(
                title=label + (f" (page {n})" if n > 1 else ""), heading=f"Papers: {label}",
                intro=f"{len(by_year[year])} papers, by title.", items=chunk, pager=_pager(pages, path),
                root=to_root(path), browse=None, up={"label": "All years", "link": link(path, "archive/years.md")})
    files["archive/years.md"] = env.get_template("years.md.j2").render(years=year_links)
    return files


def _natural(text: str) -> tuple[Any, ...]:
    """Sort key that puts "2" before "10", for volume and issue numbers.

    >>> sorted(["10", "2", "2-3", "Special"], key=_natural)
    ['2', '2-3', '10', 'Special']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.findall(r"\d+|\D+", text))


def _path_part(text: str, fallback: str) -> str:
    """A readable ASCII file-name part for a journal, volume or issue.

    >>> _path_part("Journal of Politics", "j"), _path_part("3–4", "i"), _path_part("فصلنامه", "j")
    ('journal-of-politics', '3-4', 'j-b29107')
    """
    return _ascii_slug(text, 50) or f"{fallback}-{hashlib.sha1(text.encode()).hexdigest()[:6]}"


def _issue_label(volume: str, issue: str, year: str | None) -> str:
    """How an issue is named in the listings.

    >>> _issue_label("12", "3", "2018"), _issue_label("", "Special", None)
    ('Vol. 12, no. 3 (2018)', 'No. Special')
    """
    parts = ([f"Vol. {volume}"] if volume else []) + ([f"no. {issue}"] if issue else [])
    label = ", ".join(parts)
    label = label[:1].upper() + label[1:]
    return f"{label} ({year})" if year else label


@dataclass(frozen=True, eq=False)
class _Issue:
    volume: str
    issue: str
    year: str | None
    papers: list[dict[str, Any]]

    @property
    def label(self) -> str:
        return _issue_label(self.volume, self.issue, self.year)


def _issue_pages(env: Environment, items: list[dict[str, Any]]) -> dict[str, str]:
    """Journals, then each journal's issues (newest first), then each issue's
    papers in page order: the table of contents a journal reader expects.
    Papers without a volume or issue (none is in the text; editors supply
    them in a sidecar) are counted, and reached from the other listings."""
    issues: dict[str, dict[tuple[str, str], list]] = defaultdict(lambda: defaultdict(list))
    unplaced = 0
    for item in items:
        if item["volume"] or item["issue"]:
            issues[item["journal"]][(item["volume"], item["issue"])].append(item)
        else:
            unplaced += 1
    files, journal_links = {}, []
    used: set[str] = set()
    for journal in sorted(issues, key=lambda j: (j == "", _folded(j), j)):
        name = journal or "Journal not recorded"
        part = _path_part(journal, "journal") if journal else "unknown-journal"
        part = part if part not in used else f"{part}-{hashlib.sha1(journal.encode()).hexdigest()[:6]}"
        used.add(part)
        entries = []
        for (volume, issue), papers in issues[journal].items():
            years = Counter(p["year"] for p in papers if p["year"])
            year = max(years.items(), key=lambda kv: (kv[1], kv[0]))[0] if years else None
            entries.append(_Issue(volume, issue, year, papers))
        entries.sort(key=lambda e: (e.year or "", _natural(e.volume), _natural(e.issue)), reverse=True)
        list_pages = _pages(f"archive/issues/{part}.md", f"archive/issues/{part}-{{n}}.md", entries)
        journal_links.append({"label": name, "issues": len(entries), "papers": sum(len(e.papers) for e in entries),
                              "link": link("archive/issues.md", list_pages[0][0])})
        issue_parts: set[str] = set()
        issue_links: dict[_Issue, str] = {}
        for entry in entries:
            base = "-".join(p for p in (_path_part(entry.volume, "v") if entry.volume else "",
                                        _path_part(entry.issue, "i") if entry.issue else "") if p)
            while base in issue_parts:
                base += "-" + hashlib.sha1(f"{entry.volume}|{entry.issue}".encode()).hexdigest()[:4]
            issue_parts.add(base)
            in_order = sorted(entry.papers, key=lambda p: (p["first_page"] is None, p["first_page"] or 0,
                                                            p["title"].lower(), p["slug"]))
            pages = _pages(f"archive/issues/{part}/{base}.md", f"archive/issues/{part}/{base}-{{n}}.md", in_order)
            issue_links[entry] = pages[0][0]
            for n, (path, chunk) in enumerate(pages, 1):
                files[path] = env.get_template("listing.md.j2").render(
                    # MkDocs prints page titles unescaped; a journal's name is paper data
                    title=html.escape(f"{name}, {entry.label}" + (f" (page {n})" if n > 1 else "")),
                    heading=f"{name}, {entry.label}",
                    intro=f"{len(in_order)} {'paper' if len(in_order) == 1 else 'papers'}, in page order.",
                    items=chunk, pager=_pager(pages, path), root=to_root(path), browse=None,
                    up={"label": f"All issues of {name}", "link": link(path, list_pages[0][0])})
        for n, (path, chunk) in enumerate(list_pages, 1):
            files[path] = env.get_template("journal_issues.md.j2").render(
                title=html.escape(name + (f" (page {n})" if n > 1 else "")), name=name,
                issues=[{"label": e.label, "count": len(e.papers), "link": link(path, issue_links[e])} for e in chunk],
                pager=_pager(list_pages, path), up={"label": "All journals", "link": link(path, "archive/issues.md")})
    files["archive/issues.md"] = env.get_template("issues.md.j2").render(
        journals=journal_links, unplaced=unplaced, all_papers=link("archive/issues.md", "papers/index.md"))
    return files


@dataclass(frozen=True)
class ListingRun:
    """One keyword's or one author's papers on one listing page: a keyword
    carried by (an author of) more papers than fit on a page runs on over the
    next pages."""

    key: str
    name: str
    ref: str  # keyword_ref or author_ref: what paper pages link by
    anchor: str
    total: int
    papers: Sequence[dict[str, Any]]
    continued: bool  # began on an earlier page
    continues: bool  # goes on on the next page


@dataclass(frozen=True)
class ListingIndex:
    """The keyword (or author) listings, one paged listing per initial, and
    where each keyword (:func:`~build_docs.render.keyword_ref`) or author
    (:func:`~build_docs.render.author_ref`) begins: the URL, from the site
    root, that paper pages link to."""

    folder: str  # "keywords" or "authors", under archive/
    pages: dict[str, list[tuple[str, list[ListingRun]]]]  # by letter
    links: dict[str, str]


def _listing_index(folder: str, prefix: str, groups_by_letter: dict[str, list[tuple[str, str, str, list]]]) -> ListingIndex:
    """Lay out ``(key, name, ref, papers)`` groups, by letter, on the paged
    listings ``archive/<folder>/<letter>[-n].md``; anchors get ``prefix``."""
    pages: dict[str, list[tuple[str, list[ListingRun]]]] = {}
    links: dict[str, str] = {}
    for letter in _by_letter(groups_by_letter):
        used: set[str] = set()
        chunks = _pack([(key, name, ref, _anchor(key, ref, used, prefix), papers)
                        for key, name, ref, papers in groups_by_letter[letter]])
        paths = [f"archive/{folder}/{letter}.md" if n == 1 else f"archive/{folder}/{letter}-{n}.md"
                 for n in range(1, len(chunks) + 1)]
        pages[letter] = list(zip(paths, chunks, strict=True))
        for path, chunk in pages[letter]:
            for run in chunk:
                if not run.continued:
                    links[run.ref] = f"{path.removesuffix('.md')}/#{run.anchor}"
    return ListingIndex(folder, pages, links)


def _anchor(key: str, ref: str, used: set[str], prefix: str = "kw-") -> str:
    """An HTML id for a keyword (or, with another prefix, an author), readable
    when it is Latin, unique on its page.

    >>> used = set()
    >>> _anchor("soft power", "ab12cd34", used), _anchor("soft-power", "ef56ab78", used), _anchor("امنیت", "0123abcd", used)
    ('kw-soft-power', 'kw-soft-power-ef56ab', 'kw-0123ab')
    """
    anchor = prefix + (_ascii_slug(key, 60) or ref[:6])
    if anchor in used:
        anchor = f"{anchor}-{ref[:6]}"
    used.add(anchor)
    return anchor


def _pack(groups: list[tuple[str, str, str, str, list[dict[str, Any]]]]) -> list[list[ListingRun]]:
    """Groups (keywords, authors) and their papers cut into pages of at most
    :data:`PER_PAGE` papers: a page weighs the same however many papers a
    group gathers. A group that would not fit on the rest of a page starts
    the next one; only a group with more papers than a page holds is split."""
    pages: list[list[ListingRun]] = []
    page: list[ListingRun] = []
    used = 0
    for key, name, ref, anchor, papers in groups:
        if used and used + len(papers) > PER_PAGE and len(papers) <= PER_PAGE:
            pages.append(page)
            page, used = [], 0
        start = 0
        while start < len(papers):
            if used == PER_PAGE:
                pages.append(page)
                page, used = [], 0
            run = papers[start:start + PER_PAGE - used]
            page.append(ListingRun(key, name, ref, anchor, len(papers), run, continued=start > 0,
                                   continues=start + len(run) < len(papers)))
            used += len(run)
            start += len(run)
    return [*pages, page] if page or not pages else pages


def _keyword_index(items: list[dict[str, Any]]) -> ListingIndex:
    """Group the archive's keywords (case, width and spacing folded; shown as
    most papers write them), by initial, and lay them out on listing pages."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        seen = set()
        for keyword in item["keywords"]:
            key = keyword_key(keyword)
            if key and key not in seen:
                seen.add(key)
                groups[key].append(item)
                spellings[key][" ".join(keyword.split())] += 1
    by_letter: dict[str, list[tuple[str, str, str, list]]] = defaultdict(list)
    # Alphabetical for a reader: accents sort with their letter.
    for key in sorted(groups, key=lambda k: (_folded(k), k)):
        name = min(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        by_letter[_letter(key)].append((key, name, keyword_ref(key), groups[key]))
    return _listing_index("keywords", "kw-", by_letter)


def _author_index(items: list[dict[str, Any]]) -> ListingIndex:
    """Group the papers by author (each name as written), by the initial of
    the surname, and lay them out on listing pages."""
    by_author: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        for name in dict.fromkeys(item["authors"]):  # a name twice in one byline: the paper once
            if name.strip():
                by_author[name].append(item)
    by_letter: dict[str, list[tuple[str, str, str, list]]] = defaultdict(list)
    for name in sorted(by_author, key=lambda n: (_surname(n).lower(), n.lower())):
        by_letter[_initial(name)].append((name, name, author_ref(name), by_author[name]))
    return _listing_index("authors", "au-", by_letter)


def _listing_pages(env: Environment, index: ListingIndex) -> dict[str, str]:
    """The pages of a keyword or author listing, and its top page of initials."""
    heading, top = index.folder.capitalize(), f"archive/{index.folder}.md"
    files, letter_links = {}, []
    for letter, pages in index.pages.items():
        count = sum(not run.continued for _, chunk in pages for run in chunk)
        letter_links.append({"label": _label(letter), "count": count, "link": link(top, pages[0][0])})
        for n, (path, chunk) in enumerate(pages, 1):
            files[path] = env.get_template("listing_page.md.j2").render(
                title=f"{heading}: {_label(letter)}" + (f" (page {n})" if n > 1 else ""), heading=heading,
                label=_label(letter), kind=index.folder.removesuffix("s"), runs=chunk, pager=_pager(pages, path),
                root=to_root(path), up={"label": f"All {index.folder}", "link": link(path, top)})
    files[top] = env.get_template(f"{index.folder}.md.j2").render(letters=letter_links)
    return files


class Archive:
    """The archive's index pages, from every paper's :func:`summary` (made once)."""

    def __init__(self, papers: Sequence[Paper]):
        self.papers = papers
        self.items = sorted((summary(p) for p in papers), key=lambda s: (s["title"].lower(), s["slug"]))

    @cached_property
    def keywords(self) -> ListingIndex:
        """The keyword listings, needed before the paper pages are written."""
        return _keyword_index(self.items)

    @cached_property
    def authors(self) -> ListingIndex:
        """The author listings, needed before the paper pages are written."""
        return _author_index(self.items)

    def links_of(self, paper: Paper) -> dict[str, str]:
        """Where each keyword and author of ``paper`` is listed, by reference:
        what its page's placeholders become (see
        :func:`build_docs.site.fill_placeholders`)."""
        links = {ref: self.keywords.links[ref]
                 for ref in sorted({keyword_ref(k) for k in paper.keywords if keyword_key(k)})}
        for ref in sorted({author_ref(a.name) for a in paper.authors if a.name.strip()}):
            links[ref] = self.authors.links[ref]
        return links

    def digest(self) -> str:
        """A hash of all the index pages are made of (the code aside): equal
        digests, equal pages, so a rebuild after an edit that changed no
        title, author, year, keyword or first line renders none of them.

        >>> from ..model import Paper
        >>> a = Archive([Paper(source="a.txt", slug="a", title="On Rivers")])
        >>> a.digest() == Archive([Paper(source="a.txt", slug="a", title="On Rivers")]).digest()
        True
        >>> a.digest() == Archive([Paper(source="a.txt", slug="a", title="On Lakes")]).digest()
        False
        """
        sources = sorted((p.slug, p.source) for p in self.papers)
        material = json.dumps([self.items, sources], ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()

    def files(self) -> dict[str, str]:
        """Every archive-level file, by path under ``docs/``."""
        env = environment()
        items = self.items
        recent = sorted(items, key=lambda s: (s["year"] or "0000", s["title"]), reverse=True)[:RECENT_ON_HOME]
        return {
            "catalog.json": catalog(self.papers),
            "archive/_recent.md": env.get_template("recent.md.j2").render(items=recent, total=len(items)),
            "schema/paper.schema.json": json.dumps(schema(), indent=2) + "\n",
            **_all_papers_pages(env, items),
            **_year_pages(env, items),
            **_issue_pages(env, items),
            **_listing_pages(env, self.authors),
            **_listing_pages(env, self.keywords),
        }


def index_files(papers: Sequence[Paper]) -> dict[str, str]:
    return Archive(papers).files()
