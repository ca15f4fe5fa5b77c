"""Hypothesis strategies for damaged papers: random mixtures of the damage
classes the archive's OCR text really shows.

Used by ``tests/test_fuzz.py`` (short run) and ``scripts/fuzz_campaign.py``
(long campaign).
"""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = ["the", "resistance", "axis", "regional", "policy", "of", "Iran", "security", "cooperation", "balance", "peace", "organizing", "mechanisms", "government", "international", "relations", "theory", "realism", "analysis", "foreign", "movement", "groups", "strategy", "interest", "national", "power", "state"]

LATEX_GLYPHS = [r"\Upsilon", r"\cdot", r"\Psi", r"\Delta", r"\vee", r"\Lambda", r"\lambda",
                r"\Im", r"\circ", r"\bullet", r"\land", r"\wedge", "1", "F", "V", "9", "Υ", "Λ", "Δ"]

PERSIAN_WATERMARK = [
    "دانشگاه شهید چمران اهواز",
    "فصلنامه علمی پژوهشی سیاست جهانی",
    "پژوهشگاه علوم انسانی و مطالعات فرهنگی",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)

latex_digits = st.lists(st.sampled_from(LATEX_GLYPHS), min_size=1, max_size=5).map(
    lambda gs: "$" + " ".join(gs) + "$")
# A year or page number written in look-alikes, inside a citation or alone.
latex_citation = st.tuples(word, latex_digits).map(lambda t: f"({t[0].capitalize()}, {t[1]})")

glyph_run = st.one_of(
    st.lists(st.sampled_from(["D", "DD", "DDD", "DDDD", "ODOD", "DOD"]), min_size=1, max_size=8).map(" ".join),
    st.integers(5, 40).map(lambda n: "0" * n),
    st.lists(st.sampled_from(["000000", "DDDD", "00", "DD"]), min_size=2, max_size=6).map(" ".join),
)

running_header = st.tuples(st.sampled_from(["The Resistance Axis", "World Politics", "Peace and Balance"]),
                           st.integers(1, 999)).map(lambda t: f"{t[0]} | {t[1]}")
page_number = st.integers(1, 9999).map(str)
watermark = st.sampled_from(PERSIAN_WATERMARK)
heading = st.sampled_from(["Abstract", "Introduction", "1. Introduction", "2. Theoretical Framework",
                           "Conclusion", "References", "Keywords: peace, balance", "Bibliography"])
reference = st.tuples(word, word, st.integers(1900, 2030), paragraph).map(
    lambda t: f"{t[0].capitalize()}, {t[1][0].upper()}. ({t[2]}). {t[3]}")
random_unicode = st.text(min_size=1, max_size=200)
random_bytes_text = st.binary(min_size=1, max_size=200).map(lambda b: b.decode("latin-1"))
hyphenated = st.tuples(word, word).map(lambda t: f"{t[0]}-\n{t[1]}")
glued = st.tuples(word, word, word).map("".join)
identifiers = st.sampled_from(["roomi@scu.ac.ir", "(0000-0002-5849-2373)", "10000-0002-5139-6194",
                               "https://doi. org/10.1234/ abc", "http://www.example.com/a b/c.pdf",
                               "zntmotahari@vahoo.com"])


def _hard_wrap(text: str, width: int, blank_between: bool) -> str:
    lines, line = [], ""
    for w in text.split(" "):
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return ("\n\n" if blank_between else "\n").join(lines)


hard_wrapped = st.tuples(paragraph, st.integers(5, 90), st.booleans()).map(lambda t: _hard_wrap(*t))

damaged_block = st.one_of(
    paragraph, paragraph, paragraph,
    st.tuples(paragraph, latex_digits).map(" ".join),
    st.tuples(paragraph, latex_citation, paragraph).map(" ".join),
    glyph_run,
    st.tuples(paragraph, glyph_run, paragraph).map(" ".join),
    running_header, page_number, watermark, heading, reference,
    random_unicode, random_bytes_text, hard_wrapped, hyphenated, glued, identifiers,
    st.just(""), st.just(" "), st.just("\f"),
)

separator = st.sampled_from(["\n\n", "\n", "\n \n", "\n\n\n", "\r\n\r\n", "\r", " \n\n"])


@st.composite
def damaged_paper(draw) -> str:
    """A whole paper's text: blocks of random damage joined by random breaks."""
    blocks = draw(st.lists(damaged_block, min_size=1, max_size=30))
    out = []
    for block in blocks:
        out.append(block)
        out.append(draw(separator))
    return "".join(out)


encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "cp1256"])


@st.composite
def damaged_bytes(draw) -> bytes:
    """A paper as the bytes of a seed file: encoded (maybe lossily), maybe truncated."""
    text = draw(damaged_paper())
    encoding = draw(encodings)
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and len(data) > 2:
        data = data[: draw(st.integers(1, len(data)))]
    if draw(st.integers(0, 9)) == 0:
        data += draw(st.binary(max_size=64))
    return data
