"""Command line: ``python -m build_docs`` (or ``build-docs``).

``build`` (the default) turns ``seeds/`` into ``docs/``; ``report`` prints the
editor's worklist. Exit status: 0 every input became a paper, 1 some input was
rejected (the others are still written), 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build_docs",
        description="Repair the OCR text of the papers in SEEDS and write the Markdown site into OUT.",
        epilog="Commands: build (default) writes the site; report prints the corpus worklist. "
        "Exit status: 0 all papers built, 1 some input rejected (others still built), 2 usage error.",
    )
    parser.add_argument("command", nargs="?", default="build", choices=("build", "report"),
                        help="build the site (default) or print the repair report")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"),
                        help="folder of seed .txt files, each with an optional <stem>.yml sidecar (default: seeds)")
    parser.add_argument("--out", type=Path, default=Path("docs"),
                        help="MkDocs docs folder to write generated pages into (default: docs)")
    parser.add_argument("--cache", type=Path, default=Path(".cache/build_docs"),
                        help="cache of processed papers, reused when a seed is unchanged (default: .cache/build_docs)")
    parser.add_argument("--no-cache", action="store_true", help="process every paper again, ignoring the cache")
    parser.add_argument("--jobs", "-j", type=int, default=0,
                        help="worker processes (default: 0 = one per CPU core; 1 = no pool)")
    parser.add_argument("--strict", action="store_true",
                        help="treat a rejected input, an invalid sidecar or an unresolved correction as an error (exit 1)")
    parser.add_argument("--json", action="store_true", help="report: print JSON instead of a table")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    parser.add_argument("--version", action="version", version=f"build_docs {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not args.seeds.is_dir():
        print(f"error: seeds folder {args.seeds} does not exist", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 0:
        print("error: --jobs must be 0 (all cores) or more", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "report":
        from .report import main as report_main

        return report_main(args.seeds, args.out, as_json=args.json)
    from .site import build

    workers = args.jobs or os.cpu_count() or 1
    try:
        report = build(args.seeds, args.out, cache_dir=None if args.no_cache else args.cache,
                       workers=workers, strict=args.strict)
    except OSError as error:
        print(f"error: {error.filename or args.out}: {error.strerror}", file=sys.stderr)
        return EXIT_USAGE
    for problem in report.problems:
        print(problem.line(), file=sys.stderr)
    if not args.quiet:
        print(report.summary())
    return EXIT_REJECTED if report.rejected else EXIT_OK
