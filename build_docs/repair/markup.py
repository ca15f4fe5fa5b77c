"""Residue of the PDF converter's markup: emphasis stars, stray ``$``."""

from __future__ import annotations

import re

from .runner import EMPTY_CONTEXT, RepairContext

_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=\S)([^*\n]{1,200}?)(?<=\S)\1(?![\w*])")
_MATH_SPAN = re.compile(r"\$([^$\n]{1,80})\$")
_STRAY_DOLLAR = re.compile(r"(?<!\d)\$(?!\d)")


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
    """
    if "$" not in text:
        return text
    return _STRAY_DOLLAR.sub("", _MATH_SPAN.sub(r"\1", text))
