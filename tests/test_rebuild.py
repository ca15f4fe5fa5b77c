"""A rebuild finds what changed without reading what did not.

Seeds and sidecars are hashed once and then known by their stat
(``site.FileDigests``, as git's index): these tests hold that shortcut to
finding every change, including one that keeps the file's size and mtime.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_docs import site
from build_docs.repair import lexicon

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for seed in sorted((ROOT / "seeds").glob("*.txt"))[:2]:
        shutil.copy(seed, seeds / seed.name)
    # Trust a file's stat at once (by default only once it is 2 s older than
    # the look), so that the shortcut is what these tests exercise.
    monkeypatch.setattr(site.FileDigests, "RACY_NS", 0)
    report = site.build(seeds, tmp_path / "docs", cache_dir=tmp_path / "cache")
    assert report.processed == 2
    return tmp_path


def test_unchanged_seeds_and_sidecars_are_not_read_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real_read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        read.append(path.name)
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert report.from_cache == 2
    seeds = {p.name for p in (archive / "seeds").iterdir()}
    assert not seeds & set(read)


def test_a_seed_rewritten_with_its_size_and_mtime_kept_is_built_again(archive: Path) -> None:
    seed = sorted((archive / "seeds").glob("*.txt"))[0]
    before = os.stat(seed)
    text = seed.read_text(encoding="utf-8")
    word = next(w for w in text.split() if w.isalpha() and w.islower() and len(w) >= 8)
    changed = word[::-1]
    seed.write_text(text.replace(word, changed, 1), encoding="utf-8")
    os.utime(seed, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or a restore would
    assert os.stat(seed).st_size == before.st_size
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.from_cache) == (1, 1)
    pages = "".join(p.read_text(encoding="utf-8") for p in (archive / "docs" / "papers").glob("*/index.md"))
    assert changed in pages


def test_an_edited_sidecar_is_read_again(archive: Path) -> None:
    seed = sorted((archive / "seeds").glob("*.txt"))[0]
    seed.with_suffix(".yml").write_text('title: "A Title Set By Hand"\n', encoding="utf-8")
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.from_cache) == (1, 1)
    catalog = (archive / "docs" / "catalog.json").read_text(encoding="utf-8")
    assert "A Title Set By Hand" in catalog


def test_a_cache_removed_under_a_running_process_is_rebuilt(archive: Path) -> None:
    """Summaries read once are remembered in the process (for ``mkdocs serve``),
    but only while their cache file exists: removing the cache and the pages
    makes the next build in the same process build the papers again."""
    assert site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache").from_cache == 2
    shutil.rmtree(archive / "cache")
    shutil.rmtree(archive / "docs" / "papers")
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.problems) == (2, [])
    assert len(list((archive / "docs" / "papers").glob("*/index.md"))) == 2


def _rebuild_in_a_fresh_interpreter(archive: Path, *shown: str) -> list[str]:
    """Build ``archive`` again in a new Python process, as the command does;
    the values of the ``shown`` expressions afterwards (``report``, ``sys``)."""
    script = ("import sys\nfrom pathlib import Path\nfrom build_docs import site\n"
              f"base = Path({str(archive)!r})\n"
              "report = site.build(base / 'seeds', base / 'docs', cache_dir=base / 'cache')\n"
              f"print({', '.join(shown)})\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_build_with_every_paper_cached_does_not_load_the_pipeline(archive: Path) -> None:
    """The pipeline (ftfy, the passes: 0.15 s of imports) loads only when a
    paper must be processed, so a rebuild that changes nothing starts quickly."""
    shown = _rebuild_in_a_fresh_interpreter(archive, "report.from_cache", "'build_docs.pipeline' in sys.modules")
    assert shown == ["2", "False"]


# --- a change of the rendering code alone ------------------------------------

def _docs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".build-manifest.json"}


def test_a_change_of_the_rendering_code_renders_again_without_processing(
        archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The processed papers are kept by the pipeline's own fingerprint: when
    only the rendering code changed (the whole code's fingerprint differs),
    the pages come from them, the same bytes, and nothing is processed."""
    before = _docs(archive / "docs")
    old_version = site.Cache(archive / "cache").root
    monkeypatch.setattr(site, "code_fingerprint", lambda: "0" * 16)  # a template was edited

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("processed again")

    monkeypatch.setattr(site, "_process_seed", must_not_run)
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.rerendered, report.from_cache, report.problems) == (0, 2, 0, [])
    assert "2 re-rendered" in report.summary()
    assert _docs(archive / "docs") == before
    assert not old_version.exists()  # the old rendering's folder is swept; the processed papers stay
    assert list(site.Cache(archive / "cache").paper_root.rglob("*.paper"))


def test_a_change_of_the_pipeline_processes_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_papers = site.Cache(archive / "cache").paper_root
    monkeypatch.setattr(site, "code_fingerprint", lambda: "1" * 16)
    monkeypatch.setattr(site, "pipeline_fingerprint", lambda: "2" * 16)  # a repair pass was edited
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.rerendered) == (2, 0)
    assert not old_papers.exists()


def test_the_pipeline_imports_none_of_the_rendering_code() -> None:
    """What the pipeline fingerprint leaves out must not change a processed
    paper: the text pipeline, imported alone, loads none of it."""
    script = ("import sys\nimport build_docs.pipeline, build_docs.sidecar\n"
              "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('build_docs')))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    package = ROOT / "build_docs"
    loaded = [Path(line).resolve().relative_to(package.resolve()).as_posix() for line in result.stdout.split()]
    assert "pipeline.py" in loaded and "repair/words.py" in loaded
    assert [name for name in loaded if name.startswith(site.RENDERING_CODE)] == []


def test_a_damaged_processed_paper_is_processed_again(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A truncated or foreign ``.paper`` entry is a miss, never an error."""
    entries = sorted(site.Cache(archive / "cache").paper_root.rglob("*.paper"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:100])
    entries[1].write_bytes(b"not a paper")
    monkeypatch.setattr(site, "code_fingerprint", lambda: "0" * 16)
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert (report.processed, report.rerendered, report.problems) == (2, 0, [])


# --- citation entries kept in the cache ---------------------------------------

def _edit_body(seed: Path) -> None:
    lines = seed.read_text(encoding="utf-8").split("\n")
    k = next(k for k in range(len(lines) // 2, len(lines)) if len(lines[k].strip()) > 60)
    lines[k] = lines[k].rstrip() + " An editor added this sentence."
    seed.write_text("\n".join(lines), encoding="utf-8")


def test_a_body_edit_cites_the_paper_without_citeproc(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The APA and Chicago entries depend on the metadata only: after an edit
    to the body they come from the cache, and the process never imports
    citeproc-py (50 ms of a one-paper rebuild), nor wordfreq (0.3 s). The
    pages are the bytes a build without any cache writes."""
    _edit_body(sorted((archive / "seeds").glob("*.txt"))[0])
    shown = _rebuild_in_a_fresh_interpreter(archive, "report.processed", "'citeproc' in sys.modules",
                                            "'wordfreq' in sys.modules")
    # nor wordfreq, its words coming from the lexicon's table (unless this
    # machine's cache folder cannot hold one: then wordfreq answers)
    table_available = lexicon._open_table() is not None
    assert shown == ["1", "False", str(not table_available)]
    fresh = tmp_path_factory.mktemp("uncached") / "docs"
    site.build(archive / "seeds", fresh)
    assert _docs(archive / "docs") == _docs(fresh)


def test_a_metadata_edit_cites_the_paper_anew(archive: Path) -> None:
    seed = sorted((archive / "seeds").glob("*.txt"))[0]
    site.sidecar_path(seed).write_text("title: A Corrected Title of Rivers\n", encoding="utf-8")
    report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    assert report.processed == 1
    page = (archive / "docs" / "papers" / "a-corrected-title-of-rivers" / "index.md").read_text(encoding="utf-8")
    for style in ("apa", "chicago"):
        entry = next(line for line in page.splitlines() if f'id="cite-{style}"' in line)
        assert "A Corrected Title of Rivers" in entry


@pytest.mark.parametrize(("library", "processed", "rerendered"), [("wordfreq", 2, 0), ("jinja2", 0, 2)])
def test_a_library_upgrade_redoes_what_the_library_made(archive: Path, monkeypatch: pytest.MonkeyPatch,
                                                        library: str, processed: int, rerendered: int) -> None:
    """A pin raised in pyproject.toml, with the package's own code unchanged:
    a pipeline library's new version processes the papers again, a rendering
    library's renders them again from the processed papers."""
    versions = {**site.installed_versions(), library: "99.0"}
    monkeypatch.setattr(site, "installed_versions", lambda: versions)
    site.code_fingerprint.cache_clear()
    site.pipeline_fingerprint.cache_clear()
    try:
        report = site.build(archive / "seeds", archive / "docs", cache_dir=archive / "cache")
    finally:
        site.code_fingerprint.cache_clear()
        site.pipeline_fingerprint.cache_clear()
    assert (report.processed, report.rerendered, report.from_cache) == (processed, rerendered, 0)


def test_installed_versions_read_wheel_and_debian_metadata_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("Foo_Bar-1.2.dist-info", "PyYAML-5.4.1-py3.11.egg-info", "charset_normalizer-3.0.egg-info"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    site.installed_versions.cache_clear()
    try:
        assert site.installed_versions() == {"foo_bar": "1.2", "pyyaml": "5.4.1", "charset_normalizer": "3.0"}
    finally:
        site.installed_versions.cache_clear()
