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
