"""Nothing is lost, nothing clean is touched.

* Word conservation: every word of a seed, and of synthetic damaged papers
  (``scripts/repair_accuracy.py``), is in the output or accounted for by a
  recorded change (``words_accounted == words_total``).
* Clean text stays clean: a well-formed paper has zero repairs.
* Properties of every pass: idempotent; arbitrary Unicode never crashes it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_docs.model import (
    FOOTNOTE_CLOSE,
    FOOTNOTE_OPEN,
    ILLEGIBLE_CLOSE,
    ILLEGIBLE_OPEN,
    MARKER_CHARS,
)
from build_docs.pipeline import process
from build_docs.repair import PASSES, REGISTRY, RepairContext, run_passes
from build_docs.repair.runner import Paragraph

ROOT = Path(__file__).parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CLEAN = Path(__file__).parent / "data" / "clean_paper.txt"


def _accuracy_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("repair_accuracy", ROOT / "scripts" / "repair_accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("repair_accuracy", module)
    spec.loader.exec_module(module)
    return module


accuracy = _accuracy_module()
DAMAGED = accuracy.damaged_papers(runs=2)


# -- conservation ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_words_all_accounted(seed: Path) -> None:
    paper = process(seed.name, seed.read_bytes())
    assert paper.words_total > 1000
    assert paper.words_accounted == paper.words_total


@pytest.mark.parametrize("damaged", DAMAGED, ids=lambda d: d.kind)
def test_damaged_paper_words_all_accounted(damaged) -> None:  # type: ignore[no-untyped-def]
    assert damaged.sites, f"{damaged.kind}: no damage was injected"
    paper = process(f"{damaged.kind}.txt", damaged.source.encode())
    assert paper.words_accounted == paper.words_total


@pytest.mark.parametrize("seed", range(3))
def test_all_damage_at_once_words_all_accounted(seed: int) -> None:
    """Every damage class in one paper."""
    paper = process("all.txt", accuracy.all_damage(seed).encode())
    assert paper.repairs
    assert paper.words_accounted == paper.words_total


# -- clean text stays clean -----------------------------------------------------------


def test_clean_paper_has_no_repairs() -> None:
    paper = process(CLEAN.name, CLEAN.read_bytes())
    assert paper.repairs == ()
    assert paper.illegible == () and paper.warnings == () and paper.missing == ()
    assert paper.words_accounted == paper.words_total
    # ... and it is understood: front matter, sections, list, references, citations.
    assert paper.title and paper.title.startswith("Water Scarcity")
    assert [a.name for a in paper.authors] == ["Maryam Karimi", "Daniel Foster"]
    assert paper.abstract and len(paper.keywords) == 5
    assert [s.number for s in paper.sections] == ["1", "2", "2.1", "3", "4"]
    assert any(b.kind == "list" for s in paper.sections for b in s.blocks)
    assert len(paper.references) == 4
    assert paper.citations and all(c.reference is not None for c in paper.citations)


def test_clean_paper_paragraphs_pass_through_every_pass() -> None:
    paragraphs = [Paragraph(line, number) for number, line in enumerate(CLEAN.read_text().split("\n"), 1)
                  if line.strip()]
    _, changes = run_passes(paragraphs, PASSES, RepairContext())
    assert changes == []


# -- properties of the passes ---------------------------------------------------------

_OCRISH = st.sampled_from([
    " ", "\n", "-\n", "$", "\\Upsilon ", "\\cdot ", "\\Delta", "1", "2019", "۱۳۹۴", "Δ", "Y", "F",
    "DDDD", "000000", "O", "D", "*", "**", "http://a.org/", " path/x.html", "% D8", "@", "gmai1.com",
    "10000-0002-5139-6194", "(", ")", ",", ":", "/", "inter-", "national", "the", "Republicthe",
    "descriptiveanalytical", "â€™", "\u200b", "\x0c", "\u00ad", "(Smith, ", "US$", "‌", "é", "e\u0301",
    # Markers come whole: ingest strips marker characters from every source.
    f"{ILLEGIBLE_OPEN}DDD 000{ILLEGIBLE_CLOSE}", f"{FOOTNOTE_OPEN}1{FOOTNOTE_CLOSE}",
])
_NO_MARKERS = {ord(c): None for c in MARKER_CHARS}
texts = st.one_of(st.text(max_size=200).map(lambda t: t.translate(_NO_MARKERS)),
                  st.lists(_OCRISH, max_size=40).map("".join))
#: Anything at all, lone marker characters included: passes must not crash.
any_text = st.one_of(st.text(max_size=200), st.lists(_OCRISH | st.sampled_from(list(MARKER_CHARS)),
                                                     max_size=40).map("".join))
CONTEXT = RepairContext(
    vocabulary={"policymaking": 2, "regional-international": 1, "hajiyousefi": 3},
    reference_years={"smith": ("2015",), "hosseini": ("2018/1397",)},
)


@pytest.mark.parametrize("name", list(REGISTRY))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@example(text="1. 000000000 00000000: theory")
@example(text="(Hosseini, $\\Upsilon \\cdot 1\\lambda/1\\Upsilon YY$)")
def test_pass_is_idempotent_and_total(name: str, text: str) -> None:
    repair = REGISTRY[name]
    once = repair.function(text, CONTEXT)
    assert isinstance(once, str)
    assert repair.function(once, CONTEXT) == once


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_all_passes_never_crash(text: str) -> None:
    paragraphs = [Paragraph(text, 1), Paragraph(text, 2, role="reference")]
    repaired, changes = run_passes(paragraphs, PASSES, CONTEXT)
    assert len(repaired) == 2
    assert all(c.rule in REGISTRY for c in changes)
