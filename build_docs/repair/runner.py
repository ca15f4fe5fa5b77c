"""Apply repair passes to paragraphs and record every change they make.

A pass is a pure function ``(text, context) -> text``. The runner, not the
pass, keeps the books (as in ftfy's ``fix_and_explain``): when a pass changes
a paragraph, the difference is split into minimal word-level edits, each
recorded as a :class:`~build_docs.model.Change` with the rule's name and the
paragraph's source line. Passes are registered by name, so a recorded plan can
be replayed with :func:`apply_plan`.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..model import FOOTNOTE_CLOSE, FOOTNOTE_OPEN, ILLEGIBLE_CLOSE, ILLEGIBLE_OPEN, Change

TOKEN = re.compile(r"\S+|\s+")

#: Inline markers (illegible runs, footnote references) that passes must not touch.
MARKER = re.compile(
    f"{ILLEGIBLE_OPEN}[^{ILLEGIBLE_CLOSE}]*{ILLEGIBLE_CLOSE}"
    f"|{FOOTNOTE_OPEN}[^{FOOTNOTE_CLOSE}]*{FOOTNOTE_CLOSE}"
)


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[start:end]``.

    Fast paths find a suspicious spot with one regular expression over the
    paragraph, then look at its token only.

    >>> text = "see http://a.org/x now"
    >>> start, end = token_bounds(text, 10, 12)
    >>> text[start:end], previous_token(text, start)
    ('http://a.org/x', 'see')
    """
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def previous_token(text: str, start: int) -> str:
    """The whitespace-delimited token before the one starting at ``start``."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text[token_bounds(text, end, end)[0]:end] if end else ""


def outside_markers(text: str, function: Callable[[str], str]) -> str:
    """Apply ``function`` to the stretches of ``text`` between inline markers.

    >>> outside_markers("ab\ue000ab\ue001ab", str.upper)
    'AB\ue000ab\ue001AB'
    """
    if ILLEGIBLE_OPEN not in text and FOOTNOTE_OPEN not in text:
        return function(text)
    pieces: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        pieces.append(function(text[position:match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append(function(text[position:]))
    return "".join(pieces)


@dataclass(frozen=True)
class RepairContext:
    """What a pass may know about the whole paper, measured per file.

    ``vocabulary`` counts the paper's own words (lower-cased, hyphenated
    compounds kept whole); ``reference_years`` maps a normalised surname to
    the years its references give (``"hajiyousefi" -> ("2002/1381", ...)``).
    """

    vocabulary: Mapping[str, int] = field(default_factory=dict)
    reference_years: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


EMPTY_CONTEXT = RepairContext()

PassFunction = Callable[[str, RepairContext], str]


@dataclass(frozen=True)
class RepairPass:
    name: str
    function: PassFunction
    #: Passes that only make sense on body text (not on reference entries).
    body_only: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A unit of reading text with where it came from in the source."""

    text: str
    line: int
    page: int = 1
    #: "body", "reference" (an entry of the reference list) or "front".
    role: str = "body"

    @property
    def location(self) -> str:
        return f"line {self.line}"


def word_edits(before: str, after: str) -> list[tuple[str, str]]:
    """Minimal word-level edits that turn ``before`` into ``after``.

    Words and the whitespace between them are tokens; the tokens the two
    texts share at either end are left out and the rest aligned with
    difflib.

    >>> word_edits("the cat sat", "the dog sat")
    [('cat', 'dog')]
    >>> word_edits("a  b", "a b")
    [('  ', ' ')]
    """
    # Passes change a few words of a long paragraph: tokenise only the middle.
    # The shared ends are found on characters (compared in C), then widened
    # to the token boundaries both texts share.
    backwards = before[::-1]
    start = _token_start(before, backwards, _common_prefix(before, after))
    limit = min(len(before), len(after)) - start
    end = _token_end_from_right(before, min(_common_prefix(backwards, after[::-1]), limit))
    a = TOKEN.findall(before, start, len(before) - end)
    b = TOKEN.findall(after, start, len(after) - end)
    if (start or end) and (a[:len(b)] == b or b[:len(a)] == a):
        # One middle begins the other: the shared tokens could run on into
        # the cut ends, so align the whole texts.
        a, b = TOKEN.findall(before), TOKEN.findall(after)
    return aligned_edits(a, b)


def aligned_edits(a: list[str], b: list[str]) -> list[tuple[str, str]]:
    """The edits between two token lists: shared ends dropped, the rest aligned.

    >>> aligned_edits(["the", " ", "cat"], ["the", " ", "dog"])
    [('cat', 'dog')]
    """
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(a) * len(b) > 4_000_000:
        # Too large to align word by word: one change for the whole region.
        return [("".join(a).strip() or "".join(a), "".join(b).strip() or "".join(b))]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(("".join(a[i1:i2]).strip() or "".join(a[i1:i2]),
                          "".join(b[j1:j2]).strip() or "".join(b[j1:j2])))
    return edits


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix (binary search on slices, in C).

    >>> _common_prefix("policy", "police"), _common_prefix("", "x"), _common_prefix("ab", "ab")
    (5, 0, 2)
    """
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _token_start(text: str, backwards: str, shared: int) -> int:
    """The last token boundary that ``shared`` leading characters fix: the
    start of the run (spaces or not) holding character ``shared - 1``, found
    by matching that run in ``backwards`` (``text[::-1]``), in C.

    >>> _token_start("one two", "owt eno", 6), _token_start("one two", "owt eno", 4), _token_start("ab", "ba", 0)
    (4, 3, 0)
    """
    if shared == 0:
        return 0
    run = TOKEN.match(backwards, len(text) - shared)
    assert run is not None  # a character is a run of one at least
    return shared - len(run.group())


def _token_end_from_right(text: str, shared: int) -> int:
    """Like :func:`_token_start`, counted from the end of ``text``.

    >>> _token_end_from_right("one two", 2), _token_end_from_right("one two", 4), _token_end_from_right("ab", 0)
    (0, 3, 0)
    """
    if shared == 0:
        return 0
    run = TOKEN.match(text, len(text) - shared)  # the run holding the first shared character
    assert run is not None
    return len(text) - run.end()


_VOCABULARY_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def build_context(paragraphs: Iterable[Paragraph], reference_years: Mapping[str, tuple[str, ...]] | None = None) -> RepairContext:
    """Measure the paper's own vocabulary (hyphenated forms kept)."""
    text = "\n".join(para.text for para in paragraphs)
    counts = Counter(map(str.lower, _VOCABULARY_WORD.findall(text)))
    return RepairContext(vocabulary=dict(counts), reference_years=dict(reference_years or {}))


def run_passes(
    paragraphs: Sequence[Paragraph],
    passes: Sequence[RepairPass],
    context: RepairContext = EMPTY_CONTEXT,
) -> tuple[list[Paragraph], list[Change]]:
    """Apply ``passes`` in order to every paragraph; return text and changes."""
    current = list(paragraphs)
    changes: list[Change] = []
    for repair in passes:
        for index, para in enumerate(current):
            if repair.body_only and para.role != "body":
                continue
            fixed = repair.function(para.text, context)
            if fixed == para.text:
                continue
            for before, after in word_edits(para.text, fixed):
                changes.append(Change(repair.name, before, after, para.location))
            current[index] = replace(para, text=fixed)
    return current, changes


def apply_plan(
    paragraphs: Sequence[Paragraph],
    rule_names: Iterable[str],
    registry: Mapping[str, RepairPass],
    context: RepairContext = EMPTY_CONTEXT,
) -> list[Paragraph]:
    """Replay the rules of a recorded plan, by name, in the order given."""
    ordered = [registry[name] for name in dict.fromkeys(rule_names)]
    fixed, _ = run_passes(paragraphs, ordered, context)
    return fixed
