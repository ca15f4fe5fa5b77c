"""The reader's site in a real browser: headless Debian Chromium via Playwright.

Every test runs against one session build of the real seeds (``served_site`` in
conftest.py) served on localhost. Screenshots go to ``test-artifacts/``
(gitignored) for a human to look at. The tests skip, with a reason, only when
``/usr/bin/chromium`` is not installed (``apt-get install chromium``);
Playwright's own browser downloads are never used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 15_000

SEED_000 = "000_11d23db24c72f3b4.txt"


# --------------------------------------------------------------------------- fixtures

@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light", accept_downloads=True,
                                  locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
        assert not errors, f"JavaScript errors on the page: {errors}"
    finally:
        context.close()


@pytest.fixture(scope="session")
def papers(built_site: Path) -> dict[str, dict]:
    """Each paper's record (paper.json) by seed file name."""
    found = {}
    for path in sorted((built_site / "papers").glob("*/paper.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        found[record["source"]] = record
    assert SEED_000 in found, f"seed {SEED_000} was not built: {sorted(found)}"
    return found


@pytest.fixture(scope="session")
def paper_000(papers: dict[str, dict]) -> dict:
    return papers[SEED_000]


def shot(tab: Any, name: str, **options: Any) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), **options)
    return path


def open_paper(tab: Any, base: str, record: dict, fragment: str = "") -> None:
    tab.goto(f"{base}papers/{record['slug']}/{fragment}")
    tab.wait_for_selector("article.md-content__inner h1")


def heading_text(tab: Any, selector: str = "article h1") -> str:
    """A heading's visible text without Material's permalink (the ¶ anchor)."""
    return tab.eval_on_selector(selector, """el => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach(a => a.remove());
        return copy.textContent.trim();
    }""")


def in_viewport(tab: Any, selector: str, timeout_ms: int = 5000) -> bool:
    """Whether ``selector`` is (or, within the timeout, scrolls) into view:
    the jump may be a smooth scroll, slower on a loaded machine."""
    try:
        tab.wait_for_function("""selector => {
            const el = document.querySelector(selector);
            if (!el) return false;
            const r = el.getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight && r.height > 0;
        }""", arg=selector, timeout=timeout_ms)
    except Exception:  # playwright's TimeoutError
        return False
    return True


# --------------------------------------------------------------------------- navigation

def test_home_page_links_to_every_paper(page: Any, served_site: str, papers: dict[str, dict]) -> None:
    page.goto(served_site)
    assert heading_text(page) == "Paper Archive"
    for record in papers.values():
        assert page.locator(f'.archive-list a[href$="papers/{record["slug"]}/"]').count() == 1, record["slug"]
    shot(page, "home")
    shot(page, "home-full", full_page=True)


def test_following_a_paper_link_opens_the_paper(page: Any, served_site: str, paper_000: dict) -> None:
    page.goto(served_site)
    page.locator(f'.archive-list a[href$="papers/{paper_000["slug"]}/"]').click()
    page.wait_for_url(re.compile(re.escape(f"/papers/{paper_000['slug']}/")))
    page.locator("article h1").first.wait_for()
    assert heading_text(page).startswith("The Resistance Axis and the Islamic Republic")
    names = page.locator(".paper-author__name").all_inner_texts()
    assert names == [a["name"] for a in paper_000["authors"]]


def test_a_keyword_leads_to_the_papers_that_carry_it(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    keyword = page.locator("article .md-tags a.md-tag").last
    keyword.wait_for()
    name = keyword.inner_text()
    assert name == paper_000["keywords"][-1]
    keyword.click()
    page.wait_for_url(re.compile(r"/archive/keywords/[a-z]+(-\d+)?/#kw-"))
    target = "#" + page.url.split("#", 1)[1]
    assert in_viewport(page, target)
    assert page.locator(f"{target} .archive-keyword__name").inner_text() == name
    assert page.locator(f'{target} a[href$="papers/{paper_000["slug"]}/"]').count() == 1
    shot(page, "keyword-listing")


def test_paper_title_reads_as_in_the_record(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    assert heading_text(page) == paper_000["title"]


def test_html_declares_the_language(page: Any, served_site: str, paper_000: dict) -> None:
    for url in (served_site, f"{served_site}papers/{paper_000['slug']}/"):
        page.goto(url)
        assert page.get_attribute("html", "lang") == "en", url


@pytest.mark.parametrize("surname", ["Poustinchi", "Roomi"])
def test_search_by_author_surname_reaches_the_paper(page: Any, served_site: str,
                                                    papers: dict[str, dict], surname: str) -> None:
    [record] = [r for r in papers.values() if any(surname in a["name"] for a in r["authors"])]
    page.goto(served_site)
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(surname, delay=30)
    result = page.locator(f'.md-search-result__list a.md-search-result__link[href*="papers/{record["slug"]}/"]')
    result.first.wait_for()
    assert surname.lower() in page.locator(".md-search-result__list").inner_text().lower()
    shot(page, f"search-{surname.lower()}")
    result.first.click()
    page.wait_for_url(re.compile(re.escape(f"/papers/{record['slug']}/")))
    page.locator("article h1").first.wait_for()
    assert surname in " ".join(page.locator(".paper-author__name").all_inner_texts())


# --------------------------------------------------------------------------- metadata

def test_google_scholar_meta_tags(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)

    def meta(name: str) -> list[str]:
        return page.eval_on_selector_all(f'head meta[name="{name}"]', "els => els.map(e => e.content)")

    assert meta("citation_title") == [paper_000["title"]]
    assert meta("citation_author") == [a["name"] for a in paper_000["authors"]]
    assert (meta("citation_firstpage"), meta("citation_lastpage")) == (["521"], ["542"])
    references = meta("citation_reference")
    assert len(references) == len(paper_000["references"]) > 0
    assert len(references) == page.locator("ol.paper-references > li").count()
    assert all(r.strip() for r in references)
    # Nothing of the Scholar tags leaks into the body.
    assert page.locator('body meta[name^="citation_"]').count() == 0


def parse_bibtex(text: str) -> dict[str, str]:
    match = re.match(r"\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", text)
    assert match, text[:200]
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        assert depth >= 0, "unbalanced braces"
    assert depth == 0, "unbalanced braces"
    fields = dict(re.findall(r"^\s*(\w+)\s*=\s*(.+?),?\s*$", text, re.M))
    return {"type": match.group(1).lower(), "key": match.group(2), **fields}


def parse_ris(text: str) -> list[tuple[str, str]]:
    lines = [line for line in text.splitlines() if line.strip()]
    tags = [re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line) for line in lines]
    assert all(tags), [line for line, tag in zip(lines, tags, strict=True) if not tag]
    pairs = [(m.group(1), m.group(2)) for m in tags if m]
    assert pairs[0][0] == "TY" and pairs[-1][0] == "ER"
    return pairs


def test_citation_files_download_and_parse(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000, "#cite")
    downloads = page.locator(".paper-cite__downloads")
    texts: dict[str, str] = {}
    for name in ("cite.bib", "cite.ris", "cite.json"):
        # Material's instant navigation rewrites hrefs to absolute URLs.
        link = downloads.locator(f'a[href$="/{name}"], a[href="{name}"]')
        assert link.count() == 1, name
        assert link.get_attribute("download") is not None
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.failure() is None
        texts[name] = Path(download.path()).read_text(encoding="utf-8")
        response = page.request.get(urljoin(page.url.split("#")[0], name))
        assert response.ok, (name, response.status)
        assert response.text() == texts[name]

    surnames = [a["name"].split()[-1] for a in paper_000["authors"]]
    bib = parse_bibtex(texts["cite.bib"])
    assert bib["type"] == "article"
    assert all(s in bib["author"] for s in surnames)
    assert "521--542" in bib["pages"]

    ris = parse_ris(texts["cite.ris"])
    assert ris[0] == ("TY", "JOUR")
    assert [v.split(",")[0] for k, v in ris if k == "AU"] == surnames
    assert ("SP", "521") in ris and ("EP", "542") in ris

    csl = json.loads(texts["cite.json"])
    item = csl[0] if isinstance(csl, list) else csl
    assert item["title"] == paper_000["title"]
    assert [a["family"] for a in item["author"]] == surnames


# --------------------------------------------------------------------------- reading

def test_dark_mode_toggle_changes_the_scheme(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    shot(page, "paper-light")
    page.locator('label.md-header__button[for="__palette_1"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    shot(page, "paper-dark")
    # The choice survives a reload (Material keeps it in localStorage).
    page.reload()
    page.wait_for_selector("article h1")
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.locator('label.md-header__button[for="__palette_0"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")


def test_illegible_marker_is_visible_and_keeps_the_raw_text(page: Any, served_site: str, paper_000: dict) -> None:
    assert paper_000["illegible"], "seed 000 is expected to have illegible passages"
    open_paper(page, served_site, paper_000)
    markers = page.locator("article .illegible")
    assert markers.count() == len(paper_000["illegible"])
    titles = [markers.nth(i).get_attribute("title") or "" for i in range(markers.count())]
    for passage, title in zip(paper_000["illegible"], titles, strict=True):
        assert passage["raw"] in title, (passage, title)
    body_marker = page.locator("article p .illegible").first
    body_marker.scroll_into_view_if_needed()
    assert body_marker.is_visible()
    assert body_marker.inner_text().strip().lower() == "illegible"
    box = body_marker.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 5
    body_marker.hover()
    shot(page, "illegible-marker")


def test_text_repairs_panel_is_collapsed_and_opens(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    panel = page.locator("details#repairs")
    assert panel.get_attribute("open") is None
    summary = panel.locator("> summary")
    assert re.match(r"Text repairs \(\d+ changes", summary.inner_text().strip())
    assert not panel.locator("> p").first.is_visible()
    summary.click()
    page.wait_for_function("document.querySelector('details#repairs').open")
    assert panel.locator("> p").first.is_visible()
    rule = panel.locator("details.paper-repairs__rule").first
    if rule.count():
        rule.locator("> summary").click()
        assert rule.locator("table").is_visible()
    panel.scroll_into_view_if_needed()
    shot(page, "repairs-open")


def test_citation_jumps_to_reference_and_back(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    citation = page.locator('article p a.citation[href*="#ref-"]').first
    citation.wait_for()
    cite_id = citation.get_attribute("id")
    href = citation.get_attribute("href") or ""
    target = "#" + href.split("#", 1)[1]
    assert cite_id and re.fullmatch(r"#ref-\d+", target)
    citation.click()
    page.wait_for_function(f"location.hash === {json.dumps(target)}")
    assert in_viewport(page, target)
    shot(page, "reference-target")
    backlink = page.locator(f'{target} .ref-backlinks a[href$="#{cite_id}"]')
    assert backlink.count() == 1
    backlink.click()
    page.wait_for_function(f"location.hash === {json.dumps('#' + cite_id)}")
    assert in_viewport(page, f"#{cite_id}")


def test_print_stylesheet_hides_chrome_and_keeps_references(page: Any, served_site: str, paper_000: dict) -> None:
    open_paper(page, served_site, paper_000)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        if page.locator(selector).count():
            assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").first.is_visible()
    references = page.locator("ol.paper-references")
    assert references.is_visible()
    assert references.locator("> li").count() == len(paper_000["references"])
    assert not page.locator("details#repairs").is_visible()
    assert not page.locator(".paper-cite__copy").first.is_visible()
    assert page.locator("#cite-apa").is_visible()
    shot(page, "paper-print")
    references.screenshot(path=str(ARTIFACTS / "paper-print-references.png"))
    shot(page, "paper-print-full", full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "paper-print.pdf").write_bytes(pdf)


def test_readme_screenshot(page: Any, served_site: str, paper_000: dict) -> None:
    """The top of seed 000's page in light mode, for the README.

    Saved to test-artifacts/readme-screenshot.png; with
    ARCHIVE_UPDATE_SCREENSHOT=1 also copied to docs/assets/screenshot.png.
    """
    open_paper(page, served_site, paper_000)
    page.evaluate("document.fonts.ready")
    page.mouse.move(0, VIEWPORT["height"] - 1)  # no hover effect in the picture
    path = shot(page, "readme-screenshot", clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": 820})
    assert path.stat().st_size < 400_000
    if os.environ.get("ARCHIVE_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(path, Path(__file__).resolve().parents[1] / "docs" / "assets" / "screenshot.png")
