"""A long fuzzing campaign over the whole pipeline.

    python scripts/fuzz_campaign.py --minutes 20 [--render] [--out fuzz-findings.json]

Generates damaged papers (``tests/hostile/damage.py``: LaTeX digit look-alikes,
glyph-failure runs, hard wraps, running headers and page numbers, Persian
watermark lines, random bytes and Unicode, several encodings, truncation), runs
each through :func:`build_docs.pipeline.process` (and, with ``--render``, the
page renderer), and checks that

* nothing raises except :class:`~build_docs.ingest.InputRejected`;
* ``paper.words_accounted == paper.words_total`` (word conservation);
* no example takes longer than ``--slow`` seconds.

Hypothesis shrinks every failure; distinct failures (by exception type and
message head) are printed and written to ``--out`` as JSON, with the shrunk
input as a Python bytes literal to paste into a regression test. Exit status
1 when anything was found.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import traceback
from collections import Counter
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile.damage import damaged_bytes  # noqa: E402

from build_docs.ingest import InputRejected, decode  # noqa: E402
from build_docs.pipeline import _WORDS, _all_output_text, process  # noqa: E402
from build_docs.render import paper_files  # noqa: E402


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow("example took longer than the --slow limit")


class Finding(Exception):
    """A failure, with a key that groups failures of the same cause."""

    def __init__(self, key: str, detail: str):
        super().__init__(key)
        self.key, self.detail = key, detail


def _where(error: BaseException) -> str:
    """The innermost frame inside build_docs: where the failure happened."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "build_docs" in f.filename]
    frame = frames[-1] if frames else None
    return f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"


def _missing_words(data: bytes, paper) -> list[str]:
    text = decode(data).text
    available: Counter[str] = Counter()
    for piece in _all_output_text(paper):
        available.update(w.lower() for w in _WORDS.findall(piece))
    wanted = Counter(w.lower() for w in _WORDS.findall(text))
    return sorted(w for w, n in wanted.items() if n > available[w])


def check(data: bytes, render: bool, slow: float) -> None:
    signal.setitimer(signal.ITIMER_REAL, slow)
    try:
        try:
            paper = process("fuzz.txt", data)
        except InputRejected:
            return
        if paper.words_accounted != paper.words_total:
            missing = _missing_words(data, paper)
            raise Finding(f"words not conserved (missing {' '.join(missing[:5])})",
                          f"{paper.words_accounted} of {paper.words_total} accounted; missing {missing[:20]}")
        if render:
            paper_files(replace(paper, slug="fuzz"))
    except Finding:
        raise
    except Exception as error:
        raise Finding(f"{type(error).__name__} at {_where(error)}",
                      "".join(traceback.format_exception(error))[-3000:]) from error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--batch", type=int, default=300, help="examples per Hypothesis run")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds one example may take")
    parser.add_argument("--render", action="store_true", help="also render each paper's files")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings.json"))
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)

    findings: dict[str, dict] = {}
    examples = 0
    deadline = time.monotonic() + 60 * args.minutes
    runs = 0

    while time.monotonic() < deadline:
        runs += 1
        seen: list[bytes] = []

        @settings(max_examples=args.batch, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck),
                  phases=[Phase.generate, Phase.shrink])
        @given(damaged_bytes())
        def run(data: bytes) -> None:
            seen.append(data)  # noqa: B023 (called in this iteration)
            try:
                check(data, args.render, args.slow)
            except Finding as finding:
                if finding.key not in findings:  # known causes do not stop the search
                    raise

        try:
            run()
        except Finding as finding:  # a new failure, shrunk
            failing = seen[-1] if seen else b""
            findings[finding.key] = {"finding": finding.key, "detail": finding.detail, "input": repr(failing)}
            print(f"FOUND {finding.key}\n  input: {failing!r:.400}", flush=True)
        examples += len(seen)
        print(f"run {runs}: {examples} examples, {len(findings)} distinct findings, "
              f"{max(0.0, deadline - time.monotonic()) / 60:.1f} min left", flush=True)

    args.out.write_text(json.dumps(list(findings.values()), indent=1) + "\n", encoding="utf-8")
    print(f"{examples} examples in {runs} runs; {len(findings)} distinct findings -> {args.out}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
