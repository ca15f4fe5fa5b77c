"""Index pages stay small however large the archive: every listing is paged."""

from __future__ import annotations

import posixpath
import re

import pytest

from build_docs.model import Author, Paper
from build_docs.render.indexes import PER_PAGE, index_files

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


def test_keyword_listings_by_initial_with_exact_tag_names() -> None:
    import yaml

    from build_docs.render import tag_name

    hostile = "x\" --> <b>y</b> ' & z: {a}"
    papers = [Paper(source="a", slug="a", title="A", keywords=("soft power", "Sécurité", hostile, "2020s")),
              Paper(source="b", slug="b", title="B", keywords=("energy",))]
    files = index_files(papers)
    assert sorted(p for p in files if p.startswith("archive/keywords/")) == [
        "archive/keywords/e.md", "archive/keywords/other.md", "archive/keywords/s.md", "archive/keywords/x.md"]
    for path in ("archive/keywords/s.md", "archive/keywords/x.md"):
        (marker,) = re.findall(r"<!--\s*material/tags(.*?)\s*-->", files[path], re.S)
        included = yaml.safe_load(marker)["include"]
        # exactly the tag names the paper pages carry (front matter escapes them)
        expected = {"archive/keywords/s.md": ["soft power", "Sécurité"], "archive/keywords/x.md": [hostile]}[path]
        assert sorted(included) == sorted(tag_name(k) for k in expected)
    assert "[X](keywords/x.md): 1 keyword" in files["archive/keywords.md"]
