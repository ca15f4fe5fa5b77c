"""Shared fixtures: a built copy of the site, and that site served on localhost.

``built_site`` builds the project's seeds into a temporary copy of ``docs/``
(the repository's own ``docs/`` and ``site/`` are never touched) and returns
the folder of the built HTML. ``served_site`` serves it with ``http.server``
on a free port and returns the base URL (ending in ``/``). Both are session
scoped: every test module shares one build.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Generated into docs/ by the build; never copied from the working tree, so a
# stale page of a removed seed cannot leak into the test site.
GENERATED_DOCS = ("papers", "schema", "catalog.json", ".build-manifest.json")


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n"
                           f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")


@pytest.fixture(scope="session")
def site_project() -> Iterator[Path]:
    """A temporary project root: copies of mkdocs.yml, docs/ and overrides/,
    links to seeds/ and build_docs/ (the MkDocs hook is loaded from there).

    A private temporary folder, not pytest's tmp_path_factory: another pytest
    session on the same machine prunes old pytest-of-<user> folders and could
    delete the site from under a long browser run.
    """
    with tempfile.TemporaryDirectory(prefix="archive-site-") as folder:
        yield _copy_project(Path(folder))


def _copy_project(root: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs", ignore=shutil.ignore_patterns(*GENERATED_DOCS))
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "seeds").symlink_to(ROOT / "seeds", target_is_directory=True)
    (root / "build_docs").symlink_to(ROOT / "build_docs", target_is_directory=True)
    return root


@pytest.fixture(scope="session")
def built_site(site_project: Path) -> Path:
    """Build the seeds with the CLI, then MkDocs (--strict); return the site folder."""
    root = site_project
    site = root / "site"
    _run([sys.executable, "-m", "build_docs", "--seeds", "seeds", "--out", "docs",
          "--cache", str(root / ".cache" / "build_docs"), "--quiet"], cwd=root)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
              "-d", str(site)]
    _run(mkdocs, cwd=root, env={"NO_MKDOCS_2_WARNING": "1"})
    assert (site / "index.html").is_file(), "MkDocs wrote no index.html"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<free port>/ (served from a thread)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="served_site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# One Playwright instance per test session: the sync API cannot nest, so every
# browser test (test_browser.py, test_search_backend.py) shares this browser.
#: Debian's Chromium by default; CHROMIUM=/path/to/chrome for other machines
#: (the GitHub workflow points it at the runner's Google Chrome).
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
