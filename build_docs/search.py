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
import shutil
import subprocess
import sys
import threading
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


def pagefind_command(site_dir: Path, output: Path | None = None, *, python: str = sys.executable) -> list[str]:
    """The command that indexes ``site_dir`` into ``output`` (default: ``site_dir/pagefind``).

    It runs the binary shipped in the ``pagefind[bin]`` wheel through
    ``python -m pagefind``: nothing is downloaded.
    """
    command = [python, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    if output is not None:
        command += ["--output-path", str(output)]
    for selector in PAGEFIND_EXCLUDE:
        command += ["--exclude-selectors", selector]
    return command


def _check_bundle(returncode: int, output_text: str, bundle: Path) -> None:
    if returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise RuntimeError(f"pagefind failed (exit {returncode}): {output_text.strip()[-2000:]}")


def run_pagefind(site_dir: Path, output: Path | None = None, *, python: str = sys.executable) -> str:
    """Index ``site_dir`` into ``output`` (default ``site_dir/pagefind``); return a summary line."""
    started = time.perf_counter()
    try:
        result = subprocess.run(pagefind_command(site_dir, output, python=python), capture_output=True,
                                text=True, timeout=PAGEFIND_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"pagefind could not run: {error}") from error
    _check_bundle(result.returncode, result.stderr or result.stdout, output or site_dir / "pagefind")
    return f"pagefind indexed {site_dir} in {time.perf_counter() - started:.1f}s"


class BackgroundIndexer:
    """Pagefind under ``mkdocs serve``: the preview reloads without waiting for
    the index (at 1600 papers Pagefind takes 20 s, most of a ``--dirty``
    rebuild after one edit).

    After each build the last index is put back at once (a rebuild that is
    not ``--dirty`` empties the site folder, all but hidden entries), so
    search works throughout, a few seconds stale for the edited paper; a
    thread builds a fresh index into a hidden folder of the site and swaps
    it in. One indexing runs at a time; a build that ends meanwhile asks for
    one more, since the running one may have read half-written pages.
    """

    FRESH, LAST, OLD = ".pagefind-fresh", ".pagefind-last", ".pagefind-old"

    def __init__(self, python: str = sys.executable):
        self.python = python
        self._lock = threading.Lock()
        self._site: Path | None = None
        self._again = False
        self._closed = False
        self._running = False  # under the lock: a thread is indexing or about to
        self._thread: threading.Thread | None = None
        self._process: subprocess.Popen[str] | None = None

    def after_build(self, site_dir: Path) -> None:
        """Restore the last index into ``site_dir`` if the build removed it; index again."""
        with self._lock:
            self._site = site_dir
            self._restore(site_dir)
            if self._running:
                self._again = True
                return
            self._running, self._again = True, False
            self._thread = threading.Thread(target=self._work, name="pagefind-indexer", daemon=True)
            self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the indexing in progress (tests); True when none is left."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def close(self) -> None:
        """Stop: end a running Pagefind (MkDocs is shutting down)."""
        with self._lock:
            self._closed = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
        self.wait(10)

    def _restore(self, site_dir: Path) -> None:
        bundle, last = site_dir / "pagefind", site_dir / self.LAST
        if not (bundle / "pagefind.js").is_file() and (last / "pagefind.js").is_file():
            shutil.rmtree(bundle, ignore_errors=True)
            shutil.copytree(last, bundle)

    def _work(self) -> None:
        while True:
            with self._lock:
                site, self._again = self._site, False
                if self._closed or site is None:
                    self._running = False
                    return
            try:
                message = self._index(site)
            except Exception as error:  # a thread's failure must be said, not lost
                log.warning("build_docs: background Pagefind indexing failed: %s", error)
            else:
                log.info("build_docs: %s (in the background)", message)
            with self._lock:
                if not self._again or self._closed:
                    self._running = False
                    return

    def _index(self, site: Path) -> str:
        started = time.perf_counter()
        fresh = site / self.FRESH
        shutil.rmtree(fresh, ignore_errors=True)
        with self._lock:
            if self._closed:
                return "pagefind: stopped"
            self._process = subprocess.Popen(pagefind_command(site, fresh, python=self.python), text=True,
                                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            output, _ = self._process.communicate(timeout=PAGEFIND_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            self._process.kill()
            raise RuntimeError(f"pagefind could not run: {error}") from error
        _check_bundle(self._process.returncode, output or "", fresh)
        with self._lock:
            # fresh -> last (kept for the next restore), then a copy replaces the served bundle
            last, old = site / self.LAST, site / self.OLD
            shutil.rmtree(old, ignore_errors=True)
            if last.exists():
                last.rename(old)
            fresh.rename(last)
            shutil.rmtree(old, ignore_errors=True)
            bundle = site / "pagefind"
            if bundle.exists():
                bundle.rename(old)
            shutil.copytree(last, bundle)
            shutil.rmtree(old, ignore_errors=True)
        return f"pagefind indexed {site} in {time.perf_counter() - started:.1f}s"
