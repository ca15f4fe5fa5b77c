"""Render a :class:`~build_docs.model.Paper` into the files of its page.

All markup comes from Jinja2 templates in ``templates/`` with autoescaping on;
this module prepares plain values (segments, groups, front matter) for them.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model import Citation, Paper, plain_text
from ..record import paper_record
from . import cite
from .deferred import defer
from .inline import Segment, markdown_heading_text, segments
from .jsontext import pretty_json

SAFE_URL = re.compile(r"^(?:https?://|mailto:)[^\s<>\"'`]+$", re.I)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("build_docs", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    env.filters["md"] = lambda text: Markup(markdown_heading_text(str(text)))
    # attr_list syntax for a heading id; ids are generated, never paper text.
    env.filters["heading_id"] = lambda anchor: Markup("{#" + re.sub(r"[^a-z0-9-]", "", str(anchor)) + "}")
    # HTML that MkDocs need not parse (see deferred.py); the hook unwraps it.
    env.filters["defer"] = defer
    return env


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, which never fails a render:
    a folder deleted or unwritable under a running process (``rm -rf .cache``
    during ``mkdocs serve``, a build's scratch folder gone) only means
    compiling again."""

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError):  # missing, unreadable or truncated: compile
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def use_bytecode_cache(folder: Path) -> None:
    """Keep compiled templates in ``folder`` (Jinja checks each against its
    source). Compiling them all takes about 70 ms, a large share of a warm build.
    Each build names its folder; the last one named is used."""
    env = environment()
    current = env.bytecode_cache
    if isinstance(current, QuietBytecodeCache) and current.directory == str(folder):
        return
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = QuietBytecodeCache(str(folder))


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", plain_text(text or "")).strip()


def safe_url(url: str | None) -> str | None:
    """Only http(s) and mailto URLs are ever emitted as links.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)"), safe_url("data:x")
    ('https://example.org/a?b=1', None, None)
    """
    return url if url and SAFE_URL.match(url) else None


def tag_name(keyword: str) -> str:
    """A keyword as a Material tag: one line, HTML-escaped (Material prints
    tag names unescaped).

    >>> tag_name("soft <power>")
    'soft &lt;power&gt;'
    """
    return html.escape(_one_line(keyword))


#: A paper page's links to its keywords' and authors' listings carry this
#: prefix and a reference (:func:`keyword_ref`, :func:`author_ref`) until the
#: build knows which listing page holds each (that depends on the whole
#: archive, the page must not): ``site`` then puts the link in. Paper text
#: cannot forge it: it sits inside an attribute value, and text is escaped.
LISTING_LINK_PLACEHOLDER = "listing-5c2e7a90d1f3b648-placeholder-"


# Cached: every build asks for every paper's keywords, and they repeat.
@lru_cache(maxsize=1 << 16)
def keyword_key(keyword: str) -> str:
    """What makes two keywords the same: case, width and spacing do not.

    >>> keyword_key(" Soft  Power ") == keyword_key("soft power"), keyword_key("  ")
    (True, '')
    """
    return " ".join(unicodedata.normalize("NFKC", _one_line(keyword)).casefold().split())


@lru_cache(maxsize=1 << 16)
def keyword_ref(keyword: str) -> str:
    """A keyword's fixed-length reference, from its :func:`keyword_key`.

    >>> keyword_ref("Soft power") == keyword_ref("soft  power"), len(keyword_ref("x"))
    (True, 16)
    """
    return hashlib.sha1(keyword_key(keyword).encode()).hexdigest()[:16]


@lru_cache(maxsize=1 << 16)
def author_ref(name: str) -> str:
    """An author's fixed-length reference, from the name as the paper gives
    it (the author index lists each spelling on its own).

    >>> author_ref("Ali Ahmadi") != keyword_ref("Ali Ahmadi"), len(author_ref("x"))
    (True, 16)
    """
    return hashlib.sha1(f"author {name}".encode()).hexdigest()[:16]


def front_matter(paper: Paper, site_meta: dict[str, Any] | None = None) -> str:
    """YAML front matter: page title, description, tags, and Scholar metadata.

    Values are plain one-line strings dumped by PyYAML, so no paper text can
    end the front matter or inject keys.
    """
    abstract = _one_line(" ".join(paper.abstract))
    authors = [_one_line(a.name) for a in paper.authors]
    year = cite.gregorian_year(paper.year)
    scholar: dict[str, Any] = {
        "title": _one_line(paper.title) or paper.source,
        "authors": authors,
        "journal": _one_line(paper.journal) or None,
        "date": str(year) if year else None,
        "firstpage": str(paper.pages.first) if paper.pages and not paper.pages.inferred else None,
        "lastpage": str(paper.pages.last) if paper.pages and paper.pages.last and not paper.pages.inferred else None,
        "volume": _one_line(paper.volume) or None,
        "issue": _one_line(paper.issue) or None,
        "doi": _one_line(paper.doi) or None,
        "pdf_url": safe_url(paper.pdf_url),
        "keywords": "; ".join(_one_line(k) for k in paper.keywords) or None,
        "abstract": abstract or None,
        "references": [_one_line(r.raw) for r in paper.references],
        "language": paper.language,
    }
    # MkDocs' templates print page.title, the description and tag names
    # without escaping: escape them here (Scholar values are escaped by the
    # override template, which uses |e).
    meta: dict[str, Any] = {
        "title": html.escape(_one_line(paper.title) or paper.source),
        "description": html.escape(abstract[:300]) or None,
        "tags": [tag_name(k) for k in paper.keywords],
        "scholar": {k: v for k, v in scholar.items() if v not in (None, [], "")},
        "paper_slug": paper.slug,
    }
    if site_meta:
        meta.update(site_meta)
    meta = {k: v for k, v in meta.items() if v not in (None, [], "")}
    import yaml  # 12 ms to import: not for a build that renders nothing

    # libyaml's emitter when available (same output as PyYAML's, ten times faster).
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=True, width=10**9,
                     default_flow_style=False)


@dataclass(frozen=True)
class _Where:
    citations: dict[tuple[int, int, int], list[tuple[int, Citation]]]

    def of(self, key: tuple[int, int, int]) -> list[tuple[int, Citation]]:
        return self.citations.get(key, [])


def _citations_by_place(paper: Paper) -> _Where:
    places: dict[tuple[int, int, int], list[tuple[int, Citation]]] = defaultdict(list)
    for index, citation in enumerate(paper.citations):
        places[citation.where].append((index, citation))
    return _Where(dict(places))


def page_context(paper: Paper) -> dict[str, Any]:
    where = _citations_by_place(paper)
    sections = []
    for s_index, section in enumerate(paper.sections):
        blocks = []
        for b_index, block in enumerate(section.blocks):
            if block.kind == "list":
                items = [segments(t, where.of((s_index, b_index, i))) for i, t in enumerate(block.items)]
                lettered = block.ordered and block.lettered
                blocks.append({"kind": "list", "items": items, "ordered": block.ordered,
                               "start": block.start, "lettered": lettered})
            else:
                blocks.append({"kind": "paragraph", "segments": segments(block.text, where.of((s_index, b_index, 0)))})
        sections.append({
            "number": section.number,
            "title_segments": segments(section.title) if section.title else [],
            "level": min(section.level, 5),
            "anchor": section.anchor,
            "blocks": blocks,
        })
    cited_by: dict[int, list[int]] = defaultdict(list)
    for index, citation in enumerate(paper.citations):
        if citation.reference is not None:
            cited_by[citation.reference].append(index)
    references = [
        {"segments": segments(r.raw), "doi": r.doi if r.doi and re.match(r"^10\.\S+$", r.doi) else None,
         "url": safe_url(r.url), "cited_by": cited_by.get(i, [])}
        for i, r in enumerate(paper.references)
    ]
    groups: dict[str, list] = defaultdict(list)
    for change in paper.repairs:
        groups[change.rule].append({"before": plain_text(change.before), "after": plain_text(change.after),
                                    "location": change.location})
    accounted = (f"{100 * paper.words_accounted / paper.words_total:.1f}%" if paper.words_total else "100%")
    return {
        "paper": paper,
        "front_matter": Markup(front_matter(paper)),
        "title_segments": segments(paper.title or paper.source),
        "abstract": [segments(p, where.of((-1, i, 0))) for i, p in enumerate(paper.abstract)],
        "sections": sections,
        "footnotes": [{"label": f.label, "number": n, "segments": segments(f.text)}
                      for n, f in enumerate(paper.footnotes, 1)],
        "references": references,
        "citation_styles": [
            {"key": "apa", "label": "APA", "text": cite.formatted(paper, "apa")},
            {"key": "chicago", "label": "Chicago (author-date)", "text": cite.formatted(paper, "chicago-author-date")},
        ],
        "keywords": [{"name": _one_line(k), "href": LISTING_LINK_PLACEHOLDER + keyword_ref(k) if keyword_key(k) else None}
                     for k in paper.keywords],
        "author_hrefs": [LISTING_LINK_PLACEHOLDER + author_ref(a.name) if a.name.strip() else None
                         for a in paper.authors],
        "repairs_total": len(paper.repairs),
        "repair_groups": [{"rule": rule, "changes": changes} for rule, changes in sorted(groups.items())],
        "illegible": paper.illegible,
        "warnings": paper.warnings,
        "accounted": accounted,
    }


def render_paper_page(paper: Paper) -> str:
    return environment().get_template("paper.md.j2").render(**page_context(paper))


def paper_files(paper: Paper) -> dict[str, str]:
    """The files of one paper's folder, by name."""
    files = {
        "index.md": render_paper_page(paper),
        "paper.json": pretty_json(paper_record(paper)) + "\n",
    }
    for suffix, fmt in cite.CITATION_FORMATS.items():
        files[f"cite{suffix}"] = fmt.render(paper)
    return files


__all__ = ["Segment", "paper_files", "render_paper_page", "safe_url"]
