"""Character-level clean-up: mojibake, control characters, spacing."""

from __future__ import annotations

import re
import unicodedata

import ftfy

from .runner import EMPTY_CONTEXT, RepairContext

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def fix_mojibake(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Undo mis-decoded text with ftfy, keeping curly quotes and NFC.

    >>> fix_mojibake("Iranâ€™s foreign policy")
    'Iran’s foreign policy'
    >>> fix_mojibake("Iran’s “policy”")
    'Iran’s “policy”'
    """
    if text.isascii():
        return text  # mojibake needs non-ASCII characters
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
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
