"""Emails, ORCIDs and URLs: before/after tables and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_docs.model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN
from build_docs.repair.identifiers import (
    normalize_orcid,
    orcid_checksum_ok,
    rejoin_broken_urls,
    repair_domain,
    repair_emails,
    repair_orcids,
)

# -- e-mail ------------------------------------------------------------------------

EMAIL_CASES = [
    ("Iran. zntmotahari@vahoo.com", "Iran. zntmotahari@yahoo.com"),
    ("x.y@gmai1.com", "x.y@gmail.com"),
    ("x@hotmai1.com.", "x@hotmail.com."),
    ("x@outl0ok.com", "x@outlook.com"),
    ("x@yahoo.co", "x@yahoo.com"),
    ("roomi@scu.ac.lr", "roomi@scu.ac.ir"),
    ("roomi@scu.ae.ir", "roomi@scu.ac.ir"),
]

EMAIL_UNCHANGED = [
    "roomi@scu.ac.ir",
    "Iran (Corresponding author). e.kazemi@scu.ac.ir.",
    "a@ymail.com and b@mail.com and c@gmail.com",
    "a@ut.co.ir and b@example.org and c@atu.ac.ir",
    "a@gmial.com",  # two edits away: left to a reader
    "no address @ here, user@ nothing",
    f"{ILLEGIBLE_OPEN}z@vahoo.com{ILLEGIBLE_CLOSE}",
]


@pytest.mark.parametrize(("before", "after"), EMAIL_CASES)
def test_repair_emails(before: str, after: str) -> None:
    assert repair_emails(before) == after


@pytest.mark.parametrize("text", EMAIL_UNCHANGED)
def test_repair_emails_leaves_correct_addresses(text: str) -> None:
    assert repair_emails(text) == text


def test_repair_domain_leaves_listed_and_unknown_domains() -> None:
    for domain in ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "ut.ac.ir", "x.org"]:
        assert repair_domain(domain) == domain


# -- ORCID ---------------------------------------------------------------------------

ORCID_CASES = [
    ("10000-0002-5139-6194", "0000-0002-5139-6194"),
    ("Iran. 10000-0000-0000-0000 z@yahoo.com", "Iran. 0000-0000-0000-0000 z@yahoo.com"),
    ("10000-0002-5139-6194)", "(0000-0002-5139-6194)"),
    ("l0000-0002-5139-6194", "0000-0002-5139-6194"),
    ("10009-0001-2345-678x", "0009-0001-2345-678X"),
]

ORCID_UNCHANGED = [
    "(0000-0002-5849-2373)",
    "0000-0002-5849-2373",
    "https://orcid.org/0000-0002-1825-0097",
    "phone 10000-0002-5139-61945",
    "2010000-0002-5139-6194",
    "10001-0002-5139-6194",
    "pages 10000-12000",
]


@pytest.mark.parametrize(("before", "after"), ORCID_CASES)
def test_repair_orcids(before: str, after: str) -> None:
    assert repair_orcids(before) == after


@pytest.mark.parametrize("text", ORCID_UNCHANGED)
def test_repair_orcids_leaves_valid_forms(text: str) -> None:
    assert repair_orcids(text) == text


@pytest.mark.parametrize(
    ("orcid", "ok"),
    [
        ("0000-0002-1825-0097", True),  # ORCID's documented example
        ("0000-0001-5109-3700", True),
        ("0000-0002-1694-233X", True),
        ("0000-0002-5849-2373", True),
        ("https://orcid.org/0000-0002-1825-0097", True),
        ("0000-0002-1825-0098", False),
        ("0000-0000-0000-0000", False),  # placeholder
        ("0000-0002-1825", False),
        ("", False),
    ],
)
def test_orcid_checksum(orcid: str, ok: bool) -> None:
    assert orcid_checksum_ok(orcid) is ok


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("(0000-0002-5849-2373)", "0000-0002-5849-2373"),
        ("orcid.org/0000-0002-5849-2373", "0000-0002-5849-2373"),
        ("0000 0002 1694 233x", "0000-0002-1694-233X"),
        ("0000000218250097", "0000-0002-1825-0097"),
        ("10000-0002-5139-6194", None),
        ("0000-0002-5139-619", None),
        ("abcd-0002-5139-6194", None),
    ],
)
def test_normalize_orcid(raw: str, normal: str | None) -> None:
    assert normalize_orcid(raw) == normal


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A\d{15}\Z"))
def test_exactly_one_check_character_is_valid(body: str) -> None:
    if set(body) == {"0"}:
        return
    grouped = [body[i:i + 4] for i in range(0, 12, 4)]
    valid = [
        check for check in "0123456789X"
        if orcid_checksum_ok("-".join(grouped) + "-" + body[12:] + check)
    ]
    assert len(valid) == 1


# -- URLs -------------------------------------------------------------------------------

URL_CASES = [
    (
        "Jul 26. https://www.atlanticcouncil.org/ blogs/iransource/under-us-sanctions-iran/.",
        "Jul 26. https://www.atlanticcouncil.org/blogs/iransource/under-us-sanctions-iran/.",
    ),
    (
        "13-42. http://www.iisajournals.ir/ article_41989.html?lang=en.",
        "13-42. http://www.iisajournals.ir/article_41989.html?lang=en.",
    ),
    (
        "http://www.irdiplomacy.ir/fa/ news/1979391/.",
        "http://www.irdiplomacy.ir/fa/news/1979391/.",
    ),
    (
        "http://isj.ir/Fa/index.php/home/\ninterview/item/11-interview-rafsanjani.",
        "http://isj.ir/Fa/index.php/home/interview/item/11-interview-rafsanjani.",
    ),
    (
        "https://a.ir/news/%D8%AA%D9% 85%D8% B1-x",
        "https://a.ir/news/%D8%AA%D9%85%D8%B1-x",
    ),
    (
        "% D8% A2% D9% 85% D8% B1% DB% 8C% DA% A9% D8% A7-% D8% A7.",
        "%D8%A2%D9%85%D8%B1%DB%8C%DA%A9%D8%A7-%D8%A7.",
    ),
    (
        "https://a.org/x- y/z.html and more",
        "https://a.org/x-y/z.html and more",
    ),
]

URL_UNCHANGED = [
    "See http://a.org/ for details.",
    "http://irdiplomacy.ir/fa/news/1966257/. Feb 4.",
    "https://doi.org/10.1162/0162288054894634. Retrieved 2019.",
    "http://a.org/ 2019.",
    "http://a.org/ e.g. this",
    "http://a.org/ Blogs/x/y",
    "Growth was 50% AB and 20% of the total.",
    "a path/ like/this without a scheme",
    "https://regnum.ru/news/polit/\n\n- Pape, Robert",
    f"http://a.org/ {ILLEGIBLE_OPEN}x/y{ILLEGIBLE_CLOSE}",
]


@pytest.mark.parametrize(("before", "after"), URL_CASES)
def test_rejoin_broken_urls(before: str, after: str) -> None:
    assert rejoin_broken_urls(before) == after


@pytest.mark.parametrize("text", URL_UNCHANGED)
def test_rejoin_leaves_prose_and_whole_urls(text: str) -> None:
    assert rejoin_broken_urls(text) == text


# -- properties ---------------------------------------------------------------------------

TEXT = st.lists(
    st.sampled_from(
        list("abcxyz019 -_./:@%()\nDAF")
        + ["http://", "www.", "@vahoo.com", "10000-", "0002-", ILLEGIBLE_OPEN, ILLEGIBLE_CLOSE]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_passes_never_raise_and_are_idempotent(text: str) -> None:
    for repair in (repair_emails, repair_orcids, rejoin_broken_urls):
        once = repair(text)
        assert repair(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefghij ,.;()")), max_size=80))
def test_prose_without_identifiers_is_unchanged(text: str) -> None:
    for repair in (repair_emails, repair_orcids, rejoin_broken_urls):
        assert repair(text) == text
