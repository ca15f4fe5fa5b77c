"""Precision and recall per field of the reference parser on a hand-made gold set.

Usage: python scripts/eval_references.py [tests/gold/references_000.json]

The gold file names its seed; the seed's reference list is split and parsed
exactly as the pipeline does (paragraphs are the seed's blank-line blocks), and
each gold entry is matched to the parsed entry whose raw text starts the same.
A field counts as: true positive when predicted == gold (both present), false
positive when predicted is present and differs or gold is empty, false
negative when gold is present and predicted differs or is empty.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_docs.layout import blank_line_blocks  # noqa: E402
from build_docs.repair.runner import Paragraph  # noqa: E402
from build_docs.structure.references import (  # noqa: E402
    find_reference_heading,
    parse_reference,
    reference_surnames,
    split_entries,
)

FIELDS = ("authors", "first_surname", "year", "title", "container", "volume", "issue", "pages",
          "doi", "url", "publisher")


def seed_paragraphs(path: Path) -> list[Paragraph]:
    """Blank-line separated blocks of a seed file, as paragraphs with line numbers."""
    return blank_line_blocks(path.read_text(encoding="utf-8"))


def predicted_entries(seed: Path) -> list[dict[str, object]]:
    paragraphs = seed_paragraphs(seed)
    heading = find_reference_heading(paragraphs)
    assert heading is not None, f"{seed}: no reference heading"
    entries, _ = split_entries(paragraphs[heading + 1:])
    out: list[dict[str, object]] = []
    for raw in entries:
        ref = parse_reference(raw)
        surnames = reference_surnames(ref)
        out.append({
            "raw": raw, "authors": list(ref.authors), "first_surname": surnames[0] if surnames else None,
            "year": ref.year, "title": ref.title, "container": ref.container, "volume": ref.volume,
            "issue": ref.issue, "pages": ref.pages, "doi": ref.doi, "url": ref.url, "publisher": ref.publisher,
        })
    return out


def evaluate(gold_path: Path) -> dict[str, dict[str, float]]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    predicted = predicted_entries(ROOT / gold["seed"])
    counts = {f: [0, 0, 0] for f in FIELDS}  # tp, fp, fn
    print(f"entries: gold {len(gold['entries'])}, predicted {len(predicted)}")
    for entry in gold["entries"]:
        match = next((p for p in predicted if str(p["raw"]).startswith(entry["starts"])), None)
        for f in FIELDS:
            want = entry.get(f) or None
            got = (match or {}).get(f) or None
            if want is not None and got == want:
                counts[f][0] += 1
            else:
                if got is not None:
                    counts[f][1] += 1
                if want is not None:
                    counts[f][2] += 1
                if match is not None and (want or got):
                    print(f"  {entry['starts'][:30]!r:34} {f}: gold={want!r} got={got!r}")
    scores = {}
    print(f"{'field':14} {'P':>6} {'R':>6}  tp fp fn")
    for f, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        scores[f] = {"precision": precision, "recall": recall}
        print(f"{f:14} {precision:6.3f} {recall:6.3f}  {tp:2} {fp:2} {fn:2}")
    return scores


if __name__ == "__main__":
    evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/gold/references_000.json")
