"""Property tests: damaged papers never crash the pipeline, and every word of
the source is accounted for (in the output or in a recorded change).

A short run (``max_examples=50``); ``scripts/fuzz_campaign.py`` runs the same
strategies for as long as you like.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest
from hostile.damage import damaged_bytes, damaged_paper
from hypothesis import HealthCheck, given, settings

from build_docs.ingest import InputRejected, decode
from build_docs.pipeline import _WORDS, _all_output_text, process
from build_docs.render import paper_files

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Conservation failures the fuzz campaign found (now fixed), kept as
#: regressions: a glyph-failure run wrapped into a heading's paragraph was
#: dropped; a numbered reference lost its number.
KNOWN_LOSSES = [
    pytest.param(b"B\nD D DDD\n\n", id="glyph-run-after-heading"),
    pytest.param(b"The the the.\n\nIntroduction\n00000 000 00\n\n", id="zero-run-after-heading"),
    pytest.param(b"D 02DD D\nAbstract\n\n", id="glyph-run-before-abstract"),
    pytest.param(b"References\n\n1. Introduction\n\n", id="reference-number"),
    # found by the fuzzer: a reference number other than the entry's place in the list
    pytest.param(b"References\n\nThe the the.\n\n1. Introduction\n\n1. Introduction\n\n", id="reference-number-out-of-place"),
    # found by the fuzz campaign: list numbers the list's own numbering would lose
    pytest.param(b"The the the.\n\n0.0\n\n", id="list-from-zero"),
    pytest.param(b"Intro text here.\n\n1. First item\n\n5. Fifth item\n\n", id="list-number-gap"),
    pytest.param(b"Intro text here.\n\nc) third item\n\nSome text.\n\n", id="letters-from-c"),
]


def _check(data: bytes) -> None:
    try:
        paper = process("fuzz.txt", data)
    except InputRejected:
        return
    assert paper.words_accounted == paper.words_total, _missing(data, paper)
    files = paper_files(replace(paper, slug="fuzz"))
    assert files["index.md"].startswith("---\n")


def _missing(data: bytes, paper) -> list[str]:
    available: Counter[str] = Counter()
    for text in _all_output_text(paper):
        available.update(w.lower() for w in _WORDS.findall(text))
    wanted = Counter(w.lower() for w in _WORDS.findall(decode(data).text))
    return sorted(w for w, n in wanted.items() if n > available[w])


@FUZZ
@given(damaged_paper())
def test_damaged_text_never_crashes_and_conserves_words(text: str) -> None:
    _check(text.encode("utf-8"))


@FUZZ
@given(damaged_bytes())
def test_damaged_bytes_never_crash_and_conserve_words(data: bytes) -> None:
    _check(data)


@pytest.mark.parametrize("data", KNOWN_LOSSES)
def test_former_word_losses_are_accounted(data: bytes) -> None:
    _check(data)
