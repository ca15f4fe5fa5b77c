"""Measure the repair engine per damage class on synthetic damaged papers.

A clean paper (``tests/data/clean_paper.txt``, zero repairs on its own) is
damaged one class at a time at known sites, built through
``pipeline.process``, and its reading text (title, authors, abstract,
keywords, headings, blocks, references; markers as plain text) is aligned
token by token with the clean paper's, where each site expects the clean
tokens back (an illegible glyph run expects ``[illegible]``).

Per class:

* ``exact``: sites whose expected tokens come back exactly, nothing inserted;
* ``missed``: the damage is still there verbatim; ``wrong``: changed, but not
  to the expected tokens;
* ``collateral``: clean tokens outside every site that came out changed
  (and tokens inserted away from the sites): what the repair broke;
* precision = exact / (exact + wrong + collateral edits);
  recall = exact / sites.

Usage: ``python scripts/repair_accuracy.py [--runs N] [--json]``.
The damage functions are importable (``tests/test_conservation.py`` uses them).
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_docs.model import ILLEGIBLE_PLAIN, Paper, plain_text
from build_docs.pipeline import process

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "tests" / "data" / "clean_paper.txt"


# -- reading text of a paper ------------------------------------------------------


def reading_segments(paper: Paper) -> list[str]:
    """The paper's text fields in reading order, markers made plain."""
    out = [paper.title or ""]
    for author in paper.authors:
        out += [author.name, author.affiliation or "", author.email or "", author.orcid or ""]
    out += list(paper.abstract)
    out += list(paper.keywords)
    for section in paper.sections:
        out.append(f"{section.number or ''} {section.title}")
        for block in section.blocks:
            out += list(block.texts())
    out += [r.raw for r in paper.references]
    return [plain_text(t) for t in out]


def reading_tokens(paper: Paper) -> list[str]:
    return [token for segment in reading_segments(paper) for token in segment.split()]


# -- damage --------------------------------------------------------------------------


@dataclass
class Site:
    """One injected damage: the clean tokens it hit and what should come back."""

    start: int  # index of the first hit token in the clean reading tokens
    end: int  # one past the last
    expected: list[str]
    damaged: str  # the damaged form as written into the source


@dataclass
class Damaged:
    kind: str
    source: str
    sites: list[Site] = field(default_factory=list)


class _Source:
    """The clean source, with its reading-text paragraphs located in the clean tokens."""

    def __init__(self, text: str, strict: bool = True):
        self.text = text
        self.paper = process("clean_paper.txt", text.encode())
        if strict and self.paper.repairs:
            raise SystemExit(f"the clean paper is not clean: {self.paper.repairs[:3]}")
        self.tokens = reading_tokens(self.paper)
        self.lines = text.split("\n")
        # Each line of the source that is a whole reading segment, with the
        # index of its first token in the clean reading tokens.
        self.offsets: dict[int, int] = {}
        position = 0
        segments = reading_segments(self.paper)
        starts = []
        for segment in segments:
            starts.append(position)
            position += len(segment.split())
        for number, line in enumerate(self.lines):
            for segment, start in zip(segments, starts, strict=True):
                if line.strip() and line.strip() == segment:
                    self.offsets.setdefault(number, start)
                    break

    def body_lines(self) -> list[int]:
        """Source lines that are body paragraphs (long prose), in order."""
        refs = self.lines.index("References")
        return [n for n in self.offsets if len(self.lines[n].split()) > 25 and n < refs]


def _words(line: str) -> list[str]:
    return line.split(" ")


def _replace_token(source: _Source, lines: list[str], number: int, index: int, new: str,
                   expected: list[str] | None = None, span: int = 1) -> Site:
    words = _words(lines[number])
    start = source.offsets[number] + index
    old = words[index:index + span]
    words[index:index + span] = [new]
    lines[number] = " ".join(words)
    return Site(start, start + span, expected if expected is not None else old, new)


def _pick(rng: random.Random, items: list, k: int) -> list:
    return rng.sample(items, min(k, len(items)))


_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def damage_persian_digits(source: _Source, rng: random.Random) -> Damaged:
    """ASCII digits printed as Persian digits (years, volumes, pages)."""
    lines = list(source.lines)
    candidates = [(n, i) for n in source.offsets for i, w in enumerate(_words(lines[n])) if re.search(r"\d", w)]
    sites = []
    for n, i in _pick(rng, candidates, 8):
        word = _words(lines[n])[i]
        sites.append(_replace_token(source, lines, n, i, word.translate(_PERSIAN)))
    return Damaged("persian_digits", "\n".join(lines), sites)


#: How the converter printed each Persian digit: certain glyphs first.
_LOOKALIKE = {
    "0": [r"\cdot"], "1": ["1"], "2": [r"\Upsilon"], "3": [r"\Psi"], "4": ["F"],
    "5": [r"\Delta", r"\circ"], "7": [r"\vee"], "8": [r"\Lambda", r"\lambda"], "9": [r"\Im"],
}


def _lookalike(number: str, rng: random.Random) -> str:
    return " ".join(rng.choice(_LOOKALIKE[d]) for d in number)


def damage_latex_years(source: _Source, rng: random.Random) -> Damaged:
    """Citation years as LaTeX look-alikes (``(Smith, $\\Upsilon \\cdot 1\\Delta$)``)."""
    lines = list(source.lines)
    sites = []
    for n in source.body_lines():
        words = _words(lines[n])
        # From the line's end, so that a replacement with spaces shifts nothing still to do.
        for i in reversed(range(1, len(words))):
            match = re.fullmatch(r"(\d{4})(\)[.,;]?)", words[i])
            if match and words[i - 1].endswith(","):
                new = f"${_lookalike(match.group(1), rng)}${match.group(2)}"
                sites.append(_replace_token(source, lines, n, i, new))
    return Damaged("latex_years", "\n".join(lines), sites)


def damage_glyph_runs(source: _Source, rng: random.Random) -> Damaged:
    """A word or two that failed to decode (``DDDD DDD``, ``000000000``)."""
    lines = list(source.lines)
    sites = []
    for n in _pick(rng, source.body_lines(), 5):
        words = _words(lines[n])
        i = rng.randrange(1, len(words) - 3)
        span = rng.choice([1, 2])
        if not all(w.isalpha() for w in words[i:i + span]):
            continue
        run = " ".join(rng.choice(["DDDD", "DDDDDD", "0000000", "ODODOD"]) for _ in range(span))
        sites.append(_replace_token(source, lines, n, i, run, [ILLEGIBLE_PLAIN], span))
    return Damaged("glyph_runs", "\n".join(lines), sites)


def _wrap_lines(lines: list[str], width: int, hyphenate: Callable[[str], str] | None = None) -> list[str]:
    """Hard-wrap every paragraph; a blank line after each line, a white-space line between paragraphs."""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        wrapped = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        for piece in wrapped:
            out += [piece + " ", ""]
        out += [" ", ""]
    return out


def damage_hard_wraps(source: _Source, rng: random.Random) -> Damaged:
    """Hard-wrapped lines with blank-line spacing; each break is a site."""
    width = rng.choice([60, 68, 75])
    sites = []
    out: list[str] = []
    for number, line in enumerate(source.lines):
        if not line.strip():
            continue
        pieces = textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
        if number in source.offsets and len(pieces) > 1 and number in source.body_lines():
            seen = 0
            for piece in pieces[:-1]:
                seen += len(piece.split())
                start = source.offsets[number] + seen - 1
                sites.append(Site(start, start + 2, source.tokens[start:start + 2], "\\n"))
        for piece in pieces:
            out += [piece + " ", ""]
        out += [" ", ""]
    return Damaged("hard_wraps", "\n".join(out), sites)


def _split_points(source: _Source, lines: list[str], rng: random.Random, k: int) -> list[tuple[int, int]]:
    """Body lines and word indexes where a page may break mid-sentence (next word lower-case)."""
    points = []
    for n in _pick(rng, source.body_lines(), k):
        words = _words(lines[n])
        options = [i for i in range(3, len(words) - 3)
                   if words[i][:1].islower() and words[i].isalpha() and not words[i - 1].endswith((".", ":", ";"))]
        if options:
            points.append((n, rng.choice(options)))
    return sorted(points, reverse=True)


def _insert_break(source: _Source, lines: list[str], n: int, i: int, furniture: list[str]) -> Site:
    words = _words(lines[n])
    start = source.offsets[n] + i - 1
    lines[n: n + 1] = [" ".join(words[:i]), "", *furniture, " ".join(words[i:])]
    return Site(start, start + 2, source.tokens[start:start + 2], " | ".join(furniture))


def damage_page_breaks(source: _Source, rng: random.Random) -> Damaged:
    """A page break mid-sentence: page number and running header between the halves."""
    lines = list(source.lines)
    header = "Water Scarcity and Regional Cooperation … Maryam Karimi, Daniel Foster"
    sites = []
    for page, (n, i) in enumerate(_split_points(source, lines, rng, 4), start=102):
        sites.append(_insert_break(source, lines, n, i, [str(page), "", header, ""]))
    return Damaged("page_breaks", "\n".join(lines), sites)


def damage_watermark(source: _Source, rng: random.Random) -> Damaged:
    """A watermark line (Persian script) cutting a sentence."""
    lines = list(source.lines)
    mark = rng.choice(["دانلود شده از پایگاه مجلات تخصصی نور", "تمامی حقوق محفوظ است"])
    sites = [_insert_break(source, lines, n, i, [mark, ""]) for n, i in _split_points(source, lines, rng, 3)]
    return Damaged("watermark", "\n".join(lines), sites)


def damage_line_end_hyphens(source: _Source, rng: random.Random) -> Damaged:
    """Hard wraps whose line ends split a long word (``partici-``/``pation``) or a compound at its hyphen."""
    lines = list(source.lines)
    sites = []
    chosen = set(_pick(rng, source.body_lines(), 6))
    out: list[str] = []
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        words = _words(line)
        breaks: dict[int, int] = {}  # word index -> split position
        if number in chosen:
            options = [i for i, w in enumerate(words) if re.fullmatch(r"[a-z]{8,}[.,]?", w) or re.fullmatch(r"[a-z]+-[a-z]+[.,]?", w)]
            for i in _pick(rng, options, 2):
                word = words[i]
                breaks[i] = word.index("-") + 1 if "-" in word else rng.randrange(3, len(word.rstrip(".,")) - 3)
                start = source.offsets[number] + i
                sites.append(Site(start, start + 1, [word], word[:breaks[i]] + "-\\n"))
        current: list[str] = []
        for i, word in enumerate(words):
            if i in breaks:
                cut = breaks[i]
                head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
                current.append(head)
                out += [" ".join(current) + " ", ""]
                current = [word[cut:]]
            else:
                current.append(word)
                if len(" ".join(current)) > 70 and i + 1 not in breaks:
                    out += [" ".join(current) + " ", ""]
                    current = []
        if current:
            out += [" ".join(current) + " ", ""]
        out += [" ", ""]
    return Damaged("line_end_hyphens", "\n".join(out), sites)


def damage_glued_compounds(source: _Source, rng: random.Random) -> Damaged:
    """A hyphen or dash lost between two words (``longterm``, ``rivers—the`` -> ``riversthe``)."""
    lines = list(source.lines)
    sites = []
    for n in source.body_lines():
        for i, w in enumerate(_words(lines[n])):
            core = w.rstrip(".,;:")
            if re.fullmatch(r"[A-Za-z]+[-—][A-Za-z]+", core):
                sites.append(_replace_token(source, lines, n, i, re.sub("[-—]", "", w, count=1)))
    return Damaged("glued_compounds", "\n".join(lines), sites)


_MISREAD = {"gmail.com": ["gmai1.com", "gmaii.com"], "yahoo.com": ["vahoo.com"], "ac.ir": ["ac.lr", "ac.ic"],
            "ac.uk": ["ac.uh", "ac.ul"]}


def damage_identifiers(source: _Source, rng: random.Random) -> Damaged:
    """E-mail domains with a misread letter, an ORCID bracket read as ``1``, a URL broken by a space."""
    lines = list(source.lines)
    sites = []
    for n, line in enumerate(lines):
        words = _words(line)
        for i, w in enumerate(words):
            email = re.fullmatch(r"(\S+@)(\S+?)([.,]?)", w)
            if email:
                # Author lines are not reading segments: the author's email field is.
                domain = email.group(2)
                for good, bad in _MISREAD.items():
                    if domain.endswith(good):
                        start = source.tokens.index(email.group(1) + domain)
                        words[i] = email.group(1) + domain[: -len(good)] + rng.choice(bad) + email.group(3)
                        lines[n] = " ".join(words)
                        sites.append(Site(start, start + 1, [email.group(1) + domain], words[i]))
                        break
            if re.fullmatch(r"\(\d{4}-\d{4}-\d{4}-\d{3}[\dX]\)", w):
                # The ORCID line is not a reading segment: the author's orcid field is.
                orcid = w.strip("()")
                start = source.tokens.index(orcid)
                words[i] = "1" + w[1:] if rng.random() < 0.5 else "1" + w[1:-1]
                lines[n] = " ".join(words)
                sites.append(Site(start, start + 1, [orcid], words[i]))
            if w.startswith("https://") and "/" in w[8:] and n in source.offsets:
                host, path = w[: w.index("/", 8) + 1], w[w.index("/", 8) + 1:]
                sites.append(_replace_token(source, lines, n, i, f"{host} {path}", [w]))
    return Damaged("identifiers", "\n".join(lines), sites)


def damage_emphasis(source: _Source, rng: random.Random) -> Damaged:
    """Markdown emphasis the converter left around words (``**Opportunities**``)."""
    lines = list(source.lines)
    sites = []
    for n in _pick(rng, list(source.offsets), 8):
        words = _words(lines[n])
        options = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]{4,}", w)]
        if not options:
            continue
        i = rng.choice(options)
        stars = rng.choice(["*", "**"])
        sites.append(_replace_token(source, lines, n, i, f"{stars}{words[i]}{stars}"))
    return Damaged("emphasis", "\n".join(lines), sites)


DAMAGES: dict[str, Callable[[_Source, random.Random], Damaged]] = {
    "persian_digits": damage_persian_digits,
    "latex_years": damage_latex_years,
    "glyph_runs": damage_glyph_runs,
    "hard_wraps": damage_hard_wraps,
    "page_breaks": damage_page_breaks,
    "watermark": damage_watermark,
    "line_end_hyphens": damage_line_end_hyphens,
    "glued_compounds": damage_glued_compounds,
    "identifiers": damage_identifiers,
    "emphasis": damage_emphasis,
}


def clean_source(path: Path = CLEAN) -> _Source:
    return _Source(path.read_text(encoding="utf-8"))


def all_damage(seed: int = 0, path: Path = CLEAN) -> str:
    """A paper with every damage class at once (for conservation tests, not scoring)."""
    text = path.read_text(encoding="utf-8")
    line_kinds = ("persian_digits", "latex_years", "glyph_runs", "emphasis", "identifiers",
                  "glued_compounds", "watermark", "page_breaks")
    for kind in line_kinds:
        # Later damage goes to lines the earlier damage left clean.
        text = DAMAGES[kind](_Source(text, strict=False), random.Random(f"{kind}-{seed}")).source
    return text


def damaged_papers(runs: int = 3, path: Path = CLEAN) -> list[Damaged]:
    """Every damage class applied to the clean paper, ``runs`` random variants each."""
    source = clean_source(path)
    return [DAMAGES[kind](source, random.Random(f"{kind}-{run}")) for run in range(runs) for kind in DAMAGES]


# -- scoring ------------------------------------------------------------------------


@dataclass
class Score:
    sites: int = 0
    exact: int = 0
    missed: int = 0
    wrong: int = 0
    collateral: int = 0
    clean_tokens: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        made = self.exact + self.wrong + self.collateral
        return self.exact / made if made else 1.0

    @property
    def recall(self) -> float:
        return self.exact / self.sites if self.sites else 1.0


def score(source: _Source, damaged: Damaged) -> tuple[Score, Paper]:
    paper = process(f"{damaged.kind}.txt", damaged.source.encode())
    expected = list(source.tokens)
    # Build the expected sequence: each site's tokens replaced by what should come back.
    sites = sorted(damaged.sites, key=lambda s: s.start)
    rebuilt: list[str] = []
    spans: list[tuple[int, int]] = []
    kept: list[Site] = []
    position = 0
    for site in sites:
        if site.start < position:
            continue  # overlapping sites: keep the first
        kept.append(site)
        rebuilt += expected[position:site.start]
        spans.append((len(rebuilt), len(rebuilt) + len(site.expected)))
        rebuilt += site.expected
        position = site.end
    rebuilt += expected[position:]
    owner = [-1] * len(rebuilt)
    for number, (a, b) in enumerate(spans):
        for k in range(a, b):
            owner[k] = number
    got = reading_tokens(paper)
    text = " ".join(got)
    bad = [False] * len(spans)
    result = Score(sites=len(spans), clean_tokens=sum(1 for o in owner if o == -1))
    matcher = difflib.SequenceMatcher(None, rebuilt, got, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        touched = {owner[k] for k in range(i1, i2)} if i2 > i1 else set()
        if tag == "insert":
            # An insert strictly inside a site, or right at its edge, spoils it.
            for number, (a, b) in enumerate(spans):
                if a <= i1 <= b:
                    touched.add(number)
        for number in touched - {-1}:
            bad[number] = True
        result.collateral += sum(1 for k in range(i1, i2) if owner[k] == -1) if i2 > i1 else (0 if touched - {-1} else 1)
    for site, spoiled in zip(kept, bad, strict=True):
        if not spoiled:
            result.exact += 1
        elif site.damaged and site.damaged.replace("\\n", "") in text:
            result.missed += 1
        else:
            result.wrong += 1
    return result, paper


def measure(runs: int = 5) -> dict[str, Score]:
    source = clean_source()
    totals: dict[str, Score] = {kind: Score() for kind in DAMAGES}
    for run in range(runs):
        for kind, damage in DAMAGES.items():
            damaged = damage(source, random.Random(f"{kind}-{run}"))
            result, _ = score(source, damaged)
            totals[kind].add(result)
    return totals


def table(totals: dict[str, Score]) -> str:
    header = f"| {'damage class':<18} | sites | exact | missed | wrong | collateral | precision | recall |"
    rule = "|" + "|".join("-" * (len(cell)) for cell in header.split("|")[1:-1]) + "|"
    rows = [header, rule]
    overall = Score()
    for kind, s in totals.items():
        overall.add(s)
        rows.append(f"| {kind:<18} | {s.sites:>5} | {s.exact:>5} | {s.missed:>6} | {s.wrong:>5} | "
                    f"{s.collateral:>10} | {s.precision:>9.1%} | {s.recall:>6.1%} |")
    s = overall
    rows.append(f"| {'all':<18} | {s.sites:>5} | {s.exact:>5} | {s.missed:>6} | {s.wrong:>5} | "
                f"{s.collateral:>10} | {s.precision:>9.1%} | {s.recall:>6.1%} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="random variants per damage class (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    totals = measure(args.runs)
    if args.json:
        print(json.dumps({k: {**vars(v), "precision": v.precision, "recall": v.recall} for k, v in totals.items()}, indent=1))
    else:
        print(table(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
