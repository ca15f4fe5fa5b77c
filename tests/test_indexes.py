"""Index pages stay small however large the archive: every listing is paged."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_docs.model import Author, Paper
from build_docs.render import author_ref, keyword_key, keyword_ref
from build_docs.render.indexes import PER_PAGE, Archive, index_files

ROOT = Path(__file__).resolve().parents[1]

SURNAMES = ["Ahmadi", "Brandt", "Özkan", "van Dijk", "李", "Hosseini"]


def archive(n: int) -> list[Paper]:
    return [
        Paper(source=f"p{i}.txt", slug=f"paper-{i}", title=f"Title {i:05d}",
              authors=(Author(f"Author{i % 37} {SURNAMES[i % len(SURNAMES)]}"),),
              year=None if i % 10 == 0 else str(2000 + i % 3))
        for i in range(n)
    ]


def paper_links(text: str) -> list[str]:
    return re.findall(r'href="(?:\.\./)+papers/([^/"]+)/"', text)


def markdown_links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)]+\.md)\)", text)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return index_files(archive(PER_PAGE * 5 + 7))


def test_all_papers_are_paged_and_each_listed_once(files: dict[str, str]) -> None:
    pages = ["papers/index.md"] + sorted(p for p in files if p.startswith("archive/all/"))
    assert len(pages) == 6
    listed = [slug for page in pages for slug in paper_links(files[page])]
    assert sorted(listed) == sorted(f"paper-{i}" for i in range(PER_PAGE * 5 + 7))
    assert all(len(paper_links(files[page])) <= PER_PAGE for page in pages)


def test_years_index_lists_years_not_papers(files: dict[str, str]) -> None:
    top = files["archive/years.md"]
    assert paper_links(top) == []
    assert [line.split("]")[0] for line in top.splitlines() if line.startswith("- [")] == \
        ["- [2002", "- [2001", "- [2000", "- [Year unknown"]
    year_pages = [p for p in files if p.startswith("archive/years/")]
    listed = [slug for page in year_pages for slug in paper_links(files[page])]
    assert len(listed) == len(set(listed)) == PER_PAGE * 5 + 7
    assert all(len(paper_links(files[page])) <= PER_PAGE for page in year_pages)


def test_authors_by_initial_folded_to_ascii(files: dict[str, str]) -> None:
    letters = sorted(p.removeprefix("archive/authors/").removesuffix(".md")
                     for p in files if p.startswith("archive/authors/") and "-" not in p)
    assert letters == ["a", "b", "h", "o", "other", "v"]  # Özkan under O, 李 under Other
    assert "Author1 Brandt" in files["archive/authors/b.md"]


def listing_pairs(text: str, kind: str) -> list[tuple[str, str]]:
    """(name, paper slug) for every paper listed under a ``kind`` ("author",
    "keyword") on a listing page."""
    pairs = []
    for name, body in re.findall(rf'<span class="archive-{kind}__name">(.*?)</span>.*?<ul>(.*?)</ul>', text, re.S):
        pairs.extend((name, slug) for slug in paper_links(body))
    return pairs


def author_pairs(text: str) -> list[tuple[str, str]]:
    return listing_pairs(text, "author")


def test_author_listings_are_paged_by_papers_and_a_prolific_author_runs_on() -> None:
    """However many papers an author gathers, an author page lists at most
    PER_PAGE papers: a long list runs on over the next pages."""
    prolific = "Reza Karimi"
    papers = [Paper(source=f"p{i}", slug=f"p{i:04d}", title=f"T{i:04d}",
                    authors=(Author(prolific),) * (i < PER_PAGE * 5 // 2) + (Author(f"A{i % 60} Kazemi"),))
              for i in range(PER_PAGE * 3)]
    files = index_files(papers)
    pages = sorted(p for p in files if re.fullmatch(r"archive/authors/k(-\d+)?\.md", p))
    listed = [pair for page in pages for pair in author_pairs(files[page])]
    expected = [(a.name, p.slug) for p in papers for a in dict.fromkeys(p.authors)]
    assert sorted(listed) == sorted(expected)  # every paper under each of its authors, once
    assert all(len(author_pairs(files[page])) <= PER_PAGE for page in pages)
    with_prolific = [page for page in pages if f'<span class="archive-author__name">{prolific}</span>' in files[page]]
    assert len(with_prolific) == 3
    assert sum("Continued on the next page." in files[page] for page in with_prolific) == 2
    assert f"({PER_PAGE * 5 // 2} papers, continued)" in files[with_prolific[1]]
    # an author with a few papers is never cut in two, and is anchored where the list begins
    for n in range(60):
        name = f"A{n} Kazemi"
        assert sum(f'<span class="archive-author__name">{name}</span>' in files[page] for page in pages) == 1
    assert len(re.findall(r'<li class="archive-author" id="au-reza-karimi">', "".join(files[p] for p in pages))) == 1
    assert "[K](authors/k.md): 61 authors" in files["archive/authors.md"]


def test_every_markdown_link_between_index_pages_resolves(files: dict[str, str]) -> None:
    generated = set(files) | {"archive/keywords.md"}
    for page, text in files.items():
        if not page.endswith(".md"):
            continue
        # archive/_*.md are snippets, included into docs/index.md
        base = "" if page.startswith("archive/_") else posixpath.dirname(page)
        for target in markdown_links(text):
            resolved = posixpath.normpath(posixpath.join(base, target))
            assert resolved in generated, (page, target)


def test_small_archive_has_no_pager() -> None:
    files = index_files(archive(3))
    assert "Page " not in files["papers/index.md"]
    assert not any(p.startswith("archive/all/") for p in files)


def test_issues_list_journals_then_issues_newest_first_then_papers_in_page_order() -> None:
    from build_docs.model import Pages

    def paper(i: int, journal: str | None, volume: str | None, issue: str | None, first: int | None,
              year: str = "2018") -> Paper:
        return Paper(source=f"p{i}", slug=f"p{i}", title=f"Title {i}", journal=journal, volume=volume, issue=issue,
                     year=year, pages=Pages(first) if first else None)

    papers = [paper(1, "Geopolitics <Quarterly>", "12", "2", 45), paper(2, "Geopolitics <Quarterly>", "12", "2", 1),
              paper(3, "Geopolitics <Quarterly>", "12", "10", 7), paper(4, "Geopolitics <Quarterly>", "9", "1", 3, "2015"),
              paper(5, None, "3", None, None), paper(6, None, None, None, None)]
    files = index_files(papers)
    top = files["archive/issues.md"]
    assert "[Geopolitics &lt;Quarterly&gt;](issues/geopolitics-quarterly.md): 3 issues, 4 papers" in top
    assert "[Journal not recorded](issues/unknown-journal.md): 1 issue, 1 paper" in top
    assert "1 paper has no recorded volume or issue" in top
    journal = files["archive/issues/geopolitics-quarterly.md"]
    assert [line.split("](")[0] for line in journal.splitlines() if line.startswith("- [")] == [
        "- [Vol\\. 12, no\\. 10 \\(2018\\)", "- [Vol\\. 12, no\\. 2 \\(2018\\)", "- [Vol\\. 9, no\\. 1 \\(2015\\)"]
    assert paper_links(files["archive/issues/geopolitics-quarterly/12-2.md"]) == ["p2", "p1"]  # page order
    front = yaml.safe_load(files["archive/issues/geopolitics-quarterly/12-2.md"].split("---")[1])
    assert front["title"] == "Geopolitics &lt;Quarterly&gt;, Vol. 12, no. 2 (2018)"  # MkDocs prints it unescaped
    assert paper_links(files["archive/issues/unknown-journal/3.md"]) == ["p5"]


def keyword_pairs(text: str) -> list[tuple[str, str]]:
    return listing_pairs(text, "keyword")


def test_keywords_by_initial_one_entry_per_spelling_and_escaped() -> None:
    hostile = "x\" --> <b>y</b> ' & z: {a}"
    papers = [Paper(source="a", slug="a", title="A", keywords=("soft power", "Sécurité", hostile, "2020s")),
              Paper(source="b", slug="b", title="B", keywords=("energy", "Soft  Power")),
              Paper(source="c", slug="c", title="C", keywords=("Soft Power", "soft power"))]
    files = index_files(papers)
    assert sorted(p for p in files if p.startswith("archive/keywords/")) == [
        "archive/keywords/e.md", "archive/keywords/other.md", "archive/keywords/s.md", "archive/keywords/x.md"]
    # case and spacing folded into one keyword, shown as most papers write it;
    # a paper that repeats a keyword is listed once
    assert keyword_pairs(files["archive/keywords/s.md"]) == [
        ("Sécurité", "a"), ("Soft Power", "a"), ("Soft Power", "b"), ("Soft Power", "c")]
    assert "<b>" not in files["archive/keywords/x.md"]
    ((name, slug),) = keyword_pairs(files["archive/keywords/x.md"])
    assert html.unescape(name) == hostile and slug == "a"
    assert "[X](keywords/x.md): 1 keyword" in files["archive/keywords.md"]
    assert "[S](keywords/s.md): 2 keywords" in files["archive/keywords.md"]


def test_keyword_listings_are_paged_and_a_long_keyword_runs_on() -> None:
    # "common" is carried by 2.5 pages of papers; the others by one to three.
    papers = [Paper(source=f"p{i}", slug=f"p{i:04d}", title=f"T{i:04d}",
                    keywords=("common",) * (i < PER_PAGE * 5 // 2) + (f"c{i % 90:02d}", f"c-extra {i % 7}"))
              for i in range(PER_PAGE * 3)]
    archive = Archive(papers)
    keywords, files = archive.keywords, archive.files()
    pages = [p for p in files if p.startswith("archive/keywords/c")]
    listed = [pair for page in pages for pair in keyword_pairs(files[page])]
    expected = [(k if not k.startswith("c-") else k, p.slug) for p in papers for k in dict.fromkeys(p.keywords)]
    assert sorted(listed) == sorted(expected)  # every paper under every keyword, once
    assert all(len(keyword_pairs(files[page])) <= PER_PAGE for page in pages)
    common = [page for page in pages if "<span class=\"archive-keyword__name\">common</span>" in files[page]]
    assert len(common) == 3 and sum("Continued on the next page." in files[p] for p in common) == 2
    # keywords with few papers are never cut in two
    runs = [run for _, chunk in keywords.pages["c"] for run in chunk]
    assert [run.key for run in runs if run.continued] == ["common", "common"]


def test_every_keyword_link_lands_on_its_first_run() -> None:
    papers = [Paper(source=f"p{i}", slug=f"p{i:04d}", title=f"T{i:04d}",
                    keywords=(f"k{i % 150}", "Ähnlichkeit", "امنیت ملی", "k-1" if i % 2 else "K 1"))
              for i in range(PER_PAGE * 2)]
    archive = Archive(papers)
    keywords, files = archive.keywords, archive.files()
    for paper in papers:
        for keyword in paper.keywords:
            url, anchor = keywords.links[keyword_ref(keyword)].split("#")
            page = files[url.removesuffix("/") + ".md"]
            (entry,) = re.findall(rf'<li class="archive-keyword" id="{anchor}"><span class="archive-keyword__name">(.*?)</span>', page)
            assert keyword_key(html.unescape(entry)) == keyword_key(keyword)
    assert keywords.links[keyword_ref("Ähnlichkeit")] == "archive/keywords/a/#kw-ahnlichkeit"
    assert keywords.links[keyword_ref("امنیت ملی")].startswith("archive/keywords/other/#kw-")


def test_every_author_link_lands_on_the_start_of_their_list() -> None:
    names = ["Ali Ahmadi", "Ali  Ahmadi", "Élise Ahmadi", "李 明", "Jan van Dijk"]
    papers = [Paper(source=f"p{i}", slug=f"p{i:04d}", title=f"T{i:04d}",
                    authors=(Author(names[i % len(names)]), Author(f"B{i % 120} Ahmadi")))
              for i in range(PER_PAGE * 3)]
    archive = Archive(papers)
    files = archive.files()
    for paper in papers:
        links = archive.links_of(paper)
        for author in paper.authors:
            url, anchor = links[author_ref(author.name)].split("#")
            page = files[url.removesuffix("/") + ".md"]
            (entry,) = re.findall(rf'<li class="archive-author" id="{anchor}"><span class="archive-author__name">(.*?)</span>', page)
            assert html.unescape(entry) == author.name
    assert re.fullmatch(r"archive/authors/a(-\d+)?/#au-elise-ahmadi", archive.links_of(papers[2])[author_ref("Élise Ahmadi")])
    # two spellings of a name, two entries, two anchors
    assert archive.links_of(papers[0])[author_ref("Ali Ahmadi")] != archive.links_of(papers[1])[author_ref("Ali  Ahmadi")]
    assert archive.links_of(papers[3])[author_ref("李 明")].startswith("archive/authors/other/#au-")


def test_paper_pages_follow_their_keywords_when_listing_pages_shift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paper that did not change is rewritten when a keyword of it moves to
    another listing page, and its links always land on an existing anchor."""
    from build_docs import site
    from build_docs.render import indexes

    monkeypatch.setattr(indexes, "PER_PAGE", 1)  # one paper per page: any new keyword shifts the rest
    seeds, out, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    first, second = sorted((ROOT / "seeds").glob("*.txt"))
    shutil.copy(first, seeds / first.name)

    def links_of(name: str) -> dict[str, str]:
        catalog = json.loads((out / "catalog.json").read_text())
        (slug,) = [p["slug"] for p in catalog["papers"] if p["source"] == name]
        page = (out / "papers" / slug / "index.md").read_text()
        assert site.LISTING_LINK_PLACEHOLDER not in page
        found = dict(re.findall(r'<a class="paper-keyword" href="\.\./\.\./([^"#]+)/#([^"]+)">', page))
        authors = re.findall(r'<a class="paper-author__papers" href="\.\./\.\./([^"#]+)/#([^"]+)"', page)
        assert authors  # every author of the seed links to their listing
        for listing, anchor in [*found.items(), *authors]:
            assert f'id="{anchor}"' in (out / f"{listing}.md").read_text()
        return found

    site.build(seeds, out, cache_dir=cache)
    before = links_of(first.name)
    shutil.copy(second, seeds / second.name)
    report = site.build(seeds, out, cache_dir=cache)
    after = links_of(first.name)
    assert report.from_cache == 1  # the first paper was not processed again
    assert before != after  # but its page links where its keywords are now




def test_index_pages_are_rendered_again_only_when_what_they_list_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A warm build skips the index pages (the largest part of a rebuild at
    thousands of papers) when an edit changed no listed field, and renders them
    when a title changes, when the code changes, or when one went missing."""
    from build_docs import site

    seeds, out, cache = tmp_path / "seeds", tmp_path / "docs", tmp_path / "cache"
    seeds.mkdir()
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    (seeds / seed.name).write_text(text, encoding="utf-8")
    rendered: list[int] = []
    real_files = Archive.files

    def counting_files(self: Archive) -> dict[str, str]:
        rendered.append(len(self.papers))
        return real_files(self)

    monkeypatch.setattr(Archive, "files", counting_files)
    site.build(seeds, out, cache_dir=cache)
    listing = (out / "papers" / "index.md").read_text(encoding="utf-8")
    assert rendered == [1]

    paragraph = max(text.split("\n"), key=len)  # a body paragraph
    (seeds / seed.name).write_text(text.replace(paragraph, paragraph + " An editor's added sentence."), encoding="utf-8")
    report = site.build(seeds, out, cache_dir=cache)
    assert report.processed == 1 and rendered == [1]  # the paper again, its listing not
    assert (out / "papers" / "index.md").read_text(encoding="utf-8") == listing
    assert "papers/index.md" in json.loads((out / site.MANIFEST).read_text())["files"]  # still owned

    (seeds / seed.with_suffix(".yml").name).write_text("title: A Title Set by the Editor\n", encoding="utf-8")
    site.build(seeds, out, cache_dir=cache)
    assert rendered == [1, 1] and "A Title Set by the Editor" in (out / "papers" / "index.md").read_text()

    (out / "papers" / "index.md").unlink()
    site.build(seeds, out, cache_dir=cache)
    assert rendered == [1, 1, 1] and (out / "papers" / "index.md").exists()

    monkeypatch.setattr(site, "code_fingerprint", lambda: "f" * 16)
    site.build(seeds, out, cache_dir=cache)
    assert rendered == [1, 1, 1, 1]


def test_no_index_page_grows_with_the_archive() -> None:
    """At four times the papers, by the same few authors, journals and
    keywords (so each gathers four times the papers), the largest index page
    weighs what it did: every listing is paged by papers. Only the catalog,
    a data file, lists the whole archive."""
    from build_docs.model import Pages

    def papers(n: int) -> list[Paper]:
        return [Paper(source=f"p{i}.txt", slug=f"paper-{i:05d}", title=f"A Title of Some Length, Number {i:05d}",
                      authors=(Author(f"Author{i % 7} {SURNAMES[i % len(SURNAMES)]}"), Author("Reza Karimi")),
                      keywords=("regional security", f"theme {i % 5}"), year=str(2000 + i % 4),
                      journal="Geopolitics Quarterly", volume=str(i % 4), issue=str(i % 3 + 1), pages=Pages(i + 1))
                for i in range(n)]

    def largest(n: int) -> tuple[int, str]:
        files = index_files(papers(n))
        return max((len(text.encode()), path) for path, text in files.items() if path != "catalog.json")

    small, large = largest(PER_PAGE * 2), largest(PER_PAGE * 8)
    assert large[0] <= 1.1 * small[0], (small, large)


def test_a_pager_shows_a_window_and_next_reaches_every_page() -> None:
    """A listing's pager links the first, last, nearby, previous and next
    pages (not every page: that would grow with the archive), and following
    Next from the first page visits every page once, in order."""
    from build_docs.render.indexes import PAGER_REACH

    files = index_files(archive(PER_PAGE * 30))
    pages = ["papers/index.md"] + [f"archive/all/{n}.md" for n in range(2, 31)]
    for page in pages:
        (line,) = [line for line in files[page].splitlines()[:20] if "Page " in line]
        # nearby, first and last, a lone skipped page on each side, previous and next
        assert len(markdown_links(line)) <= 2 * PAGER_REACH + 2 + 2 + 2, line
    visited, page = [], "papers/index.md"
    while True:
        visited.append(page)
        (line,) = [line for line in files[page].splitlines()[:20] if "Page " in line]
        found = re.search(r"\[Next\]\(([^)]+)\)", line)
        if not found:
            break
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), found.group(1)))
    assert visited == pages
