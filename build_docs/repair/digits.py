"""Persian and Arabic digits, real or misread by OCR as LaTeX/Greek look-alikes."""

from __future__ import annotations

from .runner import EMPTY_CONTEXT, RepairContext

_PERSIAN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def decode_persian_digits(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Extended Arabic-Indic and Arabic-Indic digits become ASCII.

    >>> decode_persian_digits("۹/۱۱")
    '9/11'
    """
    return text.translate(_PERSIAN)


def decode_lookalike_digits(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Placeholder: decoded by the digit-confusion table (issue 3).

    >>> decode_lookalike_digits("2018")
    '2018'
    """
    return text
