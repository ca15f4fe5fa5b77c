"""Runs of glyphs that failed to decode (``000000000``, ``DDD DDDD``, ``ODOD``).

They are not words: the pass replaces each run with an illegible marker that
carries the raw run (see :mod:`build_docs.model`), so the page can show a calm
marker and the record can list what was there.
"""

from __future__ import annotations

import re

from ..model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN
from .runner import EMPTY_CONTEXT, RepairContext, outside_markers, token_bounds

# A run starts at a token that is a glyph failure on its own: five zeros,
# three D/O (possibly with punctuation between them) or "DD". Text without
# any of these has no run (the fast path; ``tests/test_fast_paths.py``).
_NOT_ALNUM = r"(?:[^\s\w]|_)*"
# Every branch opens on a literal (``D|O``, not ``[DO]``): then ``re`` scans for
# the first characters fast instead of trying every position (3x faster).
_GLYPHISH = re.compile(f"0(?:{_NOT_ALNUM}0){{4}}|D(?:{_NOT_ALNUM}[DO]){{2}}|O(?:{_NOT_ALNUM}[DO]){{2}}|DD")
_EDGE_PUNCT = "()[]{}<>,;:.!?\"'"
_TOKEN = re.compile(r"\S+")
_MARKER = re.compile(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}")


def is_glyph_failure(token: str, in_run: bool = False) -> bool:
    """Whether ``token`` is a failed-glyph run rather than a word or number.

    >>> [is_glyph_failure(t) for t in ["000000000", "DDDD", "ODODOD", "rDD.DIA.DD."]]
    [True, True, True, True]
    >>> [is_glyph_failure(t) for t in ["2000", "1,000", "DO", "ODD", "Dodd", "D.C.", "100000"]]
    [False, False, False, False, False, False, False]
    >>> is_glyph_failure("00", in_run=True), is_glyph_failure("DD", in_run=True)
    (True, True)
    """
    core = token.strip(_EDGE_PUNCT)
    alnum = [c for c in core if c.isalnum()]
    if not alnum:
        return False
    kinds = set(alnum)
    if kinds <= {"0"}:
        return len(alnum) >= (2 if in_run else 5)
    if kinds <= {"D", "O"}:
        if in_run:
            return True
        return len(alnum) >= 4 or (len(alnum) >= 3 and "O" not in kinds)
    if "DD" in core and len(alnum) >= 4:
        share = sum(c in "D0" for c in alnum) / len(alnum)
        return share >= 0.5
    return False


def _core_span(token: str) -> tuple[int, int]:
    start = len(token) - len(token.lstrip(_EDGE_PUNCT))
    end = len(token.rstrip(_EDGE_PUNCT))
    return start, max(start, end)


def mark_illegible_runs(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Replace each run of failed glyphs by a marker that keeps the raw run.

    >>> mark_illegible_runs("1. 000000000 00000000: theory").replace("\\ue000", "<").replace("\\ue001", ">")
    '1. <000000000 00000000>: theory'
    >>> mark_illegible_runs("(x). DDD DDD DDDDDDDD DD asymmetric").replace("\\ue000", "<").replace("\\ue001", ">")
    '(x). <DDD DDD DDDDDDDD DD> asymmetric'
    >>> mark_illegible_runs("In 2000 the DO and OD met 1,000 times.")
    'In 2000 the DO and OD met 1,000 times.'
    >>> once = mark_illegible_runs("1. 000000000 00000000: theory")
    >>> mark_illegible_runs(once) == once
    True
    """
    if not _GLYPHISH.search(text):
        return text
    # Runs already marked (their raw text may hold spaces) are left alone, and
    # a run never reaches across one: the pass is idempotent.
    return outside_markers(text, _mark_runs)


def _mark_runs(text: str) -> str:
    pieces: list[str] = []
    position = 0
    tokens = list(_TOKEN.finditer(text))
    index = 0
    while index < len(tokens):
        if not is_glyph_failure(tokens[index].group()):
            index += 1
            continue
        first = last = index
        # Extend over neighbours that are glyph runs in this context; a bracket
        # closes the run so that the paper's own punctuation survives.
        while last + 1 < len(tokens):
            nxt = tokens[last + 1].group()
            if nxt[:1] in "([" or tokens[last].group()[-1:] in ")]":
                break
            if not is_glyph_failure(nxt, in_run=True):
                break
            last += 1
        # Short pieces before the run ("DD DDDD") belong to it too.
        while first > 0 and is_glyph_failure(tokens[first - 1].group(), in_run=True) \
                and tokens[first - 1].start() >= position \
                and tokens[first - 1].group()[-1:] not in ")]" and tokens[first].group()[:1] not in "([":
            first -= 1
        start_token, end_token = tokens[first], tokens[last]
        start = start_token.start() + _core_span(start_token.group())[0]
        end = end_token.start() + _core_span(end_token.group())[1]
        pieces.append(text[position:start])
        pieces.append(ILLEGIBLE_OPEN + text[start:end] + ILLEGIBLE_CLOSE)
        position = end
        index = last + 1
    pieces.append(text[position:])
    return "".join(pieces)


_URL_HEAD = re.compile(r"^(?P<head>.*?(?:https?://[^/\s]*/|doi:(?!.*://)))(?P<path>.*)$", re.I)
_LOWER_RUN = re.compile(r"[a-z]{3}")
# A garbled token holds a backslash, or three of ``.)(/`` with a digit and a
# capital (``isdigit``/``isupper`` are also true of some non-ASCII characters,
# which the gate lets through): text without one is left alone at once.
# (``[.)(/]...`` spelled as one branch per first character, as _GLYPHISH.)
_GARBLE_GATE = re.compile(r"\\|" + "|".join(re.escape(first) + r"\S*[.)(/]\S*[.)(/]" for first in ".)(/"))
# An ASCII capital or digit, or any non-ASCII character: written as the
# complement of the other ASCII characters, because a class reaching
# U+10FFFF costs 4 ms each to compile, in every process that imports this.
_CAPITAL = re.compile(r"[^\x00-@\[-\x7f]")
_DIGIT = re.compile(r"[^\x00-/:-\x7f]")


def _may_hold_garble(text: str) -> bool:
    for found in _GARBLE_GATE.finditer(text):
        start, end = token_bounds(text, found.start(), found.end())
        token = text[start:end]
        if "\\" in token or (_CAPITAL.search(token) and _DIGIT.search(token)):
            return True
    return False


def is_garbled_token(token: str) -> bool:
    r"""Whether a token is OCR debris of misread digits rather than text.

    Backslashes never occur in prose or URLs of these papers; a run mixing
    dots or brackets with digits and capitals but no lower-case syllable is a
    misread number (``)..).A./.98785).A.Y.9A9)Y.``).

    >>> [is_garbled_token(t) for t in ["\\YT&FTT\\.\\T3+.Y.T\\.&.F.", ")..).A./.98785).A.Y.9A9)Y.", ".1977AA.0fA9f9.Y."]]
    [True, True, True]
    >>> [is_garbled_token(t) for t in ["10.1162/0162288054894634.", "U.S.A.", "C:\\", "(2015/1394).", "pp.", "1(5),"]]
    [False, False, False, False, False, False]
    """
    core = token.strip(",;")
    if len(core) < 6 or _LOWER_RUN.search(core):
        return False
    if "\\" in core:
        return sum(c.isalnum() for c in core) >= 3 and not re.match(r"^[A-Za-z]:\\", core)
    marks = sum(c in ".)(/" for c in core)
    return marks >= 3 and any(c.isdigit() for c in core) and any(c.isupper() for c in core)


def mark_garbled_tokens(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    r"""Mark tokens of misread-digit debris (often a URL or DOI tail) as illegible.

    >>> mark_garbled_tokens("doi:https://doi.org/)..).A./.98785).A.Y.9A9)Y.").replace("\ue000", "<").replace("\ue001", ">")
    'doi:https://doi.org/<)..).A./.98785).A.Y.9A9)Y.>'
    >>> mark_garbled_tokens("Pape (2005). International security, 30(1), 7-45.")
    'Pape (2005). International security, 30(1), 7-45.'
    """
    if not _may_hold_garble(text):
        return text
    return _TOKEN.sub(_mark_garbled_token, text)


def _mark_garbled_token(match: re.Match[str]) -> str:
    token = match.group()
    if _MARKER.search(token) or ILLEGIBLE_OPEN in token:
        return token
    url = _URL_HEAD.match(token)
    head, body = (url.group("head"), url.group("path")) if url else ("", token)
    if body and is_garbled_token(body):
        return head + ILLEGIBLE_OPEN + body + ILLEGIBLE_CLOSE
    return token
