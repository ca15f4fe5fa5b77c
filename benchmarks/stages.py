"""Where a cold build's time goes, stage by stage and pass by pass, in one process.

    .venv/bin/python benchmarks/stages.py                  # 400 generated papers
    .venv/bin/python benchmarks/stages.py --papers 100
    REPO=/path/to/other/checkout .venv/bin/python benchmarks/stages.py --seeds bench-out/stages/seeds

Runs ``pipeline.process`` and ``render.paper_files`` on every seed (no
cache, no files written) with a timer around each stage, each repair pass,
each structure step, the change log (``word_edits``) and citeproc, and
prints milliseconds a paper. No profiler, so the numbers add up to the run's
own time. To compare two commits, run both in turn on the same seeds
(``REPO`` points the imports at another checkout, e.g. a ``git worktree``)
and take the best of a few runs: this VM's speed drifts by 10-15% over an
hour, more than most single changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, os.environ.get("REPO", str(HERE.parent)))
sys.path.insert(1, str(HERE))

import corpus  # noqa: E402

from build_docs import layout, pipeline, render, site, structure  # noqa: E402
from build_docs.render import cite  # noqa: E402
from build_docs.repair import PASSES, runner  # noqa: E402
from build_docs.sidecar import load_sidecar, sidecar_path  # noqa: E402

SPENT: defaultdict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] += time.perf_counter() - started
    return wrapper


def instrument() -> None:
    """Put a timer around each stage the pipeline calls by module attribute."""
    for repair in PASSES:
        object.__setattr__(repair, "function", timed("pass " + repair.name, repair.function))
    runner.word_edits = timed("change log (word_edits)", runner.word_edits)
    pipeline.ingest.decode = timed("decode", pipeline.ingest.decode)
    pipeline.layout.analyse = timed("layout", layout.analyse)
    pipeline.build_context = timed("repair context", pipeline.build_context)
    pipeline.run_passes = timed("repair passes", runner.run_passes)
    pipeline.word_accounting = timed("word accounting", pipeline.word_accounting)
    steps = tuple(timed("step " + step.__name__, step) for step in structure.STEPS)
    pipeline.extract = timed("structure", lambda draft: structure.extract(draft, steps))
    cite.formatted = timed("citeproc (two styles)", cite.formatted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, default=400, help="papers to generate (default 400)")
    parser.add_argument("--seeds", type=Path, help="use these seeds instead of generating a corpus")
    args = parser.parse_args()
    seeds = args.seeds
    if seeds is None:
        seeds = HERE.parent / "bench-out" / f"stages-n{args.papers}"
        if not seeds.is_dir():
            corpus.generate(args.papers, seeds)
    files = sorted(seeds.glob("*.txt"))
    instrument()
    site.warm_up()  # word list and CSL styles loaded: not part of any paper
    SPENT.clear()
    started = time.perf_counter()
    for path in files:
        sidecar = load_sidecar(sidecar_path(path))  # an empty one when there is none
        stage_started = time.perf_counter()
        paper = pipeline.process(path.name, path.read_bytes(), sidecar)
        SPENT["process (all of the above but rendering)"] += time.perf_counter() - stage_started
        stage_started = time.perf_counter()
        render.paper_files(paper)
        SPENT["render (page, paper.json, citation files)"] += time.perf_counter() - stage_started
    total = time.perf_counter() - started
    print(f"{len(files)} papers from {seeds}, code from {Path(pipeline.__file__).parent.parent}")
    print(f"{1000 * total / len(files):7.1f} ms a paper in all")
    for name, spent in sorted(SPENT.items(), key=lambda item: -item[1]):
        print(f"{1000 * spent / len(files):7.2f}  {100 * spent / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
