"""MkDocs hook: run the same pipeline as the CLI before every build.

Listed under ``hooks:`` in ``mkdocs.yml``. The content-hash cache makes the
run incremental: with ``mkdocs serve`` watching ``seeds/``, editing one seed
reprocesses that paper only, and unchanged files are not rewritten (so the
docs watcher does not loop).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from build_docs.site import build

log = logging.getLogger("mkdocs.hooks.build_docs")


def on_pre_build(config: Any, **kwargs: Any) -> None:
    settings = dict(config.get("extra", {}).get("archive", {}) or {})
    root = Path(config.config_file_path).parent
    seeds = root / settings.get("seeds", "seeds")
    if not seeds.is_dir():
        raise PluginError(f"build_docs: seeds folder {seeds} does not exist")
    report = build(
        seeds,
        Path(config.docs_dir),
        cache_dir=root / settings.get("cache", ".cache/build_docs"),
        workers=int(settings.get("jobs", 0)) or os.cpu_count() or 1,
        strict=bool(settings.get("strict", False)),
    )
    for problem in report.problems:
        # Rejected seeds are reported, not fatal: the rest of the archive builds.
        log.info(problem.line())
    log.info("build_docs: %s", report.summary())
