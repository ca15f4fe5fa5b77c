"""The benchmark scripts still run (they are tools, not timed tests).

``benchmarks/stages.py`` reaches into the pipeline's modules to time each
stage; a renamed stage or pass would silently drop out of its table, so this
checks that every repair pass and structure step shows up.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from build_docs import structure
from build_docs.repair import PASSES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402


def test_stages_times_every_stage_and_pass(tmp_path: Path) -> None:
    corpus.generate(3, tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "stages.py"), "--seeds", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert f"3 papers from {tmp_path}" in result.stdout
    rows = {line.split("%", 1)[1].strip() for line in result.stdout.splitlines() if "%" in line}
    expected = {"decode", "layout", "repair context", "repair passes", "change log (word_edits)", "structure",
                "word accounting", "citeproc (two styles)", "process (all of the above but rendering)",
                "render (page, paper.json, citation files)"}
    expected |= {f"pass {repair.name}" for repair in PASSES} | {f"step {step.__name__}" for step in structure.STEPS}
    assert expected <= rows, expected - rows


def _stage(wall: float, rss_mib: float) -> dict:
    return {"wall": wall, "cpu": wall, "peak_rss_kb": rss_mib * 1024}


def _size(n: int) -> dict:
    return {
        "n": n, "cold": _stage(n / 40, 50), "warm": _stage(0.3, 40), "warm_in_process": {"wall": 0.1},
        "mkdocs_pagefind": _stage(n / 60, 45), "pagefind_index": _stage(n / 90, 150),
        "site_pagefind": {"site_bytes": n * 100_000, "paper_page_bytes": 95_000, "pagefind_bytes": n * 24_000,
                          "pagefind_index_bytes": n * 20_000, "pagefind_shards": 1},
        "pagefind_first_search": {"bytes": 390_000, "transfer_bytes": 230_000},
    }


def test_bench_report_marks_what_a_run_did_not_measure() -> None:
    """``--backends pagefind`` builds no lunr site: its cells are a dash, not 0,
    and page sizes come from the Pagefind site."""
    import bench

    info = {"cpu": "x", "cores": 2, "ram_gib": 1, "python": "3", "os": "y", "mkdocs": "1", "mkdocs-material": "9",
            "pagefind": "1"}
    text = bench.report([_size(100), _size(400)], info, "bench.py --backends pagefind")
    rows = [line for line in text.splitlines() if line.startswith("| 100 |") or line.startswith("| 400 |")]
    assert len(rows) == 2
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[5] == "–" and cells[10] == "–" and cells[12] == "–"  # mkdocs lunr, lunr index, lunr first search
    assert cells[8] == "9,766 KiB" and cells[9] == "93 KiB"  # the Pagefind site's sizes
    assert not {"0.0", "0 KiB", "0 KiB (0 KiB)", "0 KiB (0 KiB/paper)"} & set(cells)
    assert "| 400/100: bytes per paper page | 1.00 |" in text
    assert "mkdocs build (lunr)" not in text
