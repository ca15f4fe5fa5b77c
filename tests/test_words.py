"""Line-end hyphens and glued words: before/after tables and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_docs.model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN
from build_docs.repair.runner import EMPTY_CONTEXT, RepairContext
from build_docs.repair.words import (
    best_split,
    join_line_end_hyphens,
    keep_line_end_hyphen,
    known_word,
    split_glued_words,
)

# -- line-end hyphens -----------------------------------------------------------

JOIN_CASES = [
    # (before, after, vocabulary)
    ("a middle-\nground between", "a middle-ground between", {}),
    ("principles of non-\nviolence and", "principles of non-violence and", {}),
    ("the regional-\ninternational interaction", "the regional-international interaction", {}),
    ("inter-\nnational law", "international law", {}),
    ("partici-\npation in", "participation in", {}),
    ("govern-\nment policy", "government policy", {}),
    ("co-\noperation", "cooperation", {}),
    ("pre-\nsent day", "present day", {}),
    ("self-\ndefense", "self-defense", {}),
    ("well-\nknown", "well-known", {}),
    ("decision-\nmaking", "decision-making", {}),
    ("long-\nterm", "long-term", {}),
    ("nation-\nstate", "nation-state", {}),
    ("Anglo-\nAmerican ties", "Anglo-American ties", {}),
    ("Post-\nCold War", "Post-Cold War", {}),
    ("1990-\n1995", "1990-1995", {}),
    ("a Zarif-\nled team", "a Zarif-led team", {}),
    ("an inter-\nmestic issue", "an intermestic issue", {}),
    ("Shi'a-\nled forces", "Shi'a-led forces", {}),
    ("US-\nbased", "US-based", {}),
    ("data-\nbase", "database", {}),
    # The paper's own spelling decides.
    ("regional-\ninternational", "regional-international", {"regional-international": 2}),
    ("policy-\nmaking", "policymaking", {"policymaking": 3}),
    ("middle-\nground", "middleground", {"middleground": 2}),
    ("inter-\nnational", "inter-national", {"inter-national": 2}),
    ("Hajiyou-\nsefi (2002)", "Hajiyousefi (2002)", {"hajiyousefi": 4}),
    # Other line breaks become spaces; dashes join.
    ("two\nlines", "two lines", {}),
    ("end of line \n next", "end of line next", {}),
    ("Iran\u2014\nthe region", "Iran\u2014the region", {}),
    # URLs keep their hyphens.
    ("http://a.org/meet-the-\nproxies", "http://a.org/meet-the-proxies", {}),
    ("http://a.org/inter-\nnational", "http://a.org/inter-national", {}),
    # Soft hyphens always join.
    ("inter\u00ad\nnational", "international", {}),
]


@pytest.mark.parametrize(("before", "after", "vocabulary"), JOIN_CASES)
def test_join_line_end_hyphens(before: str, after: str, vocabulary: dict[str, int]) -> None:
    assert join_line_end_hyphens(before, RepairContext(vocabulary=vocabulary)) == after


def test_join_never_changes_inside_markers() -> None:
    text = f"inter-\nnational {ILLEGIBLE_OPEN}inter-\nnational{ILLEGIBLE_CLOSE} end"
    assert join_line_end_hyphens(text) == (
        f"international {ILLEGIBLE_OPEN}inter-\nnational{ILLEGIBLE_CLOSE} end"
    )


def test_keep_line_end_hyphen_prefers_vocabulary() -> None:
    joined = RepairContext(vocabulary={"international": 5})
    hyphenated = RepairContext(vocabulary={"regional-international": 1})
    assert keep_line_end_hyphen("regional", "international", hyphenated)
    assert not keep_line_end_hyphen("inter", "national", joined)


# -- glued words --------------------------------------------------------------------

SPLIT_CASES = [
    ("a descriptiveanalytical method", "a descriptive-analytical method", {}),
    ("the oilproducing countries", "the oil-producing countries", {}),
    ("the Islamic Republicthe success", "the Islamic Republic\u2014the success", {}),
    ("state sponsored or statesponsored", "state sponsored or state-sponsored", {}),
    ("a securityoriented view", "a security-oriented view", {}),
    ("(descriptiveanalytical).", "(descriptive-analytical).", {}),
    ("the governmentwhich ruled", "the government\u2014which ruled", {}),
    ("a nonwestern order", "a non-western order", {}),
    # The paper's hyphenated spelling elsewhere is decisive.
    ("irannorth relations", "iran-north relations", {"iran-north": 1}),
]

UNCHANGED = [
    "Hajiyousefi and Firouzabadi on Ansarollah (Mosallanejad, 2011).",
    "Homeira Moshirzadeh, Keyhan Barzegar and Tajeddin Salehian wrote.",
    "Abolhassan Shirazi, Amirmohamad HajiYousefi, Rouhollah Ramezani.",
    "understructures, transregional ties, cooperationist and provisionary moves",
    "overviewing the configurationality of reconciliationist policy",
    "Concludingly, Iranophobia and threatful Persianate frontliness.",
    "http://www.thetower.org/article/meet-the-proxies-how-iranspreads-its-empire/",
    "see https://www.atlanticcouncil.org/ blogs/iransource/influencegrows/ now",
    "write to zntmotahari@yahoo.com or doi:10.1162/oilproducing",
    "Regional security is a function of stability and balance of power.",
    "NATO and OPEC met; ISIS fled.",
    f"{ILLEGIBLE_OPEN}oilproducing{ILLEGIBLE_CLOSE} remains",
]


@pytest.mark.parametrize(("before", "after", "vocabulary"), SPLIT_CASES)
def test_split_glued_words(before: str, after: str, vocabulary: dict[str, int]) -> None:
    assert split_glued_words(before, RepairContext(vocabulary=vocabulary)) == after


@pytest.mark.parametrize("text", UNCHANGED)
def test_split_leaves_words_names_and_urls(text: str) -> None:
    assert split_glued_words(text) == text


def test_split_respects_repeated_spelling_in_paper() -> None:
    # A token the paper spells this way several times is a name or a term.
    context = RepairContext(vocabulary={"homeland": 1, "oilproducing": 3})
    assert split_glued_words("oilproducing", context) == "oilproducing"


@pytest.mark.parametrize(
    ("word", "known"),
    [("policy", True), ("analytical", True), ("descriptiveanalytical", False), ("xqzvw", False)],
)
def test_known_word(word: str, known: bool) -> None:
    assert known_word(word, EMPTY_CONTEXT) is known


def test_known_word_uses_paper_vocabulary() -> None:
    context = RepairContext(vocabulary={"mosallanejad": 3})
    assert known_word("Mosallanejad", context)
    assert not known_word("Mosallanejad", RepairContext(vocabulary={"mosallanejad": 1}))


def test_best_split_rejects_short_and_mixed_case() -> None:
    assert best_split("oilrich") is None  # too short to be sure
    assert best_split("HajiYousefi") is None
    assert best_split("OILPRODUCING") is None


# -- properties --------------------------------------------------------------------

PROSE = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzAEIRT -\n.,/:@%()\u2014")
                             + [ILLEGIBLE_OPEN, ILLEGIBLE_CLOSE, "\u00ad"]),
    max_size=80,
)
WORDS = st.lists(
    st.sampled_from(["the", "policy", "of", "Iran", "regional", "security", "middle", "ground", "non", "violence", "inter", "national", "oil", "producing", "Hajiyousefi", "power", "balance", "state"]),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(PROSE)
def test_passes_never_raise_and_are_idempotent(text: str) -> None:
    once = join_line_end_hyphens(text)
    assert join_line_end_hyphens(once) == once
    split = split_glued_words(text)
    assert split_glued_words(split) == split


@settings(max_examples=200, deadline=None)
@given(PROSE.filter(lambda t: "\n" not in t))
def test_join_leaves_text_without_line_breaks(text: str) -> None:
    assert join_line_end_hyphens(text) == text


@settings(max_examples=200, deadline=None)
@given(WORDS, st.sampled_from(["-\n", "\n", " "]))
def test_join_only_removes_newlines(words: list[str], glue: str) -> None:
    text = glue.join(words)
    fixed = join_line_end_hyphens(text)
    assert "\n" not in fixed
    assert fixed.replace("-", "").replace(" ", "") == text.replace("-", "").replace(
        "\n", "").replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(WORDS)
def test_split_leaves_ordinary_words(words: list[str]) -> None:
    text = " ".join(words)
    assert split_glued_words(text) == text
