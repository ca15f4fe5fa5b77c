"""Character-level clean-up: mojibake, control characters, spacing."""

from __future__ import annotations

import re
import unicodedata

from .runner import EMPTY_CONTEXT, RepairContext

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")
# ftfy's own badness check costs as much as the rest of a paper's repairs, so
# paragraphs that cannot hold mojibake skip it: ASCII plus the typographic
# marks every paper has. In each encoding ftfy tries (Windows-1252/1251,
# Latin-1/2, MacRoman, cp437) these marks are either not encodable or all
# UTF-8 continuation bytes or all lead bytes (MacRoman), so no sequence of
# them alone decodes as UTF-8; "•" is left out, being a MacRoman continuation
# byte. ``tests/test_fast_paths.py`` checks that ftfy leaves such text alone.
_CANNOT_BE_MOJIBAKE = frozenset(map(chr, range(128))) | frozenset("–—“”‘’…")
#: Any character outside _CANNOT_BE_MOJIBAKE (one class search, no set built).
_MAYBE_MOJIBAKE = re.compile("[^" + re.escape("".join(sorted(_CANNOT_BE_MOJIBAKE))) + "]")
_SPACE_CHARS = "\t\u00a0\u2000-\u200a\u202f\u205f\u3000"
# Only what needs changing: a run of two or more, or one that is not " ".
_SPACES = re.compile(f"[ {_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS}]")
#: Every _SPACES match holds two plain spaces or one of these. A single class
#: is searched for far faster than the alternation, and most text has neither.
_ODD_SPACE = re.compile(f"[{_SPACE_CHARS}]")


def fix_mojibake(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Undo mis-decoded text with ftfy, keeping curly quotes and NFC.

    >>> fix_mojibake("Iranâ€™s foreign policy")
    'Iran’s foreign policy'
    >>> fix_mojibake("Iran’s “policy”")
    'Iran’s “policy”'
    """
    if text.isascii() or not _MAYBE_MOJIBAKE.search(text):
        return text
    import ftfy  # 35 ms to import: only for a paper with a paragraph that may need it

    fixed = ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=True,
        fix_character_width=False,
        normalization="NFC",
        explain=False,
    )
    return fixed


def strip_control_characters(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Drop control and zero-width characters that no reader can see.

    >>> strip_control_characters("a\\x0cb\\u200bc")
    'abc'
    """
    return _CONTROL.sub("", text)


def normalize_spaces(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Collapse runs of spaces, trim, and NFC-normalise.

    >>> normalize_spaces("  a \\u00a0  b ")
    'a b'
    """
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    text = text.strip()
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
