"""Hostile seed files, built in code.

``SMALL`` maps a file name to its bytes (cheap, exact); :func:`write_big`
writes the large cases into a folder at test time (they are never committed).
"""

from __future__ import annotations

import codecs
import struct
import zlib
from pathlib import Path

#: A small but real paper, used as the "good neighbour" of every bad input and
#: as the text the encoding cases re-encode. Curly quotes and a dash on purpose.
GOOD = """Research paper

The Organizing of Peace and Balance in the Persian Gulf

Sara Ahmadi

Assistant Professor of International Relations, University of Tehran, Tehran, Iran

Abstract

This paper studies how regional powers organize peace and balance. It asks “why do the states cooperate?” and answers that the balance of power keeps the region’s peace – for now.

Keywords: peace, balance, Persian Gulf

Introduction

The balance of power has long shaped the Persian Gulf. Regional states cooperate when their interests meet (Waltz, 1979).

Conclusion

Peace in the region depends on the balance between its powers.

References

Waltz, K. (1979). Theory of International Politics. New York: McGraw-Hill.
"""

#: Arabic-script words for the cp1256 case (encodable in cp1256).
PERSIAN_LINE = "صلح و توازن در خليج فارس"


def png_bytes() -> bytes:
    """A tiny valid PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00\xff\x00\x00"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def glyph_paper() -> str:
    """A paper whose every paragraph is a run of glyphs that failed to decode
    (all different, so none is taken for a running header)."""
    paragraphs = []
    for n in range(1, 25):
        run = " ".join("D" * (3 + (n * k) % 5) if k % 2 else "0" * (5 + (n + k) % 7) for k in range(n % 4 + 2))
        paragraphs.append(run)
    return "\n\n".join(paragraphs) + "\n"


BAD: dict[str, tuple[bytes, str]] = {
    # name: (bytes, a word the one-line reason must contain)
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\t\n\r\n   \n", "empty"),
    "nul.txt": (GOOD.encode()[:200] + b"\x00\x00\x01\x02" + GOOD.encode()[200:], "binary"),
    "image.txt": (png_bytes(), "binary"),
}

ACCEPTABLE: dict[str, bytes] = {
    "truncated_utf8.txt": GOOD.encode("utf-8") + "é".encode()[:1],
    "utf16_bom.txt": codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"),
    "cp1252.txt": GOOD.encode("cp1252"),
    "crlf.txt": GOOD.replace("\n", "\r\n").encode(),
    "cr.txt": GOOD.replace("\n", "\r").encode(),
}


def write_big(folder: Path) -> dict[str, int]:
    """Write the large cases into ``folder``; return name -> size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    words = "balance peace region state power cooperation interest security policy the of and "
    line = (words * (2 * 1024 * 1024 // len(words) + 1))[: 2 * 1024 * 1024]
    files = {
        "one_2mb_line.txt": ("Title of a One Line Paper\n\n" + line + "\n").encode(),
        "blank_lines.txt": (GOOD + "\n" * 100_000 + "The end of the paper.\n").encode(),
    }
    body = GOOD.split("References")[0]
    paragraph = ("The regional balance of power shapes the policy of every state in the Persian Gulf, "
                 "and cooperation follows interest (Waltz, 1979). ") * 8
    sections = []
    size = len(body)
    n = 0
    while size < 20 * 1024 * 1024:
        n += 1
        chunk = f"{n}. Section {n}\n\n" + "\n\n".join([paragraph] * 10) + "\n\n"
        sections.append(chunk)
        size += len(chunk)
    files["paper_20mb.txt"] = (body + "".join(sections) + "References\n\nWaltz, K. (1979). Theory of International Politics. New York: McGraw-Hill.\n").encode()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}
