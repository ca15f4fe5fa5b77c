"""Repair passes, in the order they run, and the runner that records them.

Each pass is a pure function ``(text, context) -> text`` with doctests in its
module. To add one: write the function, add a :class:`RepairPass` line below,
add before/after cases to ``tests/data/repair_cases.yaml``.
"""

from __future__ import annotations

from . import digits, glyphs, identifiers, markup, unicode, words
from .runner import (
    EMPTY_CONTEXT,
    Paragraph,
    RepairContext,
    RepairPass,
    apply_plan,
    build_context,
    run_passes,
)

PASSES: tuple[RepairPass, ...] = (
    RepairPass("strip_control_characters", unicode.strip_control_characters),
    RepairPass("fix_mojibake", unicode.fix_mojibake),
    RepairPass("strip_emphasis_markers", markup.strip_emphasis_markers),
    RepairPass("mark_illegible_runs", glyphs.mark_illegible_runs),
    RepairPass("decode_persian_digits", digits.decode_persian_digits),
    RepairPass("decode_lookalike_digits", digits.decode_lookalike_digits),
    RepairPass("decode_uncertain_digits", digits.decode_uncertain_digits),
    RepairPass("strip_stray_math", markup.strip_stray_math),
    RepairPass("mark_garbled_tokens", glyphs.mark_garbled_tokens),
    RepairPass("join_line_end_hyphens", words.join_line_end_hyphens),
    RepairPass("split_glued_words", words.split_glued_words, body_only=True),
    RepairPass("repair_emails", identifiers.repair_emails),
    RepairPass("repair_orcids", identifiers.repair_orcids),
    RepairPass("rejoin_broken_urls", identifiers.rejoin_broken_urls),
    RepairPass("normalize_spaces", unicode.normalize_spaces),
)

REGISTRY: dict[str, RepairPass] = {p.name: p for p in PASSES}

__all__ = [
    "EMPTY_CONTEXT",
    "PASSES",
    "REGISTRY",
    "Paragraph",
    "RepairContext",
    "RepairPass",
    "apply_plan",
    "build_context",
    "run_passes",
]
