"""Keep MkDocs' rendered paper pages out of memory until they are written.

MkDocs renders the Markdown of every page before it writes any page, so it
holds the whole archive at once: every paper's HTML, its Markdown source and
its front matter (the Scholar tags carry the abstract and one entry per
reference). Peak memory grew 2.4× for 4× the papers. :class:`PageSpill`
moves that out of the way for the pages it is given:

* after rendering, the HTML goes to a temporary file (zlib-compressed) and
  the Markdown is dropped (MkDocs only needs it to stay a string);
* the Scholar front matter is kept compressed;
* both come back just before the page's template is rendered, and are
  dropped again once the page is written.

The MkDocs hook (:mod:`build_docs.mkdocs_hook`) calls it from the page events;
the output is byte-identical with or without it (``tests/test_build.py``).

>>> from types import SimpleNamespace
>>> page = SimpleNamespace(markdown="# T", content=None, meta={"title": "T", "scholar": {"abstract": "A"}})
>>> spill = PageSpill()
>>> spill.hold_front_matter(page)
>>> spill.hold_html(page, "<h1>T</h1>")
>>> page.markdown, page.meta
('', {'title': 'T'})
>>> spill.restore(page)
>>> page.content, page.meta["scholar"]
('<h1>T</h1>', {'abstract': 'A'})
>>> spill.release(page)
>>> page.content, "scholar" in page.meta
('', False)
>>> spill.close()
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from pathlib import Path
from typing import Any

#: Front-matter keys that only the page's own template reads.
HEAVY_FRONT_MATTER = ("scholar",)


class PageSpill:
    """A temporary folder of rendered pages, for one MkDocs build."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="archive-spill-")
        self._count = 0

    def hold_front_matter(self, page: Any) -> None:
        held = {key: page.meta.pop(key) for key in HEAVY_FRONT_MATTER if key in page.meta}
        if held:
            page.archive_front_matter = zlib.compress(pickle.dumps(held), 1)

    def hold_html(self, page: Any, html: str) -> None:
        self._count += 1
        path = Path(self._folder.name) / f"{self._count}.html.z"
        path.write_bytes(zlib.compress(html.encode("utf-8"), 1))
        page.archive_html = path
        page.markdown = ""

    def restore(self, page: Any) -> None:
        """Put back what was held, just before the page's template is rendered."""
        path = getattr(page, "archive_html", None)
        if path is not None:
            page.content = zlib.decompress(path.read_bytes()).decode("utf-8")
            path.unlink()
            del page.archive_html
        held = getattr(page, "archive_front_matter", None)
        if held is not None:
            page.meta.update(pickle.loads(zlib.decompress(held)))
            del page.archive_front_matter

    def release(self, page: Any) -> None:
        """The page is written: drop its HTML and heavy front matter."""
        page.content = ""
        for key in HEAVY_FRONT_MATTER:
            page.meta.pop(key, None)

    def close(self) -> None:
        self._folder.cleanup()
