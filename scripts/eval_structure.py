"""Precision / recall / F1 per structure field, on the gold files and on synthetic variants.

Usage: python scripts/eval_structure.py [--variants N] [--seed S] [--show-misses]

The gold files (``tests/gold/NNN_<hash>.json``) were written by reading each
seed. The variants are made from the seeds by editing their text in ways whose
effect on the truth is known by construction:

* ``reorder``   — the body's sections moved into another order;
* ``renamed``   — every author renamed (names drawn from :data:`NAMES`), in the
  title block and in running headers alike;
* ``forms``     — numbered headings rewritten as ``1.``, ``1 –``, ``2 -``, ``3)``,
  ``1–``, ``1 .`` and unnumbered ones in capitals;
* ``garbled``   — letters inside heading words swapped for OCR confusions
  (``rn``/``m``, ``e``/``c``, ``l``/``I``, ``l``/``1``, ``o``/``0``, a ligature,
  a doubled or dropped letter);
* ``titleblock`` — the title wrapped over two lines and each affiliation split
  over two lines; a paper with no title block gets a synthetic one (title on
  two lines, author line, affiliation on two lines, email) in its own layout.

Counting (micro-averaged over documents): a value the extractor gives that is
not the truth is a false positive, a true value it misses is a false negative.
Sections are compared as ordered sequences (true positives = the longest common
subsequence of ``(number, title, level)``), reference counts as ``min(pred,
gold)`` true positives, citation links on each gold citation sample (a link to
the wrong entry is both a false positive and a false negative; an unlinkable
citation left unlinked counts nothing).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_docs import pipeline  # noqa: E402
from build_docs.model import Paper, plain_text  # noqa: E402

GOLD_DIR = ROOT / "tests" / "gold"

FIELDS = ("title", "authors", "affiliations", "emails", "orcids", "keywords", "abstract",
          "section titles", "reference count", "citation links")

#: GROBID's published F1 (PubMed Central / bioRxiv end-to-end evaluation) for the nearest field.
GROBID = {"title": "0.83", "abstract": "0.16", "keywords": "0.65", "section titles": "0.70",
          "reference count": "0.83*", "citation links": "0.75"}

#: Plausible author names: Persian, Arabic and English, two and three words, hyphenated.
NAMES = (
    "Maryam Hosseini", "Ali Rezaei", "Sara Karimi", "Reza Ahmadi", "Leila Moradi", "Hamid Jafari",
    "Nasrin Sadeghi", "Mehdi Rahimi", "Parisa Ghasemi", "Amir Hossein Nouri", "Fatemeh Zahra Kamali",
    "Mohammad-Reza Tavakoli", "Seyed Javad Mousavi", "Narges Bagheri", "Omid Soltani",
    "Elaheh Shariati", "Kaveh Farahani", "Yasmin Al-Hakim", "Hassan Nasrallah-Zadeh", "Laura Bennett",
    "Thomas Keller", "Ahmad Reza Yazdani", "Shirin Ebadi", "Babak Mohammadi", "Mina Ghorbani",
)

AFFILIATIONS = (
    "Associate Professor of International Relations, University of Tehran, Tehran, Iran",
    "Assistant Professor of Political Science, Ferdowsi University of Mashhad, Mashhad, Iran",
    "Ph.D Candidate in Political Science, Allameh Tabataba'i University, Tehran, Iran",
)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    truth: dict[str, Any]


# --------------------------------------------------------------------------- variants

def _load_gold() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(GOLD_DIR.glob("[0-9][0-9][0-9]_*.json"))]


def variant_reorder(gold: dict[str, Any], text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    lines = text.split("\n")
    sections = gold["sections"]
    starts = [s["line"] - 1 for s in sections]
    end = (gold["body_end_line"] - 1) if gold.get("body_end_line") else len(lines)
    bounds = starts[1:] + [end]
    chunks = [lines[a:b] for a, b in zip(starts, bounds, strict=True)]
    order = list(range(len(chunks)))
    while order == sorted(order):
        rng.shuffle(order)
    for chunk in chunks:  # every chunk must end with a paragraph break
        if chunk and chunk[-1].strip():
            chunk.append("")
    body = [line for i in order for line in chunks[i]]
    new = lines[: starts[0]] + body + lines[end:]
    truth = copy.deepcopy(gold)
    truth["sections"] = [sections[i] for i in order]
    return "\n".join(new), truth


def _replace_names(text: str, truth: dict[str, Any], rng: random.Random) -> tuple[str, dict[str, Any]]:
    pool = list(NAMES)
    rng.shuffle(pool)
    for author, new in zip(truth["authors"], pool, strict=False):
        text = text.replace(author["name"], new)
        author["name"] = new
    return text, truth


def variant_renamed(gold: dict[str, Any], text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    return _replace_names(text, copy.deepcopy(gold), rng)


_NUMBERED = re.compile(r"^(\s*)(\d{1,2})\s*(?:[.)]|[-–—])\s*")
_FORMS = ("{n}. ", "{n} – ", "{n} - ", "{n}- ", "{n}) ", "{n}.  ", "{n}–", "{n} . ")


def variant_forms(gold: dict[str, Any], text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    lines = text.split("\n")
    truth = copy.deepcopy(gold)
    for section in truth["sections"]:
        i = section["line"] - 1
        match = _NUMBERED.match(lines[i])
        if section["number"] and match:
            form = rng.choice(_FORMS).format(n=section["number"])
            lines[i] = match.group(1) + form + lines[i][match.end():]
        elif section["number"] is None and rng.random() < 0.5:
            lines[i] = lines[i].upper()
            section["title"] = section["title"].upper()
    return "\n".join(lines), truth


_GARBLES: tuple[tuple[str, str], ...] = (("m", "rn"), ("rn", "m"), ("e", "c"), ("l", "I"), ("o", "oo"),
                                         ("n", "nn"), ("i", ""), ("h", "b"), ("cl", "d"),
                                         ("l", "1"), ("o", "0"), ("i", "í"), ("fi", "ﬁ"))


def _garble_word(word: str, rng: random.Random) -> str:
    """One OCR-like confusion inside a word, never on its first letter."""
    options = [(i, a, b) for a, b in _GARBLES for i in range(1, len(word)) if word.startswith(a, i)]
    if not options:
        return word
    i, a, b = rng.choice(options)
    return word[:i] + b + word[i + len(a):]


def variant_garbled(gold: dict[str, Any], text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    lines = text.split("\n")
    truth = copy.deepcopy(gold)
    for section in truth["sections"]:
        if "[illegible]" in section["title"]:
            continue
        start = section["line"] - 1
        span = [start] + ([start + 1] if section["title"] not in lines[start] and lines[start + 1].strip() else [])
        words = section["title"].split(" ")
        picks = {j for j in range(len(words)) if len(words[j]) > 3 and rng.random() < 0.4} or {
            max(range(len(words)), key=lambda j: len(words[j]))}
        for j in sorted(picks):
            old, new = words[j], _garble_word(words[j], rng)
            if old == new:
                continue
            for i in span:
                hit = re.search(rf"(?<!\w){re.escape(old)}(?!\w)", lines[i])
                if hit:
                    lines[i] = lines[i][: hit.start()] + new + lines[i][hit.end():]
                    words[j] = new
                    break
        section["title"] = " ".join(words)
    return "\n".join(lines), truth


def _split_near_middle(text: str, at: tuple[str, ...] = (" ",)) -> tuple[str, str]:
    middle = len(text) // 2
    cuts = [m.end() for sep in at for m in re.finditer(re.escape(sep), text)]
    cut = min(cuts, key=lambda c: abs(c - middle))
    return text[:cut].rstrip(), text[cut:].lstrip()


def variant_titleblock(gold: dict[str, Any], text: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    truth = copy.deepcopy(gold)
    lines = text.split("\n")
    wrapped = sum(1 for line in lines if line.strip()) > 0.3 * len(lines) and len(lines) > 600
    if truth["title"] and not truth["title_shortened"]:
        # A title block exists: wrap the title and split each affiliation over two lines.
        for i, line in enumerate(lines):
            printed = re.sub(r"\*\*", "", line).strip()
            if printed == truth["title"]:
                first, second = _split_near_middle(line.strip())
                lines[i] = first + "\n" + second
            for author in truth["authors"]:
                affiliation = author.get("affiliation")
                if affiliation and line.startswith(affiliation):
                    first, second = _split_near_middle(affiliation, (", ",))
                    lines[i] = first + "\n" + second + line[len(affiliation):]
        return "\n".join(lines), truth
    # No title block: make one in the file's own layout, before the abstract.
    title = truth["title"].rstrip(" …") + " in the Persian Gulf Region"
    name = rng.choice(NAMES)
    affiliation = rng.choice(AFFILIATIONS)
    email = re.sub(r"[^a-z]", "", name.split()[-1].lower()) + "@example.ac.ir"
    t1, t2 = _split_near_middle(title)
    a1, a2 = _split_near_middle(affiliation, (", ",))
    if wrapped:  # double-spaced hard-wrapped: empty line after each line, " " between paragraphs
        block = [t1, "", t2, "", " ", "", name, "", " ", "", a1, "", a2 + " " + email, "", " ", ""]
    else:
        block = [t1, t2, "", name, "", a1, a2 + " " + email, ""]
    # replace the running-header author too, so that the truth has one name
    for header_name in [a["name"] for a in truth["authors"]]:
        text = text.replace(header_name, name)
    truth.update(title=title, title_shortened=False,
                 authors=[{"name": name, "affiliation": affiliation, "email": email, "orcid": None,
                           "corresponding": False}])
    return "\n".join(block) + "\n" + text, truth


VARIANTS: dict[str, Callable[[dict[str, Any], str, random.Random], tuple[str, dict[str, Any]]]] = {
    "reorder": variant_reorder,
    "renamed": variant_renamed,
    "forms": variant_forms,
    "garbled": variant_garbled,
    "titleblock": variant_titleblock,
}


def cases(variants_per_kind: int = 2, seed: int = 7) -> Iterator[tuple[str, Case]]:
    """``("gold" | "variant", Case)`` for every gold file and its variants."""
    rng = random.Random(seed)
    for gold in _load_gold():
        stem = Path(gold["seed"]).stem
        text = (ROOT / gold["seed"]).read_text(encoding="utf-8")
        yield "gold", Case(stem, text, gold)
        for kind, make in VARIANTS.items():
            for k in range(variants_per_kind):
                new_text, truth = make(gold, text, rng)
                yield "variant", Case(f"{stem[:3]}-{kind}-{k}", new_text, truth)


# --------------------------------------------------------------------------- scoring

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", " ", plain_text(text)).strip().casefold() or None


def _single(score: Score, predicted: Any, truth: Any) -> bool:
    if predicted is not None and predicted == truth:
        score.add(tp=1)
        return True
    score.add(fp=int(predicted is not None), fn=int(truth is not None))
    return False


def _multiset(score: Score, predicted: list[Any], truth: list[Any]) -> bool:
    p, t = Counter(predicted), Counter(truth)
    tp = sum((p & t).values())
    score.add(tp=tp, fp=sum(p.values()) - tp, fn=sum(t.values()) - tp)
    return p == t


def _lcs(a: list[Any], b: list[Any]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def _surname(raw: str) -> str:
    head = re.sub(r"^[-–•*]\s*", "", raw.strip())
    return re.split(r"\s*[,(]", head, maxsplit=1)[0].strip()


def score_paper(paper: Paper, truth: dict[str, Any], scores: dict[str, Score]) -> list[str]:
    """Add one paper's counts to ``scores``; return the fields it got wrong."""
    wrong: list[str] = []

    def check(field: str, ok: bool) -> None:
        if not ok:
            wrong.append(field)

    check("title", _single(scores["title"], _norm(paper.title), _norm(truth["title"])))
    names = [a.name for a in paper.authors]
    check("authors", _multiset(scores["authors"], [_norm(n) for n in names],
                               [_norm(a["name"]) for a in truth["authors"]]))
    for field, attr in (("affiliations", "affiliation"), ("emails", "email"), ("orcids", "orcid")):
        predicted = [(_norm(a.name), _norm(getattr(a, attr))) for a in paper.authors if getattr(a, attr)]
        wanted = [(_norm(a["name"]), _norm(a[attr])) for a in truth["authors"] if a[attr]]
        check(field, _multiset(scores[field], predicted, wanted))
    check("keywords", _multiset(scores["keywords"], [_norm(k) for k in paper.keywords],
                                [_norm(k) for k in truth["keywords"]]))
    abstract = truth.get("abstract")
    text = " ".join(re.sub(r"\s+", " ", plain_text(p)).strip() for p in paper.abstract)
    good = bool(abstract) and text.startswith(abstract["first_words"]) and text.endswith(
        abstract["last_words"]) and len(paper.abstract) == abstract["paragraphs"]
    check("abstract", _single(scores["abstract"], "ok" if good else ("wrong" if text else None),
                              "ok" if abstract else None))
    predicted_sections = [(s.number, _norm(s.title), s.level) for s in paper.sections if s.title]
    wanted_sections = [(s["number"], _norm(s["title"]), s["level"]) for s in truth["sections"]]
    common = _lcs(predicted_sections, wanted_sections)
    scores["section titles"].add(tp=common, fp=len(predicted_sections) - common, fn=len(wanted_sections) - common)
    check("section titles", predicted_sections == wanted_sections)
    n, m = len(paper.references), truth["references"]
    scores["reference count"].add(tp=min(n, m), fp=n - min(n, m), fn=m - min(n, m))
    check("reference count", n == m)
    links_ok = True
    for sample in truth["citations"]:
        want = (sample["surname"], sample["year"]) if sample["surname"] else None
        found = next((c for c in paper.citations if sample["contains"] in plain_text(c.text)), None)
        got = None
        if found is not None and found.reference is not None:
            ref = paper.references[found.reference]
            got = (_surname(ref.raw), ref.year)
        if got == want:
            scores["citation links"].add(tp=int(want is not None))
        else:
            links_ok = False
            scores["citation links"].add(fp=int(got is not None), fn=int(want is not None))
    check("citation links", links_ok)
    return wrong


def _fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:.2f}"


def table(groups: dict[str, dict[str, Score]], counts: dict[str, int]) -> str:
    head = "| field | " + " | ".join(f"{g} P | {g} R | {g} F1" for g in groups) + " | GROBID F1 |"
    rule = "|---|" + "---:|" * (3 * len(groups)) + "---:|"
    rows = [head, rule]
    for field in FIELDS:
        cells = []
        for scores in groups.values():
            s = scores[field]
            cells += [_fmt(s.precision), _fmt(s.recall), _fmt(s.f1)]
        rows.append(f"| {field} | " + " | ".join(cells) + f" | {GROBID.get(field, '—')} |")
    docs = ", ".join(f"{g}: {n} documents" for g, n in counts.items())
    rows.append("")
    rows.append(f"({docs}; GROBID figures are its published end-to-end F1 for the nearest field, "
                "* = reference *fields*, not count.)")
    return "\n".join(rows)


def evaluate(variants_per_kind: int = 2, seed: int = 7, show_misses: bool = False) -> str:
    groups: dict[str, dict[str, Score]] = {g: {f: Score() for f in FIELDS} for g in ("gold", "variants", "all")}
    counts: Counter[str] = Counter()
    misses: list[str] = []
    for group, case in cases(variants_per_kind, seed):
        paper = pipeline.process(case.name, case.text.encode("utf-8"))
        key = "gold" if group == "gold" else "variants"
        wrong = score_paper(paper, case.truth, groups[key])
        score_paper(paper, case.truth, groups["all"])
        counts[key] += 1
        counts["all"] += 1
        if wrong:
            misses.append(f"{case.name}: {', '.join(wrong)}")
    out = table(groups, dict(counts))
    if show_misses and misses:
        out += "\n\nDocuments with a wrong field:\n" + "\n".join(f"  {m}" for m in misses)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=2, help="variants of each kind per seed")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the variant generator")
    parser.add_argument("--show-misses", action="store_true", help="list documents with a wrong field")
    args = parser.parse_args(argv)
    print(evaluate(args.variants, args.seed, args.show_misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
