"""The HTML blocks kept from MkDocs' parsers (build_docs/render/deferred.py)
come back exactly as the templates wrote them (the byte-identical site is in
``test_build.py``)."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from build_docs.render.deferred import CLOSE, MARK_CLOSE, MARK_OPEN, OPEN, defer, unwrap, wrap

# Text as the templates write it: escaped, in a few tags, some with ids.
_text = st.text(max_size=30).map(html.escape)


def _tag(name: str, anchor: str | None, body: str) -> str:
    attribute = f' id="{html.escape(anchor)}"' if anchor else ""
    return f"<{name}{attribute}>{body}</{name}>"


_element = st.builds(_tag, st.sampled_from(["p", "li", "td", "details"]),
                     st.one_of(st.none(), st.text(min_size=1, max_size=8)), _text)
_block = st.lists(st.one_of(_element, _text, st.just("\n")), max_size=6).map("".join)
_markdown = st.text(max_size=30).filter(lambda t: "<!--build_docs" not in t)


def _plain(parts: list[tuple[str, str]]) -> str:
    """The page as written without markers."""
    return "".join(text + block.strip("\n") for text, block in parts)


@given(st.lists(st.tuples(_markdown, _block), max_size=5))
def test_wrap_then_unwrap_gives_the_page_without_markers(parts: list[tuple[str, str]]) -> None:
    page = "".join(text + str(defer(block)) for text, block in parts)
    wrapped = wrap(page)
    assert MARK_OPEN not in wrapped and MARK_CLOSE not in wrapped
    restored, anchors = unwrap(wrapped)
    assert restored == _plain(parts)
    ids = {html.unescape(a) for _, block in parts for a in _ids(block)}
    assert anchors == ids


def _ids(block: str) -> list[str]:
    found, start = [], 0
    while (at := block.find(' id="', start)) >= 0:
        end = block.index('"', at + 5)
        found.append(block[at + 5:end])
        start = end
    return found


@given(_markdown, _block)
def test_a_hand_edit_that_breaks_a_block_leaves_it_as_written(text: str, block: str) -> None:
    """A marked block a hand edit gave a ``</script`` (which would end the
    wrapper early) or whose closing marker was lost is not wrapped."""
    broken = f"{MARK_OPEN}\n{block}</SCRIPT >\n{MARK_CLOSE}"
    assert wrap(text + broken) == text + broken
    unclosed = f"{MARK_OPEN}\n{block}"
    assert wrap(text + unclosed) == text + unclosed


def test_wrapper_is_what_html_parsers_skip() -> None:
    assert OPEN.startswith("<script") and CLOSE == "</script>"
    assert wrap(str(defer("<p>a</p>"))) == OPEN + "<p>a</p>" + CLOSE
