"""The editor's loop under ``mkdocs serve --dirty``: from saving a seed to the
served paper page holding the change.

    .venv/bin/python benchmarks/serve_loop.py --papers 400 1600
    .venv/bin/python benchmarks/serve_loop.py --papers 100 --edits 5 --pause 2

For each size it generates the bench corpus (``benchmarks/corpus.py``) under
``bench-out/serve-nN/``, starts ``mkdocs serve --dirty`` on it with the
project's hook and search backend (the pipeline and Pagefind run as under a
real ``make serve SERVE_FLAGS=--dirty``), waits for the first build and for
Pagefind's background indexing to settle, then edits one seed at a time
(``corpus.edit_one``) and polls the served page until the added sentence is
there. It prints, per edit, that time and the number of builds MkDocs ran
for it (one is right: the build's own writes into ``docs/`` must not ask for
another). Prints only; BENCHMARKS.md quotes the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench  # noqa: E402
import corpus  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(work: Path) -> Path:
    """The bench's MkDocs config, with the pipeline, Pagefind and the seeds watched."""
    path = bench.mkdocs_config(work, "pagefind")
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["extra"]["archive"].update({"generate": True, "pagefind": True})
    config["watch"] = [str(work / "seeds")]
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _page_url(base: str, slug: str) -> str:
    return f"{base}paper-archive/papers/{slug}/"


def measure(papers: int, edits: int, pause: float) -> list[tuple[float, int]]:
    work = bench.OUT / f"serve-n{papers}"
    corpus.generate(papers, work / "seeds")
    bench.static_docs(work / "docs")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(_config(work)), "-a", f"127.0.0.1:{port}"],
        cwd=bench.ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip() for line in server.stdout or ()), daemon=True).start()
    results = []
    try:
        started = time.monotonic()
        while not any("Serving on" in line for line in lines):
            if server.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(lines[-30:]))
            time.sleep(0.2)
        print(f"N={papers}: first build and serving after {time.monotonic() - started:.1f} s", flush=True)
        time.sleep(pause * 5)  # Pagefind's first index, in the background
        catalog = json.loads((work / "docs" / "catalog.json").read_text(encoding="utf-8"))
        for k in range(edits):
            entry = catalog["papers"][(7 * k + 3) % len(catalog["papers"])]
            stamp = f"serve-loop {time.time_ns()}"
            builds_before = sum("Building documentation" in line for line in lines)
            edited = time.monotonic()
            corpus.edit_one(work / "seeds" / entry["source"], stamp)
            while stamp not in _fetch(_page_url(f"http://127.0.0.1:{port}/", entry["slug"])):
                if time.monotonic() - edited > 120:
                    raise SystemExit("the edit never showed:\n" + "\n".join(lines[-30:]))
                time.sleep(0.05)
            seen = time.monotonic() - edited
            time.sleep(pause)  # a second build, if one were coming, would have started
            builds = sum("Building documentation" in line for line in lines) - builds_before
            results.append((seen, builds))
            print(f"  edit {k + 1}: shown after {seen:.2f} s, {builds} build(s)", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(60)
    return results


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8", "replace"))
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[400])
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--pause", type=float, default=6.0, help="seconds between edits (default 6)")
    args = parser.parse_args()
    for papers in args.papers:
        results = measure(papers, args.edits, args.pause)
        times = sorted(seen for seen, _ in results)
        builds = {count for _, count in results}
        print(f"N={papers}: edit shown after {times[0]:.2f}-{times[-1]:.2f} s; builds per edit: "
              f"{', '.join(map(str, sorted(builds)))}", flush=True)
        if builds != {1}:
            print(f"N={papers}: WARNING: an edit did not build exactly once", flush=True)


if __name__ == "__main__":
    main()
