"""Input hygiene: text as scrapers deliver it, made safe without moving any offset."""

from __future__ import annotations

import re
import unicodedata

# Control and format characters other than newline and tab become spaces, one
# for one, so every offset into the cleaned text is an offset into the input. Bidi
# marks, embeddings and isolates (U+200E/F, U+202A-E, U+2066-9) among them: pasted from
# social posts around quotation marks, they kept the marks from pairing.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]"
)
_LETTER = re.compile(r"[^\W\d_]")
_ENGLISH = frozenset(
    "the a an of to in and is are was were that for on with as by at from it he she they "
    "said says has have had be this not but will would".split()
)


# Two apostrophes (or LaTeX-style backticks, or two typographic single marks) standing for a
# double quotation mark, as in the New York Times archive: ''Yes,'' she said; “Yes,’’ she
# said. The later stages see one " and a space, the space on the outer side, so the length
# and every offset stay the same.
_OPEN_PAIR = re.compile(r"(?:(?<=[\s(\[{\u2014\u2013-])|^)(?:''|``|\u2018\u2018)(?=[^\s'`\u2018\u2019])", re.M)
_CLOSE_PAIR = re.compile(r"(?<=[^\s'`\u2018\u2019])(?:''|\u2019\u2019)(?=[\s.,;:!?)\]}\u2014\u2013-]|$)", re.M)
PAIRED_MARKS = ("''", "``", "\u2018\u2018", "\u2019\u2019")


# A line this long that is mostly quotation marks, or has hardly any letters, is no prose
# (a string of 50,000 quoted letters, a scraped table of figures): it is read as blank, so
# it costs the parser nothing and yields nothing. No paragraph of news comes near either
# share: in the 10,364 paragraphs of 200 characters or more of the dev, real-dev and
# PolNeAR sets, quotation marks are at most 8 % of the characters, letters at least 69 %.
NOT_PROSE_MIN_CHARS = 1000
MAX_MARK_SHARE = 0.25
MIN_LETTER_SHARE = 0.3
_MARKS = re.compile("[\"'\u2018\u2019\u201a\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c-\u300f`]")


def clean(text: str) -> str:
    """Replace control characters (and lone surrogates) with spaces, paired apostrophes with
    a double quotation mark, and long lines that are no prose with spaces; length is unchanged."""
    text = _CONTROL.sub(" ", text).replace("\r", "\n")
    if any(pair in text for pair in PAIRED_MARKS):
        text = _CLOSE_PAIR.sub('" ', _OPEN_PAIR.sub(' "', text))
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = "".join(" " if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    if len(text) >= NOT_PROSE_MIN_CHARS:
        text = "\n".join(" " * len(line) if _not_prose(line) else line for line in text.split("\n"))
    return text


def _not_prose(line: str) -> bool:
    if len(line) < NOT_PROSE_MIN_CHARS:
        return False
    chars = len(line) - line.count(" ")
    return len(_MARKS.findall(line)) > MAX_MARK_SHARE * chars or len(_LETTER.findall(line)) < MIN_LETTER_SHARE * chars


def without_symbols(text: str) -> str:
    """`text` without emoji and other symbols (and the joiners and selectors that build
    them): what is left says whether words come before a quotation."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("So", "Sk", "Sm", "Mn", "Cf", "Co")).strip()


def latin_share(text: str) -> float:
    """Share of letters that are Latin script."""
    letters = _LETTER.findall(text)
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if ch < "\u0250" or "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def unreadable_reason(text: str, original: str | None = None) -> str | None:
    """Why the engine cannot read `text` (cleaned from `original`), or None when it looks
    like English prose."""
    if not text.strip():
        return "no_text" if original is not None and original.strip() else "empty"
    sample = text[:20000]
    if not _LETTER.search(sample):
        return "no_text"
    if latin_share(sample) < 0.5:
        return "not_english"
    words = re.findall(r"[a-z]+", sample.lower())
    if len(words) >= 20 and sum(w in _ENGLISH for w in words) / len(words) < 0.08:
        return "not_english"
    return None


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line; a newline ends a paragraph."""
    bounds, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds
