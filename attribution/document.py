"""The shared article every stage reads: cleaned text, one spaCy Doc, paragraphs, quote marks."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .quotes import QuoteSpan, find_quotes
from .text import paragraph_bounds

CHUNK_CHARS = 50_000  # spaCy wants bounded inputs; chunks end at paragraph breaks


@dataclass
class Article:
    text: str
    doc: Doc
    paragraphs: list[tuple[int, int]]
    quote_spans: list[QuoteSpan]
    _para_starts: list[int] = field(default_factory=list, repr=False)
    _in_quote: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._para_starts = [s for s, _ in self.paragraphs]
        # per token: index of the quote span containing it, or -1
        self._in_quote = [-1] * len(self.doc)
        starts = [q.start for q in self.quote_spans]
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
        return self.doc.char_span(start, end, alignment_mode="expand")

    def sentences_between(self, start: int, end: int) -> list[Span]:
        """Sentences overlapping the character range."""
        span = self.char_span(start, end)
        if span is None or not len(span):
            return []
        first, last = span[0].sent, span[-1].sent
        return [s for s in self.doc[first.start : last.end].sents]


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[str]:
    """Contiguous pieces of `text` ending at newlines; their concatenation is `text`."""
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + size)
        if end < len(text):
            nl = text.rfind("\n", pos, end)
            end = nl + 1 if nl > pos else end
        yield text[pos:end]
        pos = end


# The model was trained on English quotation marks: show it those, one character for one.
PARSE_MARKS = str.maketrans({c: '"' for c in "\u00ab\u00bb\u201e\u2039\u203a\u300c\u300d\u300e\u300f"})


def parse(nlp: Language, text: str) -> Doc:
    text = text.translate(PARSE_MARKS)
    docs = list(nlp.pipe(chunks(text))) if len(text) > CHUNK_CHARS else [nlp(text)]
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def build_article(text: str, doc: Doc) -> Article:
    return Article(text, doc, paragraph_bounds(text), find_quotes(text))


def parse_many(nlp: Language, texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Stream docs for many texts through `nlp.pipe`; long texts are chunked on their own."""
    short: list[tuple[int, str]] = []
    texts = list(texts)
    for i, t in enumerate(texts):
        if len(t) <= CHUNK_CHARS:
            short.append((i, t))
    parsed = dict(
        zip(
            (i for i, _ in short),
            nlp.pipe((t.translate(PARSE_MARKS) for _, t in short), batch_size=batch_size),
            strict=True,
        )
    )
    for i, t in enumerate(texts):
        yield parsed[i] if i in parsed else parse(nlp, t)
