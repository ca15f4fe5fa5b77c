"""Synthetic corpora for the benchmarks: N varied papers made from the real seeds.

Every generated paper is a real seed (``seeds/*.txt``) with its identity and
text changed enough that no cache, slug or de-duplication makes the corpus
trivial: new title, new authors (1-3, names drawn from a pool in which a few
surnames are common so a search for them has many hits), new e-mails, page
range and keywords, paragraphs reordered inside their section, and OCR
garbles (ligatures, ``rn`` for ``m``, split words, curly quotes) sprinkled at
random. Three papers in four get a sidecar, as an editor would add: journal,
volume, issue (12 papers an issue) and year, so the issue and year listings
are exercised at scale. Paper ``i`` of a corpus is the same whatever N is,
so the corpus of 4N papers contains the corpus of N.

    python benchmarks/corpus.py 400 bench-out/corpus-400   # writes 400 .txt files (and .yml sidecars)

Library use: ``generate(n, out_dir)``, ``edit_one(path)`` (the warm-build
edit), ``profile(i)`` (the title, authors and keywords paper ``i`` gets).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

FIRST = ["Ali", "Reza", "Maryam", "Sara", "Hossein", "Zahra", "Mohammad", "Fatemeh", "Amir",
         "Leila", "Davood", "Nasrin", "Kaveh", "Parisa", "Saeed", "Shirin", "Behrouz", "Neda",
         "Hamid", "Elham", "Jalal", "Mina", "Omid", "Roya", "Farhad", "Azadeh", "Mehdi", "Soheila",
         "Peter", "Anna", "Lukas", "Ines", "Tomasz", "Olga", "Kenji", "Amara", "Diego", "Chloe"]
# The first four are common (a search for one of them finds many papers).
COMMON_SURNAMES = ["Hosseini", "Ahmadi", "Karimi", "Rahimi"]
RARE_SURNAMES = ["Tabrizi", "Moradi", "Jafari", "Ghasemi", "Sadeghi", "Mousavi", "Rostami",
                 "Farahani", "Bahrami", "Kazemian", "Yazdani", "Shirazi", "Nikbakht", "Zand",
                 "Esfandiari", "Golshiri", "Hamedani", "Ansari", "Dehghan", "Najafi", "Kermani",
                 "Varga", "Nowak", "Lindqvist", "Okafor", "Tanaka", "Moreau", "Castillo", "Brandt",
                 "Kowalczyk", "Haddad", "Petrov", "Ibarra", "Sato", "Mensah", "Quist"]
TOPICS = ["Regional Security", "Energy Diplomacy", "Water Governance", "Maritime Trade",
          "Soft Power", "Economic Sanctions", "Border Politics", "Migration Policy",
          "Cultural Diplomacy", "Nuclear Negotiations", "Public Opinion", "Urban Resilience",
          "Religious Authority", "Media Narratives", "Alliance Formation", "Trade Corridors",
          "Climate Adaptation", "Civil Society", "Historical Memory", "Strategic Culture"]
PLACES = ["the Persian Gulf", "Central Asia", "the Caucasus", "the Levant", "the Caspian Basin",
          "South Asia", "the Horn of Africa", "the Eastern Mediterranean", "Mesopotamia",
          "the Indian Ocean"]
FORMS = ["{t} in {p}: Challenges and Opportunities", "{t} and {u} in {p}",
         "Rethinking {t}: Evidence from {p}", "The Politics of {t} in {p}",
         "{t}, {u} and the State in {p}", "Between {t} and {u}: A Study of {p}"]
KEYWORDS = ["hydropolitics", "securitization", "hedging", "constructivism", "interdependence",
            "deterrence", "geoeconomics", "regionalism", "legitimacy", "sovereignty",
            "neoclassical realism", "balancing", "bandwagoning", "path dependence",
            "norm diffusion", "public diplomacy", "state capacity", "proxy conflict"]


@dataclass(frozen=True)
class Profile:
    index: int
    title: str
    authors: tuple[str, ...]
    keywords: tuple[str, ...]
    first_page: int
    marker: str  # a word that occurs in this paper's body only


def profile(i: int) -> Profile:
    """What paper ``i`` is made of (deterministic)."""
    rng = random.Random(f"paper-{i}")
    t, u = rng.sample(TOPICS, 2)
    title = rng.choice(FORMS).format(t=t, u=u, p=rng.choice(PLACES))
    count = rng.choice([1, 2, 2, 3])
    authors = []
    for _ in range(count):
        pool = COMMON_SURNAMES if rng.random() < 0.3 else RARE_SURNAMES
        authors.append(f"{rng.choice(FIRST)} {rng.choice(pool)}")
    keywords = tuple(rng.sample(KEYWORDS, rng.randint(3, 6)))
    marker = "zq" + hashlib.sha1(f"marker-{i}".encode()).hexdigest()[:8]
    marker = re.sub(r"\d", lambda m: "abcdefghij"[int(m.group())], marker)
    return Profile(i, title, tuple(authors), keywords, rng.randint(1, 900), marker)


def _seed_texts() -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


# --- garbles ---------------------------------------------------------------

def _garble_word(word: str, rng: random.Random) -> str:
    choice = rng.random()
    if choice < 0.3 and "fi" in word:
        return word.replace("fi", "\ufb01", 1)
    if choice < 0.5 and "m" in word[1:]:
        k = word.index("m", 1)
        return word[:k] + "rn" + word[k + 1:]
    if choice < 0.7 and len(word) > 8:
        k = len(word) // 2
        return word[:k] + "- " + word[k:]
    if choice < 0.85 and "'" in word:
        return word.replace("'", "\u2019")
    return word


def _garble(line: str, rng: random.Random, rate: float) -> str:
    return re.sub(r"[A-Za-z']{5,}", lambda m: _garble_word(m.group(), rng) if rng.random() < rate else m.group(), line)


def _is_paragraph(line: str, minimum: int) -> bool:
    s = line.strip()
    return len(s) >= minimum and not s.startswith(("-", "*", "#", "|")) and not re.match(r"\d+[.)]\s", s)


# --- the two seed layouts --------------------------------------------------

def _vary_one_line_paragraphs(text: str, prof: Profile, rng: random.Random) -> str:
    """Seed 000: explicit front matter, one paragraph per line."""
    lines = text.split("\n")
    names = ["Farshad Roomi", "Ehsan Kazemi", "Zinat Al-Sadat Motahari"]
    emails = ["roomi@scu.ac.ir", "e.kazemi@scu.ac.ir", "zntmotahari@vahoo.com"]
    last = prof.first_page + rng.randint(12, 30)
    out: list[str] = []
    title_done = False
    drop_from = len(prof.authors)  # drop the blocks of the authors we do not use
    skipping = False
    for line in lines:
        s = line.strip()
        if re.fullmatch(r"PP\. \d+-\d+", s):
            out.append(f"PP. {prof.first_page}-{last}")
            continue
        if not title_done and s.startswith("The Resistance Axis"):
            out.append(prof.title)
            title_done = True
            continue
        if s in names:
            k = names.index(s)
            skipping = k >= drop_from
            if not skipping:
                out.append(prof.authors[k])
            continue
        if skipping:
            if s == "Abstract":
                skipping = False
            else:
                continue
        for k, email in enumerate(emails):
            if email in line and k < len(prof.authors):
                surname = prof.authors[k].split()[-1].lower()
                line = line.replace(email, f"{surname}{prof.index}@example.ac.ir")
        if s.startswith("Keywords:"):
            line = "Keywords: " + ", ".join(k.capitalize() for k in prof.keywords) + "."
        out.append(line)
    return _shuffle_runs(out, rng, minimum=200, joiner_blank=True, prof=prof)


def _vary_wrapped_paragraphs(text: str, prof: Profile, rng: random.Random) -> str:
    """Seed 004: title and author only in the running header, wrapped lines."""
    short = prof.title.split(":")[0]
    short = " ".join(short.split()[:7])
    text = text.replace("The Mechanisms of Organizing Peace and Balance", short)
    text = text.replace("Zohreh Poustinchi", prof.authors[0])
    text = re.sub(r"(?m)^(\s*)(\d{1,3})(\s*)$", lambda m: f"{m.group(1)}{int(m.group(2)) + prof.first_page}{m.group(3)}", text)
    text = re.sub(r"Keywords: [^\n]*", "Keywords: " + ", ".join(k.capitalize() for k in prof.keywords[:3]) + ",", text, count=1)
    # Paragraphs are separated by a line holding one space.
    chunks = text.split("\n \n")
    return "\n \n".join(_shuffle_runs(chunks, rng, minimum=250, joiner_blank=False, prof=prof))


def _shuffle_runs(items: list[str], rng: random.Random, *, minimum: int, joiner_blank: bool,
                  prof: Profile) -> str | list[str]:
    """Shuffle each run of body paragraphs (between headings), garble them, and
    plant the paper's marker word in one of them."""
    body_start = next((k for k, s in enumerate(items) if s.strip() == "Introduction"), 0)
    body_end = next((k for k, s in enumerate(items) if s.strip() in ("References", "Conclusion") and k > body_start), len(items))
    result = list(items)
    run: list[int] = []
    paragraphs: list[int] = []

    def flush() -> None:
        if len(run) > 1:
            picked = [result[k] for k in run]
            rng.shuffle(picked)
            for k, value in zip(run, picked, strict=True):
                result[k] = value
        run.clear()

    for k in range(body_start + 1, body_end):
        item = items[k]
        if not item.strip() and joiner_blank:
            continue
        if _is_paragraph(item, minimum) and "\u2026" not in item:
            run.append(k)
            paragraphs.append(k)
        else:
            flush()
    flush()
    for k in paragraphs:
        result[k] = _garble(result[k], rng, 0.02)
    if paragraphs:
        k = paragraphs[len(paragraphs) // 3]
        ending = "" if joiner_blank else "\n"
        result[k] = result[k].rstrip() + f" The {prof.marker} case is discussed by {prof.authors[0]}." + ending
    return "\n".join(result) if joiner_blank else result


def paper_text(i: int) -> str:
    seeds = _seed_texts()
    source, text = seeds[i % len(seeds)]
    prof = profile(i)
    rng = random.Random(f"text-{i}")
    if "Farshad Roomi" in text:
        return _vary_one_line_paragraphs(text, prof, rng)
    if "Zohreh Poustinchi" in text:
        return _vary_wrapped_paragraphs(text, prof, rng)
    return text  # an unknown seed: copied as it is


def file_name(i: int) -> str:
    return f"p{i:05d}_{hashlib.sha1(str(i).encode()).hexdigest()[:10]}.txt"


JOURNALS = ["Journal of Regional Studies", "Geopolitics Quarterly"]
PAPERS_PER_ISSUE = 12


def sidecar_text(i: int) -> str | None:
    """What an editor adds for paper ``i``: journal, volume, issue and year
    (the OCR text has none of them). Every fourth paper has no sidecar."""
    if i % 4 == 3:
        return None
    journal = JOURNALS[i % len(JOURNALS)]
    number = i // (PAPERS_PER_ISSUE * len(JOURNALS))
    volume, issue = 1 + number // 4, 1 + number % 4
    return f"journal: {journal}\nvolume: {volume}\nissue: {issue}\nyear: {2000 + volume}\n"


def _write_if_different(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def generate(n: int, out_dir: Path) -> list[Path]:
    """Write papers 0..n-1 into ``out_dir``, with their sidecars (removing
    other .txt and .yml files there)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = {file_name(i) for i in range(n)}
    sidecars = {i: sidecar_text(i) for i in range(n)}
    wanted |= {Path(file_name(i)).with_suffix(".yml").name for i, text in sidecars.items() if text}
    for old in [*out_dir.glob("*.txt"), *out_dir.glob("*.yml")]:
        if old.name not in wanted:
            old.unlink()
    paths = []
    for i in range(n):
        path = out_dir / file_name(i)
        _write_if_different(path, paper_text(i))
        if sidecars[i]:
            _write_if_different(path.with_suffix(".yml"), sidecars[i] or "")
        paths.append(path)
    return paths


def edit_one(path: Path, stamp: str = "edited") -> None:
    """The warm-build edit: an editor adds a sentence to one paragraph."""
    lines = path.read_text(encoding="utf-8").split("\n")
    k = next(k for k in range(len(lines) // 2, len(lines)) if len(lines[k].strip()) > 60)
    lines[k] = lines[k].rstrip() + f" An editor added this sentence ({stamp})."
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    generate(args.n, args.out)
    print(f"{args.n} papers in {args.out}")


if __name__ == "__main__":
    main()
