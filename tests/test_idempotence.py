"""Ownership, idempotence, determinism and site integrity of a build.

* a second build with no change rewrites nothing (bytes and mtimes) and says
  ``0 files written``; removing a seed removes its pages; hand-written files
  are never touched; a leftover ``.tmp-*`` file is cleared;
* the same inputs give byte-identical ``docs/`` whatever the file creation
  order, ``PYTHONHASHSEED``, locale or ``--jobs``;
* every internal link and ``#anchor`` of the built site resolves, and the
  build asks no external host for anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from build_docs.site import WRITING_MARK

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
HAND_WRITTEN = ("index.md", "about.md", "assets")
SITE_PREFIX = "/"


def cli(seeds: Path, out: Path, *args: str, env: dict | None = None, cache: Path | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "build_docs", "--seeds", str(seeds), "--out", str(out), *args]
    command += ["--cache", str(cache)] if cache else ["--no-cache"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=900,
                            env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def hand_written(docs: Path) -> None:
    (docs / "assets").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nWritten by hand.\n", encoding="utf-8")
    (docs / "about.md").write_text("# About\n", encoding="utf-8")
    (docs / "assets" / "archive.css").write_text("body {}\n", encoding="utf-8")
    (docs / "papers").mkdir(exist_ok=True)
    (docs / "papers" / "notes.md").write_text("hand-written notes inside a generated folder\n", encoding="utf-8")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


def test_second_build_rewrites_nothing_and_ownership(tmp_path: Path, seeds: Path) -> None:
    docs = tmp_path / "docs"
    hand_written(docs)
    mine = {name: value for name, value in snapshot(docs).items()}
    time.sleep(0.01)
    first = cli(seeds, docs, "-j", "1", cache=tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    before = snapshot(docs)
    assert len(before) > len(mine)
    time.sleep(0.05)
    second = cli(seeds, docs, "-j", "1", cache=tmp_path / "cache")
    assert second.returncode == 0, second.stderr
    assert "0 files written" in second.stdout, second.stdout
    assert snapshot(docs) == before  # same bytes AND same mtimes
    # the same with the cache off: the output is still not rewritten
    third = cli(seeds, docs, "-j", "1")
    assert "0 files written" in third.stdout and snapshot(docs) == before
    for name, value in mine.items():
        assert snapshot(docs)[name] == value, name  # hand-written files untouched

    # a leftover temp file from an interrupted build is removed by the next build
    leftover = docs / "papers" / ".tmp-abc123"
    leftover.write_bytes(b"half a page")
    (docs / WRITING_MARK).touch()  # what a build killed while writing leaves behind
    cli(seeds, docs, "-j", "1", cache=tmp_path / "cache")
    assert not leftover.exists() and not (docs / WRITING_MARK).exists()

    # removing a seed removes its generated pages, nothing else
    removed = SEEDS[0].name
    slug_dirs = {p.parent.name for p in docs.glob("papers/*/paper.json")}
    (seeds / removed).unlink()
    fourth = cli(seeds, docs, "-j", "1", cache=tmp_path / "cache")
    assert fourth.returncode == 0
    left = {p.parent.name for p in docs.glob("papers/*/paper.json")}
    assert len(left) == len(slug_dirs) - 1
    gone = (slug_dirs - left).pop()
    assert not (docs / "papers" / gone).exists()
    for name, value in mine.items():
        assert snapshot(docs)[name] == value, name
    assert re.search(r"[1-9]\d* removed", fourth.stdout), fourth.stdout


def test_generated_file_edited_by_hand_is_restored(tmp_path: Path, seeds: Path) -> None:
    docs = tmp_path / "docs"
    cli(seeds, docs, "-j", "1")
    page = next(docs.glob("papers/*/index.md"))
    page.write_text("vandalised\n", encoding="utf-8")
    result = cli(seeds, docs, "-j", "1")
    assert "1 files written" in result.stdout, result.stdout
    assert page.read_text(encoding="utf-8") != "vandalised\n"


# -- determinism --------------------------------------------------------------------


def _build_variant(tmp_path: Path, name: str, order: list[Path], env: dict | None = None, jobs: str = "1") -> dict[str, bytes]:
    seeds = tmp_path / name / "seeds"
    seeds.mkdir(parents=True)
    for seed in order:
        shutil.copy(seed, seeds / seed.name)
    # a duplicate title and an awkward name make slug assignment part of the check
    shutil.copy(SEEDS[0], seeds / f"copy of {SEEDS[0].name}")
    docs = tmp_path / name / "docs"
    result = cli(seeds, docs, "-j", jobs, env=env)
    assert result.returncode == 0, result.stderr
    return contents(docs)


def test_output_is_byte_identical_across_order_hashseed_locale_and_jobs(tmp_path: Path) -> None:
    reference = _build_variant(tmp_path, "ref", SEEDS, env={"PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"})
    variants = {
        "reversed order": _build_variant(tmp_path, "rev", list(reversed(SEEDS))),
        "hash seed 1": _build_variant(tmp_path, "h1", SEEDS, env={"PYTHONHASHSEED": "1"}),
        "hash seed 12345": _build_variant(tmp_path, "h2", SEEDS, env={"PYTHONHASHSEED": "12345"}),
        "LC_ALL=C": _build_variant(tmp_path, "c", SEEDS, env={"LC_ALL": "C", "LANG": "C"}),
        "jobs 2": _build_variant(tmp_path, "j2", SEEDS, jobs="2"),
    }
    for label, built in variants.items():
        assert sorted(built) == sorted(reference), label
        different = [name for name in reference if built[name] != reference[name]]
        assert not different, f"{label}: {different}"


# -- site integrity -----------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if values.get(key) and not (tag == "link" and values.get("rel") in {"canonical"}):
                self.links.append((tag, values[key]))


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built with the external network unreachable."""
    tmp = tmp_path_factory.mktemp("site")
    project = tmp / "project"
    project.mkdir()
    for item in ("mkdocs.yml", "overrides", "seeds", "build_docs"):
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, project / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, project / item)
    docs = project / "docs"
    docs.mkdir()
    for keep in HAND_WRITTEN:
        source = ROOT / "docs" / keep
        if source.is_dir():
            shutil.copytree(source, docs / keep)
        elif source.exists():
            shutil.copy(source, docs / keep)
    dead = "http://127.0.0.1:9"  # discard port: nothing listens
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HTTP_PROXY": dead, "HTTPS_PROXY": dead,
           "http_proxy": dead, "https_proxy": dead, "ALL_PROXY": dead, "NO_PROXY": "", "no_proxy": ""}
    result = subprocess.run([sys.executable, "-m", "build_docs", "--seeds", "seeds", "--out", "docs", "-j", "1",
                             "--cache", str(tmp / "cache")], cwd=project, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "--strict", "-d", str(tmp / "site")], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    return tmp / "site"


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken = _broken_links(built_site)
    assert not broken, broken[:20]


def _broken_links(built_site: Path) -> list[tuple[str, str, str]]:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    site_url = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)["site_url"]
    global SITE_PREFIX
    SITE_PREFIX = urlsplit(site_url).path.rstrip("/") + "/"
    pages: dict[Path, _Links] = {}
    for path in built_site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = parser
    assert len(pages) > 5
    broken = []
    for path, parser in pages.items():
        for _tag, url in parser.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("javascript:", "mailto:", "data:")):
                continue
            if parts.path.startswith("/"):  # absolute, under site_url's path (404.html)
                assert parts.path.startswith(SITE_PREFIX), url
                target = (built_site / unquote(parts.path[len(SITE_PREFIX):])).resolve()
            else:
                target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((path.relative_to(built_site.resolve()).as_posix(), url, "missing file"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else set()
                if fragment not in ids:
                    broken.append((path.relative_to(built_site.resolve()).as_posix(), url, "missing anchor"))
    return broken


def test_no_external_script_or_stylesheet(built_site: Path) -> None:
    external = []
    for path in built_site.rglob("*.html"):
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for tag, url in parser.links:
            host = urlsplit(url).netloc
            if host and tag in {"script", "link", "img", "iframe", "source"}:
                external.append((path.name, tag, url))
    assert not external, external[:10]
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, css


def test_google_fonts_are_off() -> None:
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert config["theme"]["font"] is False
