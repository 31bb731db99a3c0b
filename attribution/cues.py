"""Stage 2: attribution cues — reporting verbs and "according to" — and the indirect
statements they report.

A cue is the word that marks speech: `said`, `told`, `according to`. Which words are
cues is `verbs.py`; where a cue's reported clause lies is `clauses.py`; here the cues
are found, each clause becomes an indirect quote, and nested or duplicate ones are
settled.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.tokens import Token

from .clauses import (
    according_clause,
    embedded_question,
    forward_complement,
    noun_complement,
    reported_clauses,
    trim,
)
from .document import Article
from .lexicons import document_nouns, reporting_verbs, word_list
from .records import Attribution
from .verbs import asked_of, is_according, is_reporting_verb, subject_of

# a clause before its verb that is only a time clause opened by one of these sets the scene; it
# reports nothing ("Though it was seamless, he said" may well be his words)
ADVERBIAL_OPENERS = {"as", "when", "while", "before", "after", "since", "until", "once"}  # time, not concession


@dataclass
class Cue:
    token: Token  # the verb, or "according" of "according to"
    kind: str  # "verb" | "according" | "noun" (a possessed statement noun: "Trump's claim that")
    quote_only: bool
    content: tuple[int, int] | None = None  # reported clause, characters
    resumed: tuple[int, int] | None = None  # the statement's clause after an interrupting cue
    asks: bool = False  # its clause is a question ("asked whether …"), not a statement

    @property
    def start(self) -> int:
        return self.token.idx

    @property
    def end(self) -> int:
        if self.kind == "according":
            return self.token.nbor(1).idx + len(self.token.nbor(1))
        return self.token.idx + len(self.token)

    @property
    def text(self) -> str:
        # from the tokens, not doc.text, which spaCy rebuilds whole on every access
        if self.kind == "according":
            return self.token.text_with_ws + self.token.nbor(1).text
        return self.token.text


def _imagined(verb: Token) -> bool:
    """Speech nobody made: "he shrugged, as if to say …", "as though to say"."""
    before = [t.lower_ for t in verb.doc[max(0, verb.i - 3) : verb.i]]
    return before[-2:] in (["if", "to"], ["though", "to"]) or before[-1:] in (["if"], ["though"]) and "as" in before


def find_cues(article: Article) -> list[Cue]:
    """Every cue outside quotation marks, in text order, with its reported clause if any."""
    cues = []
    verbs = reporting_verbs()
    for tok in article.doc:
        if article.in_quote(tok):
            continue
        if is_according(tok):
            cue = Cue(tok, "according", quote_only=False)
            cue.content = according_clause(article, tok)
            cues.append(cue)
        elif (clause := noun_complement(tok)) is not None:
            cue = Cue(tok, "noun", quote_only=False)
            cue.content = trim(article, list(clause.subtree))
            cues.append(cue)
        elif is_reporting_verb(tok) and not _imagined(tok):
            verb = verbs[tok.lemma_.lower()]
            cue = Cue(tok, "verb", quote_only=verb.quote_only)
            if not verb.quote_only:
                clauses = reported_clauses(article, tok)
                cue.content = clauses[0] if clauses else None
                cue.resumed = clauses[1] if len(clauses) > 1 else None
            elif verb.question and not asked_of(tok):
                # a question reported with no one named as asking it tells a reader little
                cue.content = embedded_question(article, tok)
                cue.asks = cue.content is not None
            cues.append(cue)
    return cues


def _only_an_adverbial(article: Article, start: int, end: int) -> bool:
    """Is the span one subordinate clause ("As the charges were unsealed in New York"),
    opened by a subordinator and ending where that clause ends?"""
    span = article.char_span(start, end)
    if span is None or not len(span):
        return False
    first = span[0]
    if first.dep_ != "mark" or first.lower_ not in ADVERBIAL_OPENERS:
        return False
    clause = first.head
    return clause.left_edge.i >= span.start and clause.right_edge.i >= span.end - 1 - (span[-1].is_punct)


def indirect(article: Article, cues: list[Cue], direct_spans: list[tuple[int, int]]) -> list[Attribution]:
    """Reported speech: each cue's clause that is more than one direct quote (`direct_spans`,
    sorted)."""
    found = []
    for cue in cues:
        for span in (cue.content, cue.resumed):
            a = _indirect(article, cue, span, direct_spans) if span is not None else None
            if a is not None:
                found.append(a)
    return found


def _indirect(
    article: Article, cue: Cue, span: tuple[int, int], direct_spans: list[tuple[int, int]]
) -> Attribution | None:
    """The statement a cue reports without quotation marks, unless a direct quote is all of it."""
    start, end = span
    body = article.text[start:end]
    if len(body.split()) < 3:
        return None
    if end <= cue.start and _only_an_adverbial(article, start, end):
        return None  # "As the charges were unsealed, Sawyer said …": a fronted adverbial, not her words
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
    if cue.kind == "according" and len(own) > 1 and reports_other_speech(article, start, end):
        # '"The operation continues," the ministry said, according to CNN': the adjunct names
        # where the quote was reported (its outlet), not a statement of its own
        return None
    # "that" marks the quote as the verb's reported clause ("added that “some of …”")
    that_clause = article.text[max(0, start - 9) : start].rstrip(" ,\"\u201c\u2018'\xa0").lower().endswith("that")
    if not that_clause and not any(ch.isalnum() for part in own for ch in part):
        return None
    if not that_clause and any(
        q.outer_start == start and q.outer_end == end for q in article.quotes_across(start, end)
    ):
        return None  # 'a sign that read "over 1.5 degrees is a global shipwreck"': the quote alone
    return Attribution("indirect", start, end, cue, None, None, confidence=0.7)


def framed_record(article: Article, a: Attribution) -> Token | None:
    """The record verb at the root of a clause another cue reports, when it has no clause of
    its own: "A Gallup poll showed his rating at 13%, The Korea Times reported" is the poll's
    finding (GUIDELINES: a record that shows something speaks), carried by the paper."""
    span = article.char_span(a.start, a.end)
    if span is None or not len(span):
        return None
    root = span.root
    verb = reporting_verbs().get(root.lemma_.lower())
    if verb is None or not verb.record or not is_reporting_verb(root) or forward_complement(root) is not None:
        return None
    subj = subject_of(root)
    return root if subj is not None and not article.in_quote(subj) else None


def reports_other_speech(article: Article, start: int, end: int) -> bool:
    """Does the clause report someone's speech ("X acknowledged the loss")?"""
    span = article.char_span(start, end)
    if span is None:
        return False
    root = span.root
    return _reports(root) or any(_reports(t) and t.dep_ in ("ROOT", "conj") for t in span)


def _reports(verb: Token) -> bool:
    """A reporting verb that tells of speech made, not foretold: "Russia would respond" is
    no one's speech yet."""
    return is_reporting_verb(verb) and not any(c.tag_ == "MD" for c in verb.children if c.dep_ == "aux")


def _nested(inner: Attribution, outer: Attribution) -> bool:
    """Is `inner` someone's speech inside a document's report of it ("Avalos told investigators
    that he had fired, search warrant documents say"), its cue among the outer clause's words?
    A record's measure is its own finding, not relayed speech: in "the poll found that 37
    percent of voters say …" the poll speaks (`record_nouns.txt`)."""
    if not _within(inner, outer) or inner.cue.kind != "verb" or outer.cue.kind != "verb":
        return False
    verb = reporting_verbs().get(inner.cue.token.lemma_.lower())
    document = subject_of(outer.cue.token)
    return (
        verb is not None
        and not verb.record
        and document is not None
        and document.lemma_.lower() in word_list("document_nouns.txt")
    )


def _relayed(inner: Attribution, outer: Attribution) -> bool:
    """Is `inner` another speaker's statement that `outer` relays, its cue and clause inside
    the outer clause ("Number 10 said the commissioner had said there would be no
    investigation")? Both stand: the innermost source speaks (GUIDELINES), and the relaying
    clause is the relayer's. A document's report is `_nested` instead."""
    return _within(inner, outer) and not _nested(inner, outer) and relays(outer.cue, inner.cue)


def _within(inner: Attribution, outer: Attribution) -> bool:
    """Are the inner statement's cue and clause among the outer clause's words? Not when the
    inner "clause" holds the outer cue: that is a misparse, not a report inside a report."""
    if inner.cue is None or outer.cue is None:
        return False
    if not (outer.start <= inner.cue.start < outer.end and outer.start <= inner.start and inner.end <= outer.end):
        return False
    return not inner.start <= outer.cue.start < inner.end


def relays(outer: Cue, inner: Cue) -> bool:
    """Does the inner cue, inside the outer one's clause, name a speaker of its own, a person or
    body who said something ("she said he had said he was 'cold but comfortable'"), not a
    record the relayer reads ("said the videos show …") nor people a record counts ("the poll
    found 74 percent say …")?"""
    if inner.kind != "verb" or outer.kind != "verb" or outer.content is None:
        return False
    if not outer.content[0] <= inner.start < outer.content[1]:
        return False
    relayer, source = subject_of(outer.token), subject_of(inner.token)
    if relayer is None or source is None or source.i < outer.token.i:
        return False
    if relayer.lemma_.lower() in document_nouns() or _counted(source):
        return False
    verb = reporting_verbs().get(inner.token.lemma_.lower())
    if verb is None or verb.record or source.lemma_.lower() in document_nouns() or _supposed(inner.token, outer.token):
        return False
    return source.lower_ != relayer.lower_ and source.lemma_.lower() not in ("i", "we", "you")


def _supposed(verb: Token, outer: Token) -> bool:
    """Is the inner report only supposed, under a condition or a modal on the way up to the
    outer cue ("can be removed only if a professional concludes the inmate is no longer at
    risk", "would say")?"""
    if any(c.tag_ == "MD" for c in verb.children):
        return True
    tok = verb
    while tok.i != outer.i and tok.head.i != tok.i:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return True
        tok = tok.head
    return False


def _counted(subject: Token) -> bool:
    """A share of people counted ("74 percent", "about half", "most voters"), who speak only
    through the record that counts them."""
    return any(t.like_num or t.lower_ in COUNTED_WORDS for t in subject.subtree)


COUNTED_WORDS = {"percent", "%", "half", "third", "quarter", "majority", "most", "many", "few", "plurality"}


def dedupe(found: list[Attribution]) -> list[Attribution]:
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
        if dup is not None and (_relayed(a, dup) or _relayed(dup, a)):
            (a if _relayed(a, dup) else dup).relayed = True
            dup = None
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
        elif nesting := (a, dup) if _nested(a, dup) else (dup, a) if _nested(dup, a) else None:
            # "Avalos told investigators that he had fired, search warrant documents say": the
            # innermost source speaks (GUIDELINES), with its own clause
            inner, outer = nesting
            dup.reported_in = subject_of(outer.cue.token)
            dup.start, dup.end, dup.cue = inner.start, inner.end, inner.cue
        elif (a.end - a.start) > (dup.end - dup.start):
            dup.start, dup.end = a.start, a.end
    return out
