"""Citation exports: CSL-JSON, BibTeX, RIS and citeproc-formatted references."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_docs.model import Author, Pages, Paper
from build_docs.render import cite
from build_docs.render.cite import (
    CITATION_FORMATS,
    STYLES,
    _clean,
    _style,
    bibtex,
    bibtex_escape,
    bibtex_key,
    bibtex_unescape,
    csl_json,
    csl_json_text,
    formatted,
    formatted_html,
    gregorian_year,
    ris,
    split_name,
)

HOSTILE = 'On <script>alert(1)</script> & "quotes" * : # {x} } { % \\ $ _ ~ ^\nnext line'

FULL = Paper(
    source="paper.txt",
    slug="rezaei-2015-soil",
    title="Soil salinity in the Urmia basin",
    authors=(
        Author("Ali Reza Rezaei", affiliation="Tabriz", corresponding=True),
        Author("Jan van der Berg"),
        Author("Mohammad Hassan Zadeh"),
    ),
    pages=Pages(521, 542),
    keywords=("salinity", "Urmia lake"),
    abstract=("First paragraph\nwraps.", "Second paragraph."),
    journal="Journal of Soil Science",
    volume="12",
    issue="3",
    year="2015/1394",
    doi="https://doi.org/10.1000/JSS.2015.12",
    pdf_url="https://example.org/p.pdf",
)
EMPTY = Paper(source="x")
HOSTILE_PAPER = Paper(
    source="x",
    slug="h",
    title=HOSTILE,
    authors=(Author(HOSTILE), Author("Ṭabāṭabāʾī, Ḥosayn"), Author("Plato")),
    journal="J <&> {}",
    keywords=("a}b", "c\nd"),
    abstract=(HOSTILE,),
)
PAPERS = [FULL, EMPTY, HOSTILE_PAPER]

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")
BIB_ENTRY = re.compile(r"\A@article\{([a-z0-9]+),\n((?:  [a-z]+ = \{.*\},?\n)*)\}\n\Z")
BIB_FIELD = re.compile(r"^  ([a-z]+) = \{(.*)\},?$", re.M)


def walk(value: Any) -> list[Any]:
    """Every leaf of a JSON value."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in walk(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in walk(v)]
    return [value]


def braces_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def parse_bibtex(text: str) -> tuple[str, dict[str, str]]:
    match = BIB_ENTRY.match(text)
    assert match, text
    return match.group(1), dict(BIB_FIELD.findall(match.group(2)))


def check_csl(item: dict[str, Any]) -> None:
    assert item["type"] == "article-journal"
    assert isinstance(item["id"], str) and item["id"]
    for name in item.get("author", []):
        assert set(name) in ({"literal"}, {"family", "given"}, {"family", "given", "suffix"})
        assert all(isinstance(v, str) and v for v in name.values())
    if "issued" in item:
        (parts,) = item["issued"]["date-parts"]
        assert all(isinstance(p, int) for p in parts)
    for key in ("title", "container-title", "volume", "issue", "page", "DOI", "URL"):
        if key in item:
            assert isinstance(item[key], str) and item[key]
    leaves = walk(item)
    assert None not in leaves and "" not in leaves
    assert json.loads(json.dumps(item)) == item


def check_ris(text: str) -> list[str]:
    lines = text.splitlines()
    assert text.endswith("\n")
    assert lines[0] == "TY  - JOUR"
    assert lines[-1] == "ER  - "
    for line in lines:
        assert RIS_LINE.match(line), line
    return lines


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        ("2015", 2015),
        ("2015/1394", 2015),
        ("1386 SH/2008", 2008),
        ("1394", None),
        ("c. 1899", None),
        ("12015", None),
        ("", None),
        (None, None),
    ],
)
def test_gregorian_year(year: str | None, expected: int | None) -> None:
    assert gregorian_year(year) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ali Rezaei", {"family": "Rezaei", "given": "Ali"}),
        ("Seyed Ali Reza Rezaei", {"family": "Rezaei", "given": "Seyed Ali Reza"}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("Mohammadi Nejad", {"family": "Nejad", "given": "Mohammadi"}),
        ("Reza Mohammadi Nejad", {"family": "Mohammadi Nejad", "given": "Reza"}),
        ("José García\nMárquez", {"family": "Márquez", "given": "José García"}),
        ("Rezaei,  Ali", {"family": "Rezaei", "given": "Ali"}),
        ("Rezaei,", {"literal": "Rezaei"}),
        ("Homer", {"literal": "Homer"}),
        ("", {}),
    ],
)
def test_split_name(name: str, expected: dict[str, str]) -> None:
    assert split_name(name) == expected


# ---------------------------------------------------------------- CSL-JSON


def test_csl_json_full() -> None:
    item = csl_json(FULL)
    check_csl(item)
    assert item["id"] == "rezaei-2015-soil"
    assert item["author"] == [
        {"family": "Rezaei", "given": "Ali Reza"},
        {"family": "van der Berg", "given": "Jan"},
        {"family": "Hassan Zadeh", "given": "Mohammad"},
    ]
    assert item["issued"] == {"date-parts": [[2015]]}
    assert item["page"] == "521-542"
    assert item["DOI"] == "10.1000/JSS.2015.12"
    assert item["container-title"] == "Journal of Soil Science"
    assert item["keyword"] == "salinity, Urmia lake"
    assert item["abstract"] == "First paragraph wraps.\n\nSecond paragraph."


def test_csl_json_empty_leaves_fields_out() -> None:
    item = csl_json(EMPTY)
    check_csl(item)
    assert set(item) <= {"id", "type", "language"}


def test_csl_json_hostile_title_literal() -> None:
    item = csl_json(HOSTILE_PAPER)
    check_csl(item)
    assert item["title"] == HOSTILE.replace("\n", " ")
    assert json.loads(csl_json_text(HOSTILE_PAPER)) == [item]


def test_single_page() -> None:
    paper = Paper(source="x", pages=Pages(7))
    assert csl_json(paper)["page"] == "7"
    assert "pages = {7}" in bibtex(paper)
    assert "SP  - 7" in ris(paper) and "EP  -" not in ris(paper)


# ---------------------------------------------------------------- BibTeX


def test_bibtex_full() -> None:
    text = bibtex(FULL)
    key, fields = parse_bibtex(text)
    assert key == "rezaei2015soil"
    assert fields["author"] == "Rezaei, Ali Reza and van der Berg, Jan and Hassan Zadeh, Mohammad"
    assert fields["title"] == "{Soil salinity in the Urmia basin}"
    assert fields["year"] == "2015"
    assert fields["pages"] == "521--542"
    assert fields["number"] == "3"
    assert fields["doi"] == "10.1000/JSS.2015.12"
    assert braces_balanced(text)


def test_bibtex_hostile_round_trips() -> None:
    text = bibtex(HOSTILE_PAPER)
    assert braces_balanced(text)
    _, fields = parse_bibtex(text)
    title = fields["title"]
    assert title.startswith("{") and title.endswith("}")
    assert bibtex_unescape(title[1:-1]) == HOSTILE.replace("\n", " ")
    # no bare specials left
    assert not re.search(r"(?<!\\)[%&$#_]", fields["title"])
    assert "{Plato}" in fields["author"]
    assert "Ṭabāṭabāʾī, Ḥosayn" in fields["author"]


def test_bibtex_empty() -> None:
    assert bibtex(EMPTY) == "@article{x,\n}\n"  # keyed by the seed name
    assert "None" not in bibtex(Paper(source="x", title="T"))


def test_bibtex_name_with_and_is_protected() -> None:
    text = bibtex(Paper(source="x", authors=(Author("Smith and Jones Ltd"),)))
    assert "author = {{Smith and Jones} Ltd}" in text or "{Smith and Jones}" in text


def test_bibtex_key_ascii() -> None:
    key = bibtex_key(HOSTILE_PAPER)
    assert re.fullmatch(r"[a-z0-9]+", key)
    assert bibtex_key(Paper(source="my-seed 2.txt", slug="a-slug")) == "myseed2"


@pytest.mark.parametrize("text", ["", "plain", "\\\\{}", "\\textbackslash{}", "{{}}}{", "~^"])
def test_bibtex_escape_round_trip(text: str) -> None:
    escaped = bibtex_escape(text)
    assert braces_balanced(escaped)
    assert bibtex_unescape(escaped) == text


# ---------------------------------------------------------------- RIS


def test_ris_full() -> None:
    lines = check_ris(ris(FULL))
    assert lines.count("AU  - Rezaei, Ali Reza") == 1
    assert sum(line.startswith("AU  - ") for line in lines) == 3
    for line in [
        "TI  - Soil salinity in the Urmia basin",
        "JO  - Journal of Soil Science",
        "VL  - 12",
        "IS  - 3",
        "SP  - 521",
        "EP  - 542",
        "PY  - 2015",
        "DO  - 10.1000/JSS.2015.12",
        "UR  - https://example.org/p.pdf",
        "KW  - salinity",
        "KW  - Urmia lake",
        "AB  - First paragraph wraps. Second paragraph.",
    ]:
        assert line in lines


def test_ris_hostile_and_empty() -> None:
    lines = check_ris(ris(HOSTILE_PAPER))
    assert "TI  - " + HOSTILE.replace("\n", " ") in lines
    assert "KW  - c d" in lines
    assert check_ris(ris(EMPTY)) == ["TY  - JOUR", "ER  - "]


# ---------------------------------------------------------------- citeproc


def test_formatted_apa() -> None:
    assert formatted(FULL, "apa") == (
        "Rezaei, A. R., van der Berg, J., & Hassan Zadeh, M. (2015). Soil salinity in the "
        "Urmia basin. Journal of Soil Science, 12(3), 521–542. "
        "https://doi.org/10.1000/JSS.2015.12"
    )


def test_formatted_chicago_keeps_full_given_names() -> None:
    assert formatted(FULL, "chicago-author-date") == (
        "Rezaei, Ali Reza, Jan van der Berg, and Mohammad Hassan Zadeh. 2015. “Soil Salinity "
        "in the Urmia Basin”. Journal of Soil Science 12 (3): 521–42. "
        "https://doi.org/10.1000/JSS.2015.12."
    )


def test_formatted_html() -> None:
    assert formatted_html(FULL, "apa").endswith(
        "<i>Journal of Soil Science</i>, <i>12</i>(3), 521–542. https://doi.org/10.1000/JSS.2015.12"
    )
    assert "&amp; Hassan Zadeh" in formatted_html(FULL, "apa")


@pytest.mark.parametrize("style", sorted(STYLES))
def test_formatted_hostile(style: str) -> None:
    text = formatted(HOSTILE_PAPER, "apa")
    assert HOSTILE.replace("\n", " ") in text
    markup = formatted_html(HOSTILE_PAPER, style)
    assert "<script" not in markup
    assert not re.sub(r"</?i>", "", markup).count("<")
    assert "&lt;script&gt;" in markup


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize(
    "paper",
    [
        EMPTY,
        Paper(source="x", title="Only a title"),
        Paper(source="x", authors=(Author("Ali Rezaei"),)),
        Paper(source="x", journal="J", year="1394"),
        Paper(source="x", title="T", authors=(Author("A B"),), volume="3", pages=Pages(4)),
    ],
)
def test_formatted_missing_fields(paper: Paper, style: str) -> None:
    for text in (formatted(paper, style), formatted_html(paper, style)):
        assert text
        assert "None" not in text
        assert "Edition" not in text
        assert text.count(paper.title or "[Untitled]") == 1


def test_formatted_is_deterministic_and_cached() -> None:
    assert _style("apa") is _style("apa")
    assert formatted(FULL, "apa") == formatted(FULL, "apa")
    assert formatted_html(FULL, "chicago-author-date") == formatted_html(
        FULL, "chicago-author-date"
    )


@pytest.mark.parametrize("style", sorted(STYLES))
def test_remembered_style_lookups_change_nothing(
    style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The memo over citeproc-py's lookups gives exactly citeproc-py's own entries."""
    papers = [*PAPERS, FULL]
    cite._citeproc_html.cache_clear()
    remembered = [formatted_html(p, style) for p in papers]
    assert cite._CITEPROC_ORIGINALS, "the memo is installed with the first style"
    for (cls, name), method in cite._CITEPROC_ORIGINALS.items():
        monkeypatch.setattr(cls, name, method)
    cite._citeproc_html.cache_clear()
    try:
        assert [formatted_html(p, style) for p in papers] == remembered
    finally:
        cite._citeproc_html.cache_clear()


def test_unknown_style() -> None:
    with pytest.raises(ValueError, match="unknown citation style"):
        formatted(FULL, "no-such-style")


# ---------------------------------------------------------------- files


def test_citation_formats() -> None:
    assert set(CITATION_FORMATS) == {".bib", ".ris", ".json"}
    for paper in PAPERS:
        for suffix, (media_type, render) in CITATION_FORMATS.items():
            assert "/" in media_type
            text = render(paper)
            assert isinstance(text, str) and text.endswith("\n")
            assert "None" not in text.replace(str(paper.title), "")
            if suffix == ".json":
                (item,) = json.loads(text)
                check_csl(item)


# ---------------------------------------------------------------- properties

names = st.text(max_size=40)
#: CITE_EXAMPLES=2000 for a longer hunt (each example renders four references)
EXAMPLES = int(os.environ.get("CITE_EXAMPLES", "60"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.none() | st.text(max_size=80),
    authors=st.lists(names, max_size=4),
    year=st.none() | st.text(max_size=12),
    volume=st.none() | st.text(max_size=6),
)
def test_any_text_never_crashes(
    title: str | None, authors: list[str], year: str | None, volume: str | None
) -> None:
    paper = Paper(
        source="x",
        title=title,
        authors=tuple(Author(a) for a in authors),
        year=year,
        volume=volume,
        journal="J",
        pages=Pages(1, 9),
    )
    check_csl(csl_json(paper))

    text = bibtex(paper)
    assert braces_balanced(text)
    key, fields = parse_bibtex(text)
    assert re.fullmatch(r"[a-z0-9]+", key)
    clean_title = _clean(title)
    if clean_title:
        assert bibtex_unescape(fields["title"][1:-1]) == clean_title
    else:
        assert "title" not in fields

    lines = check_ris(ris(paper))
    if clean_title:
        assert "TI  - " + clean_title in lines

    for style in STYLES:
        assert isinstance(formatted(paper, style), str)
        markup = formatted_html(paper, style)
        assert not re.sub(r"</?i>", "", markup).count("<")


class DictStore:
    """A store in memory, as a build's cache is one on disk."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def formatted(self, key: str) -> str | None:
        return self.entries.get(key)

    def put_formatted(self, key: str, text: str) -> None:
        self.entries[key] = text


def test_a_formatted_store_keeps_and_gives_back_entries() -> None:
    store = DictStore()
    with cite.formatted_store(store):
        first = formatted_html(FULL, "apa")
        formatted_html(FULL, "chicago-author-date")
    assert len(store.entries) == 2 and first in store.entries.values()
    # What the store holds is what comes out: citeproc-py is not asked again.
    store.entries = dict.fromkeys(store.entries, "<i>kept</i>")
    with cite.formatted_store(store):
        assert formatted_html(FULL, "apa") == "<i>kept</i>"
        assert formatted(FULL, "apa") == "kept"
    assert formatted_html(FULL, "apa") == first  # outside the block, no store
