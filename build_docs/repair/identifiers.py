"""Emails, ORCIDs and URLs damaged by OCR.

The passes repair the *form* of an identifier (a misread letter in a
well-known mail domain, a bracket read as ``1`` before an ORCID, a URL broken
by a space); they never invent one. :func:`orcid_checksum_ok` and
:func:`normalize_orcid` are exported for the structure step, which decides
whether an ORCID is valid enough to publish.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from .runner import EMPTY_CONTEXT, RepairContext, outside_markers


def words_of(names: str) -> frozenset[str]:
    """A set of words written as one space-separated string (data, not code)."""
    return frozenset(names.split())


# -- e-mail addresses ---------------------------------------------------------

#: Public mail domains common in author lines. A domain one edit away from
#: exactly one of these (and not itself listed) is taken as a misreading.
MAIL_DOMAINS: tuple[str, ...] = (
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "ymail.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "outlook.com",
    "live.com",
    "aol.com",
    "icloud.com",
    "mail.com",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.de",
    "zoho.com",
    "chmail.ir",
    "mail.ir",
)

#: Academic and public second-level zones; an address's last two labels one
#: edit away from exactly one of these (``ac.lr``) are repaired.
ACADEMIC_ZONES: tuple[str, ...] = (
    "ac.ir",
    "ac.uk",
    "ac.jp",
    "ac.in",
    "ac.kr",
    "ac.za",
    "ac.nz",
    "edu.au",
    "edu.tr",
    "edu.pk",
    "edu.iq",
    "edu.lb",
    "edu.sa",
)

#: Valid zones that look like an academic one and must not be "repaired".
_OTHER_ZONES = words_of(
    "co.ir gov.ir org.ir net.ir sch.ir id.ir co.uk gov.uk org.uk co.jp co.in co.kr co.za co.nz "
    "com.au gov.au com.tr gov.tr com.pk com.sa"
)

_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)


#: Letters OCR confuses; among several one-edit neighbours the one reached by
#: such a substitution wins (``ac.lr`` -> ``ac.ir`` rather than ``ac.kr``).
_CONFUSABLE = ("il1I|j!", "vyu", "o0Q", "ce", "nhm", "ao", "gq9", "tf", "s5", "b6", "z2", "B8")


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CONFUSABLE)


def _unique_neighbour(value: str, table: tuple[str, ...]) -> str | None:
    if value in table:
        return None
    near = [entry for entry in table if Levenshtein.distance(value, entry, score_cutoff=1) <= 1]
    if len(near) > 1:
        near = [
            entry for entry in near
            if len(entry) == len(value)
            and all(x == y or _confusable(x, y) for x, y in zip(value, entry, strict=True))
        ]
    return near[0] if len(near) == 1 else None


def repair_domain(domain: str) -> str:
    """A mail domain with a single OCR letter error put right.

    >>> repair_domain("vahoo.com"), repair_domain("gmai1.com"), repair_domain("scu.ac.lr")
    ('yahoo.com', 'gmail.com', 'scu.ac.ir')
    >>> repair_domain("ymail.com"), repair_domain("scu.ac.ir"), repair_domain("ut.co.ir")
    ('ymail.com', 'scu.ac.ir', 'ut.co.ir')
    >>> repair_domain("example.org"), repair_domain("atu.ac.ir")
    ('example.org', 'atu.ac.ir')
    """
    lower = domain.lower()
    if lower != domain:
        return domain  # leave unusual spellings to a reader
    whole = _unique_neighbour(lower, MAIL_DOMAINS)
    if whole is not None:
        return whole
    labels = lower.split(".")
    if len(labels) >= 3:
        zone = ".".join(labels[-2:])
        if zone not in _OTHER_ZONES:
            fixed = _unique_neighbour(zone, ACADEMIC_ZONES)
            if fixed is not None and fixed.count(".") == zone.count("."):
                return ".".join(labels[:-2] + [fixed])
    return domain


def repair_emails(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Put right a misread letter in a well-known mail domain.

    >>> repair_emails("Iran. zntmotahari@vahoo.com")
    'Iran. zntmotahari@yahoo.com'
    >>> repair_emails("roomi@scu.ac.ir and e.kazemi@scu.ac.ir.")
    'roomi@scu.ac.ir and e.kazemi@scu.ac.ir.'
    >>> repair_emails("a.b@gmial.com a.b@ymail.com")
    'a.b@gmial.com a.b@ymail.com'
    """
    if "@" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        return f"{match.group(1)}@{repair_domain(match.group(2))}"

    return outside_markers(text, lambda part: _EMAIL.sub(fix, part))


# -- ORCID iDs ------------------------------------------------------------------

_ORCID_SHAPE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
_ORCID_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?orcid\.org/", re.IGNORECASE)
#: A bracket read as ``1``/``l``/``I``/``|`` before an ORCID iD (``10000-0002-...``).
_ORCID_BRACKETED = re.compile(
    r"(?<![\w-])[1lI|]((?:0000|0009)-\d{4}-\d{4}-\d{3}[\dXx])(?![\w-])(\)?)"
)


def orcid_checksum_ok(orcid: str) -> bool:
    """Whether an ORCID iD's last character is its ISO 7064 MOD 11-2 check digit.

    The all-zero placeholder is never valid.

    >>> orcid_checksum_ok("0000-0002-5849-2373"), orcid_checksum_ok("0000-0002-1825-0097")
    (True, True)
    >>> orcid_checksum_ok("0000-0002-1694-233X"), orcid_checksum_ok("0000-0002-1825-0098")
    (True, False)
    >>> orcid_checksum_ok("0000-0000-0000-0000"), orcid_checksum_ok("not an orcid")
    (False, False)
    """
    normal = normalize_orcid(orcid)
    if normal is None:
        return False
    digits = normal.replace("-", "")
    if set(digits[:15]) == {"0"}:
        return False
    total = 0
    for char in digits[:15]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    check = "X" if result == 10 else str(result)
    return digits[15] == check


def normalize_orcid(s: str) -> str | None:
    """The canonical ``dddd-dddd-dddd-dddX`` form of an ORCID iD, or ``None``.

    Accepts an ``orcid.org`` URL, brackets, spaces and missing hyphens; does
    not check the check digit (see :func:`orcid_checksum_ok`).

    >>> normalize_orcid("https://orcid.org/0000-0002-5849-2373")
    '0000-0002-5849-2373'
    >>> normalize_orcid("(0000 0002 1694 233x)"), normalize_orcid("0000000218250097")
    ('0000-0002-1694-233X', '0000-0002-1825-0097')
    >>> normalize_orcid("10000-0002-5139-6194"), normalize_orcid("1234")
    (None, None)
    """
    value = _ORCID_PREFIX.sub("", s.strip().strip("()[]{}<>.,;:").strip())
    value = re.sub(r"\s+", "-", value).upper()
    match = _ORCID_SHAPE.match(value)
    if match is None:
        return None
    return "-".join(match.groups())


def repair_orcids(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Undo an opening bracket read as ``1`` before an ORCID iD.

    With a closing bracket after the iD the bracket comes back; otherwise the
    stray character is dropped.

    >>> repair_orcids("10000-0002-5139-6194")
    '0000-0002-5139-6194'
    >>> repair_orcids("Iran. 10000-0002-5139-6194) x"), repair_orcids("(0000-0002-5849-2373)")
    ('Iran. (0000-0002-5139-6194) x', '(0000-0002-5849-2373)')
    >>> repair_orcids("ID 2010000-0002-5139-6194 and 0000-0002-5139-6194")
    'ID 2010000-0002-5139-6194 and 0000-0002-5139-6194'
    """
    if "000" not in text:
        return text

    def fix(match: re.Match[str]) -> str:
        orcid, close = match.group(1).upper(), match.group(2)
        return f"({orcid})" if close else orcid

    return outside_markers(text, lambda part: _ORCID_BRACKETED.sub(fix, part))


# -- URLs ------------------------------------------------------------------------

_URL_START = re.compile(r"(?:https?://|ftp://|www\.)", re.IGNORECASE)
#: What every _URL_START match holds besides ``://``. Case-insensitive search
#: tries every position; ``in`` and a pattern opening on a letter class do not.
_WWW = re.compile(r"[wW][wW][wW]\.")


def _has_url_start(text: str) -> bool:
    """``_URL_START.search(text)``, answered cheaply for the many texts without one.

    >>> _has_url_start("see WWW.x.org"), _has_url_start("HTTPS://x"), _has_url_start("a www b")
    (True, True, False)
    """
    return ("://" in text or bool(_WWW.search(text))) and bool(_URL_START.search(text))


#: A URL piece that can be continued: ends in ``/``, ``-``, ``_``, ``%``, ...
_URL_PIECE_END = "/-_%=?&#"
_CONTINUATION = re.compile(r"[a-z0-9%_/~][A-Za-z0-9%_/~.\-=?&#+:;,!*'()@$]*")
_PATH_EVIDENCE = re.compile(
    r"[/_=?&%#]|\.(?:s?html?|php\d?|aspx?|jsp|pdf|cfm|do)\b|[a-z0-9]-[a-z0-9]", re.IGNORECASE
)
_ABBREVIATION = re.compile(r"^(?:[a-z]\.){1,3}[,;:]?$|^\d+[.,;:)]*$", re.IGNORECASE)
_PERCENT_RUN = re.compile(r"(?:%[ \t\n]*[0-9A-F]{2}[-_.~]?){2,}")
_GAP = re.compile(r"[ \t\n]+")


def _is_continuation(piece: str) -> bool:
    """Whether ``piece`` (a whitespace-free token) reads as the rest of a URL.

    >>> [_is_continuation(p) for p in ["blogs/iransource/x/", "article_41989.html?lang=en.",
    ...                                "interview/item/11-interview.", "news/1979391/."]]
    [True, True, True, True]
    >>> [_is_continuation(p) for p in ["for", "e.g.", "2019.", "Feb", "(2019)", "-", "and,"]]
    [False, False, False, False, False, False, False]
    """
    if len(piece) < 2 or _ABBREVIATION.match(piece):
        return False
    if not _CONTINUATION.fullmatch(piece):
        return False
    return bool(_PATH_EVIDENCE.search(piece.rstrip(".,;:)")))


def _join_percent_escapes(text: str) -> str:
    """``% D8% A2`` -> ``%D8%A2`` for runs of two or more escapes."""
    if "%" not in text:
        return text
    return _PERCENT_RUN.sub(lambda m: _GAP.sub("", m.group()), text)


def _rejoin(text: str) -> str:
    text = _join_percent_escapes(text)
    if not _has_url_start(text):
        return text
    pieces = re.split(r"(\s+)", text)
    out: list[str] = []
    in_url = False
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if index % 2 == 0:
            in_url = _has_url_start(piece) or (in_url and bool(out) and out[-1] == "")
            out.append(piece)
            index += 1
            continue
        # Whitespace: drop it when a URL piece ending in a path character is
        # followed by something that is clearly the rest of the URL.
        before = out[-1] if out else ""
        after = pieces[index + 1] if index + 1 < len(pieces) else ""
        if (
            in_url
            and before[-1:] in _URL_PIECE_END
            and "\n\n" not in piece
            and _is_continuation(after)
        ):
            out.append("")  # joined: the next piece continues this URL
        else:
            out.append(piece)
        index += 1
    return "".join(out)


def rejoin_broken_urls(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Join URLs broken by spaces or line breaks, and split percent-escapes.

    >>> rejoin_broken_urls("Jul 26. https://www.atlanticcouncil.org/ blogs/iransource/under-us-sanctions/.")
    'Jul 26. https://www.atlanticcouncil.org/blogs/iransource/under-us-sanctions/.'
    >>> rejoin_broken_urls("http://www.iisajournals.ir/ article_41989.html?lang=en.")
    'http://www.iisajournals.ir/article_41989.html?lang=en.'
    >>> rejoin_broken_urls("% D8% A2% D9% 85% D8% B1-% D8.")
    '%D8%A2%D9%85%D8%B1-%D8.'
    >>> rejoin_broken_urls("See http://a.org/ for details, and 50% AB testing.")
    'See http://a.org/ for details, and 50% AB testing.'
    >>> rejoin_broken_urls("http://isj.ir/Fa/index.php/home/ interview/item/11-interview-rafsanjani.")
    'http://isj.ir/Fa/index.php/home/interview/item/11-interview-rafsanjani.'
    """
    if "%" not in text and not _has_url_start(text):
        return text
    return outside_markers(text, _rejoin)
