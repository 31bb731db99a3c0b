"""Quotation marks: the spans between them, found when the article is built.

A character scanner, not a parser: it pairs opening and closing marks of one
family within a paragraph, tells British single quotes from apostrophes, joins
quotes that run over several paragraphs, and ignores marks that quote nothing
(6'2", '90s, rock 'n' roll). Which spans are real quotes, and of which type, is
the quotes stage's decision (quotes.py), once the cues are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .text import PAIRED_MARKS

# opener -> closers it accepts
DOUBLE = {
    "\u201c": '\u201d\u201c"',  # “ … ” (or a stray “ or a straight " used as a closer)
    '"': '"\u201d',
    "\u201e": "\u201c\u201d",  # „ … “ (German) or „ … ”
    "\u00ab": "\u00bb",  # « … »
    "\u300c": "\u300d",  # 「 … 」
    "\u300e": "\u300f",  # 『 … 』
}
SINGLE = {
    "\u2018": "\u2019",  # ‘ … ’
    "'": "'\u2019",
    "\u2039": "\u203a",  # ‹ … ›
    "\u201a": "\u2018\u2019",  # ‚ … ‘
}
OPENERS = {**DOUBLE, **SINGLE}
APOSTROPHES = "'\u2019"
# words that begin with an elision apostrophe: never an opening quote
ELISIONS = re.compile(r"(?:n|em|til|cause|tis|twas|bout|round|cos|nuff|s)\b", re.I)
BEFORE_OPEN = set(" \t\n([{\u2014\u2013-/:;,\u00a0") | set(OPENERS)
WORD = re.compile(r"\w")


@dataclass(frozen=True)
class QuoteSpan:
    """Content between marks (marks excluded); `start`/`end` index the text."""

    start: int
    end: int
    open_mark: str
    close_mark: str
    paragraphs: int = 1  # >1 when the quote runs over several paragraphs
    # the marks as the input wrote them, where cleaning changed them (''Yes,'' read as " Yes,")
    written_open: str | None = None
    written_close: str | None = None

    @property
    def outer_start(self) -> int:
        return self.start - len(self.open_mark)

    @property
    def outer_end(self) -> int:
        return self.end + len(self.close_mark) if self.close_mark else self.end

    @property
    def written_start(self) -> int:
        """Where the opening mark begins in the input."""
        return self.start - len(self.written_open if self.written_open is not None else self.open_mark)

    @property
    def written_end(self) -> int:
        """Where the closing mark ends in the input."""
        return self.end + len(self.written_close if self.written_close is not None else self.close_mark)


def _is_opener(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in OPENERS:
        return False
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt.isspace():
        return False
    if ch in "\"'":
        if prev.isdigit():  # 6'2", 12" screen
            return False
        if prev not in BEFORE_OPEN:
            return False
    if ch in "'\u2018":
        if nxt.isdigit():  # '90s
            return False
        if ELISIONS.match(text, i + 1) and not _closes_later(text, i):
            return False
    return True


def _closes_later(text: str, i: int) -> bool:
    """Is there a plausible closing mark for the single quote at `i` in its paragraph?"""
    end = text.find("\n", i)
    end = len(text) if end < 0 else end
    for j in range(i + 2, end):
        if text[j] in APOSTROPHES and _is_single_closer(text, j):
            # rock 'n' roll: the "quote" is one letter long
            return j - i > 2
    return False


def _is_single_closer(text: str, j: int) -> bool:
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else ""
    if prev.isspace():
        return False
    if nxt and WORD.match(nxt):  # don't, Britain's
        return False
    return True


def _find_closer(text: str, i: int, para_end: int) -> int:
    """Index of the mark closing the quote opened at `i`, or -1 in this paragraph."""
    opener = text[i]
    closers = OPENERS[opener]
    single = opener in SINGLE
    fallback = -1
    j = i + 1
    while j < para_end:
        ch = text[j]
        if ch in closers and j > i + 1:
            if not single:
                prev = text[j - 1]
                if ch == '"' and prev.isdigit() and text.find('"', j + 1, para_end) >= 0:
                    j += 1  # 6'2" inside a quote is content when a closer follows
                    continue
                if ch in '"\u201c' and prev.isspace():
                    # an ambiguous mark after a space opens a nested quote
                    k = _find_closer(text, j, para_end) if _is_opener(text, j) else -1
                    if k > 0:
                        j = k + 1
                        continue
                return j
            if _is_single_closer(text, j):
                nxt_word = text[j + 1 : j + 3]
                # players' union: a plural possessive, if a later closer exists
                if text[j - 1] in "sS" and re.match(r" [a-z]", nxt_word):
                    if fallback < 0:
                        fallback = j
                    j += 1
                    continue
                return j
        elif ch in OPENERS and ch not in closers and _is_opener(text, j):
            # a nested quote of the other family: skip over it
            k = _find_closer(text, j, para_end)
            if k > 0:
                j = k + 1
                continue
        j += 1
    return fallback


def find_quotes(text: str) -> list[QuoteSpan]:
    """All quoted spans in `text`, in order, outermost only."""
    spans: list[QuoteSpan] = []
    n = len(text)
    i = 0
    para_end = _para_end(text, 0)
    first_open = -1  # start of a quote continuing over paragraphs
    paragraphs = 1
    while i < n:
        if i >= para_end:
            i = para_end + 1
            para_end = _para_end(text, i)
            continue
        if not _is_opener(text, i):
            i += 1
            continue
        opener = text[i]
        k = _find_closer(text, i, para_end)
        if k >= 0:
            start = first_open if first_open >= 0 else i + 1
            open_mark = text[start - 1] if first_open >= 0 else opener
            if k > start and not _nickname(text, start - 1, k):
                spans.append(QuoteSpan(start, k, open_mark, text[k], paragraphs))
            first_open, paragraphs = -1, 1
            i = k + 1
            continue
        # no closer in this paragraph: does the next paragraph reopen the quote?
        nxt = _next_para_start(text, para_end)
        if (
            nxt is not None
            and text[nxt] == opener
            or (nxt is not None and text[nxt] in OPENERS and OPENERS[text[nxt]] == OPENERS[opener])
        ):
            if first_open < 0:
                first_open = i + 1
            paragraphs += 1
            i = nxt
            para_end = _para_end(text, nxt)
            continue
        # unbalanced: a quote opening a paragraph runs to its end
        content_end = para_end
        while content_end > i + 1 and text[content_end - 1].isspace():
            content_end -= 1
        start = first_open if first_open >= 0 else i + 1
        at_para_start = first_open >= 0 or text[_para_start(text, i) : i].strip() in ("", "-", "\u2014")
        if at_para_start and len(text[start:content_end].split()) >= 4:
            spans.append(QuoteSpan(start, content_end, text[start - 1], "", paragraphs))
        first_open, paragraphs = -1, 1
        i += 1
    return spans


def with_source_marks(spans: list[QuoteSpan], source: str) -> list[QuoteSpan]:
    """`spans` (found in the cleaned text) knowing the marks as `source` writes them:
    cleaning reads two apostrophes as one mark and a space (``''Yes,''`` as ``" Yes,"``), so a
    span that takes in the marks must take in both apostrophes."""
    out = []
    for q in spans:
        before, after = source[max(q.start - 2, 0) : q.start], source[q.end : q.end + 2]
        if before in PAIRED_MARKS or after in PAIRED_MARKS:
            q = replace(
                q,
                written_open=before if before in PAIRED_MARKS else q.open_mark,
                written_close=after if after in PAIRED_MARKS else q.close_mark,
            )
        out.append(q)
    return out


NICKNAME = re.compile(r"[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*)?")
NAME_BEFORE = re.compile(r"[A-Z][\w.'\u2019-]* $")
NAME_AFTER = re.compile(r" [A-Z][\w'\u2019-]+")


def _nickname(text: str, open_at: int, close_at: int) -> bool:
    """A name's nickname between its given name and surname quotes nobody:
    state Del. Marcia "Cia" Price, Earvin "Magic" Johnson."""
    return bool(
        NICKNAME.fullmatch(text, open_at + 1, close_at)
        and NAME_BEFORE.search(text, max(0, open_at - 30), open_at)
        and NAME_AFTER.match(text, close_at + 1)
    )


def _para_end(text: str, i: int) -> int:
    k = text.find("\n", i)
    return len(text) if k < 0 else k


def _para_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _next_para_start(text: str, para_end: int) -> int | None:
    j = para_end
    while j < len(text) and text[j].isspace():
        j += 1
    return j if j < len(text) else None
