"""HTML that a paper page carries past Markdown without being parsed.

A paper page is mostly HTML the templates wrote (paragraphs with citation
links, reference and footnote lists, the repair log's tables), with Markdown
headings for the table of contents. MkDocs runs two HTML parsers over every
raw HTML block of a page (Python-Markdown's ``md_in_html``, which finds where
blocks end, and MkDocs' own, which collects anchors), both in pure Python,
tag by tag: at 400 papers that was about half of ``mkdocs build``. Neither
changes such a block; they only read it.

So the templates mark those blocks (:func:`defer`: an HTML comment line
before and after, invisible to any other Markdown tool, such as Zensical,
which runs no hooks), and the MkDocs hook turns each marked block into a
``<script type="text/html" data-build-docs-deferred>`` element before
Markdown reads the page (:func:`wrap`): an HTML parser skips a script's
content with one search for ``</script``, and Markdown passes the element
through untouched. Once the page is HTML the hook takes the wrapper off
again (:func:`unwrap`), so the page MkDocs writes is the same, byte for
byte.

What is deferred must need nothing from MkDocs but its anchors: no Markdown
inside, no link MkDocs should rewrite. Its anchor ids (``id``, and ``name``
on a link: what MkDocs collects) are handed back by :func:`unwrap`, and the
hook adds them to the page's, so MkDocs still checks a link such as
``papers/x/index.md#ref-1`` from an editor's page.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable

from markupsafe import Markup

MARK_OPEN = "<!--build_docs:defer-->"
MARK_CLOSE = "<!--build_docs:/defer-->"
OPEN = '<script type="text/html" data-build-docs-deferred>'
CLOSE = "</script>"
# What would end the wrapper early (an HTML parser ends a script at "</script", any case).
_SCRIPT_END = re.compile(r"</script", re.I)
# Anchor ids as MkDocs collects them: any element's id, a link's name. The
# templates quote attributes with " and escape it inside values and text, so
# ' id="' is always an attribute. The search opens on the literal (fast); the
# white space before it is checked apart (a class or look-behind first is slow).
_ID = re.compile(r'id="([^"]*)"')
_LINK_NAME = re.compile(r'<a\s[^>]*?\bname="([^"]*)"')


def defer(html: str) -> Markup:
    """``html`` marked as a block for the MkDocs hook to keep from MkDocs' parsers.

    HTML that holds ``</script`` (which the templates' escaping never lets
    through) or a marker is left unmarked: parsed as before, never cut short.

    >>> print(defer("\\n<p>a &lt; b</p>\\n"))
    <!--build_docs:defer-->
    <p>a &lt; b</p>
    <!--build_docs:/defer-->
    >>> print(defer("<p>x</p></SCRIPT>"))
    <p>x</p></SCRIPT>
    >>> defer(Markup("<p>x</p>")) == Markup(MARK_OPEN + "\\n<p>x</p>\\n" + MARK_CLOSE), defer("")
    (True, Markup(''))
    """
    # As a str: Markup's + would escape the markers. Newlines around the HTML
    # are dropped: Markdown separates blocks itself, so they would double.
    html = str(html).strip("\n")
    if not html or _SCRIPT_END.search(html) or MARK_OPEN in html or MARK_CLOSE in html:
        return Markup(html)
    return Markup(f"{MARK_OPEN}\n{html}\n{MARK_CLOSE}")


def _each_between(text: str, opening: str, closing: str, replace: Callable[[str], str]) -> str:
    """``text`` with each ``opening``…``closing`` run replaced by ``replace(body)``;
    an opening never closed is left as it is. ``str.find``, not a lazy regex:
    these runs are most of a page."""
    parts, start = [], 0
    while (at := text.find(opening, start)) >= 0:
        end = text.find(closing, at + len(opening))
        if end < 0:
            break
        parts += [text[start:at], replace(text[at + len(opening):end])]
        start = end + len(closing)
    parts.append(text[start:])
    return "".join(parts)


def wrap(markdown: str) -> str:
    """A page's Markdown with each marked block in a script wrapper (the hook's
    ``on_page_markdown``). A block holding ``</script`` (a hand edit) stays as it is.

    >>> wrap("## A\\n\\n" + defer("<p>1</p>") + "\\n\\n## B\\n")
    '## A\\n\\n<script type="text/html" data-build-docs-deferred><p>1</p></script>\\n\\n## B\\n'
    >>> wrap(MARK_OPEN + "\\n<p>unclosed</p>\\n") == MARK_OPEN + "\\n<p>unclosed</p>\\n"
    True
    """
    if MARK_OPEN not in markdown:
        return markdown
    opening, closing = f"{MARK_OPEN}\n", f"\n{MARK_CLOSE}"

    def wrapped(body: str) -> str:
        return opening + body + closing if _SCRIPT_END.search(body) else OPEN + body + CLOSE

    return _each_between(str(markdown), opening, closing, wrapped)  # str: a Markup's + would escape


def unwrap(html: str) -> tuple[str, set[str]]:
    """The page's HTML with every deferred block back in place, and the anchor
    ids those blocks hold (MkDocs' parsers skipped them).

    >>> unwrap("<h2>A</h2>" + wrap(defer('<li id="ref-1">1</li>')) + "<h2>B</h2>" + wrap(defer("<p>2</p>")) + "\\n")
    ('<h2>A</h2><li id="ref-1">1</li><h2>B</h2><p>2</p>\\n', {'ref-1'})
    >>> unwrap('<p id="top">no wrapper</p>')
    ('<p id="top">no wrapper</p>', set())
    >>> unwrap(wrap(defer('<a name="n1" href="#x">a</a><td title="id=&#34;no&#34;" id="q&amp;a">')))[1] == {"n1", "q&a"}
    True
    >>> unwrap(wrap(defer('<p data-id="no" id="yes">id="no"</p>')))[1]
    {'yes'}
    """
    anchors: set[str] = set()
    if OPEN not in html:
        return html, anchors

    def with_anchors(block: str) -> str:
        anchors.update(html_text.unescape(found[1]) for found in _ID.finditer(block)
                       if found.start() and block[found.start() - 1].isspace())
        if 'name="' in block:
            anchors.update(map(html_text.unescape, _LINK_NAME.findall(block)))
        return block

    return _each_between(html, OPEN, CLOSE, with_anchors), anchors
