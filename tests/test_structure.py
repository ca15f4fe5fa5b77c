"""Structure extraction: headings, lists, footnotes, keywords, and papers missing parts."""

from __future__ import annotations

import pytest

from build_docs import pipeline
from build_docs.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, plain_text
from build_docs.structure.front import split_keywords
from build_docs.structure.sections import _list_item, heading_of


def build(*paragraphs: str) -> pipeline.Paper:
    """A paper from paragraphs in the one-paragraph-per-line layout."""
    return pipeline.process("t", "\n\n".join(paragraphs).encode("utf-8"))


PROSE = ("Regional security is a function of stability and balance of power, and countries that "
         "can prepare the grounds for peace can achieve a broader range of influence in the region.")


# --------------------------------------------------------------------------- headings

@pytest.mark.parametrize(("text", "number", "title", "level"), [
    ("1. Theoretical Framework", "1", "Theoretical Framework", 1),
    ("1 – The Dynamic Balance of Security", "1", "The Dynamic Balance of Security", 1),
    ("2 - Organizing Regional Peace Building", "2", "Organizing Regional Peace Building", 1),
    ("2.1 Data and Sources", "2.1", "Data and Sources", 2),
    ("2.1. Data and Sources", "2.1", "Data and Sources", 2),
    ("3) The Role of Extroversion", "3", "The Role of Extroversion", 1),
    ("3–The Role of Extroversion", "3", "The Role of Extroversion", 1),
    ("Introduction", None, "Introduction", 1),
    ("CONCLUSION", None, "CONCLUSION", 1),
    ("Literature Review:", None, "Literature Review", 1),
    ("Defensive Policy", None, "Defensive Policy", 1),
    ("Balance of Threat and Soft Balancing", None, "Balance of Threat and Soft Balancing", 1),
])
def test_heading_forms(text: str, number: str | None, title: str, level: int) -> None:
    heading = heading_of(text)
    assert heading is not None
    assert (heading.number, heading.title, heading.level) == (number, title, level)


@pytest.mark.parametrize("text", [
    "1 - The ability to take advantage of cooperationist models in the area of foreign policy is a difficult endeavor.",
    "2 – This paper showed that such model of balanced conflict resolution is feasible",
    "In 2002 the plan was ratified.",
    "states towards seeking power and security (Griffiths, 2007: 13).",
    PROSE,
    "1.5 million people were displaced",
    "Tehran: Samt.",
])
def test_not_headings(text: str) -> None:
    assert heading_of(text) is None


def test_lookalike_numbered_illegible_heading() -> None:
    heading = heading_of("v. \ue00000000000 000000000\ue001 <")
    assert heading is not None and heading.number == "7" and heading.title == "\ue00000000000 000000000\ue001"


def test_numbered_list_item_in_body_is_not_a_section() -> None:
    paper = build("Introduction", PROSE, "The initiatives are the following.",
                  "1 - The ability to take advantage of cooperationist models is a difficult endeavor.",
                  "2 - This paper showed that such a model is only feasible with mutual trust.",
                  "Conclusion", PROSE)
    assert [s.title for s in paper.sections] == ["Introduction", "Conclusion"]
    lists = [b for b in paper.sections[0].blocks if b.kind == "list"]
    assert len(lists) == 1 and lists[0].ordered and len(lists[0].items) == 2


def test_sections_keep_order_numbers_and_levels() -> None:
    paper = build("Introduction", PROSE, "1. Theoretical Framework", PROSE, "1.1 Balance of Threat", PROSE,
                  "2 – Findings", PROSE, "Conclusion", PROSE)
    assert [(s.number, s.title, s.level) for s in paper.sections] == [
        (None, "Introduction", 1), ("1", "Theoretical Framework", 1), ("1.1", "Balance of Threat", 2),
        ("2", "Findings", 1), (None, "Conclusion", 1)]
    assert len({s.anchor for s in paper.sections}) == 5


# --------------------------------------------------------------------------- lists

@pytest.mark.parametrize(("text", "kind", "label", "rest"), [
    ("• Reducing potential risk factors", "bullet", "•", "Reducing potential risk factors"),
    ("- Iran's ideology of resistance", "bullet", "-", "Iran's ideology of resistance"),
    ("a) Formation of susceptible grounds", "letter", "a", "Formation of susceptible grounds"),
    ("1 - The ability to take advantage", "number", "1", "The ability to take advantage"),
    ("2 – This paper showed", "number", "2", "This paper showed"),
])
def test_list_item_forms(text: str, kind: str, label: str, rest: str) -> None:
    assert _list_item(text) == (kind, label, rest)


@pytest.mark.parametrize("text", ["-5 degrees were recorded", "In a) case", PROSE])
def test_not_list_items(text: str) -> None:
    assert _list_item(text) is None


@pytest.mark.parametrize(("items", "ordered", "lettered"), [
    (["• Reducing risk.", "• Exchanging information.", "• Building on academic capital."], False, False),
    (["- Reducing risk.", "- Exchanging information."], False, False),
    (["a) Formation of grounds.", "b) Requirements of competition.", "c) Relations with neighbours."], True, True),
    (["1 - The first initiative.", "2 - The second initiative."], True, False),
])
def test_lists_become_list_blocks(items: list[str], ordered: bool, lettered: bool) -> None:
    paper = build("Introduction", "The conditions are as follows:", *items, "Conclusion", PROSE)
    blocks = [b for b in paper.sections[0].blocks if b.kind == "list"]
    assert len(blocks) == 1
    assert (blocks[0].ordered, blocks[0].lettered, len(blocks[0].items)) == (ordered, lettered, len(items))


def test_list_item_split_by_page_break_is_one_item() -> None:
    # hard-wrapped layout; the page break shows as a line starting with a space
    lines = []
    for i in range(40):
        lines += [f"line {i} of prose about the regional balance of power and", ""]
    lines += ["the end of the paragraph.", "", " ", ""]
    lines += ["• Reducing potential risk factors by risk management in order to", "",
              "prevent losses.", "", " ", "",
              "• Efficient exchange of economic-related information and the", "", " ", "",
              " security of the whole region.", "", " ", "",
              "• Building on the academic capital of experts.", "", " ", ""]
    for i in range(10):
        lines += [f"more prose {i} on the regional security of the Persian Gulf and", ""]
    lines += ["its neighbours.", ""]
    paper = pipeline.process("t", "\n".join(lines).encode("utf-8"))
    items = [item for s in paper.sections for b in s.blocks if b.kind == "list" for item in b.items]
    assert len(items) == 3
    assert items[1] == "Efficient exchange of economic-related information and the security of the whole region."


def test_item_cut_by_page_in_seed_is_one_item() -> None:
    from pathlib import Path

    seed = Path(__file__).resolve().parents[1] / "seeds" / "000_11d23db24c72f3b4.txt"
    paper = pipeline.process(seed.stem, seed.read_bytes())
    items = [item for s in paper.sections for b in s.blocks if b.kind == "list" for item in b.items]
    cut = [i for i in items if i.startswith("London based International Institute")]
    assert len(cut) == 1 and "of its resistance group allies" in cut[0]


# --------------------------------------------------------------------------- footnotes

def test_footnote_text_becomes_footnote_with_marker_in_body() -> None:
    paper = build("Introduction", "The Arab spring^{1} changed the region.", PROSE,
                  "^{1} The \"Arab spring\" in western literature")
    assert [(f.label, f.text) for f in paper.footnotes] == [("1", 'The "Arab spring" in western literature')]
    body = " ".join(t for s in paper.sections for b in s.blocks for t in b.texts())
    assert f"spring{FOOTNOTE_OPEN}1{FOOTNOTE_CLOSE}" in body
    assert "^{1}" not in body and "western literature" not in body


def test_footnote_with_lost_marker_is_placed_and_reported() -> None:
    paper = build("Introduction", PROSE, "^{.)} The \"Arab spring\" in western literature", PROSE)
    assert [f.label for f in paper.footnotes] == ["1"]
    assert plain_text(paper.sections[0].blocks[0].text).endswith("[1]")
    assert any("marker was lost" in w for w in paper.warnings)


# --------------------------------------------------------------------------- keywords

@pytest.mark.parametrize(("text", "keywords"), [
    ("Keywords: Regional Balance, Conflict Resolution; Balancing, Equilibrium.",
     ("Regional Balance", "Conflict Resolution", "Balancing", "Equilibrium")),
    ("Key words: Iran، Resistance groups, National security",
     ("Iran", "Resistance groups", "National security")),
    ("Keywords - Islamic Revolution of 1979 ; Regional policy ;", ("Islamic Revolution of 1979", "Regional policy")),
])
def test_split_keywords(text: str, keywords: tuple[str, ...]) -> None:
    assert split_keywords(text) == keywords


def test_keywords_wrapped_over_two_lines() -> None:
    lines = ["Abstract", "", PROSE[:60], "", PROSE[60:], "", " ", "",
             "Keywords: Regional Balance, Conflict Resolution, Conciliation, Balanced", "",
             "Security, Strategic Flexibility.", "", " ", "", "Introduction", "", " ", ""]
    for i in range(30):
        lines += [f"prose line {i} on security in the region and", ""]
    lines += ["the end.", ""]
    paper = pipeline.process("t", "\n".join(lines).encode("utf-8"))
    assert paper.keywords == ("Regional Balance", "Conflict Resolution", "Conciliation", "Balanced Security",
                              "Strategic Flexibility")


# --------------------------------------------------------------------------- missing parts

def test_paper_without_abstract_keywords_headings_references_builds() -> None:
    paper = build(PROSE, PROSE.replace("Regional", "Global"))
    assert paper.abstract == () and paper.keywords == () and paper.references == ()
    assert {"title", "authors", "abstract", "keywords", "headings", "references"} <= set(paper.missing)
    assert paper.sections and all(b.kind == "paragraph" for s in paper.sections for b in s.blocks)
    record = paper.to_json()
    assert set(paper.missing) <= set(record.get("missing", paper.missing))


def test_complete_paper_misses_nothing() -> None:
    paper = build("Research paper", "A Study of Balance", "Maryam Hosseini",
                  "Assistant Professor of Political Science, University of Tehran, Tehran, Iran m.h@ut.ac.ir",
                  "Abstract", PROSE, "Keywords: Balance, Security.", "Introduction", PROSE,
                  "Conclusion", PROSE + " (Walt, 1987: 5).", "References",
                  "- Walt, Stephen (1987). The Origins of Alliances. Ithaca: Cornell University Press.")
    assert paper.missing == ()
    assert paper.title == "A Study of Balance" and paper.doc_type == "Research paper"
    assert [(a.name, a.email) for a in paper.authors] == [("Maryam Hosseini", "m.h@ut.ac.ir")]
    assert len(paper.references) == 1 and paper.citations and paper.citations[0].reference == 0
