"""The shared article every stage reads: cleaned text, one spaCy Doc, paragraphs, quote marks."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .entities import mend_boundaries, settle_organisation_names, settle_person_names
from .marks import QuoteSpan, find_quotes, with_source_marks
from .text import paragraph_bounds

CHUNK_CHARS = 50_000  # spaCy wants bounded inputs: no piece is longer
PIECE_CHARS = 600  # paragraphs are parsed in pieces of about this size (parse_many)
PIECES_PER_BATCH = 64


@dataclass
class Article:
    text: str
    doc: Doc
    paragraphs: list[tuple[int, int]]
    quote_spans: list[QuoteSpan]
    _para_starts: list[int] = field(default_factory=list, repr=False)
    _in_quote: list[int] = field(default_factory=list, repr=False)
    _sent_bounds: list[tuple[int, int]] = field(default_factory=list, repr=False)
    _sent_of: list[int] = field(default_factory=list, repr=False)
    _tok_starts: list[int] = field(default_factory=list, repr=False)
    _ents: list[Span] = field(default_factory=list, repr=False)
    _ent_starts: list[int] = field(default_factory=list, repr=False)
    _quote_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._para_starts = [s for s, _ in self.paragraphs]
        # sentences once, in one pass: spaCy's Token.sent walks its sentence on every call,
        # which made many quotes in one long sentence cost its length each
        self._sent_of = [0] * len(self.doc)
        for k, sent in enumerate(self.doc.sents):
            self._sent_bounds.append((sent.start, sent.end))
            self._sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        self._tok_starts = [t.idx for t in self.doc]
        self._ents = list(self.doc.ents)  # Span.ents scans every entity of the doc per call
        self._ent_starts = [e.start for e in self._ents]
        # per token: index of the quote span containing it, or -1
        self._in_quote = [-1] * len(self.doc)
        starts = self._quote_starts = [q.start for q in self.quote_spans]
        for tok in self.doc:
            k = bisect.bisect_right(starts, tok.idx) - 1
            if k >= 0 and tok.idx < self.quote_spans[k].end:
                self._in_quote[tok.i] = k

    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, char) - 1)

    def quote_index(self, tok: Token) -> int:
        """Index of the quote span holding `tok` (marks excluded), or -1."""
        return self._in_quote[tok.i]

    def in_quote(self, tok: Token) -> bool:
        return self._in_quote[tok.i] >= 0

    def char_span(self, start: int, end: int) -> Span | None:
        """The tokens overlapping the character range (spaCy's "expand" alignment), by bisection."""
        if end <= start or not self._tok_starts:
            return None
        first = max(bisect.bisect_right(self._tok_starts, start) - 1, 0)
        if self._tok_starts[first] + len(self.doc[first]) <= start:
            first += 1
        last = bisect.bisect_left(self._tok_starts, end)
        return self.doc[first:last] if first < last else None

    def ents_between(self, start: int, end: int) -> list[Span]:
        """Entities wholly inside tokens [start, end), as `doc[start:end].ents`, by bisection."""
        k = bisect.bisect_left(self._ent_starts, start)
        out = []
        while k < len(self._ents) and self._ents[k].start < end:
            if self._ents[k].end <= end:
                out.append(self._ents[k])
            k += 1
        return out

    def quotes_across(self, start: int, end: int) -> list[QuoteSpan]:
        """Quote spans whose marks or content overlap the character range, by bisection."""
        k = max(bisect.bisect_right(self._quote_starts, start) - 1, 0)
        out = []
        while k < len(self.quote_spans) and self.quote_spans[k].outer_start < end:
            if self.quote_spans[k].outer_end > start:
                out.append(self.quote_spans[k])
            k += 1
        return out

    def sent_of(self, tok: Token | int) -> Span:
        """The sentence holding a token, in constant time."""
        lo, hi = self._sent_bounds[self._sent_of[tok if isinstance(tok, int) else tok.i]]
        return self.doc[lo:hi]

    def sentences_between(self, start: int, end: int) -> list[Span]:
        """Sentences overlapping the character range."""
        span = self.char_span(start, end)
        if span is None or not len(span):
            return []
        first, last = self._sent_of[span.start], self._sent_of[span.end - 1]
        return [self.doc[lo:hi] for lo, hi in self._sent_bounds[first : last + 1]]


def pieces(text: str, target: int = PIECE_CHARS, limit: int = CHUNK_CHARS) -> list[str]:
    """Whole paragraphs grouped into pieces of about `target` characters (a longer paragraph
    is a piece of its own; one over `limit` is cut); their concatenation is `text`."""
    out: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = start
        while end < n and end - start < target:
            nl = text.find("\n", end, start + limit)
            end = min(n, start + limit) if nl < 0 else nl + 1
            while end < n and text[end].isspace() and end - start < limit:
                end += 1  # blank lines stay with the paragraph before, as in one long doc
        out.append(text[start:end])
        start = end
    return out


# The model was trained on English quotation marks: show it those, one character for one.
PARSE_MARKS = str.maketrans({c: '"' for c in "\u00ab\u00bb\u201e\u2039\u203a\u300c\u300d\u300e\u300f"})


def parse(nlp: Language, text: str) -> Doc:
    return next(parse_many(nlp, [text]))


def build_article(text: str, doc: Doc, source: str | None = None) -> Article:
    """`text` is the cleaned input the parser read; `source`, the input as given, shows which
    quotation marks were two apostrophes (''Yes,'') that cleaning made one."""
    mend_boundaries(doc)
    settle_organisation_names(doc)
    settle_person_names(doc)  # on the whole article: its pieces were read apart
    quotes = find_quotes(text)
    if source is not None:
        quotes = with_source_marks(quotes, source)
    return Article(text, doc, paragraph_bounds(text), quotes)


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = PIECES_PER_BATCH) -> Iterator[Doc]:
    """One Doc per text. Each text is parsed as paragraph pieces, all texts' pieces streamed
    through one `nlp.pipe`, and each text's pieces joined back into one Doc: the parser and
    NER then advance many short docs at once, which on one core beat one long doc by
    about a fifth (docs/PERFORMANCE.md). Sentences never cross a paragraph (see
    `paragraph_breaks`), but the encoders see no context across a piece's edge, so an arc
    or an entity next to one can differ from a one-doc parse (on dev.jsonl, 99.6 % or more
    of arcs agree, and the scorer's figures are the same)."""
    split = [pieces(t.translate(PARSE_MARKS)) or [""] for t in texts]
    docs = nlp.pipe((p for parts in split for p in parts), batch_size=batch_size)
    for parts in split:
        got = [next(docs) for _ in parts]
        yield got[0] if len(got) == 1 else Doc.from_docs(got, ensure_whitespace=False, exclude=["tensor", "user_data"])
