"""The memory savings of :mod:`build_docs.spill` answer MkDocs exactly as the
structures they replace (the byte-identical build is in ``test_build.py``)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from build_docs.spill import AnchorIds, PageSpill, keep_linked_anchors

anchor = st.text(st.characters(exclude_characters="\n"), max_size=12)


@given(st.sets(anchor, max_size=30), st.lists(anchor, max_size=30))
def test_anchor_ids_answer_membership_like_the_set(ids: set[str], probes: list[str]) -> None:
    held = AnchorIds(ids)
    assert sorted(held) == sorted(ids)
    for probe in [*probes, *ids, "\n".join(sorted(ids)[:2])]:
        assert (probe in held) == (probe in ids)


@given(st.lists(st.sets(anchor, max_size=8), min_size=1, max_size=5), st.data())
def test_kept_anchors_decide_every_link_as_before(pages_ids: list[set[str]], data: st.DataObject) -> None:
    """Every link (to anchors present or not) is found or missed exactly as
    with MkDocs' full sets, whichever page holds it and whether it was spilled."""
    pages = [SimpleNamespace(file=n, present_anchor_ids=set(ids), links_to_anchors={}, content="", toc=None,
                             markdown="", meta={}) for n, ids in enumerate(pages_ids)]
    links = data.draw(st.lists(st.tuples(st.integers(0, len(pages) - 1), st.integers(0, len(pages) - 1), anchor)))
    for source, target, name in links:
        pages[source].links_to_anchors.setdefault(target, {})[name] = f"{target}.md#{name}"
    spill = PageSpill()
    try:
        for page in pages[::2]:
            spill.hold_html(page, "<p>x</p>")
        keep_linked_anchors(pages)
    finally:
        spill.close()
    for _, target, name in links:
        assert (name in pages[target].present_anchor_ids) == (name in pages_ids[target])
    assert all(isinstance(page.present_anchor_ids, set) for page in pages)
