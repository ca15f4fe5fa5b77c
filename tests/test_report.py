"""The editor's worklist: ``python -m build_docs report [--json]``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_docs import report
from build_docs.cli import main as cli_main

ROOT = Path(__file__).parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLEAN = Path(__file__).parent / "data" / "clean_paper.txt"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The two seeds, the clean paper, and a seed the build rejects."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, seeds / seed.name)
    shutil.copy(CLEAN, seeds / "900_clean.txt")
    (seeds / "999_empty.txt").write_bytes(b"")
    return seeds


def test_json_report_rows_and_order(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(["report", "--json", "--seeds", str(corpus), "--out", str(tmp_path / "docs")])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # a rejected seed: exit status as the build's
    papers = data["papers"]
    assert [p["source"] for p in papers][0] == "999_empty.txt"
    assert papers[0]["status"] == "rejected" and papers[0]["reason"]
    assert {p["source"] for p in papers} == {*(s.name for s in SEEDS), "900_clean.txt", "999_empty.txt"}
    ok = [p for p in papers if p["status"] == "ok"]
    # Most work first, and the clean paper (nothing to do) last.
    assert [p["to_check"] for p in ok] == sorted((p["to_check"] for p in ok), reverse=True)
    clean = next(p for p in ok if p["source"] == "900_clean.txt")
    assert ok[-1] is clean
    assert clean["rules"] == {} and clean["to_check"] == 0 and clean["words_accounted_pct"] == 100.0
    for paper in ok:
        assert paper["to_check"] == paper["illegible"] + paper["uncertain_digits"] + paper["unresolved_citations"]
        assert paper["uncertain_digits"] == paper["rules"].get("decode_uncertain_digits", 0)
        assert paper["repairs"] == sum(paper["rules"].values())
        assert set(paper["rules"]) <= set(data["rules"])
    assert data["totals"]["rejected"] == 1 and data["totals"]["papers"] == len(ok)
    assert not (tmp_path / "docs").exists()  # a report writes nothing


def test_report_matches_pipeline(corpus: Path) -> None:
    from build_docs.pipeline import process

    rows = {row.source: row for row in report.collect(corpus)}
    for seed in SEEDS:
        paper = process(seed.name, seed.read_bytes())
        row = rows[seed.name]
        assert sum(row.rules.values()) == len(paper.repairs)
        assert row.illegible == len(paper.illegible)
        assert row.unresolved_citations == sum(c.reference is None for c in paper.citations)


def test_table_report(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = report.main(corpus, tmp_path / "docs", as_json=False)
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert code == 1
    assert lines[0].split()[:2] == ["paper", "to"]
    assert "mark_illegible_runs" in lines[0]
    assert lines[2].startswith("999_empty.txt")
    assert any(line.startswith("rejected: 999_empty.txt") for line in lines)
    assert "999_empty.txt" in captured.err
    assert "words accounted" in lines[-1]


def test_all_good_corpus_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(CLEAN, seeds / "clean.txt")
    assert report.main(seeds, tmp_path / "docs", as_json=True) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["words_accounted_pct"] == 100.0


def test_empty_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report.main(tmp_path, tmp_path / "docs", as_json=False) == 0
    assert "0 papers" in capsys.readouterr().out
