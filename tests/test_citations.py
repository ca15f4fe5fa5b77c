"""In-text citations: finding, linking and year repair, on seed fragments and synthetic text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from build_docs.layout import blank_line_blocks
from build_docs.model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Block, Paper, Reference, Section
from build_docs.repair.runner import Paragraph
from build_docs.structure.citations import (
    extract_citations,
    find_citations,
    is_garbled_year,
    link_citation,
)
from build_docs.structure.draft import Draft
from build_docs.structure.references import extract_references, parse_reference

ROOT = Path(__file__).resolve().parent.parent
SEED_000 = ROOT / "seeds" / "000_11d23db24c72f3b4.txt"
SEED_004 = ROOT / "seeds" / "004_b837155f77e040bd.txt"

REFS = tuple(parse_reference(raw) for raw in (
    "Hajiyousefi, Amirmohamad (2002/1381). Walt's Theory. Foreign Policy, 16(4), 1005-1030.",
    "Hajiyousefi, Amirmohamad (2005/1384). Iran's Foreign Policy. Tehran: Foreign Ministry Publication.",
    "Adami, Ali, and Elham Keshavarz Moghaddam (2015/1394). The Place. Journal 14: 1-19.",
    "Jamshidi, Mohammad (1386 SH/2008). A Book. Tehran: Samt.",
    "Dehghani Firouzabadi, Seyed Jalal (2011/1390). Neoclassical Realism and Iran's Foreign Policy. Foreign Policy, 25(2), 1-2.",
    "Mearsheimer, John (2003). The Tragedy of Great Power Politics. New York: Norton.",
    "Mousavi Dehmourdi, Seyyed Mohammad, Mostafa Malakoutian, and Mojtaba Ghafouri (2016/1395). T. J, 13(47), 49-67.",
    "Smith, J., Jones, K., & Lee, M. (2001). T. J, 1(1), 1-2.",
))


def blocks(text: str) -> list[Paragraph]:
    """Blank-line separated blocks, as the layout stage would give paragraphs."""
    return blank_line_blocks(text)


def one(text: str):
    hits = find_citations(text)
    assert len(hits) == 1, hits
    return hits[0]


def test_parenthetical_with_locator():
    text = "mechanisms (Salimi and Ebrahimi, 2014/1393: 19). Next"
    hit = one(text)
    assert text[hit.start:hit.end] == hit.text == "(Salimi and Ebrahimi, 2014/1393: 19)"
    assert (hit.surnames, hit.year, hit.locator, hit.narrative) == (("Salimi", "Ebrahimi"), "2014/1393", "19", False)


def test_title_inside():
    hit = one("granted (Dehghani Firouzabadi, Neoclassical Realism and Iran's Foreign Policy, 2011/1390: 277).")
    assert hit.surnames == ("Dehghani Firouzabadi",)
    assert hit.title == "Neoclassical Realism and Iran's Foreign Policy"
    assert (hit.year, hit.locator) == ("2011/1390", "277")
    assert link_citation(hit.surnames, hit.year, REFS) == 4


def test_three_authors_range_and_no_locator():
    hit = one("security (Mousavi Dehmourdi, Malakoutian and Ghafouri, 2016/1395: 52)")
    assert hit.surnames == ("Mousavi Dehmourdi", "Malakoutian", "Ghafouri")
    assert one("(Barzegar, 2009/1388: 15-16)").locator == "15-16"
    assert one("(Aghaei, 2008/1387)").locator is None


def test_solar_hijri_first_and_spacing():
    hit = one("system (King and Ephraim  Karsh, 1378 SH/2000: 122).")
    assert (hit.surnames, hit.year, hit.locator) == (("King", "Ephraim Karsh"), "1378 SH/2000", "122")
    assert one("(Bagus, 1385  SH/2007: 29)").year == "1385 SH/2007"


def test_several_in_one_bracket():
    text = "as argued (see Pape, 2005: 23; Knights, 2017; Smith et al., 2001, p. 4)."
    hits = find_citations(text)
    assert [h.surnames for h in hits] == [("Pape",), ("Knights",), ("Smith",)]
    assert [text[h.start:h.end] for h in hits] == ["Pape, 2005: 23", "Knights, 2017", "Smith et al., 2001, p. 4"]
    assert hits[2].et_al and hits[2].locator == "p. 4"


def test_narrative():
    text = "In neoclassical realism. John Mearsheimer (2003: 13) argues, and Walt (2005) agrees; Brooks and Wohlforth (2005)."
    hits = find_citations(text)
    assert [(h.surnames, h.year, h.locator, h.narrative) for h in hits] == [
        (("Mearsheimer",), "2003", "13", True),
        (("Walt",), "2005", None, True),
        (("Brooks", "Wohlforth"), "2005", None, True),
    ]
    assert text[hits[0].start:hits[0].end] == "Mearsheimer (2003: 13)"


def test_not_citations():
    for text in ("in (2003) the war", "since (March 2001)", "the (US, 2019 and beyond)", "see (Table 2)",
                 "the year (In 2001)", "(1, 2, 3)", "(Revolution of 1979)"):
        assert find_citations(text) == [], text


def test_link_spelling_variants_and_years():
    for surname in ("HajiYousefi", "Haji-Yousefi", "Hajiyousefi", "Hajiyusefi"):
        assert link_citation([surname], "1384 SH/2005", REFS) == 1, surname
        assert link_citation([surname], "2002/1381", REFS) == 0, surname
    assert link_citation(["Jamshidi"], "2008", REFS) == 3
    assert link_citation(["Jamshidi"], "1386", REFS) == 3
    assert link_citation(["Adami", "Keshavarz Moghaddam"], "2015/1394", REFS) == 2
    assert link_citation(["Mearsheimer"], "2003", REFS) == 5
    assert link_citation(["Smith"], "2001", REFS) == 7
    assert link_citation(["Nobody"], "2001", REFS) is None
    assert link_citation(["Mearsheimer"], "1999", REFS) is None  # clean but different year: not linked


def test_link_garbled_year():
    assert is_garbled_year("20?3") and is_garbled_year(None) and not is_garbled_year("1386 SH/2008")
    assert link_citation(["Mearsheimer"], "20?3", REFS) == 5
    assert link_citation(["Mearsheimer"], None, REFS) == 5
    assert link_citation(["Hajiyousefi"], "200?/1381", REFS) == 0  # two works: the year read closest
    assert link_citation(["Hajiyousefi"], None, REFS) is None  # two works, nothing to choose by


def _paper(texts: list[str], abstract: tuple[str, ...] = (), refs: tuple[Reference, ...] = REFS) -> Draft:
    section = Section(number="1", title="Intro", level=1,
                      blocks=tuple(Block("paragraph", text=t) for t in texts)
                      + (Block("list", items=("first (Jamshidi, 1386 SH/2008: 64)", "second")),))
    return Draft(Paper(source="s", abstract=abstract, sections=(section,), references=refs), ())


def test_extract_citations_reading_order_and_where():
    draft = extract_citations(_paper(
        ["A claim (Adami and Keshavarz Moghaddam, 2015/1394: 16) and (Nobody, 1999).", "Mearsheimer (2003) says."],
        abstract=("Abstract cites (Hajiyousefi, 2002/1381: 10).",)))
    cites = draft.paper.citations
    assert [(c.where, c.reference) for c in cites] == [
        ((-1, 0, 0), 0), ((0, 0, 0), 2), ((0, 0, 0), None), ((0, 1, 0), 5), ((0, 2, 0), 3)]
    assert cites[1].locator == "16" and cites[1].surnames == ("Adami", "Keshavarz Moghaddam")
    assert draft.paper.warnings == ("1 citations with no matching reference",)
    assert draft.paper.repairs == ()


def test_garbled_year_repaired_and_recorded():
    garbled = "20" + ILLEGIBLE_OPEN + "0" + ILLEGIBLE_CLOSE + "3"
    draft = extract_citations(_paper([f"So says (Mearsheimer, {garbled}: 13) here."]))
    block = draft.paper.sections[0].blocks[0]
    assert block.text == "So says (Mearsheimer, 2003: 13) here."
    (change,) = draft.paper.repairs
    assert (change.rule, change.before, change.after) == (
        "repair_citation_year", f"(Mearsheimer, {garbled}: 13)", "(Mearsheimer, 2003: 13)")
    cite = draft.paper.citations[0]
    assert (cite.reference, cite.year, block.text[cite.start:cite.end]) == (5, "2003", "(Mearsheimer, 2003: 13)")
    assert draft.paper.warnings == ()  # the recorded change is the report


def test_narrative_false_positive_dropped_when_references_exist():
    draft = extract_citations(_paper(["During the Gulf War (1991) Iran stayed out."]))
    assert [c.text for c in draft.paper.citations] == ["(Jamshidi, 1386 SH/2008: 64)"]


def test_seed_000_every_citation_but_one_author_links():
    paragraphs = blocks(SEED_000.read_text(encoding="utf-8"))
    refs = extract_references(Draft(Paper(source="s"), tuple(paragraphs))).paper.references
    heading = next(i for i, p in enumerate(paragraphs) if p.text == "References")
    body = " ".join(p.text.replace("\n", " ") for p in paragraphs[:heading])
    hits = find_citations(body)
    assert len(hits) >= 45
    unlinked = {h.surnames for h in hits if link_citation(h.surnames, h.year, refs) is None}
    assert unlinked == {("Fisher",)}  # Fisher (2016) is cited but not in the list


def test_seed_004_citations():
    text = " ".join(SEED_004.read_text(encoding="utf-8").split())
    hits = find_citations(text)
    assert len(hits) == 32
    keys = {(h.surnames, h.year, h.locator) for h in hits}
    assert (("Jamshidi",), "1386 SH/2008", "64") in keys
    assert (("HajiYousefi",), "1384 SH/2006", "63") in keys
    assert (("Haji-Yousefi",), "1384 SH/2006", "33") in keys
    assert (("Abdullah Khani",), "1386 SH/2008", "118") in keys


@given(st.text(alphabet=st.sampled_from(list("Ab (),;:/?-12 and etal.SH") + [ILLEGIBLE_OPEN, ILLEGIBLE_CLOSE]),
               max_size=80))
def test_offsets_always_point_into_text(text):
    for hit in find_citations(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert text[hit.start:hit.end] == hit.text
        assert hit.start <= hit.year_start <= hit.year_end <= hit.end
