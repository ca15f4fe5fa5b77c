"""Under ``mkdocs serve``: rebuild for what people change in ``docs/``, not
for what the build itself writes there.

MkDocs watches ``docs/``, and the hook writes an edited paper's pages into it
during the build, so every edit of a seed used to build the site twice (and
reload the browser, and run Pagefind, twice). :func:`watch_hand_written`
replaces MkDocs' watch of ``docs/`` by one that skips the files the build
generates (those in its manifest, and its temporary files); any other change
touches a file in a folder MkDocs watches, which asks MkDocs for a rebuild
through its public ``watch`` API.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from .site import MANIFEST, TEMP_PREFIX

log = logging.getLogger("mkdocs.hooks.build_docs")

#: Events that change nothing (reading a file).
_READS = frozenset({EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE})


class GeneratedFiles:
    """The files the last build generated, from its manifest (read again
    whenever the manifest changes).

    >>> import tempfile
    >>> docs = Path(tempfile.mkdtemp())
    >>> _ = (docs / MANIFEST).write_text('{"files": ["papers/a/index.md"]}')
    >>> generated = GeneratedFiles(docs)
    >>> [generated.holds(docs / name) for name in ("papers/a/index.md", "papers/.tmp-x1", MANIFEST, "about.md")]
    [True, True, True, False]
    """

    def __init__(self, docs: Path):
        self.docs = docs
        self._stamp: tuple[int, int] | None = None
        self._files: frozenset[str] = frozenset()

    def _current(self) -> frozenset[str]:
        manifest = self.docs / MANIFEST
        try:
            stat = manifest.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            if stamp != self._stamp:
                self._files = frozenset(json.loads(manifest.read_text(encoding="utf-8"))["files"])
                self._stamp = stamp
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no manifest yet, or being replaced: keep what was known
        return self._files

    def holds(self, path: str | Path) -> bool:
        name = os.path.basename(path)
        if name.startswith(TEMP_PREFIX) or name == MANIFEST:
            return True
        try:
            relative = Path(path).relative_to(self.docs).as_posix()
        except ValueError:
            return False
        return relative in self._current()


class HandWrittenChanges(FileSystemEventHandler):
    """Touches ``trigger`` for a change to a file the build did not generate."""

    def __init__(self, docs: Path, trigger: Path):
        self.generated = GeneratedFiles(docs)
        self.trigger = trigger

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in _READS:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if all(self.generated.holds(os.fsdecode(path)) for path in paths if path):
            return
        log.debug("build_docs: %s changed", event.src_path)
        self.trigger.write_text(str(time.time_ns()), encoding="utf-8")


def watch_hand_written(server: Any, docs: Path, trigger_folder: Path) -> Any | None:
    """Swap MkDocs' watch of ``docs`` for :class:`HandWrittenChanges`; return
    the observer to stop at shutdown, or None when MkDocs does not watch
    ``docs`` (``--no-livereload``)."""
    docs = Path(os.path.abspath(docs))
    try:
        server.unwatch(str(docs))
    except KeyError:
        return None
    try:
        trigger_folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # MkDocs' own watch, then: every edit builds twice, but builds
        log.warning("build_docs: %s: %s; docs/ is watched as MkDocs does", trigger_folder, error.strerror)
        server.watch(str(docs))
        return None
    server.watch(str(trigger_folder))
    observer = Observer()
    observer.schedule(HandWrittenChanges(docs, trigger_folder / "changed"), str(docs), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
