"""Editorial overrides: ``seeds/<stem>.yml`` beside a seed.

An editor supplies or corrects what OCR cannot give. The file is validated
against :data:`SCHEMA`; any problem is a :class:`SidecarError` whose one-line
message names the key and the expected form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "authors": {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string", "minLength": 1},
                            "affiliation": {"type": "string"},
                            "email": {"type": "string"},
                            "orcid": {"type": "string", "pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$"},
                            "corresponding": {"type": "boolean"},
                        },
                    },
                ]
            },
        },
        "journal": {"type": "string"},
        "volume": {"type": ["string", "integer"]},
        "issue": {"type": ["string", "integer"]},
        "year": {"type": ["string", "integer"]},
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/\S+$"},
        "pdf_url": {"type": "string", "pattern": r"^https?://\S+$"},
        "pages": {"type": "string", "pattern": r"^\d+\s*[-–]\s*\d+$"},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "corrections": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["find", "replace"],
                "properties": {"find": {"type": "string", "minLength": 1}, "replace": {"type": "string"}},
            },
        },
    },
}

_FORMS = {
    "title": "a text", "journal": "a text", "authors": "a list of names or {name, affiliation, email, orcid, corresponding}",
    "volume": "a number or text", "issue": "a number or text", "year": "a number or text like 2015/1394",
    "doi": "a DOI like 10.1234/abc", "pdf_url": "an http(s) URL", "pages": "a range like 521-542",
    "keywords": "a list of texts", "corrections": "a list of {find, replace}",
}


class SidecarError(Exception):
    """The sidecar is not valid; the message is one line for the editor."""


@dataclass(frozen=True)
class Sidecar:
    fields: dict[str, Any] = field(default_factory=dict)
    corrections: tuple[tuple[str, str], ...] = ()
    #: Raw bytes, part of the cache key.
    digest_source: bytes = b""


def sidecar_path(seed: Path) -> Path:
    return seed.with_suffix(".yml")


def load_sidecar(path: Path) -> Sidecar:
    """Read and validate a sidecar; a missing file is an empty one."""
    if not path.exists():
        return Sidecar()
    return read_sidecar(path.read_bytes())


def read_sidecar(raw: bytes) -> Sidecar:
    """Parse and validate a sidecar's bytes.

    >>> read_sidecar(b"year: 2015").fields
    {'year': '2015'}
    >>> read_sidecar(b"year: [")
    Traceback (most recent call last):
    ...
    build_docs.sidecar.SidecarError: invalid YAML at line 2: did not find expected node content
    """
    import yaml  # 19 ms to import: only when a paper has a sidecar

    try:
        # libyaml's loader when available: the same safe loading, 10x faster
        # (a warm build reads every sidecar for the cache keys).
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise SidecarError(f"invalid YAML{line}: {getattr(error, 'problem', None) or error}") from None
    if data is None:
        return Sidecar(digest_source=raw)
    return parse_sidecar(data, raw)


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # here, not at the top: most papers have no sidecar, and it takes 70 ms to import

    return jsonschema.Draft202012Validator(SCHEMA)


def parse_sidecar(data: Any, raw: bytes = b"") -> Sidecar:
    """Validate decoded sidecar data.

    >>> parse_sidecar({"title": "A Title", "corrections": [{"find": "teh", "replace": "the"}]}).corrections
    (('teh', 'the'),)
    >>> parse_sidecar({"titel": "x"})
    Traceback (most recent call last):
    ...
    build_docs.sidecar.SidecarError: unknown key 'titel' (allowed: authors, corrections, doi, issue, journal, keywords, pages, pdf_url, title, volume, year)
    >>> parse_sidecar({"year": [2015]})
    Traceback (most recent call last):
    ...
    build_docs.sidecar.SidecarError: key 'year': expected a number or text like 2015/1394
    """
    if not isinstance(data, dict):
        raise SidecarError("expected a mapping of keys (title, authors, ...) at the top level")
    unknown = sorted(str(k) for k in data if k not in SCHEMA["properties"])
    if unknown:
        allowed = ", ".join(sorted(SCHEMA["properties"]))
        raise SidecarError(f"unknown key '{unknown[0]}' (allowed: {allowed})")
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.path))
    if errors:
        error = errors[0]
        key = str(error.path[0]) if error.path else "?"
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in list(error.path)[1:])
        raise SidecarError(f"key '{key}{path}': expected {_FORMS.get(key, 'a valid value')}")
    fields = {k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
              for k, v in data.items() if k != "corrections"}
    corrections = tuple((c["find"], c["replace"]) for c in data.get("corrections", []))
    return Sidecar(fields=fields, corrections=corrections, digest_source=raw)
