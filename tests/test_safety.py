"""Paper text is data: a hostile seed cannot create elements, links, scripts,
front-matter keys or template code in the built site.

The seed puts HTML, Markdown, Jinja and YAML breakers into every field (title,
author, abstract, keywords, a heading, body text, a reference); the test builds
it with the CLI and ``mkdocs build --strict`` and parses the HTML with the
standard library's ``html.parser``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src=https://evil.example/></iframe>",
    "{{ x }}",
    "{% raw %}",
    "[x](javascript:alert(1))",
    "![](x)",
    "<!-- -->",
    "{#id}",
]
ALL = " ".join(PAYLOADS)

HOSTILE_SEED = f"""Research paper

PP. 10-20

--- The Title: "Quoted" {ALL} of Peace

Sara <script>alert(1)</script> Ahmadi

Assistant Professor, University of Tehran, Iran: "x" {{{{ x }}}}

Abstract

This abstract talks about peace and balance. {ALL} It says "yes": no.
# heading
---

Keywords: peace, <script>alert(1)</script>, [x](javascript:alert(1)), {{{{ x }}}}: "k"

Introduction {ALL}

The body text of the paper discusses balance. {ALL} and more body text about the region (Waltz, 1979).

# heading in body

---

{{% raw %}} {{% endraw %}} {{% include "x" %}} {{# comment #}}

References

Waltz, K. (1979). Theory of International Politics {ALL}. New York: McGraw-Hill. javascript:alert(1) data:text/html,<script>alert(2)</script>
"""


# An editor's sidecar is untrusted text too (and the way to get an author name
# past the front-matter heuristics when the title line is this hostile).
HOSTILE_SIDECAR = """authors:
  - name: 'Sara <script>alert(1)</script> "Ahmadi": x'
    affiliation: '<img src=x onerror=alert(1)> {{ x }}'
  - "--- Ali <iframe src=https://evil.example/></iframe>"
journal: 'Journal <script>alert(1)</script> "of": {% raw %}'
volume: '3<img src=x onerror=alert(1)>'
"""

#: MkDocs and Material templates emit ``page.title`` (the front-matter title),
#: ``page.meta.description`` and the ``tags`` without escaping: ``<title>``,
#: the header topic, ``<meta name="description">``, and (with the tags
#: plugin, which the site used before it made its own keyword listings) the
#: tag chips. ``render.front_matter`` therefore HTML-escapes title,
#: description and every tag (an XSS hole these tests found).

#: Theme-owned links that are not paper text (the search share button).
THEME_HREFS = {"javascript:void(0)"}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in {"meta", "link", "br", "img", "input", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not set(self.stack) & {"script", "style"}:
            self.text.append(data)


def parse(path: Path) -> Collector:
    collector = Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project with the hostile seed as its only paper, built
    with the CLI and then with ``mkdocs build --strict``."""
    tmp = tmp_path_factory.mktemp("hostile-site")
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "build_docs", project / "build_docs", ignore=shutil.ignore_patterns("__pycache__"))
    docs = project / "docs"
    docs.mkdir()
    for keep in ("index.md", "about.md", "assets"):
        source = ROOT / "docs" / keep
        if source.is_dir():
            shutil.copytree(source, docs / keep)
        elif source.exists():
            shutil.copy(source, docs / keep)
    seeds = project / "seeds"
    seeds.mkdir()
    (seeds / "hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    (seeds / "hostile.yml").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cli = subprocess.run([sys.executable, "-m", "build_docs", "--seeds", "seeds", "--out", "docs",
                          "--cache", str(tmp / "cache"), "-j", "1"],
                         cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert cli.returncode == 0, cli.stderr
    assert "Traceback" not in cli.stderr
    mkdocs = Path(sys.executable).with_name("mkdocs")
    built = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(tmp / "site")],
                           cwd=project, capture_output=True, text=True, env=env, timeout=900)
    assert built.returncode == 0, built.stderr[-4000:]
    return project, tmp / "site"


def paper_html(site: Path) -> Path:
    pages = [p for p in (site / "papers").glob("*/index.html")]
    assert len(pages) == 1, pages
    return pages[0]


def test_no_element_or_handler_comes_from_paper_text(hostile_site) -> None:
    _, site = hostile_site
    page = parse(paper_html(site))
    for tag, attrs in page.elements:
        assert tag != "iframe"
        assert tag != "img", attrs
        if tag == "script":
            # only the theme's own scripts: external bundle files or inline config
            src = attrs.get("src")
            assert src is None or "/assets/javascripts/" in src or src.startswith(("../", "assets/")), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, attrs)
            assert "alert(" not in (value or "") or tag == "meta" or name in {"title", "content"}, (tag, attrs)


def test_inline_scripts_carry_no_paper_text(hostile_site) -> None:
    _, site = hostile_site
    html = paper_html(site).read_text(encoding="utf-8")
    collector = _ScriptBodies()
    collector.feed(html)
    for body in collector.bodies:
        assert "alert(" not in body


class _ScriptBodies(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.bodies: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.inside = True
            self.bodies.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.bodies[-1] += data


def _allowed_href(href: str) -> bool:
    scheme = urlsplit(href).scheme.lower()
    if scheme in {"http", "https", "mailto"}:
        return True
    return scheme == "" and not href.strip().lower().startswith(("javascript", "data", "vbscript", "//"))


def test_every_link_is_safe_in_every_page(hostile_site) -> None:
    _, site = hostile_site
    for path in site.rglob("*.html"):
        for tag, attrs in parse(path).elements:
            for name in ("href", "src", "action", "formaction", "xlink:href"):
                value = attrs.get(name)
                if value is not None and not (value in THEME_HREFS and "md-search__icon" in (attrs.get("class") or "")):
                    assert _allowed_href(value), (path, tag, name, value)


def test_no_raw_markup_from_paper_text_in_any_page(hostile_site) -> None:
    """Outside of escaped attribute values, no page of the site carries the
    payload markup raw (index pages, keyword and issue listings, header topic included)."""
    _, site = hostile_site
    for path in site.rglob("*.html"):
        page = parse(path)
        for tag, attrs in page.elements:
            assert tag not in {"iframe", "img"}, (path, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
        html = path.read_text(encoding="utf-8")
        for marker in ("<script>alert", "<img src=x", "<iframe src=https://evil"):
            assert marker not in html, (path, marker)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_strings_appear_literally_as_text(hostile_site, payload: str) -> None:
    _, site = hostile_site
    text = " ".join(parse(paper_html(site)).text)
    assert payload in text


def test_yaml_breakers_in_the_title_survive_as_text(hostile_site) -> None:
    project, site = hostile_site
    page = parse(paper_html(site))
    titles = [attrs.get("content") for tag, attrs in page.elements
              if tag == "meta" and attrs.get("name") == "citation_title"]
    assert len(titles) == 1
    assert titles[0].startswith('--- The Title: "Quoted" <script>alert(1)</script>')
    h1 = " ".join(page.text)
    assert '--- The Title: "Quoted"' in h1


def test_citation_meta_tags_carry_the_text_escaped(hostile_site) -> None:
    _, site = hostile_site
    html = paper_html(site).read_text(encoding="utf-8")
    metas = [line for line in html.splitlines() if 'name="citation_' in line]
    assert metas
    for line in metas:
        # the raw markup never appears inside the tag; the parsed value has it as text
        assert "<script>" not in line and "<img" not in line and "<iframe" not in line
    page = parse(paper_html(site))
    values = {attrs.get("name"): attrs.get("content") for tag, attrs in page.elements if tag == "meta"}
    assert "<script>alert(1)</script>" in values["citation_title"]
    assert "<script>alert(1)</script>" in values["citation_abstract"]
    authors = [attrs.get("content") for tag, attrs in page.elements
               if tag == "meta" and attrs.get("name") == "citation_author"]
    assert 'Sara <script>alert(1)</script> "Ahmadi": x' in authors, authors
    assert "<script>alert(1)</script>" in values["citation_journal_title"]
    assert "<script>alert(1)</script>" in values["citation_keywords"]
    references = [attrs.get("content") for tag, attrs in page.elements
                  if tag == "meta" and attrs.get("name") == "citation_reference"]
    assert any("<iframe" in r for r in references), references


def test_front_matter_gets_no_injected_keys(hostile_site) -> None:
    import yaml

    project, _ = hostile_site
    pages = list((project / "docs" / "papers").glob("*/index.md"))
    assert len(pages) == 1
    text = pages[0].read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front = yaml.safe_load(text.split("\n---\n", 1)[0][4:])
    assert set(front) <= {"title", "description", "tags", "scholar", "paper_slug"}
    assert "script" in front["title"] and "--- The Title" in front["title"]


def test_no_template_code_ran(hostile_site) -> None:
    """Jinja in the text stays text (mkdocs-macros style evaluation would eat it)."""
    _, site = hostile_site
    text = " ".join(parse(paper_html(site)).text)
    assert "{% raw %} {% endraw %} {% include \"x\" %} {# comment #}" in text
