"""Word-level repairs: line-end hyphens, words glued where a dash was lost.

Both passes weigh the same two kinds of evidence, in this order:

1. the paper's own vocabulary (``context.vocabulary``, lower-cased words with
   hyphenated compounds kept whole): what the author wrote elsewhere is the
   best guide to what they wrote here;
2. general English word frequencies from :mod:`wordfreq` (Zipf scale: 3 is
   once per million words, 6 once per thousand), read through
   :mod:`.lexicon`, which spares a process loading the whole list.

They never look inside illegible or footnote markers, and never touch URLs,
e-mail addresses or DOIs.
"""

from __future__ import annotations

import re
import string

from . import lexicon
from .runner import EMPTY_CONTEXT, RepairContext, outside_markers, previous_token, token_bounds

#: Below this Zipf frequency a string is not treated as an English word.
WORD_ZIPF = 1.0
#: Each half of a split glued token must be at least this common.
PART_ZIPF = 3.5


def words_of(names: str) -> frozenset[str]:
    """A set of words written as one space-separated string (data, not code)."""
    return frozenset(names.split())


#: Prefixes that are hyphenated by choice (``non-violence``): a line-end
#: hyphen after them is kept unless the joined word is clearly common.
HYPHEN_PREFIXES = words_of(
    "non co self anti multi post pre well ex quasi pseudo neo semi cross mid pan "
    "pro all half extra ultra vice intra trans counter"
)

#: First halves that form solid words (``understructures``, ``transregional``):
#: a token starting with one is a derived word, not two glued words.
SOLID_PREFIXES = HYPHEN_PREFIXES | words_of(
    "over under out up down re un in im il ir dis mis de sub super inter fore back "
    "after by with off on auto bi tri mono poly micro macro mega meta hyper hypo "
    "infra para proto socio geo bio eco euro afro indo petro narco cyber agro retro "
    "tele photo psycho ethno demo iso any every some no"
)

#: Prefixes that take a hyphen when glued to a word that is not yet a word
#: (``antiimperialist`` -> ``anti-imperialist``).
SPLIT_PREFIXES = words_of("non self anti multi post pre well semi quasi pseudo neo ex co")

#: Second halves that are suffixes rather than words (``cooperationist``).
SUFFIXES = words_of(
    "ate ates ated ist ists ism isms ian ians ful less ness ment ments able ible ity "
    "ities ship ships hood hoods wise like ward wards man men ing ings ly ous ive "
    "ize ized izes ise ised ization isation ology logy graphy ocracy cracy phobia "
    "phile scape dom doms ese ite ites ical ics ance ence ant ent ery ary ory"
)

#: Function words that open a clause after a lost dash (``Republic—the``).
DASH_WORDS = words_of(
    "the which who whose whom where while when this these those that such both "
    "namely including especially particularly although though whereas thus hence"
)

#: Other function words: a glued token starting or ending with one is more
#: likely a lost space than a lost hyphen, so it is left alone.
STOPWORDS = DASH_WORDS | words_of(
    "a an and or nor but of in on at to for from by with as is are was were be been "
    "being it its his her their our your my not no so if than then there here into "
    "onto upon over under about also very can could may might must shall should will "
    "would has have had do does did he she they we you i me him them us"
)

_HYPHENS = "-\u2010\u00ad"
_LINE_END_HYPHEN = re.compile(
    r"(?<![\w'’])([A-Za-z]+)([-\u2010\u00ad])[ \t]*\n[ \t]*([A-Za-z]+)(?![\w'’])"
)
_DASH_LINE_END = re.compile(r"([\u2013\u2014])[ \t]*\n[ \t]*")
_NEWLINE = re.compile(r"[ \t]*\n[ \t\n]*")
_URLISH = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|doi:|@|\b10\.\d{4,}/|\w\.[a-z]{2,}/)", re.IGNORECASE
)
_TOKEN = re.compile(r"\S+")
_EDGE = "()[]{}<>,;:.!?\"'“”‘’«»*"
_POSSESSIVE = re.compile(r"['’]s?$")
#: Tokens best_split could act on: ASCII letters, lower-case after the first.
_GLUE_CANDIDATE = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]{5,}(?![A-Za-z])")
_ASCII_LETTERS = frozenset(string.ascii_letters)


def zipf(word: str) -> float:
    """English Zipf frequency of ``word`` (lower-cased).

    >>> zipf("Policy") > 5, zipf("xqzt")
    (True, 0.0)
    """
    return lexicon.zipf(word.lower())


def _count(word: str, context: RepairContext) -> int:
    return int(context.vocabulary.get(word.lower(), 0))


def known_word(w: str, context: RepairContext = EMPTY_CONTEXT, *, min_count: int = 2) -> bool:
    """Whether ``w`` is a word: common enough in English or repeated in the paper.

    The paper's vocabulary counts every occurrence, including the one being
    judged, so a word must appear ``min_count`` times to be known from it.

    >>> known_word("analytical"), known_word("descriptiveanalytical")
    (True, False)
    >>> ctx = RepairContext(vocabulary={"hajiyousefi": 3, "oilproducing": 1})
    >>> known_word("Hajiyousefi", ctx), known_word("oilproducing", ctx)
    (True, False)
    """
    return zipf(w) >= WORD_ZIPF or _count(w, context) >= min_count


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether the span ``start:end`` lies in a URL, e-mail or DOI token."""
    left = max(text.rfind(stop, 0, start) for stop in " \t\n") + 1
    right = len(text)
    for stop in " \t\n":
        found = text.find(stop, end)
        if found != -1:
            right = min(right, found)
    return bool(_URLISH.search(text[left:right]))


# -- line-end hyphens ---------------------------------------------------------


def keep_line_end_hyphen(first: str, second: str, context: RepairContext = EMPTY_CONTEXT) -> bool:
    """Decide whether ``first-`` at a line end and ``second`` form a hyphenated compound.

    >>> keep_line_end_hyphen("middle", "ground"), keep_line_end_hyphen("inter", "national")
    (True, False)
    >>> keep_line_end_hyphen("non", "violence"), keep_line_end_hyphen("partici", "pation")
    (True, False)
    >>> ctx = RepairContext(vocabulary={"regional-international": 2})
    >>> keep_line_end_hyphen("regional", "international", ctx)
    True
    >>> keep_line_end_hyphen("policy", "making", RepairContext(vocabulary={"policymaking": 2}))
    False
    """
    if second[:1].isupper() or first.isupper() and len(first) > 1:
        return True  # Anglo-American, Post-Cold, US-
    hyphenated = f"{first}-{second}".lower()
    joined = (first + second).lower()
    seen_hyphenated, seen_joined = _count(hyphenated, context), _count(joined, context)
    if seen_hyphenated != seen_joined:
        return seen_hyphenated > seen_joined
    z_joined = zipf(joined)
    z_first, z_second = zipf(first), zipf(second)
    if first.lower() in HYPHEN_PREFIXES:
        return not (z_joined >= 3.5 and z_joined >= z_second - 1.0)
    first_word = z_first >= 3.0 or _count(first, context) >= 2
    second_word = z_second >= 3.0 or _count(second, context) >= 2
    if not (first_word and second_word):
        # A typesetter's break inside one word (``partici-pation``): join,
        # unless a name or term is compounded with a word (``Zarif-led``).
        return z_joined < WORD_ZIPF and second_word and len(second) >= 3
    # Both halves are words: join only a common solid word (``inter-national``,
    # ``data-base``), keep compounds rarer than their parts (``middle-ground``).
    return not (z_joined >= 2.5 and z_joined >= min(z_first, z_second) - 1.0)


def join_line_end_hyphens(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Resolve ``word-\\nword`` left by reflow, and turn other line breaks into spaces.

    >>> join_line_end_hyphens("a middle-\\nground and inter-\\nnational law")
    'a middle-ground and international law'
    >>> join_line_end_hyphens("principles of non-\\nviolence and partici-\\npation")
    'principles of non-violence and participation'
    >>> ctx = RepairContext(vocabulary={"regional-international": 1})
    >>> join_line_end_hyphens("the regional-\\ninternational interaction", ctx)
    'the regional-international interaction'
    >>> join_line_end_hyphens("the regional-\\ninternational order", RepairContext(vocabulary={"international": 4}))
    'the regional-international order'
    >>> join_line_end_hyphens("see http://a.org/meet-the-\\nproxies now")
    'see http://a.org/meet-the-proxies now'
    >>> join_line_end_hyphens("two\\nlines, 1990-\\n1995 and A\\u2014\\nB")
    'two lines, 1990-1995 and A\\u2014B'
    """
    if "\n" not in text:
        return text
    return outside_markers(text, lambda part: _join_part(part, context))


def _join_part(text: str, context: RepairContext) -> str:
    if "\n" not in text:
        return text

    def hyphen(match: re.Match[str]) -> str:
        first, mark, second = match.group(1), match.group(2), match.group(3)
        if mark == "\u00ad":
            return first + second
        if _in_url(text, match.start(), match.end()):
            return f"{first}{mark}{second}"
        if keep_line_end_hyphen(first, second, context):
            return f"{first}{mark}{second}"
        return first + second

    text = _LINE_END_HYPHEN.sub(hyphen, text)
    # A hyphen or dash after a non-letter (``1990-``) stays, without a space.
    text = re.sub(r"(?<=\S)([-\u2010])[ \t]*\n[ \t]*(?=\S)", r"\1", text)
    text = _DASH_LINE_END.sub(r"\1", text)
    return _NEWLINE.sub(" ", text)


# -- glued words ----------------------------------------------------------------


def _part_ok(part: str, context: RepairContext, floor: float) -> bool:
    z = zipf(part)
    return z >= floor or (z >= floor - 0.5 and _count(part, context) >= 2)


def best_split(token: str, context: RepairContext = EMPTY_CONTEXT) -> str | None:
    """The repaired form of a glued token, or ``None`` to leave it alone.

    >>> best_split("descriptiveanalytical"), best_split("oilproducing")
    ('descriptive-analytical', 'oil-producing')
    >>> best_split("Republicthe")
    'Republic—the'
    >>> [best_split(w) for w in ["Hajiyousefi", "Homeira", "Keyhan", "understructures",
    ...                          "transregional", "cooperationist", "analytical"]]
    [None, None, None, None, None, None, None]
    """
    if not token.isalpha() or not token.isascii() or len(token) < 6:
        return None
    capitalised = token[0].isupper()
    if not token[1:].islower() or (not capitalised and not token[0].islower()):
        return None  # HajiYousefi, NATO, iPhone
    lower = token.lower()
    if zipf(lower) >= WORD_ZIPF:
        return None
    candidates: list[tuple[float, str]] = []
    for index in range(2, len(token) - 2):
        first, second = lower[:index], lower[index:]
        if first in SOLID_PREFIXES and zipf(second) >= PART_ZIPF:
            # A prefixed word (``understructures``, ``copresident``), not two
            # glued words; conventionally hyphenated prefixes get their hyphen.
            if first in SPLIT_PREFIXES and not capitalised and len(token) >= 8 \
                    and second not in STOPWORDS:
                return f"{token[:index]}-{second}"
            return None
    for index in range(3, len(token) - 2):
        first, second = lower[:index], lower[index:]
        if first in STOPWORDS or first in SOLID_PREFIXES or second in SUFFIXES:
            continue
        if second in DASH_WORDS:
            if len(first) >= 4 and _part_ok(first, context, PART_ZIPF):
                candidates.append((zipf(first) + zipf(second), f"{token[:index]}\u2014{second}"))
            continue
        if second in STOPWORDS:
            continue
        if _count(f"{first}-{second}", context) >= 1:
            candidates.append((20.0 + zipf(first) + zipf(second), f"{token[:index]}-{second}"))
            continue
        if capitalised or len(token) < 9:
            # Names (``Homeira``, ``Keyhan``) split into short common words.
            if min(len(first), len(second)) < 4:
                continue
            floors = (4.0, 4.0)
        else:
            # Long English words are reliable evidence even when less common.
            floors = (3.0 if len(first) >= 8 else PART_ZIPF, 3.0 if len(second) >= 8 else PART_ZIPF)
        if _part_ok(first, context, floors[0]) and _part_ok(second, context, floors[1]):
            candidates.append((zipf(first) + zipf(second), f"{token[:index]}-{second}"))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    if candidates[0][0] < 20.0 and _count(lower, context) >= 2:
        return None  # the paper writes it this way more than once: a name or term
    return candidates[0][1]


def split_glued_words(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Split words glued where a hyphen or dash was lost.

    >>> split_glued_words("A descriptiveanalytical study of oilproducing states.")
    'A descriptive-analytical study of oil-producing states.'
    >>> split_glued_words("ties with the Islamic Republicthe success of")
    'ties with the Islamic Republic—the success of'
    >>> split_glued_words("http://www.thetower.org/how-iranspreads-its-empire/")
    'http://www.thetower.org/how-iranspreads-its-empire/'
    >>> split_glued_words("Hajiyousefi and Firouzabadi on Ansarollah (Mosallanejad).")
    'Hajiyousefi and Firouzabadi on Ansarollah (Mosallanejad).'
    """
    # Only a token that is not an English word can be two glued ones; most
    # paragraphs have none, and the others only a few.
    unknown = _not_english(set(_GLUE_CANDIDATE.findall(text)))
    if not unknown:
        return text
    return outside_markers(text, lambda part: _split_part(part, context, unknown))


#: Tokens already found to be English words (Zipf >= WORD_ZIPF), as written:
#: most of a paragraph's tokens are, and a set difference in C finds the rest
#: (asking each token's frequency was a third of this pass).
_ENGLISH_TOKENS: set[str] = set()


def _not_english(tokens: set[str]) -> set[str]:
    """The ``tokens`` that are not English words.

    >>> sorted(_not_english({"analytical", "descriptiveanalytical", "Policy"}))
    ['descriptiveanalytical']
    """
    unknown = tokens - _ENGLISH_TOKENS
    if not unknown:
        return unknown
    lexicon.prefetch(token.lower() for token in unknown)  # one query, not one per token
    english = {token for token in unknown if zipf(token) >= WORD_ZIPF}
    if len(_ENGLISH_TOKENS) + len(english) > lexicon.MEMO_SIZE:
        _ENGLISH_TOKENS.clear()
    _ENGLISH_TOKENS.update(english)
    return unknown - english


def _occurrences(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Spans, in order, where _GLUE_CANDIDATE would match one of ``words``
    (each a match of it): found with ``str.find`` rather than by visiting
    every long word of the paragraph.

    >>> _occurrences("aboutus, Aboutus aboutuss aboutus", {"aboutus"})
    [(0, 7), (26, 33)]
    """
    spans = []
    for word in words:
        start = text.find(word)
        while start != -1:
            end = start + len(word)
            if not (start and text[start - 1] in _ASCII_LETTERS) and text[end:end + 1] not in _ASCII_LETTERS:
                spans.append((start, end))
            start = text.find(word, end)
    spans.sort()
    return spans


def _split_part(text: str, context: RepairContext, unknown: set[str]) -> str:
    pieces: list[str] = []
    position = 0
    # Visit only the tokens holding an unknown word, not every token.
    seen_until = 0
    for hit_start, hit_end in _occurrences(text, unknown):
        if hit_start < seen_until:
            continue  # in the token just handled
        token_start, seen_until = token_bounds(text, hit_start, hit_end)
        token, before = text[token_start:seen_until], previous_token(text, token_start)
        start = len(token) - len(token.lstrip(_EDGE))
        core = token[start:].rstrip(_EDGE)
        core = _POSSESSIVE.sub("", core)
        if core not in unknown:
            continue  # best_split leaves known words and non-candidates alone
        after_url = before[-1:] in "/-_%=?&" and bool(_URLISH.search(before))
        if after_url or _URLISH.search(token):
            continue
        fixed = best_split(core, context)
        if fixed is None:
            continue
        begin = token_start + start
        pieces.append(text[position:begin])
        pieces.append(fixed)
        position = begin + len(core)
    pieces.append(text[position:])
    return "".join(pieces)
