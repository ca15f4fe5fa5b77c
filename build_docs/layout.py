"""Lines to paragraphs, with the file's own layout conventions measured first.

Extraction tools write papers in several layouts, and one archive mixes them:

* one paragraph per line (long lines separated by blank lines);
* hard-wrapped lines, each followed by a blank line, with a line holding only
  white space as the paragraph break;
* hard-wrapped lines separated by blank lines between paragraphs.

A page break shows as a line that starts with a space (the first line of a new
page), a form feed, or a running header with its page number. We measure the
conventions (:func:`measure`), reflow lines into paragraphs, pull running
headers, page numbers and watermark lines out of the reading text (recording
each removal and keeping what they tell us in :class:`LayoutHints`), and join
paragraphs that a page break cut.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .model import Change
from .repair.runner import Paragraph
from .structure.draft import LayoutHints

_TERMINAL = tuple('.!?:;"”’)»')
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?(\d{1,4})\s*$", re.I)
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_LIST_START = re.compile(r"^\s*(?:[•●▪◦]\s*|[-–]\s+|[a-z]\)\s+|\d{1,2}\s*[-–]\s+\S)")
_IDENTIFIER_START = re.compile(r"^\(?\d{4,}-|^\(?https?:|^\S+@\S+$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class Conventions:
    """Layout statistics of one file (kept in the record for auditing)."""

    wrapped: bool
    double_spaced: bool
    median_line_length: float
    page_break_indent: bool

    def describe(self) -> str:
        kind = "hard-wrapped lines" if self.wrapped else "one paragraph per line"
        if self.double_spaced and self.wrapped:
            kind += ", blank line after every line, white-space line between paragraphs"
        if self.page_break_indent:
            kind += ", page breaks shown by a leading space"
        return kind


@dataclass(frozen=True)
class LayoutResult:
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Change, ...]
    hints: LayoutHints
    conventions: Conventions
    notes: tuple[str, ...] = field(default=())


def measure(lines: list[str]) -> Conventions:
    """Measure a file's layout conventions from its lines.

    >>> measure(["A long line of prose that goes on. " * 8, "", "Another. " * 40]).wrapped
    False
    >>> c = measure(["Regional security is a function of", "", "stability and balance of power when", "", " ", ""] * 5)
    >>> c.wrapped, c.double_spaced
    (True, True)
    """
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return Conventions(False, False, 0.0, False)
    lengths = [len(lines[i].strip()) for i in content]
    median = statistics.median(lengths)
    unfinished = sum(not lines[i].rstrip().endswith(_TERMINAL) for i in content) / len(content)
    wrapped = median < 110 and unfinished > 0.4
    followed_by_empty = sum(i + 1 < len(lines) and lines[i + 1] == "" for i in content) / len(content)
    whitespace_lines = sum(1 for line in lines if line and not line.strip())
    double_spaced = followed_by_empty > 0.6 and whitespace_lines > 0
    indented = sum(line[:1] in (" ", "\t") for line in (lines[i] for i in content))
    page_break_indent = wrapped and 0 < indented < 0.2 * len(content)
    return Conventions(wrapped, double_spaced, float(median), page_break_indent)


@dataclass
class _Para:
    lines: list[str]
    first_line: int
    page: int

    @cached_property
    def text(self) -> str:
        # Read only once the lines are complete (after _split_paragraphs).
        return _reflow(self.lines)


def _reflow(lines: list[str]) -> str:
    """Join wrapped lines; a line-end hyphen stays as ``-\\n`` for the repair pass.

    >>> _reflow(["non-", "violence and the", "regional-", "International sphere"])
    'non-\\nviolence and the regional-\\nInternational sphere'
    """
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].isalpha():
            out += "\n" + line
        else:
            out += " " + line
    return out


def _ends_paragraph(line: str, conv: Conventions) -> bool:
    """A wrapped line that ends a sentence well short of the measured line
    length is a paragraph's last line.

    >>> conv = Conventions(True, True, 68.0, True)
    >>> _ends_paragraph("foundations of the strategic behavior of Iran. ", conv)
    True
    >>> _ends_paragraph("will make susceptible conditions necessary for regional balance.", conv)
    False
    >>> _ends_paragraph("For emerging countries, this ", conv)
    False
    """
    text = line.strip()
    return text.endswith(_TERMINAL) and len(text) < 0.8 * conv.median_line_length


def _split_paragraphs(lines: list[str], conv: Conventions) -> tuple[list[_Para], int]:
    paras: list[_Para] = []
    current: _Para | None = None
    page = 1

    def close() -> None:
        nonlocal current
        if current is not None and any(line.strip() for line in current.lines):
            paras.append(current)
        current = None

    seen_content = False
    empty_run = 0
    for number, line in enumerate(lines, start=1):
        if "\f" in line:
            page += 1
            close()
            continue
        if not line.strip():
            # In a double-spaced file one empty line is just line spacing; the
            # paragraph break is a line holding only white space, or a wider gap.
            empty_run = empty_run + 1 if line == "" else 0
            if not conv.wrapped or not conv.double_spaced or line != "" or empty_run > 1:
                close()
            continue
        empty_run = 0
        if conv.wrapped and _PAGE_NUMBER.match(line):
            # A lone number line in wrapped text is page furniture: its own unit.
            close()
            paras.append(_Para([line], number, page))
            continue
        if conv.page_break_indent and line[:1] in (" ", "\t") and seen_content:
            page += 1
            if current is not None and _ends_paragraph(current.lines[-1], conv):
                close()  # the page break fell between two paragraphs
        seen_content = True
        if conv.wrapped and current is not None and _LIST_START.match(line):
            close()
        if current is None:
            current = _Para([], number, page)
        current.lines.append(line)
        if not conv.wrapped:
            close()
    close()
    return paras, page


_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff\ufb50-\ufeff]")


def _script_share(text: str) -> float:
    """Share of letters in Arabic script.

    >>> _script_share("abc دفع"), _script_share("12")
    (0.5, 0.0)
    """
    if text.isascii() or not _ARABIC_LETTER.search(text):  # isascii: a flag, no scan
        return 0.0
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0.0
    arabic = sum(1 for c in _ARABIC_LETTER.findall(text) if c.isalpha())
    return arabic / letters


def _title_like(text: str) -> bool:
    words = _WORD.findall(text)
    if not words or len(words) > 25:
        return False
    capitals = sum(w[0].isupper() for w in words if len(w) > 3)
    long_words = sum(len(w) > 3 for w in words)
    return long_words > 0 and capitals / long_words >= 0.6


def blank_line_blocks(text: str) -> list[Paragraph]:
    r"""Blank-line separated blocks as paragraphs, lines kept, nothing repaired.

    The raw view of a file, for tools and tests that study one stage alone.

    >>> [(p.text, p.line) for p in blank_line_blocks("a\nb\n\n\nc")]
    [('a\nb', 1), ('c', 5)]
    """
    out: list[Paragraph] = []
    buffer: list[str] = []
    start = 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not buffer:
                start = number
            buffer.append(line)
        elif buffer:
            out.append(Paragraph("\n".join(buffer), start))
            buffer = []
    if buffer:
        out.append(Paragraph("\n".join(buffer), start))
    return out


def parse_running_header(text: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a running header into its shortened title and author names.

    >>> parse_running_header("The Mechanisms of Organizing Peace and Balance … Zohreh Poustinchi")
    ('The Mechanisms of Organizing Peace and Balance …', ('Zohreh Poustinchi',))
    >>> parse_running_header("An ordinary sentence, with a comma.") is None
    True
    """
    if "…" not in text and "..." not in text:
        return None  # most paragraphs: no need to split them
    parts = _ELLIPSIS.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0] or not _title_like(text):
        return None
    title, names = parts
    authors = tuple(n.strip() for n in re.split(r"\s*(?:,|;|&|\band\b)\s*", names) if n.strip())
    if not authors or any(len(a.split()) > 5 for a in authors):
        return None
    return title.strip() + " …", authors


def analyse(text: str) -> LayoutResult:
    """Reflow ``text`` into paragraphs and hold back page furniture."""
    lines = text.split("\n")
    conv = measure(lines)
    raw, page_count = _split_paragraphs(lines, conv)
    removed: list[Change] = []
    page_numbers: list[tuple[int, int]] = []
    header_title: str | None = None
    header_authors: tuple[str, ...] = ()
    latin = sum(_script_share(p.text) < 0.5 for p in raw)
    repeated = Counter(re.sub(r"\d+", "#", p.text) for p in raw if len(p.text) < 120)

    def remove(rule: str, para: _Para) -> None:
        removed.append(Change(rule, para.text, "", f"line {para.first_line}"))

    kinds: list[str] = []
    for index, para in enumerate(raw):
        stripped = para.text.strip()
        number = _PAGE_NUMBER.match(stripped)
        neighbours = raw[max(0, index - 2): index] + raw[index + 1: index + 3]
        header = parse_running_header(stripped)
        shape = re.sub(r"\d+", "#", stripped)
        if number and (conv.wrapped or len(raw) > 3) and index > 0:
            kind = "remove_page_number"
        elif header and (repeated[shape] > 1 or any(_PAGE_NUMBER.match(n.text) for n in neighbours)):
            header_title, header_authors = header_title or header[0], header_authors or header[1]
            kind = "remove_running_header"
        elif repeated[shape] >= 3 and len(_WORD.findall(stripped)) <= 15 and index > 0:
            kind = "remove_running_header"
        elif latin > len(raw) / 2 and _script_share(stripped) > 0.5:
            kind = "remove_watermark"
        else:
            kind = "keep"
        kinds.append(kind)

    # Page furniture marks a page break even where no indented line showed one.
    kept: list[_Para] = []
    offset = 0
    run: list[_Para] = []
    for para, kind in zip(raw, kinds, strict=True):
        if kind in ("remove_page_number", "remove_running_header"):
            remove(kind, para)
            run.append(para)
            continue
        if kind == "remove_watermark":
            remove(kind, para)
            continue
        if run:
            if para.page == run[0].page and kept:
                offset += 1
                page_count += 1
            for item in run:
                number = _PAGE_NUMBER.match(item.text.strip())
                if number:
                    page_numbers.append((para.page + offset, int(number.group(1))))
            run = []
        para.page += offset
        kept.append(para)

    paragraphs = [Paragraph(p.text, p.first_line, p.page) for p in kept]
    paragraphs, fixes = _join_page_cuts(paragraphs)
    removed.extend(fixes)
    hints = LayoutHints(
        header_title=header_title,
        header_authors=header_authors,
        page_numbers=tuple(page_numbers),
        page_count=page_count,
    )
    return LayoutResult(tuple(paragraphs), tuple(removed), hints, conv)


def repeated_fragment(first: str, second: str, min_words: int = 4) -> str | None:
    """The words ending ``first`` that repeat the start of ``second``, if any.

    A page edge sometimes repeats a line: the paragraph ends with the words
    the next paragraph starts with.

    >>> repeated_fragment("war. Theorists such as Walt have sought", "Theorists such as Walt have sought to adapt")
    'Theorists such as Walt have sought'
    >>> repeated_fragment("It ends here.", "It ends here. And more") is None
    True
    """
    # Only the last 41 words of ``first`` and the first 40 of ``second`` can
    # be compared (the rest stays one unsplit item): long paragraphs are not
    # split whole.
    a, b = first.rsplit(maxsplit=41), second.split(maxsplit=40)
    for size in range(min(len(a) - 1, len(b), 40), min_words - 1, -1):
        if a[-size:] == b[:size]:
            return " ".join(a[-size:])
    return None


def continues(first: str, second: str) -> bool:
    """Whether ``second`` continues a paragraph that a page break cut.

    >>> continues("the achievement", "of its resistance group allies.")
    True
    >>> continues("It ends.", "of course")
    False
    >>> continues("Introduction", "The paper")
    False
    >>> continues("among countries (Bagus, 1385", "SH/2007: 29). Next sentence.")
    True
    """
    if not first or not second or first.rstrip().endswith(_TERMINAL):
        return False
    head = second.lstrip()
    if _IDENTIFIER_START.match(head):
        return False
    # Inside an open parenthesis: "(Bagus, 1385" | "SH/2007: 29)."
    inside_parenthesis = first.count("(") > first.count(")") and ")" in head.split(". ")[0]
    return head[:1].islower() or head[:1] == "(" or inside_parenthesis


def _join_page_cuts(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Change]]:
    out: list[Paragraph] = []
    changes: list[Change] = []
    for para in paragraphs:
        if out:
            previous = out[-1]
            fragment = repeated_fragment(previous.text, para.text)
            if fragment:
                trimmed = previous.text[: len(previous.text) - len(fragment)].rstrip()
                changes.append(Change("remove_repeated_fragment", fragment, "", previous.location))
                out[-1] = previous = Paragraph(trimmed, previous.line, previous.page, previous.role)
            if continues(previous.text, para.text):
                changes.append(Change("join_page_cut", previous.text[-30:] + " | " + para.text[:30],
                                      previous.text[-30:] + " " + para.text[:30], para.location))
                out[-1] = Paragraph(previous.text + " " + para.text.lstrip(), previous.line, previous.page, previous.role)
                continue
        out.append(para)
    return out, changes
