"""Body structure: headings and their levels, paragraphs, lists, footnotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import (
    FOOTNOTE_CLOSE,
    FOOTNOTE_OPEN,
    ILLEGIBLE_CLOSE,
    ILLEGIBLE_OPEN,
    Block,
    Footnote,
    Section,
)
from ..repair.digit_table import CHARACTERS as DIGIT_LOOKALIKES
from ..repair.runner import Paragraph
from .draft import Draft

_MARKER = re.compile(f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}")
#: ``1 Title``, ``1. Title``, ``2 - Title``, ``3) Title``, and with the space after
#: the separator lost (``1–Title``, ``1.Title``).
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(?:\s*(?:[.)]|[-–—])\s*|\s+)(\S.*)$")
KNOWN_HEADINGS = re.compile(
    r"^(introduction|conclusions?|discussion|results?|findings|methods?|methodology|"
    r"literature review|theoretical framework|background|acknowledge?ments?|summary|"
    r"concluding remarks|research method(?:ology)?|data and methods?)$",
    re.I,
)
_SMALL_WORDS = {"a", "an", "and", "as", "at", "based", "by", "for", "from", "in", "into", "of", "on",
                "or", "the", "to", "with", "vs", "via", "its", "their", "between", "within", "towards"}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
LIST_ITEM = re.compile(r"^\s*(?:(?P<bullet>[•●▪◦]|[-–](?=\s))|(?P<letter>[a-z])\)|(?P<number>\d{1,2})\s*[-–.)])\s*(?P<text>\S.*)$", re.S)
#: ``v. <illegible run>``: a heading whose number is a Persian digit that OCR
#: read as a Latin or Greek look-alike (۷ as ``v``) and whose words failed to decode.
LOOKALIKE_HEADING = re.compile(r"^([^\W\d_])[.)]\s+(\S.*)$", re.S)
_JUNK_TAIL = re.compile(r"[\s<>|~^_]+$")
FOOTNOTE_TEXT = re.compile(r"^\s*\^\{([^}]{0,8})\}\s*(\S.*)$", re.S)


@dataclass(frozen=True)
class Heading:
    number: str | None
    title: str
    level: int
    #: The glyph the number was read from when it was a digit look-alike.
    lookalike: str | None = field(default=None, repr=False)


def _lookalike_heading(text: str) -> Heading | None:
    """A heading numbered with a digit look-alike and titled only by illegible runs.

    >>> h = heading_of("v. \ue00000000 000000\ue001 <")
    >>> h.number, h.level, h.lookalike
    ('7', 1, 'v')
    >>> heading_of("v. Smith and the others") is None
    True
    """
    match = LOOKALIKE_HEADING.match(text)
    if not match or match.group(1) not in DIGIT_LOOKALIKES:
        return None
    title = _JUNK_TAIL.sub("", match.group(2))
    visible = _MARKER.sub(" ", title)
    if not _MARKER.search(title) or _WORD.findall(visible) or len(visible.strip(" .:()")) > 0:
        return None
    if len(title) > 400:
        return None
    return Heading(DIGIT_LOOKALIKES[match.group(1)].digit, title, 1, lookalike=match.group(1))


#: A digit OCR put inside a word for a letter (``Conc1usion``, ``P0licy``).
_DIGIT_IN_WORD = re.compile(r"(?<=[^\W\d_])[015](?=[^\W\d_])")


def _title_case_share(text: str) -> float:
    """Share of capitalised words, small words aside; in-word digit look-alikes read as letters.

    >>> _title_case_share("Conc1usion and Future Work"), _title_case_share("the plan was ratified")
    (1.0, 0.0)
    """
    text = _DIGIT_IN_WORD.sub(lambda m: "los"["015".index(m.group())], _MARKER.sub(" ", text))
    words = [w for w in _WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


def heading_of(text: str) -> Heading | None:
    """Recognise a section heading and its number and level, or None.

    >>> heading_of("1 – The Dynamic Balance of Security Based on Capacity Building")
    Heading(number='1', title='The Dynamic Balance of Security Based on Capacity Building', level=1)
    >>> heading_of("3–The Role of Extroversion").number
    '3'
    >>> heading_of("2.1. Data and Sources")
    Heading(number='2.1', title='Data and Sources', level=2)
    >>> heading_of("Conclusion")
    Heading(number=None, title='Conclusion', level=1)
    >>> heading_of("1 - The ability to take advantage of cooperationist models in the area of foreign policy is a difficult endeavor.") is None
    True
    >>> heading_of("In 2002 the plan was ratified.") is None
    True
    """
    text = text.strip()
    lookalike = _lookalike_heading(text)
    if lookalike:
        return lookalike
    if not text or len(text) > 160:
        return None
    visible = _MARKER.sub(" ", text).strip()
    words = _WORD.findall(visible)
    numbered = NUMBERED_HEADING.match(text)
    if numbered:
        number, title = numbered.group(1), numbered.group(2).strip()
        title_visible = _MARKER.sub(" ", title)
        if title_visible.rstrip().endswith((".", ";", ",")) or len(_WORD.findall(title_visible)) > 18:
            return None
        if _WORD.findall(title_visible) and _title_case_share(title) < 0.6:
            return None
        if not _WORD.findall(title_visible) and not _MARKER.search(title):
            return None
        return Heading(number, title, number.count(".") + 1)
    # The title keeps any illegible marker: nothing of the source is dropped.
    if KNOWN_HEADINGS.match(visible.rstrip(":")):
        return Heading(None, text.rstrip(":").strip(), 1)
    if (1 <= len(words) <= 8 and not visible.endswith((".", ",", ";", ":", "?", ")"))
            and _title_case_share(visible) == 1.0 and visible[:1].isupper()
            and not re.search(r"\d{3,}|@|https?:", visible)):
        return Heading(None, text, 1)
    return None


def _list_item(text: str) -> tuple[str, str, str] | None:
    """``(kind, label, text)`` of a list item, or None.

    >>> _list_item("• Reducing potential risk factors")
    ('bullet', '•', 'Reducing potential risk factors')
    >>> _list_item("a) Formation of susceptible grounds")
    ('letter', 'a', 'Formation of susceptible grounds')
    >>> _list_item("2 – This paper showed")
    ('number', '2', 'This paper showed')
    """
    match = LIST_ITEM.match(text)
    if not match:
        return None
    for kind in ("bullet", "letter", "number"):
        if match.group(kind):
            return kind, match.group(kind), match.group("text").strip()
    return None


def _ordinal(item: tuple[str, str, str]) -> int | None:
    """An ordered item's place as its label gives it (``3.`` and ``c)`` are 3); None for bullets."""
    kind, label, _ = item
    return int(label) if kind == "number" else ord(label) - ord("a") + 1 if kind == "letter" else None


def _follows(previous: tuple[str, str, str], item: tuple[str, str, str]) -> bool:
    """Whether ``item`` continues the list ``previous`` ends: the same kind, and
    for numbers and letters the next one. The list numbers its items itself,
    so ``1.`` then ``5.`` are two lists (one starting at 5), or the 5 is lost.

    >>> _follows(("number", "1", ""), ("number", "2", "")), _follows(("number", "1", ""), ("number", "5", ""))
    (True, False)
    >>> _follows(("letter", "a", ""), ("letter", "b", "")), _follows(("bullet", "•", ""), ("bullet", "-", ""))
    (True, True)
    """
    if item[0] != previous[0]:
        return False
    place = _ordinal(previous)
    return place is None or _ordinal(item) == place + 1


def _list_start(first: tuple[str, str, str]) -> int | None:
    """Where an ordered list starts, when not at 1 (or a): ``0.``, ``3.``, ``c)``."""
    start = _ordinal(first)
    return None if start == 1 else start


def _blocks(texts: list[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    pending: list[tuple[str, str, str]] = []

    def flush() -> None:
        if pending:
            kind = pending[0][0]
            blocks.append(Block("list", items=tuple(p[2] for p in pending), ordered=kind != "bullet",
                                start=_list_start(pending[0]), lettered=kind == "letter"))
            pending.clear()

    for text in texts:
        item = _list_item(text)
        if item and (not pending or _follows(pending[-1], item)):
            pending.append(item)
            continue
        flush()
        if item:
            pending.append(item)
        else:
            blocks.append(Block("paragraph", text=text))
    flush()
    return tuple(blocks)


def anchor_for(number: str | None, title: str, used: set[str]) -> str:
    """A stable, unique id for a section heading.

    >>> anchor_for("1", "Introduction", set()), anchor_for(None, "Conclusion", set())
    ('sec-1', 'conclusion')
    """
    base = f"sec-{number.replace('.', '-')}" if number else (
        re.sub(r"[^a-z0-9]+", "-", _MARKER.sub("", title).lower()).strip("-")[:40] or "section")
    anchor, n = base, 2
    while anchor in used or anchor in {"references", "footnotes", "abstract", "cite", "repairs"}:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def extract_footnotes(draft: Draft) -> Draft:
    """Footnote texts (``^{1} text``) become footnotes, with a marker in the body.

    When the body has no ``^{label}`` marker for a footnote, the marker goes at
    the end of the paragraph before the footnote text (the nearest place the
    reader was) and the record says so.
    """
    paras = list(draft.paragraphs)
    footnotes: list[Footnote] = []
    used: set[int] = set()
    warnings: list[str] = []
    for index, para in enumerate(paras):
        match = FOOTNOTE_TEXT.match(para.text)
        if not match:
            continue
        raw_label = match.group(1).strip()
        label = raw_label if raw_label.isdigit() else str(len(footnotes) + 1)
        footnotes.append(Footnote(label, match.group(2).strip()))
        used.add(index)
        marker = f"^{{{raw_label}}}"
        body_index = next((i for i, p in enumerate(paras) if i != index and marker in p.text), None)
        if body_index is not None:
            paras[body_index] = _with_text(paras[body_index], paras[body_index].text.replace(marker, FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE, 1))
            continue
        previous = next((i for i in range(index - 1, -1, -1) if i not in used), None)
        if previous is not None:
            paras[previous] = _with_text(paras[previous], paras[previous].text + FOOTNOTE_OPEN + label + FOOTNOTE_CLOSE)
            warnings.append(f"footnote {label}: its marker was lost; placed after the paragraph before it")
    if not footnotes:
        return draft
    draft = replace(draft, paragraphs=tuple(paras)).consume(used)
    return draft.with_paper(footnotes=tuple(footnotes)).note(*warnings)


def _with_text(para: Paragraph, text: str) -> Paragraph:
    return replace(para, text=text)


def extract_sections(draft: Draft) -> Draft:
    """Group the remaining paragraphs under their headings, in reading order."""
    sections: list[Section] = []
    used_anchors: set[str] = set()
    title: str | None = None
    number: str | None = None
    level = 1
    texts: list[str] = []
    notes: list[str] = []

    def close() -> None:
        if title is None and not texts:
            return
        heading_title = title if title is not None else ""
        sections.append(Section(number, heading_title, level, _blocks(texts),
                                anchor_for(number, heading_title or "text", used_anchors)))

    for para in draft.paragraphs:
        heading = heading_of(para.text)
        if heading:
            close()
            title, number, level, texts = heading.title, heading.number, heading.level, []
            if heading.lookalike:
                notes.append(f"section {heading.number}: heading number read from the look-alike "
                             f"glyph {heading.lookalike!r}; its title is illegible")
            continue
        texts.append(para.text)
    close()
    missing = draft.paper.missing
    if not any(s.title for s in sections):
        missing += ("headings",)
    if not sections:
        missing += ("body",)
    return replace(draft, paragraphs=()).with_paper(sections=tuple(sections), missing=missing).note(*notes)
