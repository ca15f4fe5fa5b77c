"""Archive-level files: the catalog, index pages, and the published schema.

Every index lists each paper once, on its own page; no page lists the whole
archive in its navigation (papers are reached from these pages).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..model import Paper, plain_text
from ..record import schema
from . import cite, environment

#: How many papers the home page shows (the rest are a click away).
RECENT_ON_HOME = 20


def _surname(name: str) -> str:
    return cite.split_name(name).get("family") or name


def summary(paper: Paper) -> dict[str, Any]:
    abstract = re.sub(r"\s+", " ", plain_text(" ".join(paper.abstract))).strip()
    first_sentence = re.split(r"(?<=[.!?])\s", abstract, maxsplit=1)[0] if abstract else ""
    year = cite.gregorian_year(paper.year)
    return {
        "slug": paper.slug,
        "title": plain_text(paper.title or paper.source),
        "authors": [a.name for a in paper.authors],
        "year": str(year) if year else None,
        "line": first_sentence[:240] + ("…" if len(first_sentence) > 240 else ""),
        "keywords": list(paper.keywords),
    }


def catalog(papers: Sequence[Paper]) -> str:
    entries = [
        {"slug": p.slug, "source": p.source, "title": plain_text(p.title or p.source),
         "authors": [a.name for a in p.authors], "path": f"papers/{p.slug}/"}
        for p in sorted(papers, key=lambda p: p.slug)
    ]
    return json.dumps({"papers": entries}, ensure_ascii=False, indent=1) + "\n"


def index_files(papers: Sequence[Paper]) -> dict[str, str]:
    env = environment()
    items = sorted((summary(p) for p in papers), key=lambda s: (s["title"].lower(), s["slug"]))
    by_year: dict[str, list] = defaultdict(list)
    by_author: dict[str, list] = defaultdict(list)
    for item in items:
        by_year[item["year"] or "Year unknown"].append(item)
        for name in item["authors"]:
            by_author[name].append(item)
    years = sorted(by_year.items(), key=lambda kv: (kv[0] == "Year unknown", kv[0]), reverse=False)
    years = [y for y in years if y[0] != "Year unknown"][::-1] + [y for y in years if y[0] == "Year unknown"]
    authors = sorted(by_author.items(), key=lambda kv: (_surname(kv[0]).lower(), kv[0].lower()))
    recent = sorted(items, key=lambda s: (s["year"] or "0000", s["title"]), reverse=True)[:RECENT_ON_HOME]
    return {
        "catalog.json": catalog(papers),
        "papers/index.md": env.get_template("papers_index.md.j2").render(items=items),
        "archive/years.md": env.get_template("years.md.j2").render(years=years),
        "archive/authors.md": env.get_template("authors.md.j2").render(authors=authors, surname=_surname),
        "archive/keywords.md": env.get_template("keywords.md.j2").render(),
        "archive/_recent.md": env.get_template("recent.md.j2").render(items=recent, total=len(items)),
        "schema/paper.schema.json": json.dumps(schema(), indent=2) + "\n",
    }
