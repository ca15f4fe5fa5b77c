"""Search backend switch (build_docs/search.py), Pagefind in the browser, and
the parallel build writing what a single process writes.

The browser tests build a small synthetic archive (benchmarks/corpus.py) with
``extra.archive.search: pagefind``, serve it under a subpath like GitHub
Pages (``/paper-archive/``) and search it in headless Debian Chromium; they
are skipped when Playwright or ``/usr/bin/chromium`` is missing.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_docs import search
from build_docs.site import build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402
import corpus  # noqa: E402

PAPERS = 4
TARGET = 2  # a paper with its own title line (even index: the one-line-paragraph seed)


# --- the switch ------------------------------------------------------------

@pytest.mark.parametrize(("setting", "papers", "expected"), [
    ("auto", 0, "lunr"), ("auto", 20, "lunr"), ("auto", 21, "pagefind"), (None, 1600, "pagefind"),
    ("lunr", 1600, "lunr"), ("pagefind", 2, "pagefind"), (" Pagefind ", 2, "pagefind"),
])
def test_resolve(setting: str | None, papers: int, expected: str) -> None:
    assert search.resolve(setting, papers) == expected


def test_resolve_rejects_unknown() -> None:
    with pytest.raises(search.SearchConfigError):
        search.resolve("algolia", 1)


def _config(archive: dict, plugin: object | None) -> dict:
    plugins = {"material/search": plugin} if plugin is not None else {}
    return {"extra": {"archive": archive}, "plugins": plugins}


def test_configure_auto_uses_threshold_and_stubs_material_index(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text("x")
    plugin = SimpleNamespace(config=SimpleNamespace(lang=["en"]), search_index="lunr index")
    config = _config({"search": "auto", "search_threshold": 2}, plugin)
    assert search.configure(config, tmp_path) == "pagefind"
    assert config["extra"]["archive"]["search_backend"] == "pagefind"
    index = plugin.search_index
    assert isinstance(index, search.EmptySearchIndex)
    index.add_entry_from_context(object())
    assert json.loads(index.generate_search_index())["docs"] == []


def test_configure_lunr_leaves_material_alone(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("x")
    plugin = SimpleNamespace(config=SimpleNamespace(lang=["en"]), search_index="lunr index")
    config = _config({}, plugin)
    assert search.configure(config, tmp_path) == "lunr"
    assert plugin.search_index == "lunr index"


@pytest.mark.parametrize(("key", "value"), [
    ("search_shard_pages", 0), ("search_shard_pages", "many"), ("search_shard_pages", 2.5),
    ("search_shard_pages", True), ("search_threshold", -1), ("search_threshold", None),
])
def test_bad_search_settings_get_a_one_line_error(key: str, value: object, tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    from build_docs import mkdocs_hook

    with pytest.raises(search.SearchConfigError, match=f"extra.archive.{key} must be a whole number"):
        search.configure(_config({key: value}, None), tmp_path)
    class Config(dict):
        config_file_path = str(tmp_path / "mkdocs.yml")

    config = Config(_config({key: value, "seeds": str(tmp_path)}, None))
    with pytest.raises(PluginError, match=f"build_docs: extra.archive.{key}"):
        mkdocs_hook.on_config(config)


@settings(max_examples=200, deadline=None)
@given(count=st.integers(0, 3000), most=st.integers(1, 1000))
def test_shards_cover_every_page_once_evenly(count: int, most: int) -> None:
    pages = list(range(count))
    runs = search.split_evenly(pages, most)
    assert [page for run in runs for page in run] == pages
    assert len(runs) == -(-count // most)  # the fewest runs that fit
    assert all(0 < len(run) <= most for run in runs)
    assert not runs or max(map(len, runs)) - min(map(len, runs)) <= 1


def _site_with_papers(site: Path, count: int) -> list[Path]:
    (site / "index.html").parent.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text("<html><body>home</body></html>")
    pages = []
    for k in range(count):
        page = Path("papers") / f"p{k}" / "index.html"
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text(f"<html><body><article data-pagefind-body>paper {k}</article></body></html>")
        pages.append(page)
    hidden = site / ".pagefind-last" / "old.html"  # a bundle of an earlier run: never indexed
    hidden.parent.mkdir()
    hidden.write_text("<div data-pagefind-body>old</div>")
    return pages


class FakePagefind:
    """Records what each run was given, and writes the bundle's entry file."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.runs: list[tuple[list[Path], Path]] = []
        self.fail_on = fail_on

    def __call__(self, command: list[str]) -> tuple[int, str]:
        folder = Path(command[command.index("--site") + 1])
        bundle = Path(command[command.index("--output-path") + 1])
        self.runs.append((sorted(p.relative_to(folder) for p in folder.rglob("*.html")
                                 if not p.relative_to(folder).parts[0].startswith(".")), bundle))
        if len(self.runs) == self.fail_on:
            return 1, "Error: out of memory"
        bundle.mkdir(parents=True, exist_ok=True)
        (bundle / "pagefind.js").write_text("// bundle")
        return 0, ""


def test_large_site_is_indexed_in_shards_each_of_its_own_pages(tmp_path: Path) -> None:
    pages = _site_with_papers(tmp_path, 5)
    pagefind = FakePagefind()
    assert search.index_site(tmp_path, tmp_path / "pagefind", shard_pages=2, run=pagefind) == 3
    bundles = [bundle for _, bundle in pagefind.runs]
    assert bundles == [tmp_path / "pagefind", tmp_path / "pagefind" / "shard-1", tmp_path / "pagefind" / "shard-2"]
    given = [run for run, _ in pagefind.runs]
    assert sorted(page for run in given for page in run) == pages  # each paper page once, home page never
    assert all(len(run) <= 2 for run in given)
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text()) == {"shards": ["shard-1/", "shard-2/"]}
    assert not list(tmp_path.glob(".pagefind-pages-*"))  # the link folders are gone


def test_small_site_is_one_run_over_the_site(tmp_path: Path) -> None:
    _site_with_papers(tmp_path, 3)
    (tmp_path / ".pagefind-pages-stale").mkdir()  # left by a killed run
    pagefind = FakePagefind()
    assert search.index_site(tmp_path, tmp_path / "pagefind", shard_pages=3, run=pagefind) == 1
    assert [bundle for _, bundle in pagefind.runs] == [tmp_path / "pagefind"]
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text()) == {"shards": []}
    assert not (tmp_path / ".pagefind-pages-stale").exists()


def test_a_failing_shard_is_named_and_leaves_no_link_folder(tmp_path: Path) -> None:
    _site_with_papers(tmp_path, 5)
    with pytest.raises(RuntimeError, match=r"pagefind failed \(exit 1\): shard 2 of 3: Error: out of memory"):
        search.index_site(tmp_path, tmp_path / "pagefind", shard_pages=2, run=FakePagefind(fail_on=2))
    assert not list(tmp_path.glob(".pagefind-pages-*"))
    assert not (tmp_path / "pagefind" / "shards.json").exists()  # an incomplete bundle is not listed


def test_mkdocs_yml_declares_the_switch() -> None:
    archive = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["extra"]["archive"]
    assert archive["search"] in search.BACKENDS
    assert int(archive.get("search_threshold", search.AUTO_THRESHOLD)) > 0
    assert archive["search_shard_pages"] == search.SHARD_PAGES  # the documented default is the one in use


@pytest.mark.parametrize(("settings", "runs"), [
    ({"search_backend": "pagefind"}, True),
    ({"search_backend": "pagefind", "pagefind": False}, False),
    ({"search_backend": "lunr"}, False),
])
def test_hook_runs_pagefind_only_when_asked(settings: dict, runs: bool, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from build_docs import mkdocs_hook

    calls: list[tuple[Path, int]] = []
    monkeypatch.setattr(mkdocs_hook.search, "run_pagefind",
                        lambda site, shard_pages: calls.append((site, shard_pages)) or "indexed")
    config = SimpleNamespace(site_dir=str(tmp_path), get={"extra": {"archive": settings}}.get)
    mkdocs_hook.on_post_build(config)
    assert calls == ([(tmp_path, search.SHARD_PAGES)] if runs else [])


def test_hook_indexes_in_the_background_under_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build_docs import mkdocs_hook

    sites: list[Path] = []

    class Indexer:
        def __init__(self, shard_pages: int) -> None:
            self.shard_pages = shard_pages

        def after_build(self, site: Path) -> None:
            sites.append(site)

        def close(self) -> None:
            sites.append(Path("closed"))

    warmed: list[str] = []
    monkeypatch.setattr(mkdocs_hook.search, "BackgroundIndexer", Indexer)
    monkeypatch.setattr(mkdocs_hook.search, "run_pagefind", lambda site, **_: pytest.fail("indexed in the foreground"))
    monkeypatch.setattr(mkdocs_hook, "_indexer", None)
    monkeypatch.setattr(mkdocs_hook, "_warm_up", None)
    monkeypatch.setattr(mkdocs_hook.site, "warm_up", lambda: warmed.append(threading.current_thread().name))
    config = SimpleNamespace(site_dir=str(tmp_path), get={"extra": {"archive": {"search_backend": "pagefind"}}}.get)
    mkdocs_hook.on_startup(command="serve", dirty=False)
    try:
        mkdocs_hook.on_post_build(config)
        mkdocs_hook.on_post_build(config)
        mkdocs_hook.on_shutdown()
    finally:
        mkdocs_hook.on_startup(command="build", dirty=False)
    assert sites == [tmp_path, tmp_path, Path("closed")]
    assert mkdocs_hook._warm_up is not None
    mkdocs_hook._warm_up.join(10)
    assert warmed == ["build_docs warm-up"]  # once, off the main thread


def test_hook_keeps_the_themes_compiled_templates_in_the_cache(tmp_path: Path) -> None:
    """MkDocs makes a new Jinja environment for every build; the hook gives it
    a bytecode cache in the archive's cache folder, so a rebuild under serve
    does not compile the theme again. A second environment loads, not compiles."""
    import jinja2

    from build_docs import mkdocs_hook

    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "page.html").write_text("{% for x in items %}<b>{{ x }}</b>{% endfor %}", encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"),
                             get={"extra": {"archive": {"cache": "cache"}}}.get)
    compiled: list[str] = []

    class Environment(jinja2.Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    for _ in range(2):
        env = mkdocs_hook.on_env(Environment(loader=jinja2.FileSystemLoader(tmp_path / "theme")), config, files=[])
        assert env.get_template("page.html").render(items=[1, 2]) == "<b>1</b><b>2</b>"
    assert compiled == ["page.html"]
    assert list((tmp_path / "cache").glob("v-*/theme/__jinja2_*.cache"))


def test_warm_up_pays_the_first_papers_costs_so_the_next_paper_does_not(tmp_path: Path) -> None:
    """What site.warm_up loads is what a first paper pays for: after it, the
    word-frequency table is open and the citation styles are in memory."""
    from build_docs import site
    from build_docs.render import cite
    from build_docs.repair import lexicon

    lexicon.forget()
    site.warm_up()
    styles = cite._style.cache_info()
    assert styles.currsize >= 2 and lexicon._memo and lexicon._table_tried  # opened (or found impossible)
    (tmp_path / "seeds").mkdir()
    shutil.copy(sorted((ROOT / "seeds").glob("*.txt"))[0], tmp_path / "seeds")
    site.build(tmp_path / "seeds", tmp_path / "docs")
    assert cite._style.cache_info().misses == styles.misses  # no style parsed again


def test_background_indexer_says_a_failure_and_goes_on(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    indexer = search.BackgroundIndexer(python="/bin/false")
    for _ in range(2):
        indexer.after_build(tmp_path)
        assert indexer.wait(60)
    failures = [r for r in caplog.records if "background Pagefind indexing failed" in r.getMessage()]
    assert len(failures) == 2 and "exit 1" in failures[0].getMessage()
    assert not (tmp_path / "pagefind").exists()


# --- parallel build == single process --------------------------------------

@pytest.mark.slow
def test_parallel_build_writes_what_one_process_writes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    corpus.generate(6, seeds)
    parallel = build(seeds, tmp_path / "parallel", cache_dir=None, workers=max(2, os.cpu_count() or 2))
    single = build(seeds, tmp_path / "single", cache_dir=None, workers=1)
    assert parallel.papers == single.papers == 6
    assert bench.same_tree(tmp_path / "parallel", tmp_path / "single") == []


# --- Pagefind in the browser -----------------------------------------------

#: Pages per Pagefind shard in the browser tests: the corpus's 4 papers make
#: 2 shards, so every search there goes through the merged index.
SHARD_PAGES = 2


def _mkdocs(work: Path, backend: str, **archive: object) -> Path:
    config = bench.mkdocs_config(work, backend)
    data = yaml.safe_load(config.read_text())
    data["extra"]["archive"]["generate"] = True
    data["extra"]["archive"].update(archive)
    del data["extra"]["archive"]["pagefind"]  # the bench indexes apart; a real build runs Pagefind itself
    config.write_text(yaml.safe_dump(data, sort_keys=False))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return work / f"site-{backend}"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("pagefind-archive")
    corpus.generate(PAPERS, work / "seeds")
    bench.static_docs(work / "docs")
    return _mkdocs(work, "pagefind", search_shard_pages=SHARD_PAGES)


@pytest.mark.slow
def test_pagefind_build_ships_pagefind_not_lunr(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind-ui.js").is_file()
    assert list((pagefind_site / "pagefind" / "fragment").glob("*.pf_fragment"))
    # Two shards of two papers: the second bundle, listed for the browser to merge.
    assert json.loads((pagefind_site / "pagefind" / "shards.json").read_text()) == {"shards": ["shard-1/"]}
    for bundle in (pagefind_site / "pagefind", pagefind_site / "pagefind" / "shard-1"):
        assert len(list((bundle / "fragment").glob("*.pf_fragment"))) == PAPERS // SHARD_PAGES
    assert not list(pagefind_site.glob(".pagefind-pages-*"))
    index = json.loads((pagefind_site / "search" / "search_index.json").read_text())
    assert index["docs"] == []
    paper = next((pagefind_site / "papers").glob("*/index.html")).read_text()
    assert "data-pagefind-body" in paper and "archive-search.js" in paper
    home = (pagefind_site / "index.html").read_text()
    assert "data-pagefind-body" not in home


@pytest.mark.slow
def test_benchmark_counts_every_shard(pagefind_site: Path) -> None:
    numbers = bench.site_numbers(pagefind_site, PAPERS)
    assert numbers["pagefind_shards"] == 2
    index_files = [p for kind in ("index", "fragment", "filter")
                   for p in pagefind_site.glob(f"pagefind/**/{kind}/*.pf_{kind}")]
    assert {p.parent.parent.name for p in index_files} == {"pagefind", "shard-1"}
    assert numbers["pagefind_index_bytes"] == sum(p.stat().st_size for p in index_files)
    metas = list(pagefind_site.glob("pagefind/**/*.pf_meta"))
    assert len(metas) == 2
    without_shard = bench.pagefind_estimate(pagefind_site)["bytes"]
    assert without_shard > sum(p.stat().st_size for p in metas)


@pytest.mark.slow
def test_background_indexer_keeps_search_working_across_rebuilds(pagefind_site: Path, tmp_path: Path) -> None:
    """Under mkdocs serve (BackgroundIndexer): the first index comes from the
    thread; when a rebuild empties the site folder, the last index is back at
    once, before the fresh one is swapped in."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(pagefind_site, site)
    shutil.rmtree(site / "pagefind")
    indexer = search.BackgroundIndexer(shard_pages=SHARD_PAGES)
    indexer.after_build(site)
    assert indexer.wait(300)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert (site / indexer.LAST / "pagefind.js").is_file()
    assert (site / "pagefind" / "shard-1" / "pagefind.js").is_file()
    entry = (site / "pagefind" / "pagefind-entry.json").read_text()
    for name in ("pagefind", "index.html"):  # what a rebuild that is not --dirty removes (hidden entries stay)
        target = site / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    indexer.after_build(site)
    assert (site / "pagefind" / "pagefind-entry.json").read_text() == entry  # at once, before the thread is done
    indexer.after_build(site)  # a build during indexing asks for one more
    assert indexer.wait(300)
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / indexer.FRESH).exists() and not (site / indexer.OLD).exists()
    indexer.close()


@pytest.fixture(scope="module")
def browser_page(pagefind_site: Path, browser):  # browser: the session's, from conftest.py
    with bench.serve(pagefind_site, "paper-archive") as base:
        page = browser.new_page()
        yield page, base
        page.close()


def _search(page, base: str, query: str) -> list[tuple[str, str]]:
    page.goto(base, wait_until="networkidle")
    page.click(".archive-search-box__field")
    field = page.locator(".pagefind-ui__search-input")
    field.wait_for(state="visible", timeout=15000)
    field.fill(query)
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_timeout(300)
    links = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
    return [(links.nth(k).inner_text(), links.nth(k).get_attribute("href") or "") for k in range(links.count())]


def _target_title() -> str:
    return corpus.profile(TARGET).title


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("kind", ["surname", "keyword", "phrase"])
def test_pagefind_finds_paper(browser_page, kind: str) -> None:
    page, base = browser_page
    profile = corpus.profile(TARGET)
    query = {"surname": profile.authors[-1].split()[-1],
             "keyword": profile.keywords[0] if " " not in profile.keywords[0] else profile.keywords[0].split()[0],
             "phrase": f"{profile.marker} case is discussed"}[kind]
    results = _search(page, base, query)
    titles = [title for title, _ in results]
    assert _target_title() in titles, (query, titles)
    href = dict(results)[_target_title()]
    assert href.startswith("/paper-archive/papers/"), href  # works under a subpath


@pytest.mark.slow
@pytest.mark.browser
def test_result_opens_the_paper_and_closes_the_dialog(browser_page) -> None:
    page, base = browser_page
    profile = corpus.profile(TARGET)
    _search(page, base, profile.marker)
    page.locator(".pagefind-ui__result-link", has_text=_target_title()).first.click()
    page.wait_for_url("**/paper-archive/papers/**")
    page.wait_for_selector("h1")
    assert profile.title.split(":")[0] in page.locator("h1").first.inner_text()
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.slow
@pytest.mark.browser
def test_results_show_authors_and_year_and_narrow_by_journal(browser_page) -> None:
    """Readers see who wrote each result and when, and can keep one journal's
    papers (overrides/main.html: Pagefind meta and filters from the paper's
    Scholar metadata, kept out of the searched text)."""
    page, base = browser_page
    target = corpus.profile(TARGET)
    everything = dict(_search(page, base, "security"))
    assert _target_title() in everything and len(everything) >= 3, everything
    result = page.locator(".pagefind-ui__result", has=page.locator(".pagefind-ui__result-title", has_text=_target_title()))
    tags = result.first.locator(".pagefind-ui__result-tags").inner_text()
    assert all(name in tags for name in target.authors) and "Year: 2001" in tags, tags

    journal = yaml.safe_load(corpus.sidecar_text(1) or "")["journal"]
    assert journal != yaml.safe_load(corpus.sidecar_text(TARGET) or "")["journal"]
    page.locator("summary.pagefind-ui__filter-name", has_text="Journal").click()
    page.locator("label.pagefind-ui__filter-label", has_text=journal).click()
    # Each result's own title; a result still loading has no link yet (null).
    first_links = """() => [...document.querySelectorAll('.pagefind-ui__result')]
        .map(result => result.querySelector('.pagefind-ui__result-link'))
        .map(link => link && link.textContent.trim())"""
    page.wait_for_function(
        f"drop => {{ const t = ({first_links})(); return t.length > 0 && !t.includes(null) && !t.includes(drop); }}",
        arg=_target_title(), timeout=15000)
    narrowed = page.evaluate(first_links)
    # Paper 1 is the corpus's one Geopolitics Quarterly paper (of four).
    assert [title.startswith(corpus.profile(1).title) for title in narrowed] == [True], narrowed



def _indexed_texts(site: Path) -> list[str]:
    """The text Pagefind indexed, page by page (its fragments are gzip'd JSON)."""
    return [gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
            for f in site.glob("pagefind/**/fragment/*.pf_fragment")]


@pytest.mark.slow
def test_only_the_papers_own_text_is_indexed(pagefind_site: Path) -> None:
    """search.PAGEFIND_EXCLUDE: the citation box ("Download: BibTeX …") and
    the repair log (its notes, every change's before and after) are on every
    paper page; indexed, a word of theirs would find the whole archive, and a
    garbled "before" would find a paper by its OCR damage. The reference list
    is left out too: a search for an author finds their papers, not every
    paper citing them. The paper's own text is indexed."""
    left_out = ["Download:", "Copy to clipboard", "Not cited in the text", "kept verbatim",
                "Words of the source accounted for", "mark_illegible_runs"]
    pages = [p.read_text(encoding="utf-8") for p in (pagefind_site / "papers").glob("*/index.html")]
    assert len(pages) == PAPERS
    left_out += [html.unescape(m.group(1))[:40] for page in pages
                 if (m := re.search(r'<li id="ref-1">([^<]{40,})', page))]
    indexed = _indexed_texts(pagefind_site)
    assert len(indexed) == PAPERS
    for phrase in left_out:
        assert any(phrase in page for page in pages), phrase  # on the pages ...
        assert not any(phrase in text for text in indexed), phrase  # ... not in the index
    assert any(corpus.profile(TARGET).marker in text for text in indexed)
