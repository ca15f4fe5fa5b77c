"""End to end: the CLI on the real seeds, the output contract, a strict MkDocs build."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_docs", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project's site sources, built with the CLI."""
    root = tmp_path_factory.mktemp("project")
    for name in ("mkdocs.yml", "seeds", "docs", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("papers", "archive", "schema", "catalog.json", ".build-manifest.json"))
        else:
            shutil.copy(source, root / name)
    (root / "build_docs").symlink_to(ROOT / "build_docs")
    result = run_cli("--seeds", str(root / "seeds"), "--out", str(root / "docs"), "--no-cache")
    assert result.returncode == 0, result.stderr
    return root


def records(project: Path) -> dict[str, dict]:
    return {json.loads(p.read_text())["source"]: json.loads(p.read_text())
            for p in (project / "docs" / "papers").glob("*/paper.json")}


def test_catalog_lists_every_seed_in_stable_order(project: Path) -> None:
    catalog = json.loads((project / "docs" / "catalog.json").read_text())
    papers = catalog["papers"]
    assert {p["source"] for p in papers} == {p.name for p in SEEDS.glob("*.txt")}
    assert [p["slug"] for p in papers] == sorted(p["slug"] for p in papers)
    for entry in papers:
        assert set(entry) == {"slug", "source", "title", "authors", "path"}
        assert entry["path"] == f"papers/{entry['slug']}/"
        assert (project / "docs" / entry["path"] / "index.md").is_file()


def test_records_validate_against_the_published_schema(project: Path) -> None:
    schema = json.loads((project / "docs" / "schema" / "paper.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    found = records(project)
    assert len(found) == 2
    for record in found.values():
        jsonschema.validate(record, schema)
        # Pages are rendered before slugs are known; the real slug is filled in on writing.
        folder = project / "docs" / "papers" / record["slug"]
        assert (folder / "paper.json").is_file()
        assert "placeholder" not in (folder / "index.md").read_text() + (folder / "cite.json").read_text()


def test_seed_000_front_matter(project: Path) -> None:
    record = records(project)["000_11d23db24c72f3b4.txt"]
    assert record["title"] == ("The Resistance Axis and the Islamic Republic of Iran's Regional Policy: "
                               "Challenges and Opportunities")
    assert record["doc_type"] == "Research paper"
    assert record["pages"]["first"] == 521 and record["pages"]["last"] == 542
    assert [a["name"] for a in record["authors"]] == ["Farshad Roomi", "Ehsan Kazemi", "Zinat Al-Sadat Motahari"]
    assert [a["corresponding"] for a in record["authors"]] == [False, True, False]
    assert record["authors"][0]["orcid"] == "0000-0002-5849-2373"
    assert record["authors"][2]["email"] == "zntmotahari@yahoo.com"
    assert record["authors"][2]["orcid"] is None  # placeholder fails its check digit
    assert "@" not in record["authors"][0]["affiliation"]
    assert record["keywords"][0] == "Islamic Republic of Iran" and record["keywords"][-1] == "National security"
    assert record["abstract"].startswith("With the victory of the 1979 Islamic Revolution")
    titles = [s["title"] for s in record["sections"]]
    assert titles[0] == "Introduction" and titles[-1] == "Conclusion"
    assert "Defensive Policy" in titles
    assert len(record["references"]) == 44


def test_seed_004_takes_title_and_author_from_running_header(project: Path) -> None:
    record = records(project)["004_b837155f77e040bd.txt"]
    assert record["title"] == "The Mechanisms of Organizing Peace and Balance …"
    assert record["title_shortened"] is True
    assert [a["name"] for a in record["authors"]] == ["Zohreh Poustinchi"]
    assert record["abstract"].startswith("Regional security is a function of stability")
    assert record["abstract"].count("\n\n") == 3  # four paragraphs
    assert record["keywords"][-1] == "Equilibrium"
    numbered = [(s["number"], s["title"]) for s in record["sections"] if s["number"]]
    assert numbered[0] == ("1", "The Dynamic Balance of Security Based on Capacity Building and Structural Reforms")
    assert [n for n, _ in numbered] == ["1", "2", "3"]
    assert "references" in record["not_found"]
    # The running header and its page number are gone from the reading text.
    body = " ".join(s["text"] for s in record["sections"])
    assert "Zohreh Poustinchi" not in body
    assert "necessary in resolving differences" in body


def test_every_source_word_is_accounted_for(project: Path) -> None:
    for record in records(project).values():
        assert record["words"]["accounted"] == record["words"]["total"], record["source"]


def test_no_damage_reaches_the_reading_text(project: Path) -> None:
    import re

    for record in records(project).values():
        text = " ".join([record["title"], record["abstract"]] + [s["title"] + " " + s["text"] for s in record["sections"]])
        assert not re.search(r"\\[A-Za-z]+|\$[^$\n]{0,60}\$", text), "LaTeX"
        assert not re.search(r"\b0{5,}\b|\bD{3,}\b|\b(?:OD){2,}", text), "glyph runs"
        assert not re.search(r"[\u0391-\u03A9\u03B1-\u03C9]", text), "Greek"
        assert not re.search(r"[\u0600-\u06FF]", text), "Arabic script"
        assert "**" not in text and "^{" not in text


def test_generated_files_are_listed_in_manifest_and_handwritten_pages_kept(project: Path) -> None:
    manifest = json.loads((project / "docs" / ".build-manifest.json").read_text())["files"]
    assert "index.md" not in manifest and "about.md" not in manifest
    assert "catalog.json" in manifest
    assert (project / "docs" / "index.md").read_bytes() == (ROOT / "docs" / "index.md").read_bytes()


def _mkdocs(project: Path, config: str, site: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(site)],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.slow
def test_mkdocs_build_strict(project: Path) -> None:
    result = _mkdocs(project, "mkdocs.yml", project / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    page = (project / "site" / "papers")
    pages = list(page.glob("*/index.html"))
    assert len(pages) == 2
    html = pages[0].read_text()
    assert 'name="citation_title"' in html


def _site_files(site: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            # the sitemap's gzip header carries a timestamp
            files[str(path.relative_to(site))] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def _built_sites(project: Path, *names: str) -> list[dict[str, bytes]]:
    """The files of the site each ``mkdocs-<name>.yml`` builds (strict), in order."""
    sites = []
    for name in names:
        result = _mkdocs(project, f"mkdocs-{name}.yml", project / f"site-{name}")
        assert result.returncode == 0, result.stderr
        sites.append(_site_files(project / f"site-{name}"))
    return sites


@pytest.mark.slow
def test_spilling_pages_changes_no_output_and_keeps_anchor_checks(project: Path) -> None:
    """The hook keeps rendered pages compressed and drops the anchor ids no
    link points at, to save memory; the site must come out byte for byte as
    MkDocs builds it without that, and a link to a missing anchor must still
    fail a strict build."""
    (project / "mkdocs-nospill.yml").write_text(
        "INHERIT: mkdocs.yml\nextra:\n  archive:\n    spill_pages: false\n    generate: false\n")
    (project / "mkdocs-spill.yml").write_text(
        "INHERIT: mkdocs.yml\nextra:\n  archive:\n    generate: false\n")
    slug = next((project / "docs" / "papers").glob("*/index.md")).parent.name
    notes = project / "docs" / "notes.md"
    try:
        notes.write_text(f"# Notes\n\nSee [the first reference](papers/{slug}/index.md#ref-1).\n")
        spilled, held = _built_sites(project, "spill", "nospill")
        assert any(name.startswith("papers/") for name in spilled) and "notes/index.html" in spilled
        assert spilled.keys() == held.keys()
        assert [name for name in spilled if spilled[name] != held[name]] == []

        notes.write_text(f"# Notes\n\nSee [nothing](papers/{slug}/index.md#ref-9999).\n")
        result = _mkdocs(project, "mkdocs-spill.yml", project / "site-broken")
        assert result.returncode != 0
        assert "does not contain an anchor '#ref-9999'" in result.stderr
    finally:
        notes.unlink()


@pytest.mark.slow
def test_deferred_html_changes_no_output(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The templates wrap their HTML blocks so that MkDocs' parsers skip them
    (render/deferred.py) and the hook unwraps them: the site must be byte for
    byte the one built from pages written without the wrappers."""
    from build_docs.render import environment
    from build_docs.render.deferred import MARK_OPEN
    from build_docs.site import build

    plain = project / "docs-plain"
    shutil.copytree(project / "docs", plain)
    monkeypatch.setitem(environment().filters, "defer", lambda html: html)  # a filter block that changes nothing
    build(project / "seeds", plain, cache_dir=None, workers=1)
    deferred_pages = [p.read_text() for p in (project / "docs" / "papers").glob("*/index.md")]
    assert deferred_pages and all(page.count(MARK_OPEN) >= 4 for page in deferred_pages)
    assert not any(MARK_OPEN in p.read_text() for p in plain.rglob("*.md"))

    (project / "mkdocs-plain.yml").write_text(
        "INHERIT: mkdocs.yml\ndocs_dir: docs-plain\nextra:\n  archive:\n    generate: false\n")
    (project / "mkdocs-deferred.yml").write_text("INHERIT: mkdocs.yml\nextra:\n  archive:\n    generate: false\n")
    deferred, written_plain = _built_sites(project, "deferred", "plain")
    assert deferred.keys() == written_plain.keys()
    assert [name for name in deferred if deferred[name] != written_plain[name]] == []
    assert not any(b"data-build-docs-deferred" in data for data in deferred.values())


def test_missing_seeds_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("--seeds", str(tmp_path / "nope"), "--out", str(tmp_path / "docs"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_file_is_named_and_others_still_built(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "004_b837155f77e040bd.txt", seeds)
    (seeds / "empty.txt").write_text("  \n")
    (seeds / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run_cli("--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--no-cache")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("image.txt" in line and "binary" in line for line in lines)
    assert "Traceback" not in result.stderr
    assert len(json.loads((tmp_path / "docs" / "catalog.json").read_text())["papers"]) == 1


def test_help_explains_every_option() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for option in ("--seeds", "--out", "--cache", "--no-cache", "--jobs", "--strict", "--json"):
        assert option in result.stdout
    assert run_cli("--bogus").returncode == 2


def test_generated_files_are_not_committed(project: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    manifest = json.loads((project / "docs" / ".build-manifest.json").read_text())["files"]
    assert not {f"docs/{name}" for name in manifest} & set(tracked)
