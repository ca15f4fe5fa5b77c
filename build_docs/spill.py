"""Keep MkDocs' rendered pages out of memory until they are written.

MkDocs renders the Markdown of every page before it writes any page, so it
holds the whole archive at once: every page's HTML, Markdown source, table
of contents and front matter (the Scholar tags carry the abstract and one
entry per reference), and every page's anchor ids. Peak memory grew 2.4×
for 4× the papers. :class:`PageSpill` moves that out of the way for the
pages it is given:

* after rendering, the HTML goes to a temporary file (zlib-compressed), the
  Markdown is dropped (MkDocs only needs it to stay a string), and the table
  of contents is kept compressed;
* the Scholar front matter is kept compressed, and the page's anchor ids
  are kept as one string (:class:`AnchorIds`);
* all of it comes back just before the page's template is rendered, and is
  dropped again once the page is written.

:func:`keep_linked_anchors` drops the anchor ids no page links to.

The MkDocs hook (:mod:`build_docs.mkdocs_hook`) calls it from the page events;
the output is byte-identical with or without it (``tests/test_build.py``).

>>> from types import SimpleNamespace
>>> page = SimpleNamespace(markdown="# T", content=None, meta={"title": "T", "scholar": {"abstract": "A"}},
...                        toc=["T"])
>>> spill = PageSpill()
>>> spill.hold_front_matter(page)
>>> spill.hold_html(page, "<h1>T</h1>")
>>> page.markdown, page.meta, page.toc
('', {'title': 'T'}, [])
>>> spill.restore(page)
>>> page.content, page.meta["scholar"], page.toc
('<h1>T</h1>', {'abstract': 'A'}, ['T'])
>>> spill.release(page)
>>> page.content, "scholar" in page.meta, page.toc
('', False, [])
>>> spill.close()
"""

from __future__ import annotations

import pickle
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class AnchorIds:
    """A page's anchor ids (none with a line break) held as one string until :func:`keep_linked_anchors`:
    a paper has one per citation, reference and heading, and a set of them
    costs several times their text. All MkDocs asks of them is ``in``.

    >>> ids = AnchorIds({"ref-1", "cite-2"})
    >>> "ref-1" in ids, "ref" in ids, "ref-1 cite-2" in ids, sorted(ids)
    (True, False, False, ['cite-2', 'ref-1'])
    >>> list(AnchorIds(set()))
    []
    """

    __slots__ = ("_joined",)

    def __init__(self, ids: Iterable[str]):
        self._joined = "".join(f"\n{anchor}" for anchor in sorted(ids)) + "\n"

    def __contains__(self, anchor: object) -> bool:
        return isinstance(anchor, str) and "\n" not in anchor and f"\n{anchor}\n" in self._joined

    def __iter__(self) -> Iterator[str]:
        return iter(self._joined.split("\n")[1:-1])


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
        ids = getattr(page, "present_anchor_ids", None)
        if isinstance(ids, set) and not any("\n" in anchor for anchor in ids):
            page.present_anchor_ids = AnchorIds(ids)
        toc = getattr(page, "toc", None)
        if toc is not None:
            page.archive_toc = zlib.compress(pickle.dumps(toc, protocol=pickle.HIGHEST_PROTOCOL), 1)
            page.toc = type(toc)([])  # MkDocs' TableOfContents takes its items

    def restore(self, page: Any) -> None:
        """Put back what was held, just before the page's template is rendered."""
        path = getattr(page, "archive_html", None)
        if path is not None:
            page.content = zlib.decompress(path.read_bytes()).decode("utf-8")
            path.unlink()
            del page.archive_html
        toc = getattr(page, "archive_toc", None)
        if toc is not None:
            page.toc = pickle.loads(zlib.decompress(toc))
            del page.archive_toc
        held = getattr(page, "archive_front_matter", None)
        if held is not None:
            page.meta.update(pickle.loads(zlib.decompress(held)))
            del page.archive_front_matter

    def release(self, page: Any) -> None:
        """The page is written: drop its HTML, table of contents and heavy front matter."""
        page.content = ""
        if getattr(page, "toc", None) is not None:
            page.toc = type(page.toc)([])
        for key in HEAVY_FRONT_MATTER:
            page.meta.pop(key, None)

    def close(self) -> None:
        self._folder.cleanup()


def keep_linked_anchors(pages: Iterable[Any]) -> None:
    """Keep, of each page's anchor ids, only those some page links to.

    MkDocs keeps every id of every page until the end of the build only to
    check the links into them (``Page.validate_anchor_links`` asks whether
    a linked anchor is in ``present_anchor_ids``); a paper has an id per
    citation, reference and heading. Called once every page is rendered
    (``on_env``), when every link is known, so the check sees no difference.

    >>> from types import SimpleNamespace as P
    >>> a = P(file="a", present_anchor_ids={"x", "y", "z"}, links_to_anchors={})
    >>> b = P(file="b", present_anchor_ids={"top"}, links_to_anchors={"a": {"y": "a.md#y", "gone": "a.md#gone"}})
    >>> keep_linked_anchors([a, b])
    >>> a.present_anchor_ids, b.present_anchor_ids
    ({'y'}, set())
    """
    pages = list(pages)
    linked: dict[Any, set[str]] = {}
    for page in pages:
        for target, links in (getattr(page, "links_to_anchors", None) or {}).items():
            linked.setdefault(target, set()).update(links)
    for page in pages:
        present = getattr(page, "present_anchor_ids", None)
        if present is not None:
            page.present_anchor_ids = {anchor for anchor in linked.get(page.file, ()) if anchor in present}
