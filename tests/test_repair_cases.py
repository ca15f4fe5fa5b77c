"""Data-driven before/after cases for every repair pass, and plan replay.

The cases live in ``tests/data/repair_cases.yaml`` (one table for all passes,
with negative cases: clean text that must come out unchanged) and
``tests/data/repair_known_failures.yaml`` (honest gaps, strict xfail: when a
gap is fixed the test fails until the case moves to the main table).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from build_docs import ingest, layout
from build_docs.model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN
from build_docs.pipeline import _mark_roles, _reference_years
from build_docs.repair import PASSES, REGISTRY, RepairContext, apply_plan, build_context, run_passes

DATA = Path(__file__).parent / "data"
SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
_MARKERS = {"<<": ILLEGIBLE_OPEN, ">>": ILLEGIBLE_CLOSE, "[[": FOOTNOTE_OPEN, "]]": FOOTNOTE_CLOSE}


def _markers(text: str) -> str:
    for written, marker in _MARKERS.items():
        text = text.replace(written, marker)
    return text


def _load(name: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or []
    assert isinstance(cases, list), f"{name} must be a list of cases"
    return cases


def _context(case: dict[str, Any]) -> RepairContext:
    raw = case.get("context") or {}
    years = {k: tuple(v) for k, v in (raw.get("reference_years") or {}).items()}
    return RepairContext(vocabulary=dict(raw.get("vocabulary") or {}), reference_years=years)


def _case_id(case: dict[str, Any]) -> str:
    kind = "neg" if "expected" not in case else "fix"
    return f"{case['rule']}-{kind}-{case['input'][:28]!r}"


CASES = _load("repair_cases.yaml")
KNOWN_FAILURES = _load("repair_known_failures.yaml")


def _run(case: dict[str, Any]) -> tuple[str, str]:
    repair = REGISTRY[case["rule"]]
    source = _markers(case["input"])
    expected = _markers(case["expected"]) if "expected" in case else source
    return repair.function(source, _context(case)), expected


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_repair_case(case: dict[str, Any]) -> None:
    got, expected = _run(case)
    assert got == expected


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=c.get("gap", "known gap")))
     for c in KNOWN_FAILURES],
    ids=[_case_id(c) for c in KNOWN_FAILURES],
)
def test_known_failure(case: dict[str, Any]) -> None:
    got, expected = _run(case)
    assert got == expected


def test_table_covers_every_pass() -> None:
    """Every registered pass has a repair case and a negative case; no stray rule names."""
    names = {c["rule"] for c in CASES + KNOWN_FAILURES}
    assert names <= set(REGISTRY), names - set(REGISTRY)
    for name in REGISTRY:
        rule_cases = [c for c in CASES if c["rule"] == name]
        assert any("expected" in c and c["expected"] != c["input"] for c in rule_cases), name
        assert any("expected" not in c for c in rule_cases), name


def test_cases_are_idempotent() -> None:
    """A repaired text run through its pass again stays as it is."""
    for case in CASES:
        got, _ = _run(case)
        again = REGISTRY[case["rule"]].function(got, _context(case))
        assert again == got, case


# -- replay ------------------------------------------------------------------------


def _seed_paragraphs(path: Path):  # type: ignore[no-untyped-def]
    text = ingest.decode(path.read_bytes()).text
    paragraphs = _mark_roles(layout.analyse(text).paragraphs)
    return paragraphs, build_context(paragraphs, _reference_years(paragraphs))


@pytest.mark.parametrize("seed", SEEDS + [DATA / "clean_paper.txt"], ids=lambda p: p.name)
def test_replay_reproduces_output(seed: Path) -> None:
    """Replaying the recorded rule names with ``apply_plan`` gives identical text."""
    paragraphs, context = _seed_paragraphs(seed)
    repaired, changes = run_passes(paragraphs, PASSES, context)
    replayed = apply_plan(paragraphs, [c.rule for c in changes], REGISTRY, context)
    assert [p.text for p in replayed] == [p.text for p in repaired]
    assert [(p.line, p.role) for p in replayed] == [(p.line, p.role) for p in repaired]


def test_replay_of_empty_plan_is_identity() -> None:
    paragraphs, context = _seed_paragraphs(SEEDS[0])
    assert apply_plan(paragraphs, [], REGISTRY, context) == list(paragraphs)
