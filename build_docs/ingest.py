"""Bytes to text: decoding with detection, line ends, and input rejection.

Every reason to refuse a file is an :class:`InputRejected` with a one-line
message; the CLI prints it with the file name and goes on with the others.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from .model import MARKER_CHARS

#: Files larger than this are refused: no paper is this long, and a runaway
#: file must not stall the whole archive.
MAX_BYTES = 32 * 1024 * 1024
#: Minimum share of letters among the visible characters of a paper.
MIN_LETTER_SHARE = 0.3

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Characters that betray which legacy code page a file was written in.
_CP1256_LETTERS = set("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = r"A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_NON_LATIN_LETTER = re.compile(rf"[^\W\d_{_LATIN}]")
_MARKER = re.compile(f"[{''.join(MARKER_CHARS)}]")
_NOT_ASCII_LETTER = bytes(b for b in range(128) if not chr(b).isalpha())
#: A paper whose letters are mostly in another script is not one we can read
#: (a Persian watermark or a few names are fine).
MIN_LATIN_SHARE = 0.5


def _main_script(text: str) -> str:
    """Name of the most common non-Latin script among the letters.

    >>> _main_script("Привет мир"), _main_script("سلام")
    ('Cyrillic', 'Arabic')
    """
    counts: dict[str, int] = {}
    for char in _LETTER.findall(text[:200_000]):
        if not _LATIN_LETTER.match(char):
            name = unicodedata.name(char, "UNKNOWN").split(" ")[0]
            counts[name] = counts.get(name, 0) + 1
    if not counts:
        return "an unknown"
    best = max(sorted(counts), key=counts.__getitem__)
    return {"CJK": "Chinese/Japanese (CJK)", "HANGUL": "Korean"}.get(best, best.title())


class InputRejected(Exception):
    """The file is not a paper we can read; the message says why, in one line."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    #: Line-end convention found ("LF", "CRLF", "CR" or "mixed").
    line_ends: str


def _line_ends(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    return kinds[0] if len(kinds) == 1 else ("LF" if not kinds else "mixed")


def detect_encoding(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding)`` or raise InputRejected.

    >>> detect_encoding("caf\\u00e9 \\u201cquoted\\u201d".encode("utf-8"))
    ('café “quoted”', 'utf-8')
    >>> detect_encoding("\\u201cquoted\\u201d text".encode("cp1252"))[1]
    'cp1252'
    >>> detect_encoding(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    ('hi', 'utf-16')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError as error:
                raise InputRejected(f"starts with a {name} byte-order mark but is not valid {name} ({error.reason})") from None
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM shows as every other byte NUL in ASCII text.
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        sample = max(1, min(len(data), 4096) // 2)
        for name, zeros in (("utf-16-le", odd), ("utf-16-be", even)):
            if zeros > 0.4 * sample:
                try:
                    return data.decode(name), name
                except UnicodeDecodeError:
                    break
        raise InputRejected("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if (utf8_error.reason == "unexpected end of data" and utf8_error.end == len(data)
            and not data[: utf8_error.start].isascii()):
        # UTF-8 (it has valid multi-byte characters) cut inside its last
        # character: keep the text, drop the stub.
        return data[: utf8_error.start].decode("utf-8"), "utf-8"
    # Legacy code pages: prefer the ones this archive's journals used.
    for name in ("cp1256", "cp1252"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if name == "cp1256" and not _arabic_words(text):
            continue
        return text, name
    from charset_normalizer import from_bytes  # 15 ms to import: only for the rare unknown encoding

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    raise InputRejected(
        f"not valid UTF-8 (byte {utf8_error.start}: {utf8_error.reason}) and no known encoding fits"
    )


def _arabic_words(text: str) -> bool:
    """Whether a cp1256 reading gives Arabic-script words.

    Both code pages map the high bytes to letters, so the count alone cannot
    tell an English paper with a Persian watermark line (cp1256) from French
    or German text (cp1252). In real Arabic script the high letters stand in
    words of their own; read the other way, they sit inside Latin words.

    >>> _arabic_words("صلح و توازن Peace and balance"), _arabic_words("Straكe cafي")
    (True, False)
    """
    words = [w for w in text.split() if any(c in _CP1256_LETTERS for c in w)]
    pure = sum(not any(c.isascii() and c.isalpha() for c in w) for w in words)
    return bool(words) and pure >= 0.8 * len(words)


def decode(data: bytes) -> Decoded:
    """Bytes of a seed file to NFC text with LF line ends, or InputRejected.

    >>> decode(b"one\\r\\ntwo\\rthree\\n").text
    'one\\ntwo\\nthree\\n'
    >>> decode(b"   \\n\\n")
    Traceback (most recent call last):
    ...
    build_docs.ingest.InputRejected: empty file (no text)
    """
    if len(data) > MAX_BYTES:
        raise InputRejected(f"file is {len(data) // (1024 * 1024)} MB, larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    if not data.strip():
        raise InputRejected("empty file (no text)")
    if _looks_like_image(data):
        raise InputRejected("binary file (an image or other non-text format), not text")
    text, encoding = detect_encoding(data)
    line_ends = _line_ends(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\f\n")
    text = unicodedata.normalize("NFC", text)
    # Our inline markers are private-use characters; a source must not forge them.
    if any(marker in text for marker in MARKER_CHARS):
        text = _MARKER.sub("", text)
    # Counted in C (split, map, regular expressions that rarely match): a
    # 20 MB paper must not take a Python loop per character.
    visible = len("".join(text.split()))
    if not visible:
        raise InputRejected("empty file (no text)")
    controls = len(_CONTROL.findall(text))
    if controls > 0.05 * visible:
        raise InputRejected("binary file (too many control characters), not text")
    non_latin = len(_NON_LATIN_LETTER.findall(text))
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
    if ascii_letters >= MIN_LETTER_SHARE * visible and ascii_letters * (1 - MIN_LATIN_SHARE) >= non_latin:
        # Its ASCII letters alone pass both checks below (more letters only
        # raise both shares): no need to count every letter in Python.
        return Decoded(text=text, encoding=encoding, line_ends=line_ends)
    letters = sum(map(str.isalpha, text))
    if letters < MIN_LETTER_SHARE * visible and visible > 200:
        raise InputRejected(f"not prose: only {letters * 100 // visible}% of its characters are letters")
    latin = letters - non_latin
    if letters > 200 and latin < MIN_LATIN_SHARE * letters:
        raise InputRejected(f"mostly in {_main_script(text)} script ({100 - latin * 100 // letters}% of letters); "
                            "the pipeline reads papers written in Latin script")
    return Decoded(text=text, encoding=encoding, line_ends=line_ends)


_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"II*\x00", b"MM\x00*")


def _looks_like_image(data: bytes) -> bool:
    """Known binary signatures. ``BM`` alone is also how text can start
    ("BMJ Open ..."), so a bitmap must also have its reserved zero bytes.

    >>> _looks_like_image(b"BM6" + bytes(7)), _looks_like_image(b"BMJ Global Health")
    (True, False)
    """
    bitmap = data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00"
    return bitmap or any(data.startswith(magic) for magic in _MAGIC)
