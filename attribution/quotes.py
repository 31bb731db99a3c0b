"""Stage 1: which quotation-mark spans quote someone, as what (direct or partial), and the
cue that introduces each."""

from __future__ import annotations

import re

from . import text as textmod
from .cues import Cue, relays
from .document import Article
from .lexicons import people_nouns
from .marks import QuoteSpan
from .outlets import is_outlet
from .records import Attribution
from .speakers import speaker_mention
from .verbs import subject_of


def quoted(article: Article, by_sentence: dict[int, list[Cue]]) -> list[Attribution]:
    """The article's quotes, in text order, each with its cue if its sentence has one."""
    found = []
    for qs in article.quote_spans:
        att = _quoted(article, qs, by_sentence)
        if att is not None:
            found.append(att)
    return found


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
    if not text[para[0] : qs.outer_start].strip() and not text[qs.outer_end : para[1]].strip():
        if _is_title_like(content.rstrip(".?!"), "") or content.isupper():
            return None  # a quoted line in Title Case on its own ('All Bets Are Off.') is a subheading

    # the words before it in its paragraph (the parser may start a sentence at the mark)
    if _names_a_work(content, text[max(para[0], qs.outer_start - 60) : qs.outer_start], suffix):
        return None
    if _named_by_participle(article, qs):
        return None
    cues = [c for c in _sentence_cues(article, qs, by_sentence) if _token_distance(article, c, qs) < 10**6]
    verb_cues = [c for c in cues if c.kind == "verb"] or cues
    cue = _governing_cue(article, qs, verb_cues)

    clause_like = len(words) >= 4 or content.rstrip()[-1:] in ".?!,"
    span = article.char_span(qs.start, qs.end)
    introduced = (
        cue is not None
        and span is not None
        and _introducing_cue(article, span, [cue]) is cue
        and not _is_title_like(content, prefix)
    )
    starts_sentence = prefix == "" or prefix[-1:] in (":", "\u2014") or introduced or _is_intro(prefix, cue)
    if prefix[-1:] == ":" and not clause_like:
        # a short clause after a colon is a sentence quoted whole ("saying: “The struggle
        # continues” and vowing …"), a short phrase there is not ("said: “Never.”")
        clause_like = _has_clause(span)
    if starts_sentence and clause_like:
        kind = "direct"
    else:
        kind = "partial"

    if kind == "partial":
        if cue is None or _is_title_like(content, prefix):
            return None
        if content.rstrip()[-1:] in ".?!" and suffix[:1] in ("", ",") and _has_clause(span, whole=len(words) <= 12):
            # the rest of its sentence: "says that “retaliatory action is being taken …”"
            kind = "direct"
        return Attribution(kind, qs.start, qs.end, cue, None, None, confidence=0.75, relayed=_relayed_by(cue, cues))
    return Attribution(kind, qs.start, qs.end, cue, None, None, confidence=0.9 if cue else 0.5)


def _relayed_by(cue: Cue, cues: list[Cue]) -> bool:
    """Is the quote's cue another speaker's inside a relayer's clause (so the relayer keeps
    the floor)?"""
    return any(c is not cue and relays(c, cue) for c in cues)


def _has_clause(span, whole: bool = False) -> bool:
    """Does the quote hold a clause of its own, a finite verb with its subject inside it, not
    in a relative clause? "a loyal friend who would do anything for anyone" does not. With
    `whole`, the clause must open the quote: "“we ran to the nearby fields”", not "the
    nation has become “more interested in what it can get”"."""
    if span is None:
        return not whole
    inside = range(span.start, span.end)
    if whole:
        first = next((t for t in span if not (t.is_punct or t.is_space)), None)
        return first is not None and any(
            (t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.pos_ == "AUX")
            and t.dep_ not in ("relcl", "acl")
            and _opens_at(t.head if t.dep_ in ("aux", "auxpass") else t, first.i, span.end)
            for t in span
        )
    return any(
        (t.tag_ in ("VBD", "VBZ", "VBP", "MD") or t.pos_ == "AUX")
        and t.dep_ not in ("relcl", "acl")
        and not any(a.dep_ in ("relcl", "acl") and a.i in inside for a in t.ancestors)
        and any(
            c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i in inside
            for c in (t.head if t.dep_ in ("aux", "auxpass") else t).children
        )
        for t in span
    )


def _opens_at(verb, start: int, end: int) -> bool:
    """Does the clause of `verb`, with its subject, run from token `start` to before `end`,
    but for the "that", conjunction or marks before it?"""
    words = [t.i for t in verb.subtree if t.dep_ not in ("mark", "cc", "punct")]
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
    return subject and min(words) == start and max(words) < end


def _governing_cue(article: Article, qs: QuoteSpan, cues: list[Cue]) -> Cue | None:
    """The cue whose clause holds the quote, else the nearest one. Of nested cues the
    outermost speaks (in `Tan said China had asked Seoul to "properly handle" it` the
    words are Tan's report) unless an inner one relays a speaker's own clause (`she said he
    had said he was "cold but comfortable"`: his). An outlet's `reported` only frames the
    sentence."""
    if not cues:
        return None
    span = article.char_span(qs.start, qs.end)
    if span is not None and len(span):
        # a quote with its own attribution after it ("…," the union wrote) is that one's
        intro = None if any(c.start >= qs.outer_end for c in cues) else _introducing_cue(article, span, cues)
        if intro is not None:
            return intro
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
        reporting = [c for c in owning if c.content and _holds(article, c.content, qs)]
        if reporting:
            reporting.sort(key=lambda c: -ancestors[c.token.i])
            # a speaker whose words the outer one relays speaks them: in `she said he had said
            # he was "cold but comfortable"` the words are his
            inner = [c for c in reporting[1:] if relays(reporting[0], c)]
            return inner[-1] if inner else reporting[0]
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


def _holds(article: Article, content: tuple[int, int], qs: QuoteSpan) -> bool:
    """Does a cue's clause hold the quote? The clause stops before a final stop the quote
    keeps ('would continue "until all goals are achieved."')."""
    start, end = content
    return start <= qs.start and (qs.end <= end or not article.text[end : qs.end].strip(".,;:!?"))


def _introducing_cue(article: Article, span, cues: list[Cue]) -> Cue | None:
    """A verb whose clause ends in the comma or colon that opens the quote introduces it,
    whatever the parser hung the quote on: in `Audience members laughed when he urged
    voters, "Look what I have delivered"` he speaks, not the audience."""
    doc = article.doc
    k = span.start - 1
    while k >= 0 and (doc[k].is_quote or doc[k].is_space):
        k -= 1
    if k < 1 or doc[k].text not in (",", ":"):
        return None
    for c in sorted(cues, key=lambda c: -c.token.i):  # the nearest: "criticised by X who wrote on X:"
        tok = c.token
        if c.kind != "verb" or tok.i >= k or (subject_of(tok) is None and tok.tag_ != "VBG"):
            continue  # a participle ("…, saying, “…”") speaks with its clause's subject
        # its words run up to the comma (the quote itself may hang on it as its complement)
        if max(t.i for t in tok.subtree if t.i <= k) in (k - 1, k):
            return c
    return None


def _outlet_frame(article: Article, cue: Cue) -> bool:
    if cue.kind != "verb":
        return False
    subj = speaker_mention(article, cue)
    return subj is not None and is_outlet(subj)


def _is_intro(prefix: str, cue: Cue | None) -> bool:
    """`He said, "..."` / `Asked about it, she said: "..."` — the quote opens a clause."""
    if cue is None or not prefix.endswith(","):
        return False
    return prefix[:-1].rstrip().endswith(cue.text) or prefix[:-1].rstrip().lower().endswith(("added", "says", "said"))


def _names_a_work(content: str, prefix: str, suffix: str) -> bool:
    """A Title Case name in a noun's place is a work's title, whatever follows: after a
    possessive (NBC's "Today", Fox News's "Sunday Morning Futures,") or between a determiner
    and its noun (the "Avatar" star)."""
    if not _title_case(content, 1):
        return False
    before = prefix.rstrip()
    if re.search(r"\w['’]s$", before):
        return True
    return bool(re.search(r"\b(the|a|an)$", before, flags=re.I)) and bool(re.match(r"[a-z]+\b", suffix))


def _named_by_participle(article: Article, qs: QuoteSpan) -> bool:
    """A thing's name after "called" or "named" that modifies its noun ("a play called “Los
    Hijos de Trump”", "an account called “Hypo-Cruz”") quotes nobody; a person so called by
    someone is quoted ("the senator, called “the conscience of the Senate” by colleagues")."""
    doc = article.doc
    mark = article.char_span(qs.outer_start, qs.outer_start + 1)
    if mark is None or mark.start == 0:
        return False
    k = mark.start - 1
    while k > 0 and (doc[k].is_quote or doc[k].is_space):
        k -= 1
    if doc[k].lower_ not in ("called", "named") or doc[k].tag_ != "VBN" or doc[k].dep_ != "acl":
        return False
    thing = doc[k].head
    return (
        thing.pos_ == "NOUN"
        and thing.lemma_.lower() not in people_nouns()
        and not any(c.dep_ == "agent" for c in doc[k].children)
    )


def _title_case(content: str, fewest: int, most: int = 8) -> bool:
    """`fewest` to `most` words, each capitalised or a short function word; a title with a
    subtitle ("Perfect Enough: Carly Fiorina and the Reinvention of Hewlett-Packard") may
    have 12 on each side of its colon."""
    title, colon, subtitle = content.partition(":")
    if colon and subtitle.strip():
        return _title_case(title, 1, 12) and _title_case(subtitle, 1, 12) and len(content.split()) >= fewest
    words = [w for w in content.split() if w[:1].isalpha()]
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "with"}
    return fewest <= len(words) <= most and all(w[:1].isupper() or w.lower() in small for w in words)


def _is_title_like(content: str, prefix: str) -> bool:
    """Titles, nicknames, ship names and so-called terms quote nobody."""
    prefix = re.sub(r"\s+(the|a|an)$", "", prefix.rstrip(), flags=re.I)  # "known as the 'Buffett rule'"
    if prefix.lower().endswith(
        ("so-called", "so called", "dubbed", "named", "titled", "entitled", "nicknamed", "known as")
    ):
        return True
    return _title_case(content, 2) and not _shouted(content)


def _shouted(content: str) -> bool:
    """Words in capitals between lower-case ones are shouted, not a title: "a TOTAL
    DISASTER", "very, very SAD"; a title capitalises only their first letters."""
    words = [w.strip(".,!?;:") for w in content.split()]
    capitals = [w for w in words if len(w) > 1 and w.isalpha() and w.isupper()]
    return len(capitals) >= 2 and any(w.isalpha() and w.islower() for w in words)
