"""Residue of the PDF converter's markup: emphasis stars, stray ``$``."""

from __future__ import annotations

import re

from .runner import EMPTY_CONTEXT, RepairContext

_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=\S)([^*\n]{1,200}?)(?<=\S)\1(?![\w*])")
#: A ``$`` that is a currency sign (``US$ 12``, ``HK$3``), not math.
_CURRENCY_PREFIX = r"(?<!\bUS)(?<!\bHK)(?<!\bNZ)(?<!\bAU)(?<!\bCA)(?<!\bSG)"
#: A math span in the pandoc sense: no space inside either ``$``, and the
#: closing ``$`` neither a currency sign nor followed by a digit (``$5 and $10``).
_MATH_SPAN = re.compile(r"\$(?=[^\s$])([^$\n]{1,80}?)(?<=[^\s\\])" + _CURRENCY_PREFIX + r"\$(?!\d)")
_STRAY_DOLLAR = re.compile(r"(?<!\d)" + _CURRENCY_PREFIX + r"\$(?!\d)")


def strip_emphasis_markers(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Remove Markdown emphasis the converter put around words or titles.

    The paper's text is data: italics in references carry no meaning we keep,
    and leaving the stars would show them literally on the page.

    >>> strip_emphasis_markers("Challenges and **Opportunities**")
    'Challenges and Opportunities'
    >>> strip_emphasis_markers("*Foreign Policy*, 25(2)")
    'Foreign Policy, 25(2)'
    >>> strip_emphasis_markers("2 * 3 * 4 and a*b")
    '2 * 3 * 4 and a*b'
    """
    if "*" not in text:
        return text
    return _EMPHASIS.sub(r"\2", text)


def strip_stray_math(text: str, context: RepairContext = EMPTY_CONTEXT) -> str:
    """Drop ``$`` signs left by the converter's math mode (not money).

    >>> strip_stray_math("(Moshirzadeh, $2009$)")
    '(Moshirzadeh, 2009)'
    >>> strip_stray_math("costs $5 million")
    'costs $5 million'
    >>> strip_stray_math("between $5 and $10, or US$ 12 billion")
    'between $5 and $10, or US$ 12 billion'
    """
    # Dropping a ``$`` changes what its neighbours read as (``A$US$``): repeat
    # until nothing changes, so that the pass is idempotent.
    for _ in range(text.count("$")):
        fixed = _STRAY_DOLLAR.sub("", _MATH_SPAN.sub(r"\1", text))
        if fixed == text:
            break
        text = fixed
    return text
