"""The editor's worklist: ``python -m build_docs report [--json]``.

Runs every seed through the same pipeline as the build (the seeds
:func:`~build_docs.site.find_seeds` finds, their sidecars, then
:func:`~build_docs.pipeline.process`, with the build's reasons for rejecting
a seed) and prints one row
per paper: how often each repair rule fired, illegible passages, uncertain
digit readings, unresolved citations and the share of source words accounted
for. Rows are sorted by the work they leave an editor: rejected seeds first,
then the most passages to check by hand. Nothing is written; exit status is
the build's (0 every seed became a paper, 1 some seed was rejected).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .ingest import InputRejected
from .model import Paper
from .pipeline import process
from .sidecar import Sidecar, SidecarError, load_sidecar, sidecar_path
from .site import find_seeds

EXIT_OK, EXIT_REJECTED = 0, 1
#: The rule whose changes are best guesses an editor should confirm.
UNCERTAIN_RULE = "decode_uncertain_digits"


@dataclass
class Row:
    """One seed on the worklist."""

    source: str
    rules: Counter[str] = field(default_factory=Counter)
    illegible: int = 0
    uncertain_digits: int = 0
    unresolved_citations: int = 0
    words_total: int = 0
    words_accounted: int = 0
    rejected: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def accounted_share(self) -> float | None:
        if self.rejected is not None:
            return None
        return 1.0 if not self.words_total else self.words_accounted / self.words_total

    @property
    def to_check(self) -> int:
        """Passages an editor must look at by hand."""
        return self.illegible + self.uncertain_digits + self.unresolved_citations

    def sort_key(self) -> tuple[Any, ...]:
        share = self.accounted_share
        return (self.rejected is None, -self.to_check, share if share is not None else 0.0,
                -sum(self.rules.values()), self.source)

    def as_dict(self) -> dict[str, Any]:
        share = self.accounted_share
        return {
            "source": self.source,
            "status": "rejected" if self.rejected is not None else "ok",
            "reason": self.rejected,
            "rules": dict(sorted(self.rules.items())),
            "repairs": sum(self.rules.values()),
            "illegible": self.illegible,
            "uncertain_digits": self.uncertain_digits,
            "unresolved_citations": self.unresolved_citations,
            "to_check": self.to_check,
            "words_total": self.words_total,
            "words_accounted": self.words_accounted,
            "words_accounted_pct": None if share is None else round(100 * share, 2),
            "warnings": list(self.warnings),
        }


def paper_row(paper: Paper) -> Row:
    rules = Counter(change.rule for change in paper.repairs)
    return Row(
        source=paper.source,
        rules=rules,
        illegible=len(paper.illegible),
        uncertain_digits=rules.get(UNCERTAIN_RULE, 0),
        unresolved_citations=sum(1 for c in paper.citations if c.reference is None),
        words_total=paper.words_total,
        words_accounted=paper.words_accounted,
        warnings=paper.warnings,
    )


def process_seed(path: Path, sidecar: Sidecar) -> Paper | str:
    """The paper, or why the build rejects the seed (as ``site`` words it)."""
    try:
        return process(path.name, path.read_bytes(), sidecar)
    except InputRejected as error:
        return str(error)
    except OSError as error:
        return f"cannot be read ({error.strerror})"
    except RecursionError:
        return "text too deeply nested to process"
    except Exception as error:  # never a traceback for one bad paper
        return f"could not be processed ({type(error).__name__}: {error})"


def collect(seeds: Path) -> list[Row]:
    """Process every seed as the build does; one row each, most work first."""
    rows: list[Row] = []
    for path in find_seeds(seeds):
        try:
            sidecar = load_sidecar(sidecar_path(path))
        except SidecarError:
            sidecar = Sidecar()  # the build goes on without it too
        result = process_seed(path, sidecar)
        if isinstance(result, str):
            rows.append(Row(source=path.name, rejected=result))
        else:
            rows.append(paper_row(result))
    return sorted(rows, key=Row.sort_key)


def as_json(rows: list[Row]) -> dict[str, Any]:
    rules = sorted({rule for row in rows for rule in row.rules})
    papers = [row for row in rows if row.rejected is None]
    total = sum(row.words_total for row in papers)
    accounted = sum(row.words_accounted for row in papers)
    return {
        "rules": rules,
        "papers": [row.as_dict() for row in rows],
        "totals": {
            "papers": len(papers),
            "rejected": len(rows) - len(papers),
            "rules": {rule: sum(row.rules.get(rule, 0) for row in rows) for rule in rules},
            "illegible": sum(row.illegible for row in rows),
            "uncertain_digits": sum(row.uncertain_digits for row in rows),
            "unresolved_citations": sum(row.unresolved_citations for row in rows),
            "words_total": total,
            "words_accounted": accounted,
            "words_accounted_pct": round(100 * accounted / total, 2) if total else None,
        },
    }


def table(rows: list[Row]) -> str:
    """A plain-text table: one row per paper, one column per rule that fired."""
    rules = sorted({rule for row in rows for rule in row.rules})
    fixed = ["paper", "to check", "illegible", "uncertain digits", "unresolved citations", "words %"]
    header = fixed[:1] + fixed[1:] + rules
    lines: list[list[str]] = []
    for row in rows:
        share = row.accounted_share
        if row.rejected is not None:
            cells = [row.source, "-", "-", "-", "-", "-"] + ["-"] * len(rules)
        else:
            cells = [row.source, str(row.to_check), str(row.illegible), str(row.uncertain_digits),
                     str(row.unresolved_citations), f"{100 * (share or 0):.1f}"]
            cells += [str(row.rules.get(rule, 0) or "") for rule in rules]
        lines.append(cells)
    widths = [max(len(header[i]), *(len(line[i]) for line in lines)) if lines else len(header[i])
              for i in range(len(header))]

    def render(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    out = [render(header), "  ".join("-" * w for w in widths)]
    out += [render(cells) for cells in lines]
    for row in rows:
        if row.rejected is not None:
            out.append(f"rejected: {row.source}: {row.rejected}")
    data = as_json(rows)["totals"]
    pct = data["words_accounted_pct"]
    out.append(
        f"{data['papers']} papers, {data['rejected']} rejected; {data['illegible']} illegible passages, "
        f"{data['uncertain_digits']} uncertain digit readings, {data['unresolved_citations']} unresolved "
        f"citations; words accounted {'-' if pct is None else f'{pct:.1f}'}%"
    )
    return "\n".join(out)


def main(seeds: Path, out: Path, as_json: bool = False) -> int:
    """Print the worklist for ``seeds`` (``out`` is the build's, and is not written)."""
    rows = collect(seeds)
    if as_json:
        print(json.dumps(_as_json(rows), indent=1, ensure_ascii=False))
    else:
        print(table(rows))
    rejected = [row for row in rows if row.rejected is not None]
    for row in rejected:
        print(f"error: {row.source}: {row.rejected}", file=sys.stderr)
    return EXIT_REJECTED if rejected else EXIT_OK


_as_json = as_json
