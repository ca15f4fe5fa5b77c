"""The digit-confusion table: what OCR printed where the page had a Persian digit.

Data only, kept apart from the logic in :mod:`build_docs.repair.digits` (as
ftfy keeps its character tables in ``chardata.py``). The papers print years and
page numbers in Persian digits (``۰۱۲۳۴۵۶۷۸۹``); the converter read many of
them as LaTeX or Greek look-alikes, mostly inside ``$...$``::

    ۰  a dot        -> \\cdot, ·, . (and \\circ, which also looks like ۵)
    ۱  a stroke     -> 1, \\, ), |
    ۲  a hooked 2   -> \\Upsilon, Υ, Y
    ۳  a triple hook-> \\Psi, Ψ, T
    ۴  a looped 4   -> F, f
    ۵  a small loop -> \\Delta, Δ (and \\circ, o)
    ۷  a V          -> V, v, \\vee, ∨
    ۸  a Λ          -> \\Lambda, Λ, \\land, \\wedge, ∧, \\lambda, λ, A
    ۹  a looped 9   -> \\Im, ℑ, 9

Each entry maps a glyph to its *primary* digit and the *alternatives* that are
also plausible. A glyph with alternatives is ambiguous: its reading is never
certain unless a reference year confirms it.

>>> COMMANDS[r"\\Upsilon"], CHARACTERS["Δ"]
(Glyph(digit='2', alternatives=()), Glyph(digit='5', alternatives=()))
>>> is_ambiguous(COMMANDS[r"\\circ"])
True
"""

from __future__ import annotations

from typing import NamedTuple


class Glyph(NamedTuple):
    """How one look-alike glyph reads: the best digit and the other candidates."""

    digit: str
    alternatives: tuple[str, ...] = ()


def is_ambiguous(glyph: Glyph) -> bool:
    """Whether a glyph has more than one plausible digit.

    >>> is_ambiguous(Glyph("2")), is_ambiguous(Glyph("0", ("5",)))
    (False, True)
    """
    return bool(glyph.alternatives)


#: LaTeX commands (with their backslash) that stand for a Persian digit.
COMMANDS: dict[str, Glyph] = {
    r"\cdot": Glyph("0"),
    r"\bullet": Glyph("0"),
    r"\circ": Glyph("0", ("5",)),
    r"\Upsilon": Glyph("2"),
    r"\Psi": Glyph("3"),
    r"\Delta": Glyph("5"),
    r"\vee": Glyph("7"),
    r"\Lambda": Glyph("8"),
    r"\land": Glyph("8"),
    r"\wedge": Glyph("8"),
    r"\lambda": Glyph("8"),
    r"\Im": Glyph("9"),
    r"\backslash": Glyph("1"),
}

#: Single characters that stand for a Persian digit inside a math span.
#: ASCII digits read as themselves (OCR often gets ۱ and ۹ right).
CHARACTERS: dict[str, Glyph] = {
    **{d: Glyph(d) for d in "0123456789"},
    "·": Glyph("0"),
    "∙": Glyph("0"),
    "\\": Glyph("1"),
    ")": Glyph("1"),
    "|": Glyph("1"),
    "Y": Glyph("2"),
    "Υ": Glyph("2"),
    "T": Glyph("3"),
    "Ψ": Glyph("3"),
    "F": Glyph("4"),
    "f": Glyph("4"),
    "Δ": Glyph("5"),
    "o": Glyph("5", ("0",)),
    "ο": Glyph("5", ("0",)),
    "V": Glyph("7"),
    "v": Glyph("7"),
    "∨": Glyph("7"),
    "A": Glyph("8"),
    "Λ": Glyph("8"),
    "∧": Glyph("8"),
    "λ": Glyph("8"),
    "ℑ": Glyph("9"),
    ".": Glyph("0", (".",)),
}

#: Greek capitals that, standing alone next to digits or as a list number
#: (``Δ-``), are digits rather than letters.
BARE_GREEK: dict[str, Glyph] = {c: CHARACTERS[c] for c in "ΔΛΥΨ"}

#: Characters that separate numbers inside a span (year/year, year: page).
SEPARATORS = "/:-,"

#: LaTeX noise inside a span that carries no digit: spacing commands and
#: super/subscript marks (``\Lambda^{T}`` is two glyphs, 8 and 3).
IGNORED_COMMANDS = frozenset({r"\,", r"\;", r"\:", r"\!", "\\ ", r"\quad", r"\qquad"})
WRAPPER_COMMANDS = frozenset({r"\mathrm", r"\text", r"\mathbf", r"\mathit", r"\mathsf", r"\operatorname"})

#: Persian digits whose shapes OCR confuses with each other (۲/۳ differ by a
#: hook, ۴/۶ and ۷/۸ are mirror images, ۰/۵ are both small blobs). Used only to
#: judge whether a decoding is consistent with a reference year, never to read.
SIMILAR_DIGITS: frozenset[frozenset[str]] = frozenset(
    frozenset(pair) for pair in (("2", "3"), ("4", "6"), ("7", "8"), ("0", "5"), ("1", "9"))
)

#: Solar Hijri year = Gregorian year - 621 or 622 (the new year falls in March).
HIJRI_OFFSETS = (621, 622)
