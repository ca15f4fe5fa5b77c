"""Performance and scale benchmark of the archive build.

    .venv/bin/python benchmarks/bench.py                      # sizes 100 400 1600
    .venv/bin/python benchmarks/bench.py --sizes 50 200       # quicker
    .venv/bin/python benchmarks/bench.py --no-write           # print, leave BENCHMARKS.md alone

For each size N it generates a synthetic corpus of N papers from ``seeds/``
(``benchmarks/corpus.py``: different titles, authors, page ranges, keywords,
shuffled paragraphs, OCR garbles) under ``bench-out/nN/`` and measures, each
stage as its own subprocess (so ``getrusage(RUSAGE_CHILDREN)`` gives that
stage's peak RSS, pool workers included):

* preprocessing cold: ``python -m build_docs`` with an empty cache;
* preprocessing warm: the same after one seed is edited (one paper redone);
* ``mkdocs build`` of the generated ``docs/`` alone (``extra.archive.generate:
  false``), once with the lunr search and once with Pagefind (which includes
  the ``python -m pagefind`` run of the hook's ``on_post_build``);
* the built site: total bytes, bytes of a paper page (mean ``index.html`` of
  ``papers/*/``), the search index (total and per paper), and the bytes a first
  search downloads: lunr's whole ``search_index.json``; for Pagefind, every
  response under ``pagefind/`` (plus the dialog's own script and stylesheet)
  that headless Chromium fetches while searching for a common surname (falls
  back to an estimate from the bundle's files when Playwright or
  ``/usr/bin/chromium`` is missing);
* once, at the smallest size: that a single-process build (``--jobs 1``)
  writes byte-identical ``docs/`` to the parallel one.

It then checks the targets as ratios (time(4N)/time(N), memory, page size, ...)
and writes the tables, the machine and this command into ``BENCHMARKS.md``
between the ``bench:begin`` / ``bench:end`` markers. Raw numbers go to
``bench-out/results.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

OUT = ROOT / "bench-out"
COMMON_SURNAME = corpus.COMMON_SURNAMES[0]
CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

WRAPPER = r"""
import json, resource, subprocess, sys, time
started = time.perf_counter()
result = subprocess.run(sys.argv[2:], capture_output=True, text=True)
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as stream:
    json.dump({"rc": result.returncode, "wall": wall, "peak_rss_kb": usage.ru_maxrss,
               "cpu": usage.ru_utime + usage.ru_stime,
               "stdout": result.stdout[-3000:], "stderr": result.stderr[-3000:]}, stream)
"""


# A warm rebuild as under `mkdocs serve`: the hook calls site.build in the
# process that built before, so imports, word lists and styles are loaded.
IN_PROCESS_WARM = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
import corpus
from build_docs.site import build, warm_up
seeds, out, cache = map(Path, sys.argv[1:4])
build(seeds, out, cache_dir=cache)
warm_up()  # what the hook's background thread does after serve's first build
corpus.edit_one(seeds / sys.argv[5], stamp=f"in process {time.time()}")
started = time.perf_counter()
report = build(seeds, out, cache_dir=cache)
print(json.dumps({"wall": time.perf_counter() - started, "summary": report.summary()}))
"""


#: What a rebuild that processes one paper imports (``-X importtime`` of one).
ONE_PAPER_IMPORTS = "import build_docs.cli, build_docs.site, build_docs.pipeline, ftfy, yaml, sqlite3"


def stage(command: list[str], label: str) -> dict[str, Any]:
    """Run ``command`` in a fresh wrapper process; wall time, CPU time and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report = Path(handle.name)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    # Python's default: bytecode is cached. Some machines set this variable
    # (this one does), which would recompile the package on every run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", WRAPPER, str(report), *command], cwd=ROOT, env=env, check=True)
    result = json.loads(report.read_text())
    report.unlink()
    if result["rc"] not in (0, 1):
        raise SystemExit(f"{label} failed (exit {result['rc']}):\n{result['stderr']}{result['stdout']}")
    print(f"  {label}: {result['wall']:.1f}s, cpu {result['cpu']:.1f}s, peak RSS {result['peak_rss_kb'] / 1024:.0f} MiB",
          flush=True)
    return result


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    from importlib.metadata import version

    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem_kb / 1024 / 1024, 1),
            "python": platform.python_version(), "os": platform.platform(),
            "mkdocs": version("mkdocs"), "mkdocs-material": version("mkdocs-material"),
            "pagefind": version("pagefind")}


def static_docs(target: Path) -> None:
    """The hand-written part of docs/ (what git tracks), copied into ``target``."""
    files = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    for name in files:
        source = ROOT / name
        if source.is_file():
            destination = target / Path(name).relative_to("docs")
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def mkdocs_config(work: Path, backend: str) -> Path:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(work / "docs")
    config["site_dir"] = str(work / f"site-{backend}")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["hooks"] = [str(ROOT / hook) for hook in config.get("hooks", [])]
    config.pop("watch", None)
    archive = config.setdefault("extra", {}).setdefault("archive", {})
    # Pagefind's indexing is timed as a stage of its own (see run_size).
    archive.update({"seeds": str(work / "seeds"), "cache": str(work / "cache"), "generate": False,
                    "search": backend, "pagefind": False})
    path = work / f"mkdocs-{backend}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def shard_pages() -> int:
    """Pages per Pagefind run, as ``mkdocs.yml`` sets it for the hook."""
    sys.path.insert(0, str(ROOT))
    from build_docs.search import SHARD_PAGES

    archive = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["archive"]
    return int(archive.get("search_shard_pages", SHARD_PAGES))


def shards(site: dict[str, Any]) -> str:
    count = site.get("pagefind_shards", 1)
    return f"{count} shard{'s' if count != 1 else ''}"


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def same_tree(a: Path, b: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on one side or other bytes)."""
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(n) for n in names_a ^ names_b)
    differ += sorted(str(n) for n in names_a & names_b if not filecmp.cmp(a / n, b / n, shallow=False))
    return differ


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "") -> Iterator[str]:
    """Serve ``folder`` at ``http://127.0.0.1:<port>/<prefix>`` (a subpath, like
    GitHub Pages) while the block runs; yields that URL. The temporary folder
    holding the mount is removed afterwards."""
    with contextlib.ExitStack() as stack:
        root = folder
        if prefix:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-serve-")))
            mount = root / prefix
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(folder, target_is_directory=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
        stack.callback(server.server_close)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stack.callback(server.shutdown)
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix + '/' if prefix else ''}"


def pagefind_first_search(site: Path, query: str) -> dict[str, Any]:
    """Bytes the browser fetches for the first search: a headless fetch log."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return pagefind_estimate(site)
    if not CHROMIUM.exists():
        return pagefind_estimate(site)
    fetched: dict[str, int] = {}
    paper = next(p for p in sorted((site / "papers").glob("*/index.html")))
    with serve(site, "archive") as base, sync_playwright() as pw:
        url = base + paper.parent.relative_to(site).as_posix() + "/"
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        page = browser.new_page()
        page.goto(url, wait_until="networkidle")

        def record(response: Any) -> None:
            if "/pagefind/" in response.url:
                with contextlib.suppress(Exception):  # a redirect has no body
                    fetched[response.url.split("/archive/", 1)[-1].split("?")[0]] = len(response.body())

        page.on("response", record)
        page.click(".archive-search-box__field")
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        results = page.locator(".pagefind-ui__result").count()
        message = page.locator(".pagefind-ui__message").first.inner_text()
        browser.close()
    return {"method": "headless fetch log", "bytes": sum(fetched.values()), "files": fetched,
            "transfer_bytes": sum(transfer_size(site / name) for name in fetched),
            "results_shown": results, "message": message}


def transfer_size(path: Path) -> int:
    """Bytes on the wire from a server that gzips text (GitHub Pages does):
    Pagefind's index, fragments and wasm are gzipped already."""
    data = path.read_bytes()
    if path.suffix in {".js", ".css", ".json", ".html"}:
        return len(gzip.compress(data, 6))
    return len(data)


def shard_paths(bundle: Path) -> list[str]:
    """The shards merged into the main bundle (``shards.json``; none for an unsharded bundle)."""
    listing = bundle / "shards.json"
    return json.loads(listing.read_text())["shards"] if listing.exists() else []


def pagefind_estimate(site: Path) -> dict[str, Any]:
    """Without a browser: the fixed files, each shard's metadata and largest index chunk,
    and the 5 largest fragments."""
    bundle = site / "pagefind"
    bundles = [bundle] + [bundle / path for path in shard_paths(bundle)]
    fixed = ["pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js", "pagefind-entry.json",
             "wasm.en.pagefind"]
    total = sum((bundle / f).stat().st_size for f in fixed if (bundle / f).exists())
    fragments: list[int] = []
    for part in bundles:
        total += sum(p.stat().st_size for p in part.glob("*.pf_meta"))
        chunks = sorted(p.stat().st_size for p in (part / "index").glob("*.pf_index"))
        total += chunks[-1] if chunks else 0
        fragments += [p.stat().st_size for p in (part / "fragment").glob("*.pf_fragment")]
    total += sum(sorted(fragments)[-5:])
    transfer = total - sum((bundle / f).stat().st_size - transfer_size(bundle / f) for f in fixed if (bundle / f).exists())
    return {"method": "estimate (fixed files + largest chunk + 5 largest fragments)", "bytes": total,
            "transfer_bytes": transfer}


def site_numbers(site: Path, papers: int) -> dict[str, Any]:
    pages = [p.stat().st_size for p in (site / "papers").glob("*/index.html")]
    numbers: dict[str, Any] = {
        "site_bytes": tree_bytes(site),
        "paper_pages": len(pages),
        "paper_page_bytes": sum(pages) / len(pages) if pages else 0,
    }
    index = site / "search" / "search_index.json"
    if index.exists():
        data = index.read_bytes()
        numbers["lunr_index_bytes"] = len(data)
        numbers["lunr_index_gzip_bytes"] = len(gzip.compress(data, 6))
    if (site / "pagefind").is_dir():
        numbers["pagefind_bytes"] = tree_bytes(site / "pagefind")
        # Every shard's index, fragments and filters (build_docs/search.py).
        numbers["pagefind_index_bytes"] = sum(p.stat().st_size for p in (site / "pagefind").rglob("*.pf_*")
                                              if p.parent.name in ("index", "fragment", "filter"))
        numbers["pagefind_shards"] = 1 + len(shard_paths(site / "pagefind"))
        numbers["pagefind_files"] = sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
    index_pages = {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("index.html")
                   if p.parent.parent != site / "papers"}
    if index_pages:
        largest = max(index_pages, key=index_pages.__getitem__)
        numbers["largest_index_page"] = {"path": largest, "bytes": index_pages[largest]}
    numbers["search_bytes_per_paper"] = (numbers.get("lunr_index_bytes") or numbers.get("pagefind_index_bytes", 0)) / max(papers, 1)
    return numbers


def summary_count(stdout: str) -> str:
    return next((line for line in stdout.splitlines() if " papers (" in line), stdout.strip()[-200:])


def run_size(n: int, *, check_identical: bool, backends: list[str]) -> dict[str, Any]:
    print(f"N = {n}", flush=True)
    work = OUT / f"n{n}"
    seeds, docs, cache = work / "seeds", work / "docs", work / "cache"
    for folder in (docs, cache, work / "docs-serial"):
        shutil.rmtree(folder, ignore_errors=True)
    corpus.generate(n, seeds)
    static_docs(docs)
    py = sys.executable
    build = [py, "-m", "build_docs", "--seeds", str(seeds), "--out", str(docs), "--cache", str(cache)]
    result: dict[str, Any] = {"n": n}
    result["cold"] = stage(build, "preprocess cold")
    result["cold"]["summary"] = summary_count(result["cold"]["stdout"])
    for attempt in range(3):
        # If the package's code changed meanwhile (others editing it), the cache is
        # cold again: the retry measures the warm build against the new code.
        corpus.edit_one(seeds / corpus.file_name(n // 2), stamp=str(time.time()))
        result["warm"] = stage(build, "preprocess warm (1 paper edited)")
        result["warm"]["summary"] = summary_count(result["warm"]["stdout"])
        result["warm"]["attempts"] = attempt + 1
        if "(1 processed" in result["warm"]["summary"]:
            break
    # The floor of a one-paper rebuild in a fresh process: the interpreter and
    # what processing and rendering a paper import, before any work.
    result["imports"] = stage([py, "-c", ONE_PAPER_IMPORTS], "interpreter and a one-paper rebuild's imports")
    inner = stage([py, "-c", IN_PROCESS_WARM, str(seeds), str(docs), str(cache), str(Path(corpus.__file__).parent),
                   corpus.file_name(n // 2)], "preprocess warm, in process (as under mkdocs serve)")
    result["warm_in_process"] = json.loads(inner["stdout"].strip().splitlines()[-1])
    print(f"    the rebuild itself: {result['warm_in_process']['wall']:.2f}s "
          f"({result['warm_in_process']['summary']})", flush=True)
    if check_identical:
        serial = work / "docs-serial"
        static_docs(serial)
        stage([py, "-m", "build_docs", "--seeds", str(seeds), "--out", str(serial), "--no-cache", "--jobs", "1"],
              "preprocess single process (--jobs 1, no cache)")
        result["identical_to_single_process"] = same_tree(docs, serial)
        print(f"  parallel == single process: {not result['identical_to_single_process']}", flush=True)
    for backend in backends:
        config = mkdocs_config(work, backend)
        shutil.rmtree(work / f"site-{backend}", ignore_errors=True)
        result[f"mkdocs_{backend}"] = stage([py, "-m", "mkdocs", "build", "-q", "-f", str(config)], f"mkdocs build ({backend})")
        if backend == "pagefind":
            # What the hook's on_post_build runs, as its own process.
            index = ("import sys; from pathlib import Path; from build_docs.search import run_pagefind; "
                     "print(run_pagefind(Path(sys.argv[1]), shard_pages=int(sys.argv[2])))")
            result["pagefind_index"] = stage([py, "-c", index, str(work / "site-pagefind"), str(shard_pages())],
                                             "pagefind indexing")
        result[f"site_{backend}"] = site_numbers(work / f"site-{backend}", n)
        if backend == "pagefind":
            result["pagefind_first_search"] = pagefind_first_search(work / "site-pagefind", COMMON_SURNAME)
            print(f"  first Pagefind search for {COMMON_SURNAME!r}: {result['pagefind_first_search']['bytes'] / 1024:.0f} KiB",
                  flush=True)
    return result


# --- report ----------------------------------------------------------------

def kib(value: float) -> str:
    return f"{value / 1024:,.0f} KiB" if value < 10 * 1024 * 1024 else f"{value / 1024 / 1024:,.1f} MiB"


def measured(value: dict[str, Any] | None, show: Callable[..., str], *args: Any) -> str:
    """``show(value, *args)``, or a dash for what this run did not measure (e.g. ``--backends pagefind``)."""
    return show(value, *args) if value else "–"


def seconds(stage: dict[str, Any], digits: int = 1) -> str:
    return f"{stage['wall']:.{digits}f}"


def mib(stage: dict[str, Any]) -> str:
    return f"{stage['peak_rss_kb'] / 1024:.0f}"


def size(site: dict[str, Any], key: str) -> str:
    return kib(site[key])


def lunr_index(site: dict[str, Any]) -> str:
    return f"{kib(site['lunr_index_bytes'])} ({kib(site['search_bytes_per_paper'])}/paper)"


def pagefind_bundle(site: dict[str, Any], papers: int) -> str:
    return f"{kib(site['pagefind_bytes'])} ({kib(site['pagefind_index_bytes'] / papers)}/paper)"


def lunr_first_search(site: dict[str, Any]) -> str:
    return f"{kib(site['lunr_index_bytes'])} ({kib(site['lunr_index_gzip_bytes'])})"


def first_search(fetched: dict[str, Any]) -> str:
    return f"{kib(fetched['bytes'])} ({kib(fetched['transfer_bytes'])})"


def ratio_line(name: str, value: float | None, target: str, ok: bool | None) -> str:
    verdict = "n/a" if ok is None else ("pass" if ok else "**FAIL**")
    shown = "n/a" if value is None else f"{value:.2f}"
    return f"| {name} | {shown} | {target} | {verdict} |"


def report(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `{command}`.", "",
             f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gib']} GiB RAM, Python {info['python']} "
             f"({info['os']}); mkdocs {info['mkdocs']}, mkdocs-material {info['mkdocs-material']}, pagefind {info['pagefind']}.",
             "", "| papers | cold (s) | papers/s | CPU use | warm (s): command / in process | mkdocs lunr (s) | mkdocs pagefind + indexing (s) | "
             "peak RSS (MiB): cold / mkdocs lunr / mkdocs pagefind / indexing | site (lunr, else Pagefind) | paper page | lunr index | pagefind bundle | first search lunr (gzip) | first search pagefind |",
             "|---:" * 14 + "|"]
    for r in results:
        n = r["n"]
        cold, warm = r["cold"], r["warm"]
        lunr = r.get("mkdocs_lunr")
        pf, pfi = r.get("mkdocs_pagefind"), r.get("pagefind_index")
        sl, sp = r.get("site_lunr"), r.get("site_pagefind")
        site = sl or sp or {}  # page sizes: the lunr site's, or the Pagefind one's when lunr was not built
        first = r.get("pagefind_first_search")
        cores = info["cores"] or 1
        cells = [
            str(n), f"{cold['wall']:.1f}", f"{n / cold['wall']:.1f}", f"{cold['cpu'] / cold['wall'] / cores:.0%} of {cores}",
            f"{warm['wall']:.2f} / {measured(r.get('warm_in_process'), seconds, 2)}",
            measured(lunr, seconds),
            f"{measured(pf, seconds)} + {measured(pfi, seconds)} ({shards(sp or {})})",
            f"{cold['peak_rss_kb'] / 1024:.0f} / {measured(lunr, mib)} / {measured(pf, mib)} / {measured(pfi, mib)}",
            measured(site, size, "site_bytes"), measured(site, size, "paper_page_bytes"),
            measured(sl, lunr_index), measured(sp, pagefind_bundle, n), measured(sl, lunr_first_search),
            measured(first, first_search),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Targets (ratios; 4N/N compares each size with the one a quarter of it):", "",
              "| check | value | target | verdict |", "|---|---:|---|---|"]
    by_n = {r["n"]: r for r in results}
    for r in results:
        n = r["n"]
        lunr_wall = r.get("mkdocs_lunr", {}).get("wall")
        if lunr_wall:
            value = r["cold"]["wall"] / lunr_wall
            lines.append(ratio_line(f"N={n}: preprocessing cold / mkdocs build (lunr)", value, "<= 0.25", value <= 0.25))
        if "mkdocs_pagefind" in r and "pagefind_index" in r:
            value = r["cold"]["wall"] / (r["mkdocs_pagefind"]["wall"] + r["pagefind_index"]["wall"])
            lines.append(ratio_line(f"N={n}: preprocessing cold / (mkdocs build + Pagefind indexing)", value,
                                    "<= 0.25", value <= 0.25))
        value = r["warm"]["wall"] / r["cold"]["wall"]
        lines.append(ratio_line(f"N={n}: warm / cold", value, "<= 0.05", value <= 0.05))
        if "imports" in r:
            floor = r["imports"]["wall"]
            lines.append(f"| N={n}: of the warm command, the interpreter and its imports alone "
                         f"| {floor:.2f} s ({floor / r['cold']['wall']:.2f} of cold) | info | n/a |")
        if "warm_in_process" in r:
            value = r["warm_in_process"]["wall"] / r["cold"]["wall"]
            lines.append(ratio_line(f"N={n}: warm in process (the rebuild `mkdocs serve` runs after an edit) / cold",
                                    value, "<= 0.05", value <= 0.05))
        if "identical_to_single_process" in r:
            differ = r["identical_to_single_process"]
            lines.append(f"| N={n}: parallel docs/ == single process docs/ | {len(differ)} files differ | 0 | {'pass' if not differ else '**FAIL**'} |")
        small = by_n.get(n // 4)
        if small and n // 4 * 4 == n:
            stages = (("preprocessing cold", "cold"), ("mkdocs build (lunr)", "mkdocs_lunr"),
                      ("mkdocs build (pagefind backend)", "mkdocs_pagefind"), ("Pagefind indexing", "pagefind_index"))
            for label, key in stages:
                if key in r and key in small:
                    value = r[key]["wall"] / small[key]["wall"]
                    lines.append(ratio_line(f"{n}/{n // 4}: time {label}", value, "<= 4.4", value <= 4.4))
            for label, key in stages:
                if key in r and key in small:
                    value = r[key]["peak_rss_kb"] / small[key]["peak_rss_kb"]
                    lines.append(ratio_line(f"{n}/{n // 4}: peak RSS {label}", value, "<= 1.5", value <= 1.5))
            site_key = "site_lunr" if "site_lunr" in r and "site_lunr" in small else "site_pagefind"
            if site_key in r and site_key in small:
                value = r[site_key]["paper_page_bytes"] / small[site_key]["paper_page_bytes"]
                lines.append(ratio_line(f"{n}/{n // 4}: bytes per paper page", value, "<= 1.1", value <= 1.1))
        largest = r.get("site_pagefind", r.get("site_lunr", {})).get("largest_index_page")
        if largest:
            lines.append(f"| N={n}: largest page that is not a paper (`{largest['path']}`) "
                         f"| {kib(largest['bytes'])} | info | n/a |")
        first = r.get("pagefind_first_search", {}).get("transfer_bytes")
        if first:
            lines.append(f"| N={n}: first Pagefind search for \"{COMMON_SURNAME}\" (gzip on the wire) | {kib(first)} | <= 300 KiB | {'pass' if first <= 300 * 1024 else '**FAIL**'} |")
        lunr_first = r.get("site_lunr", {}).get("lunr_index_gzip_bytes")
        if lunr_first:
            lines.append(f"| N={n}: first lunr search (search_index.json, gzip) | {kib(lunr_first)} | <= 300 KiB | {'pass' if lunr_first <= 300 * 1024 else '**FAIL**'} |")
    last = results[-1].get("pagefind_first_search", {})
    if last.get("files"):
        lines += ["", f"Files fetched by the first Pagefind search at N={results[-1]['n']} ({last['method']}; "
                  f"{last.get('results_shown')} results shown, \"{last.get('message')}\"):", ""]
        lines += [f"- `{name}`: {size:,} bytes" for name, size in sorted(last["files"].items())]
    return "\n".join(lines)


def write_benchmarks(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    current = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in current or end not in current:
        current += f"\n{begin}\n{end}\n"
    head, rest = current.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="Time and size the archive build at several corpus sizes.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1600])
    parser.add_argument("--backends", nargs="+", default=["lunr", "pagefind"], choices=["lunr", "pagefind"])
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()
    sizes = sorted(set(args.sizes))
    info = machine()
    print(json.dumps(info), flush=True)
    results = []
    command = "python benchmarks/bench.py --sizes " + " ".join(map(str, sizes))
    for k, n in enumerate(sizes):
        results.append(run_size(n, check_identical=k == 0, backends=args.backends))
        (OUT / "results.json").write_text(json.dumps({"machine": info, "results": results}, indent=1, default=str))
        text = report(results, info, command)
        if not args.no_write:  # after every size: a long run still leaves its first results
            write_benchmarks(text)
    print(text)


if __name__ == "__main__":
    main()
