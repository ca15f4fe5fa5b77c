"""MkDocs hook: run the same pipeline as the CLI before every build.

Listed under ``hooks:`` in ``mkdocs.yml``. The content-hash cache makes the
run incremental: with ``mkdocs serve`` watching ``seeds/``, editing one seed
reprocesses that paper only, and unchanged files are not rewritten (so the
docs watcher does not loop).

Settings (``extra.archive`` in ``mkdocs.yml``): ``seeds``, ``cache``, ``jobs``,
``strict``; ``generate: false`` builds ``docs/`` as it is (the benchmarks
time MkDocs alone that way); ``search: auto|lunr|pagefind`` and
``search_threshold`` choose the search backend (see :mod:`build_docs.search`),
``search_shard_pages`` the most pages one Pagefind run indexes;
``pagefind: false`` leaves Pagefind's indexing to a separate step (the
benchmarks measure the two apart); ``spill_pages: false`` turns off the
memory saving below. Under ``mkdocs serve`` Pagefind indexes in a background
thread (:class:`~build_docs.search.BackgroundIndexer`), so an edit's reload
does not wait for it; after the first build, another thread loads what
the first reprocessed paper would (:func:`~build_docs.site.warm_up`); and the
files the build writes into ``docs/`` do not ask for another build
(:mod:`build_docs.watch`).

The large HTML blocks the templates mark go past MkDocs' two HTML parsers
in a script wrapper and come out unchanged, with their anchor ids handed
back to MkDocs' link check (:mod:`build_docs.render.deferred`): half of
``mkdocs build``'s time was those parsers reading the papers' HTML.

MkDocs renders every page before it writes any, so it would hold the whole
archive at once; pages are handed to a :class:`~build_docs.spill.PageSpill`
between rendering and writing, and once all are rendered only the anchor
ids that some page links to are kept (:func:`~build_docs.spill.keep_linked_anchors`).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from build_docs import search, site, watch
from build_docs.render import QuietBytecodeCache, deferred
from build_docs.site import build
from build_docs.spill import PageSpill, keep_linked_anchors

log = logging.getLogger("mkdocs.hooks.build_docs")


def _settings(config: Any) -> dict[str, Any]:
    return dict(config.get("extra", {}).get("archive", {}) or {})


def _project_path(config: Any, setting: str, default: str) -> Path:
    """A folder named in ``extra.archive``, relative to ``mkdocs.yml``."""
    return Path(config.config_file_path).parent / _settings(config).get(setting, default)


def _cache_dir(config: Any) -> Path:
    return _project_path(config, "cache", ".cache/build_docs")


def _seeds(config: Any) -> Path:
    return _project_path(config, "seeds", "seeds")


def on_config(config: Any, **kwargs: Any) -> Any:
    try:
        backend = search.configure(config, _seeds(config))
    except search.SearchConfigError as error:
        raise PluginError(f"build_docs: {error}") from error
    log.info("build_docs: search backend %s", backend)
    # pymdownx.snippets resolves a relative base_path against the working
    # directory; the home page's generated snippet lives in docs_dir, wherever
    # mkdocs is run from.
    snippets = config["mdx_configs"].get("pymdownx.snippets")
    if snippets is not None:
        snippets["base_path"] = [config["docs_dir"]]
    return config


#: The spill of the build in progress (one build at a time per process).
_spill: PageSpill | None = None
#: Under ``mkdocs serve``, Pagefind indexes in the background after each build.
_indexer: search.BackgroundIndexer | None = None
_serving = False
_warm_up: threading.Thread | None = None
#: Under ``mkdocs serve``, what watches docs/ instead of MkDocs (see build_docs.watch).
_docs_watch: Any = None


def on_startup(command: str, dirty: bool = False, **kwargs: Any) -> None:
    global _serving
    _serving = command == "serve"


def on_shutdown(**kwargs: Any) -> None:
    if _indexer is not None:
        _indexer.close()
    if _docs_watch is not None:
        _docs_watch.stop()


def on_serve(server: Any, config: Any, builder: Any, **kwargs: Any) -> Any:
    global _docs_watch
    if _settings(config).get("generate", True):
        # Our own writes to docs/ must not ask for a second build after each edit.
        _docs_watch = watch.watch_hand_written(server, Path(config.docs_dir), _cache_dir(config) / "serve-trigger")
    return server


def _warm_up_quietly() -> None:
    try:
        site.warm_up()
    except Exception as error:  # only a head start: the edit's build will say what is wrong
        log.debug("build_docs: warm-up failed: %s", error)


def on_pre_build(config: Any, **kwargs: Any) -> None:
    global _spill
    _close_spill()
    settings = _settings(config)
    if settings.get("spill_pages", True):
        _spill = PageSpill()
    if not settings.get("generate", True):
        return
    seeds = _seeds(config)
    if not seeds.is_dir():
        raise PluginError(f"build_docs: seeds folder {seeds} does not exist")
    try:
        report = build(
            seeds,
            Path(config.docs_dir),
            cache_dir=_cache_dir(config),
            workers=int(settings.get("jobs", 0)) or os.cpu_count() or 1,
            strict=bool(settings.get("strict", False)),
        )
    except OSError as error:  # docs/ or the cache cannot be written: one line, as the CLI says it
        raise PluginError(f"build_docs: {error.filename or config.docs_dir}: {error.strerror}") from error
    for problem in report.problems:
        # Rejected seeds are reported, not fatal: the rest of the archive builds.
        log.info(problem.line())
    log.info("build_docs: %s", report.summary())


def _close_spill() -> None:
    global _spill
    if _spill is not None:
        _spill.close()
        _spill = None


def on_env(env: Any, config: Any, files: Any, **kwargs: Any) -> Any:
    if _spill is not None:
        keep_linked_anchors(file.page for file in files.documentation_pages() if file.page is not None)
    if env.bytecode_cache is None:
        # MkDocs makes a new Jinja environment for every build, so each rebuild
        # under serve compiled the theme's templates again (0.3-0.4 s, a third
        # of a --dirty rebuild); Jinja checks each cached one against its source.
        folder = site.Cache(_cache_dir(config)).root / "theme"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = QuietBytecodeCache(str(folder))
        except OSError as error:  # only an optimisation
            log.debug("build_docs: no cache for the theme's templates: %s", error)
    return env


@event_priority(-100)  # after every plugin has read the front matter
def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    if _spill is not None:
        _spill.hold_front_matter(page)
    # The HTML blocks the templates marked, kept from MkDocs' parsers (render/deferred.py).
    return deferred.wrap(markdown)


@event_priority(-100)  # after every plugin has seen the HTML
def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    # The deferred blocks back in place, and their anchors, which MkDocs must
    # still know to check links into them.
    html, anchors = deferred.unwrap(html)
    present = getattr(page, "present_anchor_ids", None)
    if anchors and isinstance(present, set):
        present |= anchors
    if _spill is None:
        return html
    _spill.hold_html(page, html)
    return ""


@event_priority(100)  # before any plugin (search) reads the page
def on_page_context(context: Any, page: Any, **kwargs: Any) -> Any:
    if _spill is not None:
        _spill.restore(page)
    return context


@event_priority(-100)
def on_post_page(output: str, page: Any, **kwargs: Any) -> str:
    if _spill is not None:
        _spill.release(page)
    return output


def on_build_error(**kwargs: Any) -> None:
    _close_spill()


def on_post_build(config: Any, **kwargs: Any) -> None:
    _close_spill()
    settings = _settings(config)
    global _warm_up
    if _serving and _warm_up is None and settings.get("generate", True):
        # While the editor reads the first build, not when they have edited.
        _warm_up = threading.Thread(target=_warm_up_quietly, name="build_docs warm-up", daemon=True)
        _warm_up.start()
    if settings.get("search_backend") != "pagefind" or not settings.get("pagefind", True):
        return
    shard_pages = int(settings.get("search_shard_pages", search.SHARD_PAGES))
    if _serving:
        global _indexer
        if _indexer is None:
            _indexer = search.BackgroundIndexer(shard_pages=shard_pages)
        _indexer.shard_pages = shard_pages
        _indexer.after_build(Path(config.site_dir))
        log.info("build_docs: Pagefind indexes the site in the background; until it is done, "
                 "search answers from the previous index (none before the first)")
        return
    try:
        log.info("build_docs: %s", search.run_pagefind(Path(config.site_dir), shard_pages=shard_pages))
    except RuntimeError as error:
        raise PluginError(f"build_docs: {error}") from error
