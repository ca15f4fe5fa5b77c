"""Fast paths skip work only where the work could change nothing.

Each repair pass may return early when a cheap check shows the text cannot
need it (issue 7: they were most of the pipeline's time). These properties
hold the checks to that promise: with the fast path or without, the same
text comes out.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from typing import Any

import ftfy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_docs import ingest, layout
from build_docs.render.jsontext import pretty_json
from build_docs.repair import digits, glyphs, identifiers, runner, unicode, words
from build_docs.repair.runner import outside_markers
from build_docs.structure import citations

TYPOGRAPHY = "–—“”‘’…"
# What reaches fix_mojibake: strip_control_characters has run before it.
plain_text = st.text(alphabet=string.printable.replace("\r", "").replace("\x0b", "").replace("\x0c", "")
                     + TYPOGRAPHY, max_size=300)
glyph_alphabet = "0DO0DOD1a.,-_()[]:;'\" \u00b7xo"


@settings(max_examples=300)
@given(plain_text)
def test_ftfy_leaves_ascii_and_typography_alone(text: str) -> None:
    assert unicode.fix_mojibake(text) == text  # the fast path
    fixed = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_latin_ligatures=True,
                          fix_character_width=False, normalization="NFC")
    assert fixed == text


def test_ftfy_still_runs_on_mojibake() -> None:
    assert unicode.fix_mojibake("Iranâ€™s “policy”") == "Iran’s “policy”"
    assert unicode.fix_mojibake("ﬁeld – work") == "field – work"


@settings(max_examples=500)
@given(st.text(alphabet=glyph_alphabet, min_size=1, max_size=14).filter(lambda t: " " not in t))
def test_every_glyph_failure_passes_the_gate(token: str) -> None:
    if glyphs.is_glyph_failure(token):
        assert glyphs._GLYPHISH.search(token), token


@settings(max_examples=300)
@given(st.text(alphabet=glyph_alphabet + "Dodd2000 ", max_size=120))
def test_glyph_gate_changes_nothing(text: str) -> None:
    assert glyphs.mark_illegible_runs(text) == outside_markers(text, glyphs._mark_runs)


def test_glyph_gate_lets_runs_through() -> None:
    for text in ("1. 000000000 00000000: theory", "(x). DDD DDD DDDDDDDD DD asymmetric",
                 "ODOD at the end", "0.0.0.0.0 numbers"):
        assert glyphs._GLYPHISH.search(text)
        assert "\ue000" in glyphs.mark_illegible_runs(text), text
    assert not glyphs._GLYPHISH.search("In 2000 the DO and OD met 1,000 times; D. O'Brien.")


garble_alphabet = "A.)(/9Yab \\:1x-²Ä"


@settings(max_examples=500)
@given(st.text(alphabet=garble_alphabet, max_size=16).filter(lambda t: not any(c.isspace() for c in t)))
def test_every_garbled_token_passes_the_gate(token: str) -> None:
    if glyphs.is_garbled_token(token):
        assert glyphs._may_hold_garble(token), token


@settings(max_examples=300)
@given(st.text(alphabet=garble_alphabet + "htps:/doi.org ", max_size=80))
def test_garble_gate_changes_nothing(text: str) -> None:
    assert glyphs.mark_garbled_tokens(text) == glyphs._TOKEN.sub(glyphs._mark_garbled_token, text)


@settings(max_examples=300)
@given(st.text(alphabet=" \t\u00a0\u2003\u3000ab\ne\u0301", max_size=40))
def test_normalize_spaces_matches_the_plain_rule(text: str) -> None:
    plain = unicodedata.normalize("NFC", re.sub("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text).strip())
    assert unicode.normalize_spaces(text) == plain


# --------------------------------------------------------------------------- sidecar YAML

TRICKY_YAML = ["year: 2015-01-01\n", "volume: yes\nissue: 0x1F\n", "title: &a x\nissue: *a\n",
               "title: !!python/object/apply:os.system ['true']\n", "title: a\ntitle: b\n", "- a\n- b\n",
               "title: 'x\n", "pages: 1e3\nvolume: .inf\n", "title: ~\n", "keywords: [a, {b: c}]\n", "\ufefftitle: x\n"]


def _load(text: str, loader: Any) -> Any:
    try:
        return ("ok", yaml.load(text, Loader=loader))
    except yaml.YAMLError as error:
        return ("error", type(error).__name__)


@settings(max_examples=200)
@given(st.one_of(st.sampled_from(TRICKY_YAML),
                 st.dictionaries(st.sampled_from(["title", "volume", "issue", "year", "keywords"]),
                                 st.one_of(st.text(max_size=20), st.integers(), st.lists(st.text(max_size=8), max_size=3)))
                 .map(lambda d: yaml.safe_dump(d, allow_unicode=True))))
def test_libyaml_loader_reads_sidecars_as_the_python_loader(text: str) -> None:
    """Sidecars are read with libyaml's CSafeLoader (sidecar.load_sidecar): same values, same failures."""
    assert _load(text, yaml.CSafeLoader) == _load(text, yaml.SafeLoader)


citation_words = st.sampled_from(["Walt", "Mearsheimer", "al-Din", "and", "&", "et al.", "'s", "(", ")", ",", ":",
                                  " ", "  ", "2003", "1386 SH/2008", "20?5", "n.d.", "13", "p. 4", "\ue000x(\ue001", "in press"])


@settings(max_examples=500)
@given(st.lists(citation_words, max_size=14).map("".join))
def test_every_narrative_citation_passes_the_bracketed_year_gate(text: str) -> None:
    """find_citations runs the costly narrative pattern only where a bracket opens on a year."""
    if citations._NARRATIVE.search(text):
        assert citations._BRACKETED_YEAR.search(text), text


def test_bracketed_year_gate_lets_narrative_citations_through() -> None:
    found = citations.find_citations("John Mearsheimer (2003: 13) and Walt ( 1386 SH/2008) argue")
    assert [(c.surnames, c.year) for c in found] == [(("Mearsheimer",), "2003"), (("Walt",), "1386 SH/2008")]


@settings(max_examples=500)
@given(st.text(alphabet="0123456789-YTFAVx .,;)(\n", max_size=40))
def test_page_range_gate_changes_nothing(text: str) -> None:
    """decode_uncertain_digits skips text with no look-alike end page: the page pass would keep it."""
    if not digits._PAGE_RANGE_DASH.search(text):
        assert digits._decode_page_ranges(text) == text


def test_page_range_gate_lets_look_alike_end_pages_through() -> None:
    assert digits.decode_uncertain_digits("Foreign Policy, 25(2), 275-Y9F.") == "Foreign Policy, 25(2), 275-294."


@settings(max_examples=500)
@given(st.text(alphabet="hHtTpPsSſfFwW:/. x", max_size=20))
def test_url_start_gate_answers_as_the_pattern(text: str) -> None:
    assert identifiers._has_url_start(text) == bool(identifiers._URL_START.search(text))


def _word_edits_whole(before: str, after: str) -> list[tuple[str, str]]:
    """word_edits as first written: both texts tokenised whole (the oracle)."""
    return runner.aligned_edits(runner.TOKEN.findall(before), runner.TOKEN.findall(after))


edit_text = st.text(alphabet="ab \n\u00a0-", max_size=24)


@settings(max_examples=2000)
@given(edit_text, edit_text)
def test_word_edits_cut_at_shared_ends_as_the_whole_alignment(before: str, after: str) -> None:
    """word_edits tokenises only what lies between the shared ends: same edits."""
    assert runner.word_edits(before, after) == _word_edits_whole(before, after)


@settings(max_examples=500)
@given(edit_text, edit_text, edit_text)
def test_word_edits_of_a_change_inside_a_long_text(head: str, middle: str, tail: str) -> None:
    before, after = head + "a b" + tail, head + middle + tail
    assert runner.word_edits(before, after) == _word_edits_whole(before, after)


@settings(max_examples=500)
@given(st.text(alphabet=string.printable + TYPOGRAPHY + "âé€™\u0080\u00ff", max_size=30))
def test_mojibake_gate_is_the_character_set_rule(text: str) -> None:
    assert bool(unicode._MAYBE_MOJIBAKE.search(text)) == bool(set(text) - unicode._CANNOT_BE_MOJIBAKE)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(["aboutus", "Aboutus", "aboutuss", "xaboutus", "ab", " ", ",", "-", "é", "\n"]),
                max_size=12).map("".join))
def test_glued_word_occurrences_are_the_candidate_matches(text: str) -> None:
    """split_glued_words visits the unknown words found by str.find: the same spans the pattern gives."""
    unknown = {"aboutus", "Aboutus", "aboutuss"}
    expected = [m.span() for m in words._GLUE_CANDIDATE.finditer(text) if m.group() in unknown]
    assert words._occurrences(text, unknown) == expected


# Sizes drawn evenly, so that fragments near the 40-word limit come up.
words_of_ab = st.integers(0, 50).flatmap(lambda n: st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n))


@settings(max_examples=500)
@given(words_of_ab, words_of_ab, words_of_ab)
def test_repeated_fragment_splits_only_the_ends_it_compares(head: list[str], shared: list[str], tail: list[str]) -> None:
    """repeated_fragment splits at most 41 + 40 words: same answer as splitting both paragraphs whole."""
    first, second = " ".join(head + shared), " ".join(shared + tail)
    a, b = first.split(), second.split()
    whole = next((" ".join(a[-size:]) for size in range(min(len(a) - 1, len(b), 40), 3, -1)
                  if a[-size:] == b[:size]), None)
    assert layout.repeated_fragment(first, second) == whole


def _prose_verdict_counting_every_letter(text: str) -> str | None:
    """ingest.decode's prose checks as first written (every letter counted): the oracle."""
    visible = len("".join(text.split()))
    letters = sum(map(str.isalpha, text))
    if letters < ingest.MIN_LETTER_SHARE * visible and visible > 200:
        return "not prose"
    latin = letters - len(ingest._NON_LATIN_LETTER.findall(text))
    if letters > 200 and latin < ingest.MIN_LATIN_SHARE * letters:
        return "script"
    return None


prose_pieces = st.sampled_from(["The policy ", "صلح و توازن ", "1234 ", "... ", "²½ ", "Ελλάδα ", "é ", "\n"])


@settings(max_examples=300)
@given(st.lists(st.tuples(prose_pieces, st.integers(1, 60)), min_size=1, max_size=6)  # blocks: shares vary widely
       .map(lambda blocks: "".join(piece * times for piece, times in blocks)).filter(str.strip))
def test_prose_checks_that_stop_at_ascii_letters_give_the_same_verdict(text: str) -> None:
    """decode accepts on its ASCII letters alone only where counting every letter would accept too."""
    try:
        ingest.decode(text.encode())
        verdict = None
    except ingest.InputRejected as error:
        verdict = "not prose" if "not prose" in str(error) else "script" if "script" in str(error) else str(error)
    assert verdict == _prose_verdict_counting_every_letter(text)


json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.text(alphabet="a\x00\x1f\x7f\u2028\ud800\udfff\"\\/", max_size=4),  # escapes, lone surrogates
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=4) | st.integers(), children,
                                                                       max_size=3),
    max_leaves=12,
)


@settings(max_examples=500)
@given(json_data)
def test_pretty_json_writes_what_the_standard_library_writes(value: Any) -> None:
    """paper.json and cite.json are written by orjson: same text as json.dumps (no floats in records)."""
    assert pretty_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=500)
@given(st.text(alphabet="0DOo.)(/\\_- x", max_size=30))
def test_gates_spelled_as_literal_branches_match_as_the_class_forms(text: str) -> None:
    """_GLYPHISH and _GARBLE_GATE open each branch on a literal (faster to search): same matches."""
    glyphish = re.compile(f"0(?:{glyphs._NOT_ALNUM}0){{4}}|[DO](?:{glyphs._NOT_ALNUM}[DO]){{2}}|DD")
    garble = re.compile(r"\\|[.)(/]\S*[.)(/]\S*[.)(/]")
    for fast, plain in ((glyphs._GLYPHISH, glyphish), (glyphs._GARBLE_GATE, garble)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_glyph_gate_classes_are_the_classes_they_replace() -> None:
    """glyphs._CAPITAL and _DIGIT are spelled as complements (cheap to
    compile); every code point is classed as the plain spelling would."""
    capital, digit = re.compile(r"[A-Z\x80-\U0010ffff]"), re.compile(r"[\d\x80-\U0010ffff]")
    every = "".join(map(chr, range(0x110000)))
    assert glyphs._CAPITAL.findall(every) == capital.findall(every)
    assert glyphs._DIGIT.findall(every) == digit.findall(every)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.from_regex(r"[A-Za-z][a-z]{5,12}", fullmatch=True), max_size=20))
def test_known_english_tokens_are_set_aside_as_a_lookup_would(tokens: set[str]) -> None:
    """split_glued_words keeps tokens found to be English words in a set; with
    it filled or not, the tokens left are those the word list does not know."""
    expected = {token for token in tokens if words.zipf(token) < words.WORD_ZIPF}
    assert words._not_english(set(tokens)) == expected
    assert words._not_english(set(tokens)) == expected  # now from the set


@settings(max_examples=300)
@given(st.text(alphabet="ab. !?\t\n\r\u00a0\u2003\u2028\x1c\x85*_", max_size=200))
def test_summary_line_spaces_as_the_regular_expression_did(abstract: str) -> None:
    """``indexes.summary`` collapses spaces with ``str.split``, not ``re.sub(r"\\s+")``."""
    from build_docs.model import Paper, plain_text
    from build_docs.render.indexes import summary

    collapsed = re.sub(r"\s+", " ", plain_text(abstract)).strip()
    first = re.split(r"(?<=[.!?])\s", collapsed, maxsplit=1)[0] if collapsed else ""
    expected = first[:240] + ("…" if len(first) > 240 else "")
    assert summary(Paper(source="x", abstract=(abstract,)))["line"] == expected
