"""Editorial sidecars: overrides win over extraction, corrections come first, errors are one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_docs import pipeline
from build_docs.model import Author, Pages
from build_docs.sidecar import Sidecar, SidecarError, load_sidecar, parse_sidecar

ROOT = Path(__file__).resolve().parents[1]
SEED_000 = ROOT / "seeds" / "000_11d23db24c72f3b4.txt"
SEED_004 = ROOT / "seeds" / "004_b837155f77e040bd.txt"


def run(seed: Path, data: dict) -> pipeline.Paper:
    return pipeline.process(seed.stem, seed.read_bytes(), parse_sidecar(data))


def test_overrides_win_over_extraction() -> None:
    paper = run(SEED_004, {
        "title": "The Mechanisms of Organizing Peace and Balance in the Persian Gulf",
        "authors": [{"name": "Zohreh Poustinchi", "affiliation": "University of Tehran", "corresponding": True}],
        "journal": "Journal of Iran and Central Eurasia Studies", "volume": 3, "issue": "1",
        "year": 2010, "doi": "10.22059/jices.2010.1", "pdf_url": "https://example.org/paper.pdf",
        "pages": "1-21",
    })
    assert paper.title == "The Mechanisms of Organizing Peace and Balance in the Persian Gulf"
    assert paper.title_shortened is False
    assert paper.authors == (Author("Zohreh Poustinchi", "University of Tehran", corresponding=True),)
    assert (paper.journal, paper.volume, paper.issue, paper.year) == (
        "Journal of Iran and Central Eurasia Studies", "3", "1", "2010")
    assert (paper.doi, paper.pdf_url) == ("10.22059/jices.2010.1", "https://example.org/paper.pdf")
    assert paper.pages == Pages(1, 21)
    assert paper.supplied == ("authors", "doi", "issue", "journal", "pages", "pdf_url", "title", "volume", "year")


def test_supplied_fields_leave_missing() -> None:
    plain = pipeline.process(SEED_004.stem, SEED_004.read_bytes())
    assert "references" in plain.missing
    paper = run(SEED_004, {"keywords": ["Balance", "Peace"]})
    assert paper.supplied == ("keywords",) and paper.keywords == ("Balance", "Peace")


def test_author_names_as_plain_strings() -> None:
    paper = run(SEED_000, {"authors": ["Farshad Roomi", "Ehsan Kazemi"]})
    assert [a.name for a in paper.authors] == ["Farshad Roomi", "Ehsan Kazemi"]
    assert all(a.affiliation is None for a in paper.authors)


def test_no_sidecar_supplies_nothing() -> None:
    paper = pipeline.process(SEED_000.stem, SEED_000.read_bytes(), Sidecar())
    assert paper.supplied == ()
    assert paper.title and paper.title.startswith("The Resistance Axis")


def test_corrections_apply_before_structure() -> None:
    # Turning the illegible heading line into a readable one changes the sections found.
    heading = next(line for line in SEED_000.read_text(encoding="utf-8").split("\n") if line.startswith("v. 0000"))
    paper = run(SEED_000, {"corrections": [
        {"find": heading, "replace": "7. Iran and the Threats"},
        {"find": "Defensive Policy", "replace": "Challenges for Defensive Policy"},
        {"find": "zntmotahari@vahoo.com", "replace": "zntmotahari@gmail.com"},
    ]})
    titles = [s.title for s in paper.sections]
    assert "Challenges for Defensive Policy" in titles
    seven = [s for s in paper.sections if s.number == "7"]
    assert seven and seven[0].title.startswith("Iran and the Threats")
    assert paper.authors[2].email == "zntmotahari@gmail.com"
    assert [c.rule for c in paper.repairs].count("editor_correction") == 3
    assert paper.supplied == ()  # corrections edit the text; they supply no field


def test_correction_that_finds_nothing_is_a_warning() -> None:
    paper = run(SEED_000, {"corrections": [{"find": "no such text here", "replace": "x"}]})
    assert "correction 'no such text here' found nothing" in paper.warnings


@pytest.mark.parametrize(("data", "message"), [
    ({"titel": "x"}, "unknown key 'titel'"),
    ({"year": [2015]}, "key 'year': expected a number or text like 2015/1394"),
    ({"doi": "doi:10.1/x"}, "key 'doi': expected a DOI like 10.1234/abc"),
    ({"pdf_url": "ftp://x"}, "key 'pdf_url': expected an http(s) URL"),
    ({"pages": "521 to 542"}, "key 'pages': expected a range like 521-542"),
    ({"authors": "Farshad Roomi"}, "key 'authors': expected a list of names"),
    ({"authors": [{"name": "A B", "orcid": "0000-0002"}]}, "key 'authors[0]': expected a list of names or {name"),
    ({"corrections": [{"find": "a"}]}, "key 'corrections[0]': expected a list of {find, replace}"),
    ({"keywords": "a, b"}, "key 'keywords': expected a list of texts"),
    (["title"], "expected a mapping"),
])
def test_invalid_sidecar_gives_one_clear_line(data: object, message: str) -> None:
    with pytest.raises(SidecarError) as error:
        parse_sidecar(data)
    text = str(error.value)
    assert message in text
    assert "\n" not in text


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "paper.yml"
    path.write_text("title: A\nauthors: [unclosed\n", encoding="utf-8")
    with pytest.raises(SidecarError) as error:
        load_sidecar(path)
    assert str(error.value).startswith("invalid YAML at line") and "\n" not in str(error.value)


def test_sidecar_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "paper.yml"
    path.write_text("title: A Title\nvolume: 12\ncorrections:\n  - find: teh\n    replace: the\n", encoding="utf-8")
    sidecar = load_sidecar(path)
    assert sidecar.fields == {"title": "A Title", "volume": "12"}
    assert sidecar.corrections == (("teh", "the"),)
    assert load_sidecar(tmp_path / "absent.yml") == Sidecar()
