"""Split text into inline segments the templates render: text, citation links,
illegible markers and footnote references.

The text of a paper is data. Templates escape every ``text`` segment; only the
segment kinds decide what markup is emitted, so nothing in a paper can create
an element, a link or a script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import FOOTNOTE_MARK, ILLEGIBLE_MARK, Citation

_MARKS = re.compile(f"{ILLEGIBLE_MARK.pattern}|{FOOTNOTE_MARK.pattern}")


@dataclass(frozen=True)
class Segment:
    kind: str  # "text" | "cite" | "illegible" | "footnote"
    text: str
    reference: int | None = None
    citation: int | None = None


def _marks(text: str) -> list[Segment]:
    out: list[Segment] = []
    position = 0
    for match in _MARKS.finditer(text):
        if match.start() > position:
            out.append(Segment("text", text[position:match.start()]))
        if match.group(1) is not None:
            out.append(Segment("illegible", match.group(1)))
        else:
            out.append(Segment("footnote", match.group(2)))
        position = match.end()
    if position < len(text):
        out.append(Segment("text", text[position:]))
    return out


def segments(text: str, citations: Sequence[tuple[int, Citation]] = ()) -> list[Segment]:
    """Segments of ``text``; ``citations`` are ``(index, Citation)`` spans into it.

    >>> [s.kind for s in segments("See (Pape, 2005) and \\ue000DD\\ue001.", [(0, Citation("(Pape, 2005)", 3, start=4, end=16))])]
    ['text', 'cite', 'text', 'illegible', 'text']
    """
    out: list[Segment] = []
    position = 0
    for index, citation in sorted(citations, key=lambda pair: pair[1].start):
        if citation.start < position or citation.end > len(text) or citation.start >= citation.end:
            continue
        out.extend(_marks(text[position:citation.start]))
        out.append(Segment("cite", text[citation.start:citation.end], citation.reference, index))
        position = citation.end
    out.extend(_marks(text[position:]))
    return out


def markdown_heading_text(text: str) -> str:
    """Escape text for a Markdown heading: HTML first, then Markdown syntax.

    >>> markdown_heading_text("1. <b>A</b> & *B* {#x}: y")
    '1\\\\. &lt;b&gt;A&lt;/b&gt; &amp; \\\\*B\\\\* \\\\{\\\\#x\\\\}: y'
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Exactly Python-Markdown's escapable characters: escaping others would
    # leave a visible backslash.
    return re.sub(r"([\\`*_{}\[\]()#+\-.!])", r"\\\1", escaped)
