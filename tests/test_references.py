"""Reference list: splitting, parsing, surnames and years, on seed 000 and synthetic entries."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_docs.layout import blank_line_blocks
from build_docs.model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Paper
from build_docs.repair.runner import Paragraph
from build_docs.structure.draft import Draft
from build_docs.structure.references import (
    extract_references,
    find_doi,
    find_reference_heading,
    find_urls,
    is_watermark,
    normalize_surname,
    parse_reference,
    reference_surnames,
    reference_years,
    split_entries,
    starts_new_entry,
    surname_key,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_11d23db24c72f3b4.txt"
WATERMARK = "اه علوم النانی و مطالعات فربخی ال حامع علوم النانی"
#: Counted by reading the seed: 43 bulleted entries plus the unbulleted Fars News Agency entry.
SEED_000_ENTRIES = 44


def blocks(text: str) -> list[Paragraph]:
    """Blank-line separated blocks, as the layout stage would give paragraphs."""
    return blank_line_blocks(text)


def lines(text: str) -> list[Paragraph]:
    """Every non-blank line its own paragraph."""
    return [Paragraph(line, n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def with_markers(text: str) -> str:
    """Wrap the seed's garbled glyph runs as the repair stage does."""
    garbled = re.compile(r"(?<=\s)(?=\S*(?:\\|DD|[^\x00-\x7f]))\S+")
    return "\n".join(line if not line.startswith("- ") else garbled.sub(
        lambda m: ILLEGIBLE_OPEN + m.group().rstrip(".") + ILLEGIBLE_CLOSE + ("." if m.group().endswith(".") else ""),
        line) for line in text.split("\n"))


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_refs(seed_text: str) -> dict[str, object]:
    paragraphs = blocks(seed_text)
    draft = Draft(Paper(source=str(SEED)), tuple(paragraphs))
    out = extract_references(draft)
    return {"draft": out, "refs": out.paper.references, "paragraphs": paragraphs}


def by_start(refs, prefix):
    found = [r for r in refs if r.raw.startswith(prefix)]
    assert len(found) == 1, prefix
    return found[0]


def test_seed_000_entry_count(seed_refs):
    assert len(seed_refs["refs"]) == SEED_000_ENTRIES


@pytest.mark.parametrize("make", [blocks, lines, lambda t: [Paragraph(t, 1)]])
def test_split_is_independent_of_paragraphing(seed_text, make):
    paragraphs = make(seed_text)
    heading = find_reference_heading(paragraphs)
    if heading is None:  # the whole file as one paragraph: cut at the heading line
        body = seed_text.split("\nReferences\n", 1)[1]
        paragraphs, heading = [Paragraph("References", 1), Paragraph(body, 2)], 0
    entries, dropped = split_entries(paragraphs[heading + 1:])
    assert len(entries) == SEED_000_ENTRIES
    assert [p.text for p in dropped] == [WATERMARK]


def test_heading_and_list_leave_the_body(seed_refs):
    draft = seed_refs["draft"]
    assert not any(p.text.startswith("- Adami") or p.text == "References" for p in draft.paragraphs)
    assert draft.paragraphs[-1].text.startswith("- ")  # the body's last bullet (before the heading)


def test_watermark_is_recorded_not_lost(seed_refs):
    draft = seed_refs["draft"]
    removed = [c for c in draft.paper.repairs if c.rule == "remove_watermark"]
    assert [(c.before, c.after) for c in removed] == [(WATERMARK, "")]
    assert removed[0].location == "line 236"
    assert not any(WATERMARK in r.raw for r in draft.paper.references)


def test_no_text_lost(seed_text, seed_refs):
    raws = " ".join(r.raw for r in seed_refs["refs"])
    after = seed_text.split("\nReferences\n", 1)[1]
    for line in after.split("\n"):
        line = line.strip().removeprefix("- ")
        if line and line != WATERMARK:
            assert line in raws


def test_continuations_join_their_entry(seed_refs):
    refs = seed_refs["refs"]
    fars = by_start(refs, "Fars News Agency")
    assert "DB%8C-" in fars.raw and "% D8% A2" in fars.raw
    assert by_start(refs, "Robinson, Linda").raw.endswith("Corporation, 1-323.")
    assert by_start(refs, "Mardaneh").raw.endswith("http://nedains.com/fa/news/312963.")


@pytest.mark.parametrize(("start", "year", "doi", "surname", "container"), [
    ("Adami, Ali", "2015/1394", None, "Adami", "Political Study of the Islamic World Journal"),
    ("Brooks, Stephen", "2005", "10.1162/0162288054894634", "Brooks", "International Security"),
    ("Ghiasvandi", "2017/1396", "10.21859/priw-07040", "Ghiasvandi", "Islamic World Studies Association"),
    ("Simbor", "2012/1391", "10.22080/jpir.2017.1691", "Simbor", "Journal of Politics and International Relations"),
    ("Pape, Robert", "2005", None, "Pape", "International security"),
    ("Rathbun", "2008", None, "Rathbun", "Security Studies"),
    ("Mousavi Dehmourdi", "2016/1395", None, "Mousavi Dehmourdi", "Islamic Revolution Studies Journal"),
    ("Fars News Agency", "2011/1390", None, "Fars News Agency", None),
    ("Navazani", "2005/1384", None, "Navazani", "Zamaneh Monthly"),
])
def test_seed_000_fields(seed_refs, start, year, doi, surname, container):
    ref = by_start(seed_refs["refs"], start)
    assert (ref.year, ref.doi, reference_surnames(ref)[0], ref.container) == (year, doi, surname, container)


def test_seed_000_details(seed_refs):
    refs = seed_refs["refs"]
    adami = by_start(refs, "Adami")
    assert adami.authors == ("Ali Adami", "Elham Keshavarz Moghaddam")
    assert (adami.volume, adami.issue, adami.pages, adami.url) == ("14", None, "1-19", None)  # URL tail garbled
    assert adami.title == "The Place of the Resistance Security Cluster in Iran's Foreign Policy"
    brooks = by_start(refs, "Brooks")
    assert (brooks.volume, brooks.issue, brooks.pages, brooks.url) == ("30", "1", "72-108", None)
    mearsheimer = by_start(refs, "Mearsheimer")
    assert (mearsheimer.title, mearsheimer.publisher) == ("The Tragedy of Great Power Politics", "W. W. Norton and Company")
    katzman = by_start(refs, "Katzman")
    assert katzman.url == "https://www.atlanticcouncil.org/blogs/iransource/under-us-sanctions-iran-regional-influencegrows/"
    assert by_start(refs, "Robinson").pages == "1-323"
    assert len(by_start(refs, "Robinson").authors) == 7
    assert by_start(refs, "IISS").authors == ("IISS",)
    assert by_start(refs, "Hashemi Rafsanjani").authors == ("Akbar Hashemi Rafsanjani",)
    for garbled in ("Barzegar", "Hedayati", "Mottaghi", "Mosallanejad, Abbas (2011", "Fars News", "Bagheri"):
        assert by_start(refs, garbled).url is None, garbled
    assert by_start(refs, "Bagheri").pages is None
    assert by_start(refs, "Pape").doi is None  # doi.org/ followed by a garbled suffix


def test_illegible_markers_never_give_a_url(seed_text):
    paragraphs = blocks(with_markers(seed_text))
    heading = find_reference_heading(paragraphs)
    assert heading is not None
    entries, _ = split_entries(paragraphs[heading + 1:])
    refs = [parse_reference(e) for e in entries]
    assert len(refs) == SEED_000_ENTRIES
    for ref in refs:
        assert ref.url is None or ILLEGIBLE_OPEN not in ref.url
    assert by_start(refs, "Adami").url is None
    assert by_start(refs, "Barzegar").url is None
    assert by_start(refs, "Brooks").doi == "10.1162/0162288054894634"
    assert by_start(refs, "Salimi").url == "http://www.iisajournals.ir/article_41989.html?lang=en"


def test_gold_file_matches_seed(seed_refs):
    gold = json.loads((ROOT / "tests/gold/references_000.json").read_text(encoding="utf-8"))
    assert len(gold["entries"]) == SEED_000_ENTRIES
    refs = seed_refs["refs"]
    hits = sum(1 for g in gold["entries"] if by_start(refs, g["starts"]).year == g["year"])
    assert hits == SEED_000_ENTRIES


def test_reference_years_from_raw_paragraphs(seed_text):
    years = reference_years(blocks(seed_text))
    assert years[normalize_surname("Hajiyousefi")] == ("2002/1381", "2005/1384")
    assert years[normalize_surname("Dehghani Firouzabadi")] == ("2011/1390", "2012/1391")
    assert "2014/1393" in years[normalize_surname("Ebrahimi")]  # second author of a two-author entry
    assert normalize_surname("Malakoutian") not in years  # third author of three: not a key
    assert surname_key("Haji-Yousefi") == surname_key("HajiYousefi") == "hajiyousefi"
    assert reference_years([Paragraph("No list here", 1)]) == {}


# -- synthetic cases ----------------------------------------------------------

def test_entries_without_bullets_and_with_continuations():
    paragraphs = [Paragraph("References", 1),
                  Paragraph("Smith, John (2001). A Title. Journal of Things 3(2), 10-20.", 2),
                  Paragraph("Jones, Kate and Ann Lee (2003). Another Title. Big Press", 3),
                  Paragraph("and Sons.", 4),
                  Paragraph("World Bank (2010). Report on something. https://example.org/", 5),
                  Paragraph("reports/2010.pdf", 6),
                  Paragraph("日本語の透かし", 7)]
    draft = extract_references(Draft(Paper(source="s"), tuple(paragraphs)))
    refs = draft.paper.references
    assert [r.raw[:5] for r in refs] == ["Smith", "Jones", "World"]
    assert refs[1].raw.endswith("Big Press and Sons.")
    assert refs[2].url == "https://example.org/reports/2010.pdf"
    assert [c.rule for c in draft.paper.repairs] == ["remove_watermark"]
    assert draft.paragraphs == ()


def test_apa_style_and_doi_forms():
    ref = parse_reference("Smith, J. A., Jones, K., & Lee, M. (2019a). Trust and states. "
                          "Foreign Affairs, 12(3), 45-67. https://doi.org/10.1000/XYZ.123")
    assert ref.authors == ("J. A. Smith", "K. Jones", "M. Lee")
    assert (ref.year, ref.container, ref.volume, ref.issue, ref.pages) == ("2019a", "Foreign Affairs", "12", "3", "45-67")
    assert (ref.doi, ref.url) == ("10.1000/XYZ.123", None)
    assert find_doi("DOI: 10.5555/abc-1.") == "10.5555/abc-1"


def test_solar_hijri_year_and_dot_year():
    assert parse_reference("Jamshidi, Mohammad (1386 SH/2008). Title. Tehran: Samt.").year == "1386 SH/2008"
    ref = parse_reference("Rathbun, Brian. 2008. A Rose. Security Studies, 17(2), 294-321.")
    assert (ref.authors, ref.year, ref.title) == (("Brian Rathbun",), "2008", "A Rose")


def test_urls():
    assert find_urls("see http://a.org/x/ y") == ["http://a.org/x/"]
    assert find_urls("http://a.org/x" + ILLEGIBLE_OPEN + "3" + ILLEGIBLE_CLOSE) == []
    assert find_urls("http://a.org/path_ \\YTF") == []
    assert find_urls("hxxp://nope") == []


def test_small_predicates():
    assert starts_new_entry("Barzegar, Keyhan (2009/1388). Title.")
    assert not starts_new_entry("interview/item/11-interview.")
    assert not starts_new_entry("The reason why (2003) this is not a name list but a sentence here.")
    assert is_watermark(WATERMARK) and not is_watermark("١٣٩٠ فارسی")
    assert extract_references(Draft(Paper(source="s"), (Paragraph("Body", 1),))).paper.missing == ("references",)
