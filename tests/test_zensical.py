"""The generated docs/ and mkdocs.yml also build with Zensical (Material's successor)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ZENSICAL = Path(sys.executable).with_name("zensical")


@pytest.mark.slow
@pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical is not installed (pip install -e '.[test]')")
def test_zensical_builds_the_generated_site(tmp_path: Path) -> None:
    for name in ("mkdocs.yml", "docs", "overrides", "seeds"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name,
                            ignore=shutil.ignore_patterns("papers", "archive", "schema", "catalog.json", ".build-manifest.json"))
        else:
            shutil.copy(source, tmp_path / name)
    # Zensical does not run MkDocs hooks: generate docs/ first, as `make site-zensical` does.
    built = subprocess.run([sys.executable, "-m", "build_docs", "--seeds", "seeds", "--out", "docs", "--no-cache"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    result = subprocess.run([str(ZENSICAL), "build", "-f", "mkdocs.yml", "--clean"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    pages = sorted(site.glob("papers/*/index.html"))
    assert len(pages) == 2
    html = pages[-1].read_text(encoding="utf-8")
    assert 'name="citation_title"' in html and 'name="citation_author"' in html
    assert 'class="illegible"' in html
    # The blocks marked for the MkDocs hook (render/deferred.py) are plain HTML here: nothing hidden in a script.
    assert "data-build-docs-deferred" not in html and '<ol class="paper-references">' in html
    assert '<details class="paper-repairs__rule">' in html
    assert (site / "archive" / "keywords" / "index.html").is_file()
    assert "archive-item" in (site / "index.html").read_text(encoding="utf-8")  # snippet of recent papers
