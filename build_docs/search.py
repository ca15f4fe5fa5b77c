"""Which search the site ships: Material's lunr index or Pagefind.

``extra.archive.search`` in ``mkdocs.yml`` chooses:

``lunr``
    Material's built-in search. The browser downloads the whole index
    (``search/search_index.json``, every word of every paper) on the first
    search: fine for a small archive, about 90 KB per paper.
``pagefind``
    `Pagefind <https://pagefind.app>`_ indexes the built HTML after the build
    (``python -m pagefind``, the binary of the ``pagefind[bin]`` package; no
    network). The index is split into chunks; a search downloads the chunks
    for its words and the excerpts of the results it shows, so the first
    search stays small however large the archive grows. Material's index is
    then not built (an empty stub is written), and the header's search button
    opens the Pagefind UI instead.
``auto`` (default)
    ``pagefind`` when the seeds folder holds more than
    ``extra.archive.search_threshold`` papers (default
    :data:`AUTO_THRESHOLD`), else ``lunr``.

Only paper pages are indexed by Pagefind (``overrides/main.html`` marks their
article ``data-pagefind-body``); the index pages (authors, years, keywords)
are reached from the navigation.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BACKENDS = ("auto", "lunr", "pagefind")
#: Lunr's index grows about 16 KB (gzipped) per paper and is downloaded whole
#: at the first search: past ~20 papers it exceeds the 300 KB budget for a
#: reader's first search (BENCHMARKS.md), so Pagefind takes over there.
AUTO_THRESHOLD = 20
PAGEFIND_TIMEOUT = 1800  # seconds
# Parts of a paper page left out of the Pagefind index: the citation block,
# the repair log and warnings (tool output, not the paper) and the reference
# list (a search for an author should find their papers, not every paper
# citing them; it also halves the excerpt fragments a search downloads).
PAGEFIND_EXCLUDE = (".paper-cite", ".paper-repairs", ".paper-warnings", ".paper-references",
                    ".headerlink", "#cite", "#references", "#repairs")

log = logging.getLogger("mkdocs.hooks.build_docs")


class SearchConfigError(ValueError):
    pass


def resolve(setting: str | None, papers: int, threshold: int = AUTO_THRESHOLD) -> str:
    """The backend to use for an archive of ``papers`` papers.

    >>> resolve("auto", 20), resolve("auto", 21), resolve(None, 5000)
    ('lunr', 'pagefind', 'pagefind')
    >>> resolve("lunr", 5000), resolve("pagefind", 1), resolve("AUTO", 10, threshold=5)
    ('lunr', 'pagefind', 'pagefind')
    >>> resolve("elastic", 1)
    Traceback (most recent call last):
    ...
    build_docs.search.SearchConfigError: extra.archive.search must be one of auto, lunr, pagefind (got 'elastic')
    """
    choice = str(setting or "auto").strip().lower()
    if choice not in BACKENDS:
        raise SearchConfigError(f"extra.archive.search must be one of {', '.join(BACKENDS)} (got {setting!r})")
    if choice == "auto":
        return "pagefind" if papers > threshold else "lunr"
    return choice


def count_papers(seeds: Path) -> int:
    """Seeds in the folder: known before the build, and cheap."""
    from .site import find_seeds

    return len(find_seeds(seeds)) if seeds.is_dir() else 0


def configure(config: Any, seeds: Path) -> str:
    """Resolve the backend for this build and prepare the search plugin.

    Stores the choice in ``config.extra.archive.search_backend`` (templates
    read it). With Pagefind, Material's search plugin stays enabled (its
    header button and dialog are where readers look) but indexes nothing.
    """
    extra = config["extra"]
    archive = extra.setdefault("archive", {}) or {}
    extra["archive"] = archive
    threshold = int(archive.get("search_threshold", AUTO_THRESHOLD))
    backend = resolve(archive.get("search"), count_papers(seeds), threshold)
    archive["search_backend"] = backend
    if backend == "pagefind":
        plugin = _material_search(config)
        if plugin is None:
            log.warning("build_docs: Pagefind search needs the Material 'search' plugin for its header button")
        elif hasattr(plugin, "search_index"):
            plugin.search_index = EmptySearchIndex(getattr(plugin.config, "lang", None) or ["en"])
    return backend


def _material_search(config: Any) -> Any:
    plugins = config["plugins"]
    for name in ("material/search", "search"):
        if name in plugins:
            return plugins[name]
    return None


class EmptySearchIndex:
    """Stands in for Material's search index when Pagefind is the backend:
    collects nothing, writes an index with no documents."""

    def __init__(self, lang: list[str]):
        self.lang = lang

    def add_entry_from_context(self, page: Any) -> None:
        return None

    def generate_search_index(self, prev: Any = None) -> str:
        return json.dumps({"config": {"lang": self.lang, "separator": r"[\s\-]+", "pipeline": []},
                           "docs": []}, separators=(",", ":"))


def run_pagefind(site_dir: Path, *, python: str = sys.executable) -> str:
    """Index ``site_dir`` into ``site_dir/pagefind``; return Pagefind's summary line.

    Runs the binary shipped in the ``pagefind[bin]`` wheel through
    ``python -m pagefind``: nothing is downloaded.
    """
    command = [python, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"pagefind could not run: {error}") from error
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        output = (result.stderr or result.stdout).strip()[-2000:]
        raise RuntimeError(f"pagefind failed (exit {result.returncode}): {output}")
    return f"pagefind indexed {site_dir} in {time.perf_counter() - started:.1f}s"
