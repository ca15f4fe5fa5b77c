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

Pagefind holds the whole index in memory while it builds it, about 1.4 MB
per paper page here, so an archive of thousands of papers is indexed in
shards of at most ``extra.archive.search_shard_pages`` pages (default
:data:`SHARD_PAGES`): one Pagefind run per shard over a folder of hard links
to its pages, the first shard into ``pagefind/``, the others into
``pagefind/shard-N/``, listed in ``pagefind/shards.json``. The browser merges
them into one result list (Pagefind's ``mergeIndex``; the WebAssembly module
is loaded once). Memory is then bounded by the shard, whatever the archive's
size; each further shard adds its index chunk and metadata (about 27 KB) to
a reader's first search.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

BACKENDS = ("auto", "lunr", "pagefind")
#: Lunr's index grows about 16 KB (gzipped) per paper and is downloaded whole
#: at the first search: past ~20 papers it exceeds the 300 KB budget for a
#: reader's first search (BENCHMARKS.md), so Pagefind takes over there.
AUTO_THRESHOLD = 20
PAGEFIND_TIMEOUT = 1800  # seconds
#: Pages per Pagefind run. Measured at 1,600 papers (BENCHMARKS.md): a run
#: takes about 1.4 MB per page, so 750 pages keep each run near 1 GB, and up
#: to three shards (2,250 papers) a first search stays under 300 KB.
SHARD_PAGES = 750
#: What marks a page Pagefind indexes (overrides/main.html).
BODY_MARKER = b"data-pagefind-body"
SHARD_LIST = "shards.json"
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
    threshold = count_setting(archive, "search_threshold", AUTO_THRESHOLD, minimum=0)
    archive["search_shard_pages"] = count_setting(archive, "search_shard_pages", SHARD_PAGES)
    backend = resolve(archive.get("search"), count_papers(seeds), threshold)
    archive["search_backend"] = backend
    if backend == "pagefind":
        plugin = _material_search(config)
        if plugin is None:
            log.warning("build_docs: Pagefind search needs the Material 'search' plugin for its header button")
        elif hasattr(plugin, "search_index"):
            plugin.search_index = EmptySearchIndex(getattr(plugin.config, "lang", None) or ["en"])
    return backend


def count_setting(archive: dict[str, Any], key: str, default: int, *, minimum: int = 1) -> int:
    """An integer setting of ``extra.archive``, or a one-line error naming it.

    >>> count_setting({}, "search_shard_pages", 750)
    750
    >>> count_setting({"search_shard_pages": "200"}, "search_shard_pages", 750)
    200
    >>> count_setting({"search_shard_pages": 0}, "search_shard_pages", 750)
    Traceback (most recent call last):
    ...
    build_docs.search.SearchConfigError: extra.archive.search_shard_pages must be a whole number of at least 1 (got 0)
    """
    value = archive.get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, (bool, float)) or number < minimum:
        raise SearchConfigError(f"extra.archive.{key} must be a whole number of at least {minimum} (got {value!r})")
    return number


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


def split_evenly(items: Sequence[Any], most: int) -> list[list[Any]]:
    """``items`` in order, cut into the fewest runs of at most ``most``, as even as can be.

    Even runs keep the largest shard, and so Pagefind's peak memory, as small
    as the count allows (1,600 pages by 750: 533, 533, 534, not 750, 750, 100).

    >>> [len(run) for run in split_evenly(range(1600), 750)]
    [533, 533, 534]
    >>> split_evenly("abcde", 2), split_evenly("ab", 5), split_evenly("", 5)
    ([['a'], ['b', 'c'], ['d', 'e']], [['a', 'b']], [])
    """
    count = math.ceil(len(items) / most)
    return [list(items[k * len(items) // count:(k + 1) * len(items) // count]) for k in range(count)]


def indexed_pages(site_dir: Path) -> list[Path]:
    """The built pages Pagefind would index (those with a ``data-pagefind-body``), sorted,
    relative to ``site_dir``; hidden folders (bundles in progress) are skipped."""
    pages = []
    for folder, subfolders, files in os.walk(site_dir):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, "rb") as stream:
                    if BODY_MARKER in stream.read():
                        pages.append(Path(path).relative_to(site_dir))
    return sorted(pages)


def shard_bundle(index: int) -> str:
    """Where shard ``index`` goes, relative to the main bundle (shard 0 is the main bundle).

    >>> shard_bundle(0), shard_bundle(2)
    ('', 'shard-2/')
    """
    return f"shard-{index}/" if index else ""


#: Runs one Pagefind command; returns its exit status and output.
Runner = Callable[[list[str]], tuple[int, str]]


def _run(command: list[str]) -> tuple[int, str]:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"pagefind could not run: {error}") from error
    return result.returncode, result.stderr or result.stdout


@contextlib.contextmanager
def _shard_folder(site_dir: Path, pages: list[Path]) -> Iterator[Path]:
    """A hidden folder in ``site_dir`` holding ``pages`` at their own paths
    (hard links: no copy; a copy where links are refused), removed after."""
    folder = Path(tempfile.mkdtemp(prefix=".pagefind-pages-", dir=site_dir))
    try:
        for page in pages:
            target = folder / page
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site_dir / page, target)
            except OSError:
                shutil.copyfile(site_dir / page, target)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def index_site(site_dir: Path, output: Path, *, shard_pages: int = SHARD_PAGES, python: str = sys.executable,
               run: Runner = _run) -> int:
    """Index ``site_dir`` into the bundle ``output``, in shards of at most
    ``shard_pages`` pages; return the number of shards.

    ``output/shards.json`` lists the shards besides the main bundle (read by
    ``overrides/assets/archive-search.js``), and is written last: a bundle
    without it is incomplete.
    """
    shutil.rmtree(output, ignore_errors=True)
    for leftover in site_dir.glob(".pagefind-pages-*"):  # of a run that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    shards = split_evenly(indexed_pages(site_dir), shard_pages)
    if len(shards) <= 1:  # also when no page is marked: Pagefind then indexes every page
        code, text = run(pagefind_command(site_dir, output, python=python))
        _check_bundle(code, text, output)
    else:
        for number, pages in enumerate(shards):
            bundle = output / shard_bundle(number)
            with _shard_folder(site_dir, pages) as folder:
                code, text = run(pagefind_command(folder, bundle, python=python))
            _check_bundle(code, f"shard {number + 1} of {len(shards)}: {text}", bundle)
    listed = [shard_bundle(number) for number in range(1, len(shards))]
    (output / SHARD_LIST).write_text(json.dumps({"shards": listed}) + "\n", encoding="utf-8")
    return max(len(shards), 1)


def run_pagefind(site_dir: Path, output: Path | None = None, *, shard_pages: int = SHARD_PAGES,
                 python: str = sys.executable) -> str:
    """Index ``site_dir`` into ``output`` (default ``site_dir/pagefind``); return a summary line."""
    started = time.perf_counter()
    shards = index_site(site_dir, output or site_dir / "pagefind", shard_pages=shard_pages, python=python)
    return _indexed(site_dir, shards, started)


def _indexed(site_dir: Path, shards: int, started: float) -> str:
    in_shards = f" in {shards} shards" if shards > 1 else ""
    return f"pagefind indexed {site_dir}{in_shards} in {time.perf_counter() - started:.1f}s"


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

    def __init__(self, python: str = sys.executable, shard_pages: int = SHARD_PAGES):
        self.python = python
        self.shard_pages = shard_pages
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

    def _run(self, command: list[str]) -> tuple[int, str]:
        """One Pagefind run, kept where :meth:`close` can end it."""
        with self._lock:
            if self._closed:
                raise RuntimeError("pagefind: stopped")
            self._process = process = subprocess.Popen(command, text=True, stdout=subprocess.PIPE,
                                                       stderr=subprocess.STDOUT)
        try:
            output, _ = process.communicate(timeout=PAGEFIND_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            process.kill()
            raise RuntimeError(f"pagefind could not run: {error}") from error
        return process.returncode, output or ""

    def _index(self, site: Path) -> str:
        started = time.perf_counter()
        fresh = site / self.FRESH
        with self._lock:
            if self._closed:
                return "pagefind: stopped"
        shards = index_site(site, fresh, shard_pages=self.shard_pages, python=self.python, run=self._run)
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
        return _indexed(site, shards, started)
