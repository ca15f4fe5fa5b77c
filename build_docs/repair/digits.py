"""Persian and Arabic digits, real or misread by OCR as LaTeX/Greek look-alikes.

Three passes, in the order they run:

* :func:`decode_persian_digits` turns real Persian/Arabic digits into ASCII;
* :func:`decode_lookalike_digits` decodes look-alike glyphs (``$\\Upsilon \\cdot
  1\\lambda$`` is 2018) where the reading is *certain*: every glyph is
  unambiguous and the number is plausible, or a reference year confirms it;
* :func:`decode_uncertain_digits` decodes the rest with best readings, so the
  runner records them under their own rule name ("uncertain digit readings"),
  and turns any ``$...$`` span that has no digit reading into an illegible
  marker, so that no LaTeX reaches a reader.

The confusion table itself is data, in :mod:`build_docs.repair.digit_table`.
Text inside illegible markers is never touched.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN
from .digit_table import (
    BARE_GREEK,
    CHARACTERS,
    COMMANDS,
    HIJRI_OFFSETS,
    IGNORED_COMMANDS,
    SEPARATORS,
    SIMILAR_DIGITS,
    WRAPPER_COMMANDS,
    Glyph,
)
from .runner import EMPTY_CONTEXT, RepairContext

__all__ = [
    "decode_lookalike_digits",
    "decode_persian_digits",
    "decode_uncertain_digits",
    "normalize_surname",
    "read_lookalike_number",
]

_PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PERSIAN_DIGIT = re.compile("[۰-۹٠-٩]")

_MARKER = re.compile(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*(?:{ILLEGIBLE_CLOSE}|$)")
#: A math span in the pandoc sense: no space inside either ``$``, not ``\$``,
#: and the closing ``$`` not followed by a digit (so ``$5 and $10`` is money);
#: ``$$...$$`` (display math) counts too.
_SPAN = re.compile(
    r"(?<![\\$])(\$\$?)(?=[^\s$])([^$\n\ue000-\ue003]{1,160}?)(?<=[^\s\\])"
    r"(?<!\bUS)(?<!\bHK)(?<!\bNZ)(?<!\bAU)(?<!\bCA)(?<!\bSG)"  # ``US$`` is money
    r"\1(?![\d$])"
)
_WRAPPER = re.compile(
    "(?:" + "|".join(re.escape(c) for c in sorted(WRAPPER_COMMANDS)) + r")\s*\{([^{}]*)\}"
)
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)
_CMD = "(?:" + "|".join(re.escape(c) for c in sorted(COMMANDS, key=len, reverse=True)) + ")(?![A-Za-z])"
_GREEK = "".join(BARE_GREEK)
_BARE_PIECE = f"(?:{_CMD}|[0-9{_GREEK}·])"
#: A run of LaTeX digit commands outside ``$...$``: it starts with a command
#: (digits may be glued in front) and goes on over glyph tokens.
#: Letter look-alikes (``Y``, ``F``) join only when glued to a glyph or at the
#: end of a citation.
_BARE_RUN = re.compile(
    f"[0-9]*{_CMD}(?:{_BARE_PIECE}|[YTFAV])*(?:[ \\t]*(?:{_BARE_PIECE}(?:{_BARE_PIECE}|[YTFAV])*|[/:]))*"
    r"(?:[ \t]+[YTFAV]+(?=\)))?"  # a trailing letter glyph only before ``)``
)
#: A list number at an item start: ``Δ-``, ``- Δ.``, ``(Δ)``.
_ITEM_NUMBER = re.compile(f"^(\\s*(?:[-–•*]\\s+)?\\(?)([{_GREEK}]{{1,2}})(?=[-.)](?:\\s|$))")
#: A token mixing ASCII digits and Greek look-alikes (``19Δ5``).
_MIXED = re.compile(
    f"(?<![^\\W\\d_])(?<!\\$)(?=[0-9{_GREEK}]*[0-9])[0-9{_GREEK}]*[{_GREEK}][0-9{_GREEK}]*(?![^\\W\\d_])"
)
#: A page range whose end page came out as look-alikes (``275-Y9F``).
_PAGE_RANGE = re.compile(r"(?<![\w-])(\d{2,4})-([0-9\\YTFAV]{1,4})(?=[.,;)]|\s|$)")
#: Part of every _PAGE_RANGE match that _decode_page_ranges changes (an end
#: page that is not all digits). Searched first: a pattern opening on a literal
#: is found far faster than one opening on a look-behind.
_PAGE_RANGE_DASH = re.compile(r"-[0-9]{0,3}[\\YTFAV]")
_CITATION_BEFORE = re.compile(r"\(([^()$\n]{1,160}),\s*$")
_LOCATOR_BEFORE = re.compile(r"\d\s*:\s*$|\$\s*:\s*$")
_NAME = re.compile(r"[A-Z][^\W\d_]*(?:[-'’ ][^\W\d_]+){0,4}\.?")
_SURNAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\bet al\b\.?)\s*")


def decode_persian_digits(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Extended Arabic-Indic and Arabic-Indic digits become ASCII.

    >>> decode_persian_digits("۹/۱۱")
    '9/11'
    """
    if text.isascii() or not _PERSIAN_DIGIT.search(text):  # isascii: a flag, no scan
        return text  # str.translate walks every character through a dict
    return text.translate(_PERSIAN)


@functools.lru_cache(maxsize=65536)
def normalize_surname(name: str) -> str:
    """The key under which ``RepairContext.reference_years`` files a surname.

    Lower-case ASCII words separated by single spaces: accents dropped,
    apostrophes removed, hyphens and other punctuation become spaces. Lookups
    in this module also accept keys written without the spaces.

    >>> normalize_surname("Mahmoudi Raja")
    'mahmoudi raja'
    >>> normalize_surname("  Ḥosseini-Dehghani ")
    'hosseini dehghani'
    >>> normalize_surname("Sha'abi"), normalize_surname("MOSHIRZADEH")
    ('shaabi', 'moshirzadeh')
    """
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_only = re.sub(r"['’ʼʾʿ`]", "", ascii_only).lower()
    return " ".join(re.sub(r"[^a-z]+", " ", ascii_only).split())


# --- reading a span ---------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """One element of a span: a digit glyph, or a separator (``" "`` = gap)."""

    raw: str
    glyph: Glyph | None = None
    sep: str | None = None

    def candidates(self) -> tuple[str, ...]:
        if self.glyph is None:
            return ()
        return (self.glyph.digit, *(a for a in self.glyph.alternatives if a.isdigit()))


def _command_prefix(token: str) -> str | None:
    """The longest table command that ``token`` starts with (``\\cdotY``)."""
    for end in range(len(token) - 1, 1, -1):
        if token[:end] in COMMANDS:
            return token[:end]
    return None


def _parse(content: str) -> list[_Piece] | None:
    """The glyphs of a span's content, or None if something is not a digit.

    >>> [p.glyph.digit for p in _parse(r"\\Lambda^{T} 1") or [] if p.glyph]
    ['8', '3', '1']
    >>> _parse(r"\\alpha + x") is None
    True
    """
    content = _WRAPPER.sub(r"\1", content)
    content = re.sub(r"[\^_{}]", " ", content)
    pieces: list[_Piece] = []
    for match in _TOKEN.finditer(content):
        token = match.group()
        if token.isspace() or token in IGNORED_COMMANDS:
            continue
        if token in COMMANDS:
            pieces.append(_Piece(token, COMMANDS[token]))
        elif token in SEPARATORS:
            pieces.append(_Piece(token, sep=token))
        elif token in CHARACTERS:
            pieces.append(_Piece(token, CHARACTERS[token]))
        elif (prefix := _command_prefix(token)) is not None and all(c in CHARACTERS for c in token[len(prefix):]):
            # ``\cdotY``: a command glued to letter look-alikes.
            pieces.append(_Piece(prefix, COMMANDS[prefix]))
            pieces.extend(_Piece(c, CHARACTERS[c]) for c in token[len(prefix):])
        elif token.startswith("\\") and len(token) > 1 and all(c in CHARACTERS for c in token[1:]):
            # ``\YT``: a stroke (1) glued to letter look-alikes.
            pieces.extend(_Piece(c, CHARACTERS[c]) for c in token)
        else:
            return None
    if not any(p.glyph for p in pieces):
        return None
    return pieces


def _render(pieces: Sequence[_Piece], digits: Sequence[str] | None = None) -> str:
    """Write pieces out, with ``digits`` replacing the glyphs' primary readings."""
    out: list[str] = []
    values = iter(digits) if digits is not None else None
    for piece in pieces:
        if piece.glyph is not None:
            out.append(next(values) if values is not None else piece.glyph.digit)
        elif piece.sep == ":":
            out.append(": ")
        elif piece.sep == ",":
            out.append(", ")
        elif piece.sep == " ":
            out.append(" ")
        else:
            out.append(piece.sep or "")
    text = re.sub(r"\s+", " ", "".join(out))
    text = re.sub(r"\s+([:,/-])", r"\1", text)
    text = re.sub(r"([/-])\s+", r"\1", text)
    return text.strip(" :,/-")


def _year_like(group: str) -> bool:
    return len(group) == 4 and (1300 <= int(group) < 1500 or 1900 <= int(group) < 2100)


def _hijri_pair(first: str, second: str) -> bool:
    a, b = int(first), int(second)
    return abs(a - b) in HIJRI_OFFSETS


def _plausibility(reading: str) -> int:
    """How much a reading looks like a year, a year pair, or page numbers."""
    year_part = reading.split(":")[0]
    groups = re.findall(r"\d+", year_part)
    score = -sum(len(g) > 4 for g in re.findall(r"\d+", reading))
    if groups and _year_like(groups[0]):
        score += 2
        if len(groups) > 1 and "/" in year_part and len(groups[1]) == 4 and _hijri_pair(groups[0], groups[1]):
            score += 3
    return score


def _well_formed(reading: str) -> bool:
    """No digit run longer than four, and a year/year pair is Hijri-consistent."""
    if any(len(g) > 4 for g in re.findall(r"\d+", reading)):
        return False
    for first, second in re.findall(r"(\d+)/(\d+)", reading):
        if (_year_like(first) or _year_like(second)) and not (
            len(first) == len(second) == 4 and _hijri_pair(first, second)
        ):
            return False
    return True


def _best_reading(pieces: Sequence[_Piece]) -> tuple[str, bool]:
    glyphs = [p for p in pieces if p.glyph is not None]
    options = [p.candidates() for p in glyphs]
    ambiguous = any(len(o) > 1 for o in options)
    best = _render(pieces)
    if ambiguous:
        combos = itertools.islice(itertools.product(*options), 256)
        scored = [(_plausibility(_render(pieces, combo)), -index, combo) for index, combo in enumerate(combos)]
        best = _render(pieces, max(scored)[2])
    return best, not ambiguous and _well_formed(best)


def read_lookalike_number(s: str) -> tuple[str, bool]:
    """Read a span of look-alike glyphs as a number: (best reading, certain?).

    A reading is certain when every glyph is unambiguous and the result is
    well formed (no run of more than four digits, a year pair that is
    Gregorian/Solar Hijri consistent). Not a number: ``("", False)``.

    >>> read_lookalike_number(r"\\Upsilon \\cdot 1\\lambda")
    ('2018', True)
    >>> read_lookalike_number(r"\\Upsilon \\cdot 1\\Delta/1\\Psi \\Im F")
    ('2015/1394', True)
    >>> read_lookalike_number(r"\\Upsilon \\circ 1\\Delta")
    ('2015', False)
    >>> read_lookalike_number(r"\\Upsilon \\cdot 1\\lambda/1\\Upsilon YY")
    ('2018/1222', False)
    >>> read_lookalike_number(r"\\Upsilon \\cdot 1\\Upsilon / 1\\Upsilon \\Im : \\Delta 1")
    ('2012/129: 51', False)
    >>> read_lookalike_number("x + y")
    ('', False)
    """
    pieces = _parse(s)
    if pieces is None:
        return "", False
    return _best_reading(pieces)


# --- confirming a year against the reference list --------------------------


def _reference_years(context: RepairContext, surname: str | None) -> tuple[str, ...]:
    """The reference years filed under ``surname`` (keys with or without spaces).

    >>> ctx = RepairContext(reference_years={"mahmoudiraja": ("2015/1394",)})
    >>> _reference_years(ctx, "Mahmoudi Raja")
    ('2015/1394',)
    """
    if not surname or not context.reference_years:
        return ()
    key = normalize_surname(surname)
    if key in context.reference_years:
        return tuple(context.reference_years[key])
    compact = key.replace(" ", "")
    for other, years in context.reference_years.items():
        if normalize_surname(other).replace(" ", "") == compact:
            return tuple(years)
    return ()


def _digit_cost(slot: tuple[str, ...], digit: str) -> float:
    if digit in slot:
        return 0.0
    if any(frozenset((s, digit)) in SIMILAR_DIGITS for s in slot):
        return 0.5
    return 1.0


def _edit_cost(slots: Sequence[tuple[str, ...]], target: str) -> float:
    """Edit distance from glyph slots to a digit string (similar shapes cost less)."""
    previous = [float(j) for j in range(len(target) + 1)]
    for i, slot in enumerate(slots, 1):
        current = [float(i)]
        for j, digit in enumerate(target, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + _digit_cost(slot, digit)))
        previous = current
    return previous[-1]


def _fits(slots: Sequence[tuple[str, ...]], digits: str) -> bool:
    """Whether each glyph slot admits the digit at its place (same length)."""
    return len(slots) == len(digits) and all(d in s for s, d in zip(slots, digits, strict=True))


def _first_group_score(slots: Sequence[tuple[str, ...]], first: str) -> int | None:
    """0: exact (within the glyphs' alternatives); 1: one glyph off or dropped."""
    if len(slots) < 2 or len(first) < 2 or not _fits(slots[:2], first[:2]):
        return None
    if len(slots) == len(first):
        misses = sum(d not in s for s, d in zip(slots, first, strict=True))
        return misses if misses <= 1 else None
    if len(slots) == len(first) - 1 and any(_fits(slots, first[:k] + first[k + 1:]) for k in range(2, len(first))):
        return 1
    return None


def _match_reference(pieces: Sequence[_Piece], years: Sequence[str]) -> tuple[str, bool] | None:
    """Replace the year part by the reference's year when the decoding agrees."""
    colon = next((i for i, p in enumerate(pieces) if p.sep == ":"), len(pieces))
    year_pieces, locator_pieces = list(pieces[:colon]), list(pieces[colon + 1:])
    split = next((i for i, p in enumerate(year_pieces) if p.sep is not None), len(year_pieces))
    head = [p.candidates() for p in year_pieces[:split] if p.glyph]
    rest = [p.candidates() for p in year_pieces[split:] if p.glyph]
    rest_separators = {p.sep for p in year_pieces[split:] if p.sep}
    scored = []
    for year in dict.fromkeys(years):
        groups = re.findall(r"\d+", year)
        if not groups:
            continue
        score = _first_group_score(head, groups[0])
        if score is not None:
            scored.append((score, year, groups))
    if not scored:
        return None
    scored.sort(key=lambda item: item[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    score, year, groups = scored[0]
    second = groups[1] if len(groups) > 1 else ""
    certain = score == 0
    leftover: list[tuple[str, ...]] = []
    if second:
        exact = _fits(rest, second)
        if not (exact and rest_separators <= {"/"}):
            certain = False
            costs = [(_edit_cost(rest[:k], second), k) for k in range(max(0, len(second) - 1), len(rest) + 1)]
            cost, k = min(costs, key=lambda item: (item[0], -item[1])) if costs else (99.0, 0)
            if cost <= 1.5 and 0 < len(rest) - k <= 3:
                leftover = rest[k:]
    elif rest:
        certain = False
    locator = ""
    if locator_pieces and any(p.glyph for p in locator_pieces):
        locator, locator_certain = _best_reading(locator_pieces)
        certain = certain and locator_certain
    elif leftover:
        locator = "".join(slot[0] for slot in leftover)
    return (f"{year}: {locator}" if locator else year), certain


# --- the passes -------------------------------------------------------------


def _citation_surname(before: str) -> str | None:
    """The first surname of a citation that ends right before a year.

    >>> _citation_surname("as he says (see Bagheri and Ebrahimi, ")
    'Bagheri'
    >>> _citation_surname("(Barzegar, 2009: 15; Robinson & et al., ")
    'Robinson'
    >>> _citation_surname("in 2009, ") is None
    True
    """
    match = _CITATION_BEFORE.search(before[-200:])
    if not match:
        return None
    entry = match.group(1).split(";")[-1]
    words = entry.split()
    while words and not words[0][:1].isupper():
        words.pop(0)
    for part in _SURNAME_SPLIT.split(" ".join(words)):
        if part:
            return part if _NAME.fullmatch(part) else None
    return None


def _interpret(pieces: Sequence[_Piece], before: str, context: RepairContext) -> tuple[str, bool]:
    """Best reading of a digit span in its place: citation year, locator, other."""
    if _LOCATOR_BEFORE.search(before):
        reading, certain = _best_reading(pieces)
        run = re.fullmatch(r"(\d{3,4})(\d{3,4})", reading)
        if run and len(run.group(1)) == len(run.group(2)) and 0 < int(run.group(2)) - int(run.group(1)) <= 100:
            return f"{run.group(1)}-{run.group(2)}", False
        return reading, certain
    surname = _citation_surname(before)
    years = _reference_years(context, surname)
    if years:
        matched = _match_reference(pieces, years)
        if matched is not None:
            return matched
    reading, certain = _best_reading(pieces)
    if surname is not None:
        groups = re.findall(r"\d+", reading.split(":")[0])
        certain = certain and bool(groups) and _year_like(groups[0])
        if years:
            certain = False  # the reference list disagrees with this reading
    return reading, certain


def _decode_spans(segment: str, context: RepairContext, uncertain: bool) -> list[tuple[str, bool]]:
    """Split ``segment`` into chunks, spans decoded; True marks a span kept as is."""
    spans = list(_SPAN.finditer(segment))
    if not spans:
        return [(segment, False)]
    # Group adjacent digit spans (``$\Upsilon \cdot 15/1$ $\Upsilon \circ 15 \cdot 1$``).
    parsed = [_parse(m.group(2)) for m in spans]
    groups: list[list[int]] = []
    for index, pieces in enumerate(parsed):
        joinable = (
            groups
            and pieces is not None
            and parsed[groups[-1][-1]] is not None
            and not segment[spans[groups[-1][-1]].end():spans[index].start()].strip()
        )
        if joinable:
            groups[-1].append(index)
        else:
            groups.append([index])
    out: list[tuple[str, bool]] = []
    position = 0
    for group in groups:
        first, last = spans[group[0]], spans[group[-1]]
        out.append((segment[position:first.start()], False))
        position = last.end()
        raw = segment[first.start():last.end()]
        group_pieces = [parsed[i] for i in group]
        if group_pieces[0] is None:
            out.append((ILLEGIBLE_OPEN + raw + ILLEGIBLE_CLOSE if uncertain else raw, True))
            continue
        joined: list[_Piece] = []
        for number, span_pieces in enumerate(group_pieces):
            if number:
                joined.append(_Piece(" ", sep=" "))
            joined.extend(span_pieces or [])
        # The context is what this pass has made of the text so far, so that
        # a second run sees the same context and decides the same (idempotent).
        before = "".join(chunk for chunk, _ in out)
        reading, certain = _interpret(joined, before, context)
        decoded = (certain or uncertain) and bool(reading)
        out.append((reading, False) if decoded else (raw, True))
    out.append((segment[position:], False))
    merged: list[tuple[str, bool]] = []
    for chunk, kept in out:
        if merged and not kept and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + chunk, False)
        else:
            merged.append((chunk, kept))
    return merged


def _decode_bare_runs(segment: str, context: RepairContext, uncertain: bool, prefix: str = "") -> str:
    """Decode runs of digit commands outside ``$...$``; ``prefix`` is the text before."""
    if "\\" not in segment:
        return segment
    out: list[str] = [prefix]
    position = 0
    for match in _BARE_RUN.finditer(segment):
        out.append(segment[position:match.start()])
        position = match.end()
        raw = match.group()
        core = raw.rstrip(" \t/:")
        # Right after a kept ``$...$``, a digit would turn its ``$`` into money.
        before = "".join(out)
        pieces = _parse(core) if not before.endswith("$") else None
        reading, certain = _interpret(pieces, before, context) if pieces else ("", False)
        out.append(reading + raw[len(core):] if reading and (certain or uncertain) else raw)
    out.append(segment[position:])
    return "".join(out)[len(prefix):]


def _decode_bare_greek(segment: str, at_start: bool, prefix: str = "") -> str:
    """Greek capitals that are digits: list numbers, and inside numbers."""

    def digits(chars: str) -> str:
        return "".join(BARE_GREEK[c].digit if c in BARE_GREEK else c for c in chars)

    if at_start:
        segment = _ITEM_NUMBER.sub(lambda m: m.group(1) + digits(m.group(2)), segment)
    full = prefix[-1:] + segment  # one character of look-behind
    out: list[str] = []
    position = len(full) - len(segment)
    for match in _MIXED.finditer(full, position):
        out.append(full[position:match.start()])
        out.append(digits(match.group()))
        position = match.end()
    out.append(full[position:])
    return "".join(out)


def _decode_page_ranges(segment: str) -> str:
    def replace(match: re.Match[str]) -> str:
        start, end = match.group(1), match.group(2)
        if end.isdigit():
            return match.group()
        reading = "".join(CHARACTERS[c].digit for c in end)
        if len(start) - 1 <= len(reading) <= len(start) and int(reading) >= int(start):
            return f"{start}-{reading}"
        return f"{start}-{ILLEGIBLE_OPEN}{end}{ILLEGIBLE_CLOSE}"

    return _PAGE_RANGE.sub(replace, segment)


_SUSPICIOUS = re.compile("[$\\\\" + re.escape("".join(sorted(BARE_GREEK))) + "]")


def _decode(text: str, context: RepairContext, uncertain: bool) -> str:
    suspicious = bool(_SUSPICIOUS.search(text))
    if not suspicious and not (uncertain and _PAGE_RANGE_DASH.search(text) and _PAGE_RANGE.search(text)):
        return text
    out: list[str] = []
    position = 0
    for index, segment_end in enumerate([*_MARKER.finditer(text), None]):
        end = segment_end.start() if segment_end else len(text)
        chunks = _decode_spans(text[position:end], context, uncertain)
        for number, (chunk, kept) in enumerate(chunks):
            if not kept:
                prefix = "".join(out)
                chunk = _decode_bare_runs(chunk, context, uncertain, prefix)
                chunk = _decode_bare_greek(chunk, index == 0 and number == 0, prefix)
                if uncertain:
                    chunk = _decode_page_ranges(chunk)
            out.append(chunk)
        if segment_end:
            out.append(segment_end.group())
            position = segment_end.end()
    return "".join(out)


def decode_lookalike_digits(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Decode look-alike digits whose reading is certain.

    Certain means every glyph is unambiguous and the number is well formed, or
    a citation's reference year (``context.reference_years``) confirms it.

    >>> decode_lookalike_digits(r"(Mahmoudi Raja, $\\Upsilon \\cdot 1\\Delta/1\\Psi \\Im F$).")
    '(Mahmoudi Raja, 2015/1394).'
    >>> decode_lookalike_digits("- Δ- first item")
    '- 5- first item'
    >>> ctx = RepairContext(reference_years={"hosseini": ("2018/1397",)})
    >>> decode_lookalike_digits(r"(Hosseini, $\\Upsilon \\cdot 1\\lambda/1\\Upsilon YY$)", ctx)
    '(Hosseini, $\\\\Upsilon \\\\cdot 1\\\\lambda/1\\\\Upsilon YY$)'
    >>> decode_lookalike_digits("It cost $5 million in 2018.")
    'It cost $5 million in 2018.'
    """
    return _decode(text, context, uncertain=False)


def decode_uncertain_digits(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Decode the remaining look-alike digits with their best readings.

    Runs right after :func:`decode_lookalike_digits`; what it changes is
    recorded under its own rule, as uncertain readings. Spans with no digit
    reading become illegible markers.

    >>> ctx = RepairContext(reference_years={"hosseini": ("2018/1397",)})
    >>> decode_uncertain_digits(r"(Hosseini, $\\Upsilon \\cdot 1\\lambda/1\\Upsilon YY$)", ctx)
    '(Hosseini, 2018/1397)'
    >>> decode_uncertain_digits(r"a $\\alpha x$ b").replace("\\ue000", "<").replace("\\ue001", ">")
    'a <$\\\\alpha x$> b'
    >>> decode_uncertain_digits("Foreign Policy, 25(2), 275-Y9F.")
    'Foreign Policy, 25(2), 275-294.'
    >>> decode_uncertain_digits("costs $5 million, or US$ 12 billion")
    'costs $5 million, or US$ 12 billion'
    """
    return _decode(text, context, uncertain=True)
