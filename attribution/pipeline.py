"""The pipeline: quotes -> cues -> speakers -> coreference -> outlets, over one shared Article.

This module only wires the stages; each lives in its own module (docs/ENGINE.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from . import text as textmod
from .coref import Resolver, assign_speakers
from .cues import Cue, dedupe, find_cues, indirect
from .document import PIECES_PER_BATCH, Article, build_article, parse, parse_many
from .model import load_model
from .outlets import assign_outlets, frames_speech
from .quotes import quoted
from .records import Attribution
from .registry import EntityRegistry
from .result import build_result, empty_result


class Engine:
    """Loads the model once; `attribute` one article, `attribute_many` a stream of them."""

    def __init__(self, model: str | None = None, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_model(model)
        self.model_name = (
            f"{self.nlp.meta.get('lang', 'en')}_{self.nlp.meta.get('name', '?')}-{self.nlp.meta.get('version', '?')}"
        )

    def attribute(self, text: str, *, title: str | None = None) -> dict:
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        clean = textmod.clean(text)
        reason = textmod.unreadable_reason(clean, text)
        if reason:
            return empty_result(reason, title=title)
        return self._run(text, clean, parse(self.nlp, clean), title)

    def attribute_many(self, texts: Iterable[str], batch_size: int = PIECES_PER_BATCH) -> Iterator[dict]:
        """Many articles through one `nlp.pipe`; `batch_size` counts paragraph pieces."""
        originals = list(texts)
        cleaned = [textmod.clean(t) for t in originals]
        reasons = [textmod.unreadable_reason(c, t) for c, t in zip(cleaned, originals, strict=True)]
        readable = [t for t, r in zip(cleaned, reasons, strict=True) if not r]
        docs = parse_many(self.nlp, readable, batch_size=batch_size)
        for original, t, r in zip(originals, cleaned, reasons, strict=True):
            yield empty_result(r) if r else self._run(original, t, next(docs), None)

    def _run(self, original: str, text: str, doc: Doc, title: str | None) -> dict:
        """`text` is the cleaned input the stages read; results quote `original`, offset for offset."""
        try:
            article = build_article(text, doc, original)
            return build_result(article, attribute_article(article), title=title, source=original)
        except Exception as exc:  # the engine never raises on a str: report, don't crash
            return empty_result("internal_error", title=title, detail=f"{type(exc).__name__}: {exc}")


# -- the stages, wired --------------------------------------------------------


def attribute_article(article: Article) -> list[Attribution]:
    """The stages in order over one article; each adds to the same Attribution records."""
    cues = find_cues(article)
    by_sentence: dict[int, list[Cue]] = {}
    for c in cues:
        by_sentence.setdefault(article.sent_of(c.token).start, []).append(c)

    found = quoted(article, by_sentence)  # 1. quotes
    direct_spans = sorted((a.start, a.end) for a in found if a.type == "direct")
    found += [a for a in indirect(article, cues, direct_spans) if not frames_speech(article, a)]  # 2. cues
    found.sort(key=lambda a: (a.start, a.end))
    found = dedupe(found)

    assign_speakers(article, found, Resolver(EntityRegistry(article)))  # 3. speakers, 4. coreference
    assign_outlets(article, found, by_sentence)  # 5. outlets
    for i, a in enumerate(found, 1):
        a.id = f"q{i}"
    return found
