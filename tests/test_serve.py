"""``mkdocs serve`` end to end: an edited seed is rebuilt once, not twice.

The hook writes the edited paper's pages into ``docs/`` during the build;
MkDocs watches ``docs/`` and would build again for those writes
(:mod:`build_docs.watch`). A hand-written page still triggers a build.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _copy_project

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Serve:
    """``mkdocs serve`` in a subprocess, its log collected by a thread."""

    def __init__(self, root: Path):
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{_free_port()}"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for(self, pattern: str, count: int = 1, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while sum(1 for line in list(self.lines) if re.search(pattern, line)) < count:
            assert self.process.poll() is None, "\n".join(self.lines[-40:])
            assert time.monotonic() < deadline, f"no {pattern!r} x{count}:\n" + "\n".join(self.lines[-40:])
            time.sleep(0.1)

    def builds(self) -> int:
        return sum(1 for line in list(self.lines) if "Building documentation" in line)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Serve]]:
    root = _copy_project(tmp_path)
    (root / "seeds").unlink()  # a copy, not the link to the repository's seeds: this test edits them
    shutil.copytree(ROOT / "seeds", root / "seeds")
    serve = Serve(root)
    try:
        serve.wait_for("Serving on")
        yield root, serve
    finally:
        serve.process.terminate()
        serve.process.wait(30)


@pytest.mark.slow
def test_an_edited_seed_is_built_once_and_a_hand_written_page_still_rebuilds(served: tuple[Path, Serve]) -> None:
    root, serve = served
    first = serve.builds()
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    paragraph = max(text.split("\n"), key=len)
    seed.write_text(text.replace(paragraph, paragraph + " An editor added this sentence."), encoding="utf-8")
    serve.wait_for(r"1 processed")
    serve.wait_for("Reloading browsers", count=1)
    time.sleep(3)  # a second build would have started by now
    assert serve.builds() == first + 1, "\n".join(serve.lines[-30:])
    pages = list((root / "docs" / "papers").glob("*/index.md"))
    assert any("An editor added this sentence." in page.read_text(encoding="utf-8") for page in pages)

    about = root / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA line written by hand.\n", encoding="utf-8")
    serve.wait_for("Reloading browsers", count=2)
    assert serve.builds() == first + 2
