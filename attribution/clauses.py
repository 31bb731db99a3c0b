"""Where a cue's reported clause lies: the complement of a reporting verb (however the
parser hung it), the clause around or before a parenthetical cue, the statement an
"according to" adjunct attributes, and the "that" clause of a possessed statement noun.
Spans are in characters of the article's text."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from .document import Article
from .lexicons import document_nouns, source_nouns, word_list
from .verbs import (
    CLAUSE_ONLY_VERBS,
    HEARER_VERBS,
    RELATIVE_PRONOUNS,
    inverted_object,
    is_reporting_verb,
    subject_of,
    subject_read_as_clause,
)

CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
FINITE_TAGS = ("VBD", "VBZ", "VBP")
COMPLEMENTS = ("dobj", "attr", "acomp", "ccomp", "xcomp", "prep", "oprd", "dative", "agent")
TRIM_LEFT = {"that", ",", ":", "\u2014", "\u2013", "-", "and", "but"}
COMMENT_NOUNS = word_list("comment_nouns.txt")
SET_OFF = {",", "\u2014", "\u2013", "-", "--"}
TRIM_RIGHT = {",", ".", ":", ";", "\u2014", "\u2013", "-", "!", "?"}


def citing_participle(article: Article, verb: Token) -> Token | None:
    """ "citing X" set off by a comma just after the cue ("reported, citing the army's chief,
    that …"; "…, Interfax reported on Monday, citing sources"), or between its subject and
    the cue ("Xinhua, citing the ship's operator, said …")."""
    doc = article.doc
    for c in verb.lefts:
        if c.lemma_ == "cite" and c.tag_ == "VBG" and c.dep_ == "advcl" and doc[c.i - 1].text == ",":
            return c
    for t in doc[verb.i + 1 : min(article.sent_of(verb).end, verb.i + 7)]:
        if t.lemma_ == "cite" and t.tag_ == "VBG":
            return t if doc[t.i - 1].text == "," else None
        if t.pos_ in ("VERB", "AUX") or article.in_quote(t) or t.lower_ == "that":
            return None
    return None


def noun_complement(noun: Token) -> Token | None:
    """The "that" clause of a statement noun with a possessor ("his claim that people would
    learn nothing"): the possessor's words, reported. Without a possessor the noun names no
    source; a relative clause ("the claim that was made") is no content."""
    if noun.tag_ != "NN" or noun.lemma_.lower() not in word_list("speech_nouns.txt"):
        return None
    if not any(c.dep_ == "poss" for c in noun.children):
        return None
    for c in noun.rights:
        if c.dep_ in ("acl", "ccomp") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
            if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
                return c
    return None


def trim(article: Article, toks: list[Token]) -> tuple[int, int] | None:
    """Character span of `toks` without complementizer, edge punctuation and quote marks."""
    toks = [t for t in toks if not t.is_space]
    while toks and (
        toks[0].lower_ in TRIM_LEFT
        and not _demonstrative(toks[0])
        or toks[0].is_quote
        and not article.in_quote(toks[0])
    ):
        toks = toks[1:]
    # a coordinator left at the end belongs to what the parser cut off ("saying it was
    # rushed and claiming …")
    while toks and (toks[-1].text in TRIM_RIGHT or toks[-1].is_space or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    if len(toks) < 2:
        return None
    return _balanced(article, toks[0].idx, toks[-1].idx + len(toks[-1]))


def _balanced(article: Article, start: int, end: int) -> tuple[int, int]:
    """The span with each partial quote it touches whole, marks and all: the parser leaves a
    quote's closing mark (and the stop inside it) to the reporting verb, which cut
    'the war had “no military solution' short of its mark."""
    text = article.text
    for q in article.quotes_across(start, end):
        opens, closes = start <= q.outer_start, end >= q.outer_end
        if opens and not closes and not _has_words(text[end : q.end]):
            end, closes = q.outer_end, True
        elif closes and not opens and not _has_words(text[q.outer_start : start]):
            start, opens = q.outer_start, True
        if opens and closes:  # both marks whole as written (''Yes,'' is two apostrophes a side)
            start = q.written_start if q.written_start < start <= q.outer_start else start
            end = q.written_end if q.outer_end <= end < q.written_end else end
        elif not (_has_words(text[q.start : start]) or _has_words(text[end : q.end])):
            start, end = q.written_start, q.written_end  # the clause is the quote: marks and all
        elif not opens and not closes:  # inside the quote, or inside its marks: keep to the content
            start, end = max(start, min(q.start, end)), min(end, max(q.end, start))
    return start, end


def _has_words(s: str) -> bool:
    return any(ch.isalnum() for ch in s)


def _demonstrative(tok: Token) -> bool:
    """ "That message is …", "That is …" keep their "that"; a "that" read as a subject though
    the clause has its own ("that she felt betrayed") is the complementizer."""
    if tok.dep_ == "det":
        # after a noun ("said in an interview with WOSU that enforcement would …") it opens
        # the clause: no demonstrative follows a noun
        before = tok.doc[tok.i - 1] if tok.i > 0 else None
        return before is None or before.tag_ not in ("NN", "NNS", "NNP", "NNPS", "PRP")
    # its clause's other subject may hang on the auxiliary: "that the plan was flawed"
    heads = [tok.head, *(c for c in tok.head.children if c.dep_ in ("aux", "auxpass"))]
    return tok.dep_ in ("nsubj", "nsubjpass") and not any(
        c.dep_ in ("nsubj", "nsubjpass") and tok.i < c.i < tok.head.i for h in heads for c in h.children
    )


def forward_complement(verb: Token) -> Token | None:
    """The clausal complement after the verb: its own ccomp, or one under a prep ("in a post
    that ..."); not the result clause of "so … that" ("tells so many lies that …")."""
    comp = _forward_complement(verb)
    return None if comp is not None and _result_clause(verb, comp) else comp


def _forward_complement(verb: Token) -> Token | None:
    for child in verb.rights:
        if _past_semicolon(verb, child):
            break  # "…, Ukraine says; Moscow blames Kyiv …": a new sentence in all but name
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
        # a clause headed by an adjective ("said the flurry was “unhinged”"), or one the parser
        # hung on the verb as an adverbial though "that" opens it ("tweeted that X was …")
        clause_head = (
            child.pos_ in ("VERB", "AUX") or child.dep_ == "ccomp" and (has_subject or _noun_read_clause(child))
        )
        if child.dep_ == "advcl" and has_subject and child.left_edge.lower_ == "that":
            # not when "that" is the subject, a relative pronoun: "Woman charged after crash
            # that killed cyclist"
            if not any(c.dep_ in ("nsubj", "nsubjpass") and c.tag_ in ("WDT", "WP") for c in child.children):
                return child
        if child.dep_ in ("advcl", "ccomp") and _subject_read_as_object(verb, child) is not None:
            return child  # "wrote that debris from a drone had caused the fire"
        if child.dep_ == "advcl" and has_subject and _unmarked_finite(child):
            # "said after the convention he would not accept …": a zero-that clause the
            # parser took for an adverbial; an adverbial opens with "if", "as", "when" …
            return child
        if child.dep_ in CLAUSE_DEPS and clause_head:
            if (inverted := subject_read_as_clause(verb)) is not None and inverted.head.i == child.i:
                continue  # "“We will not yield,” says the mayor as floods rise"
            if _after_object_and_comma(verb, child):
                continue  # "claimed responsibility for it, leading police to question whether …"
            marks = [c.lower_ for c in child.children if c.dep_ == "mark" and c.i < child.i]
            if any(m in SUBORDINATORS for m in marks) and "that" not in marks:
                # "said, as a few fighters worked out": the reporter's adverbial ("added that in
                # the weeks since the storm 2,000 homes had been rebuilt" is opened by "that")
                continue
            if (
                child.dep_ == "xcomp"
                and not any(c.dep_ in ("nsubj", "mark") for c in child.children)
                and not _gerund_subject(verb, child)
                # "standards, which he argued help ease …": a finite verb whose subject is the
                # relative pronoun the parser made the cue's object
                and not (child.tag_ in FINITE_TAGS and _relative_before(verb, child))
            ):
                continue  # "promised to act" is intention, not report
            if (
                child.tag_ in ("VBG", "VBN")
                and not any(t.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "mark") for t in child.subtree)
                and not _gerund_subject(verb, child)
            ):
                continue  # "said, her voice breaking": a participle with no subject anywhere, no clause
            return child
        if child.dep_ == "dobj" and (_misparsed_that_clause(child) or _misparsed_bare_clause(verb, child)):
            return child
        if child.dep_ in ("dobj", "dative") and verb.lemma_.lower() in HEARER_VERBS:
            # "told a meeting of leaders that few people understood …": the parser hung the
            # clause on the hearer as a relative clause, but "that" marks a complement
            for c in child.subtree:
                if c.dep_ in ("relcl", "acl") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                    if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                        return c
        if child.dep_ in ("prep", "dobj", "dative", "npadvmod"):
            for sub in child.subtree:
                if sub.i > verb.i and (_complement_in_phrase(sub) or _told_hearer_that(verb, child, sub)):
                    return sub
    return _clause_over_cue(verb)


def _result_clause(verb: Token, clause: Token) -> bool:
    """Is the clause the "that" of "so … that" or "such … that" ("added so many layers of
    complexity that it would be a boon for lawyers"), which tells a result, not what was said?"""
    that = clause.left_edge
    if that.lower_ != "that" or that.i <= verb.i:
        return False
    between = verb.doc[verb.i + 1 : that.i]
    # "said in so many words that …" is an idiom of the verb's, not the degree of a noun
    idiom = {t.i for c in verb.children if c.dep_ == "prep" for t in c.subtree}
    return any(
        t.i not in idiom
        and (t.lower_ == "such" or t.lower_ == "so" and t.i + 1 < that.i and t.nbor().pos_ in ("ADJ", "ADV", "DET"))
        for t in between
    )


def _relative_before(verb: Token, clause: Token) -> bool:
    """Does a relative pronoun before the verb, hung on it or on its clause, stand for the
    clause's subject ("which he argued help ease …")?"""
    return verb.dep_ == "relcl" and any(
        c.tag_ in ("WDT", "WP") and c.i < verb.i for c in (*verb.children, *clause.children)
    )


CLAUSE_AFTER = {"advcl", "ccomp", "conj", "parataxis"}
# "if one adds Nebraska, that takes us …" states a condition, no report
CONDITIONS = {"as", "if", "unless", "whether"}


def _clause_over_cue(verb: Token) -> Token | None:
    """ "three days after Trump told The Washington Post he was “not quite there yet”": the
    parser made the reported clause the head of the subordinate clause that holds its cue.
    The head is the complement when its own subject opens right where the cue's phrase ends
    and no clause of its own follows it ("After he told reporters he was ready, Ryan
    endorsed him" is no report of Ryan's endorsement, however it is parsed)."""
    head = verb.head
    if verb.dep_ != "advcl" or head.i < verb.i or not _finite(head):
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    if subject_of(verb) is None or mark is None or mark.lower_ in CONDITIONS:
        return None
    if any(c.i > head.i and c.dep_ in CLAUSE_AFTER and subject_of(c) is not None for c in head.children):
        return None
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.left_edge.i != verb.right_edge.i + 1:
        return None
    return None if verb.right_edge.is_punct else head  # "…, though, that has yet to happen"


def _hearer_like(tok: Token) -> bool:
    """Someone one can tell: a name, a pronoun, people ("reporters"), a role or an institution."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or tok.tag_ == "NNS":
        return True
    return tok.lemma_.lower() in source_nouns() or tok.lower_ in source_nouns()


def _told_hearer_that(verb: Token, phrase: Token, sub: Token) -> bool:
    """ "told the envoy at the start of the talks that Belmora would not pay": "tell" with its
    hearer still owes what was told, so a "that" clause with a subject of its own after a
    setting phrase is it, though the parser made it a relative clause on the setting. A
    relative "that" as the clause's subject ("a meeting that lasted an hour") or a told
    topic ("told reporters about a plan that …") stays a relative clause."""
    if phrase.dep_ != "prep" or verb.lemma_.lower() not in HEARER_VERBS or sub.dep_ not in ("relcl", "acl"):
        return False
    if not any(c.dep_ in ("dobj", "dative") and c.i < phrase.i and _hearer_like(c) for c in verb.children):
        return False  # "telling insight into …" tells no one
    if any(c.dep_ == "prep" and c.lower_ in ("about", "of") for c in verb.children):
        return False
    that = sub.left_edge
    if that.lower_ != "that" or that.dep_ in ("nsubj", "nsubjpass"):
        return False
    if any(t.lower_ == "that" and t.dep_ == "mark" for t in sub.subtree if t.i > that.i):
        return False  # "told the crowd at a rally that the governor attended that …": the later "that"
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i != that.i for c in sub.children)


def _subject_read_as_object(verb: Token, clause: Token) -> Token | None:
    """ "wrote on Telegram that debris from a downed drone had caused the fire": the parser
    read "that" as a determiner and "debris" as the verb's object, leaving the clause after
    it without a subject. The object is the clause's subject when "that" or a hearer comes
    before it ("told the Gazette the closure was …"), the clause
    is finite and has no subject of its own, and only the object and the verb's own phrases
    lie between them."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children):
        return None
    if not (_finite(clause) or any(c.dep_ in ("aux", "auxpass") for c in clause.children)):
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)
    if obj is None:
        return None
    # "told the Gazette the closure was a false economy": after the hearer, the "object" is
    # the zero-that clause's subject
    after_hearer = verb.lemma_.lower() in HEARER_VERBS and any(
        c.dep_ == "dative" and verb.i < c.i < obj.i for c in verb.children
    )
    if not (after_hearer or obj.left_edge.lower_ == "that" and obj.left_edge.dep_ == "det"):
        return None
    between = range(obj.right_edge.i + 1, clause.left_edge.i)
    phrases = {t.i for c in verb.children if c.dep_ == "prep" and obj.i < c.i < clause.i for t in c.subtree}
    return obj if all(i in phrases for i in between) else None


def _past_semicolon(verb: Token, child: Token) -> bool:
    return any(t.text == ";" for t in verb.doc[verb.i + 1 : child.left_edge.i + 1])


def _complement_in_phrase(sub: Token) -> bool:
    """A that-clause hung inside the verb's phrase: "stating in a post that …", "telling
    reporters after the address that it had become …". "that" marks it and it has its own
    subject, so it is no relative clause; and a complement, which "the threat that a
    presidency would constitute" lacks, as a relative clause on "that" does. After what a
    statement is made in, a verb that takes none will do ("said in a statement that the road
    would reopen"), unless it publishes the statement ("a statement that the ministry
    issued"), and so will a "that" the parser read as a relative pronoun though the clause
    has a subject of its own ("wrote in a letter that the council had lied")."""
    if sub.dep_ == "ccomp":
        return any(c.lower_ == "that" and c.dep_ == "mark" for c in sub.children)
    if sub.dep_ not in ("acl", "relcl"):
        return False
    that = next((c for c in sub.children if c.lower_ == "that" and c.i < sub.i), None)
    # a subject may hang on the clause's auxiliary: "that the plan was flawed"
    heads = [sub, *(c for c in sub.children if c.dep_ in ("aux", "auxpass"))]
    subjects = [c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if that is None and _object_with_no_gap(sub.left_edge):
        that = sub.left_edge  # "said at a briefing that the North appeared to be using the visit"
    if that is None and sub.left_edge.lower_ == "that" and any(c.dep_ == "nsubjpass" for c in subjects):
        # "told reporters at a news conference that officers had been instructed to stop …": a
        # passive clause leaves no object for a relative "that" to fill, wherever the parser hung it
        return True
    if that is None or not subjects:
        return False
    statement = sub.head.lemma_.lower() in _statement_nouns() and sub.lemma_ not in word_list("publishing_verbs.txt")
    if that.dep_ == "mark":
        # a passive leaves no gap for a relative "that" ("heard from two paramedics that the
        # ambulance had been delayed"); a "that" the parser read as a mark after a setting
        # ("said during a news conference that he may wait") opens the complement as well
        passive = any(c.dep_ == "nsubjpass" for c in subjects)
        setting = sub.head.lemma_.lower() in word_list("setting_nouns.txt")
        return statement or setting or passive or any(c.dep_ in COMPLEMENTS for c in sub.children)
    return statement and that.dep_ in ("nsubj", "nsubjpass", "dobj") and any(c.i != that.i for c in subjects)


def _object_with_no_gap(that: Token) -> bool:
    """A "that" the parser made the object of a verb deeper in the clause, which has an object
    of its own: no relative pronoun, for it fills no gap ("that the North appeared to be using
    the visit as a pretext"); it marks a complement."""
    return (
        that.lower_ == "that"
        and that.dep_ == "dobj"
        and any(c.dep_ == "dobj" and c.i > that.i for c in that.head.children)
    )


@cache
def _statement_nouns() -> frozenset[str]:
    """What a statement is made in: "said in a statement / a post / an interview that …"."""
    return document_nouns() | word_list("speech_nouns.txt") | word_list("occasion_nouns.txt")


CONCESSIVE = {"although", "though", "whereas", "while"}
# subordinators that open an adverbial clause, never a reported one
SUBORDINATORS = CONCESSIVE | {"as", "when", "before", "after", "since", "until", "once", "unless"}


def _reporters_aside(article: Article, toks: list[Token], comp: Token) -> int | None:
    """Where the reporter takes the sentence back inside a reported clause: at a comma
    before a reporting participle ("…, citing the strategic importance", "…, saying that"),
    a concessive clause ("…, although he again refused to …") or a subordinate clause with a
    report of its own ("…, as Ukraine's military said it had hit a depot"), or an apposition
    that sums the statement up ("… — a line that drew applause"). The annotations end the
    statement there; a participle that reports has its own clause."""
    doc = article.doc
    for t in toks:
        if t.i <= comp.i or article.in_quote(t):
            continue
        if t.dep_ == "appos" and t.lemma_.lower() in COMMENT_NOUNS and doc[t.left_edge.i - 1].text in SET_OFF:
            return t.left_edge.i - 1  # "… — a line that drew applause": the reporter's comment
        if doc[t.i - 1].text != ",":
            continue
        if t.tag_ == "VBG" and is_reporting_verb(t) and subject_of(t) is None:
            return t.i - 1
        if t.lower_ in CONCESSIVE and t.dep_ == "mark":
            return t.i - 1
        if t.dep_ == "mark" and t.lower_ in SUBORDINATORS and _own_report(t.head):
            return t.i - 1  # "…, as Ukraine's military said it had hit a depot": another's report
        if t.tag_ in ("WDT", "WP") and _relative_report(t):
            return t.i - 1  # "…, which the mayor said had risen by half": the mayor's report
    return None


def _relative_report(pronoun: Token) -> bool:
    """A relative clause that reports with a subject of its own (", which he argued help ease
    …", ", which the mayor said had risen"): a statement of its own, not the outer one's."""
    for verb in pronoun.doc[pronoun.i + 1 : pronoun.i + 6]:
        if verb.dep_ == "relcl" and is_reporting_verb(verb):
            subject = subject_of(verb)
            return subject is not None and pronoun.i < subject.i < verb.i
    return False


def _own_report(verb: Token) -> bool:
    """A reporting verb with a subject and a clause of its own ("as Ukraine's military said it
    had hit a depot"), not one that attributes the clause around it ("as she said")."""
    if not is_reporting_verb(verb) or subject_of(verb) is None:
        return False
    comp = forward_complement(verb)
    # the clause follows the verb with no break: "as she said at the outset - any rancor was
    # concealed" hangs the main clause on the aside
    return comp is not None and not any(t.is_punct for t in verb.doc[verb.i + 1 : comp.left_edge.i])


def _finite(verb: Token) -> bool:
    """A verb in a finite form, or with a modal ("would accept")."""
    return verb.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _unmarked_finite(clause: Token) -> bool:
    """A finite clause with no subordinator ("he would not accept …")."""
    return _finite(clause) and not any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT", "WP") for c in clause.children)


def _second_report(conj: Token, cue: Token) -> bool:
    """A conjoined reporting verb with no subject of its own: the reporter's second verb. A
    participle after a participial cue is one too, wherever the parser hung it in the clause
    ("saying that the bill was waylaid - and arguing that …": a finite verb has no
    participle for a conjunct)."""
    return (
        is_reporting_verb(conj)
        and (conj.tag_ in FINITE_TAGS or conj.tag_ == cue.tag_ == "VBG")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children)
    )


def _misparsed_that_clause(obj: Token) -> bool:
    """ "wrote that the effect of light held up": parsed as an object "the effect" marked by
    "that" with "held" hanging on it, where the clause is "the effect … held up"."""
    before = obj.doc[obj.left_edge.i - 1] if obj.left_edge.i > 0 else None
    marked = any(c.dep_ == "mark" and c.lower_ == "that" and c.i < obj.i for c in obj.children) or (
        before is not None and before.lower_ == "that" and before.head in (obj, obj.head)
    )
    return marked and any(c.dep_ in ("acl", "relcl") and c.pos_ in ("VERB", "AUX") for c in obj.rights)


def _after_object_and_comma(verb: Token, clause: Token) -> bool:
    """A clause after the verb's object and a comma is the reporter's next step, not what the
    verb reports; a hearer is no such object ("told reporters, …")."""
    if verb.lemma_.lower() in HEARER_VERBS:
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if obj is None or not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False  # without a subject of its own the "object" is its subject: "said their networks, …, were"
    return any(t.text == "," for t in verb.doc[obj.right_edge.i + 1 : clause.left_edge.i + 1])


def _gerund_subject(verb: Token, xcomp: Token) -> bool:
    """ "said legalizing it could put thousands to work": a gerund the parser made the verb's
    complement, where it is the subject of the finite clause hung on it."""
    return (
        verb.lemma_.lower() in CLAUSE_ONLY_VERBS
        and xcomp.tag_ == "VBG"
        and xcomp.i == verb.i + 1
        and any(c.dep_ == "ccomp" and _finite(c) for c in xcomp.rights)
    )


def _noun_read_clause(comp: Token) -> bool:
    """ "said Obama's words and actions “amount to a form of intimidation”": a clause whose verb
    the tagger took for a noun, with its subject hung on it as a modifier."""
    return comp.pos_ == "NOUN" and any(c.dep_ in ("nmod", "poss") and c.i < comp.i for c in comp.children)


def _misparsed_bare_clause(verb: Token, obj: Token) -> bool:
    """ "said the collapse of so many new buildings pointed to violations": parsed as an object
    with a participle hanging inside it, where a finite verb with no subject of its own makes
    the object its subject and the whole a zero-that clause."""
    if verb.lemma_.lower() not in CLAUSE_ONLY_VERBS:
        return False
    for t in obj.subtree:
        if t.dep_ not in ("acl", "relcl"):
            continue
        # a past participle counts only when no finite verb follows: "bridges pointed to …"
        # ends the sentence; "buildings damaged in the quake were …" is a reduced relative
        if t.tag_ in FINITE_TAGS or (t.tag_ == "VBN" and not _finite_follows(t)):
            own = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") or c.tag_ in ("WDT", "WP")]
            before = t.doc[t.i - 1]
            if not own and before.tag_ not in ("WDT", "WP", "IN") and before.text != ",":
                return True
    return _verb_read_as_modifier(obj)


def _verb_read_as_modifier(obj: Token) -> bool:
    """ "said the depot supplied fuel to Russian forces": parsed as one noun phrase, "the
    depot supplied fuel", its verb a modifier of "fuel"; a past form right after a noun that a
    determiner opens, with no finite verb after it, is the clause's verb."""
    for t in obj.lefts:
        if t.dep_ != "amod" or t.tag_ not in ("VBD", "VBN") or t.i == 0:
            continue
        noun = t.doc[t.i - 1]
        opener = noun.doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else noun
        if (
            noun.tag_ in ("NN", "NNS", "NNP", "NNPS")
            and noun.head in (obj, t)
            and "DT" in (noun.left_edge.tag_, opener.tag_)
        ):
            return not _finite_follows(t)
    return False


def _finite_follows(tok: Token, window: int = 40) -> bool:
    """Is there a finite verb or a modal after `tok` in its sentence (within `window`
    tokens, so a long sentence costs no more than a short one)?"""
    for u in tok.doc[tok.i + 1 : tok.i + 1 + window]:
        if u.is_sent_start:
            return False
        if u.tag_ in FINITE_TAGS or u.tag_ == "MD":
            return True
    return False


# words that open an embedded question: "asked whether …", "asked him how high …"
QUESTION_WORDS = {"whether", "if", "who", "whom", "whose", "what", "which", "why", "how", "when", "where"}


def embedded_question(article: Article, verb: Token) -> tuple[int, int] | None:
    """The question a verb of asking reports ("Todd asked Pence whether that would take place
    …", "asked workers if they planned …", "Asked who leads the party, he said …"), from the
    question word to the clause's end: a finite clause after the verb, opened by a question
    word. "asked him to resign" and "asked for help" report no question."""
    for child in verb.rights:
        if _past_semicolon(verb, child):
            break
        if child.dep_ not in ("ccomp", "advcl") or article.in_quote(child):
            continue
        first = child.left_edge
        if first.lower_ not in QUESTION_WORDS or first.i <= verb.i:
            continue
        if child.dep_ == "advcl" and first.lower_ not in ("if", "whether"):
            continue  # "to ask a question when Trump shot back": a time adverbial
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in child.children):
            continue
        return trim(article, list(article.doc[first.i : child.right_edge.i + 1]))
    return None


def reported_clauses(article: Article, verb: Token) -> list[tuple[int, int]]:
    """The clause a reporting verb reports, in characters: none, one, or two when the verb
    interrupts its statement between two clauses ("If the talks fail, Ortega argues, there
    are other tools": each side is a clause of the statement, as in an interrupted quote),
    or when a colon after a trailing cue opens more of it ("Corporations are part of
    communities, she said: \"Part of the social contract …\"")."""
    clauses = _reported_clauses(article, verb)
    fronted = _fronted_before_colon(article, verb)
    if fronted is None:
        return clauses
    return [fronted, *(c for c in clauses if c[0] > verb.idx)][:2]


def _fronted_before_colon(article: Article, verb: Token) -> tuple[int, int] | None:
    """The clause before "…, X said:" — the parser hangs it on the verb as a complement but
    the words after the colon take its place."""
    doc = article.doc
    sent = article.sent_of(verb)
    subj = subject_of(verb)
    fronted = next((c for c in verb.lefts if c.dep_ == "ccomp"), None)
    if subj is None or fronted is None or not fronted.i < subj.i < verb.i:
        return None
    if subj.left_edge.i < 1 or doc[subj.left_edge.i - 1].text != ",":
        return None
    nxt = verb.i + 1
    while nxt < sent.end and doc[nxt].dep_ in ("advmod", "npadvmod") and doc[nxt].head.i == verb.i:
        nxt += 1
    if nxt >= sent.end or doc[nxt].text != ":":
        return None
    toks = list(doc[sent.start : subj.left_edge.i - 1])
    if not _finite_clause(toks) or any(article.in_quote(t) for t in toks):
        return None
    return trim(article, toks)


def _reported_clauses(article: Article, verb: Token) -> list[tuple[int, int]]:
    sent = article.sent_of(verb)
    comp = forward_complement(verb)
    if comp is None and _as_reported(verb):
        # "As The Washington Post reported, even if Sanders …, he would …": the clause the
        # "as" clause modifies is the report
        return _one(_reported_around_as(article, verb, sent))
    if comp is not None and comp.i > verb.i:
        if _small_clause_of_self(comp):
            return []
        fronted = _fronted_subject(article, verb, comp)
        if fronted is not None:  # "The pipes, Brisbois said, would last": parsed as two subjects
            toks = [t for t in article.doc[fronted.left_edge.i : comp.right_edge.i + 1] if not _inside_according(t)]
            return _one(trim(article, toks))
        # a clause the parser hung over its cue keeps only what follows the cue's phrase
        toks = [t for t in comp.subtree if t.i > (verb.right_edge.i if comp.is_ancestor(verb) else verb.i)]
        read_as_object = _subject_read_as_object(verb, comp)
        if read_as_object is not None:  # its subject, read as the verb's object, opens the clause
            first = read_as_object.left_edge
            toks = list(article.doc[first.i + (first.lower_ == "that") : comp.right_edge.i + 1])
        subj = next((c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i < comp.i and (comp.dep_ == "advcl" or _saying_time(verb, comp, subj)):
            # the parser's adverbial takes a time phrase ("said after the convention he would …")
            toks = [t for t in toks if t.i >= subj.left_edge.i]
        # a later, separate attribution ("..., according to X") is not part of the clause, nor
        # a second report by the same subject the parser hung on the clause ("said it was
        # opposed to the test and warned North Korea to refrain")
        toks = [t for t in toks if not _inside_according(t)]
        citing = citing_participle(article, verb)
        if citing is not None and citing.i < comp.i:  # "reported, citing an official, that …"
            end = max([citing.i] + [c.right_edge.i for c in citing.children if c.dep_ == "dobj"])
            toks = [t for t in toks if not citing.i <= t.i <= end]
        second = [c for c in comp.conjuncts if c.i > comp.i and _second_report(c, verb)]
        if second:
            cut = min(c.left_edge.i for c in second)
            while cut > comp.i and article.doc[cut - 1].dep_ in ("cc", "punct"):
                cut -= 1
            toks = [t for t in toks if t.i < cut]
        cut = _reporters_aside(article, toks, comp)
        if cut is not None:
            toks = [t for t in toks if t.i < cut]
        return _one(trim(article, _contiguous(toks)))
    if comp is None and (that := _unparsed_that(verb)) is not None:
        # "noting that at one point earlier in the campaign he had trailed …": "that" read as
        # a preposition, the clause hung elsewhere; the words after it to the sentence's end
        return _one(trim(article, [t for t in article.doc[that.i + 1 : sent.end] if not _inside_according(t)]))
    medial = _medial_parenthetical(article, verb)
    if medial is not None:
        return medial
    if verb.dep_ in ("acl", "relcl"):
        # "a report published on Friday", "Trump, who …, tweeted", "…, sent it back to the
        # lower courts, which had warned against it": a verb modifying a noun reports nothing
        # around the noun
        return []
    if verb.tag_ == "VBG" and subject_of(verb) is None:
        # "Zucker took the chance to comment on the business, remarking on …", "Clinton wins
        # the primary, adding to her lead": a participle goes on with its own subject's
        # sentence, which it does not report
        return []
    # parenthetical: "Talks are at a dead end, the minister said, as ...", "..., an official
    # told Reuters." (the hearer of "told" is no complement, nor an inverted subject the
    # parser made an object: "…, says search chief")
    not_complement = {
        t.i
        for c in verb.children
        if c.dep_ in ("dobj", "dative") and c.i > verb.i and verb.lemma_.lower() in HEARER_VERBS
        for t in c.subtree
    }
    inverted = inverted_object(verb)  # "…, says search chief": the object the parser made
    not_complement |= {t.i for t in inverted.subtree} if inverted is not None else set()
    if any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "dative")
        and c.i > verb.i
        and c.i not in not_complement
        and not _afterthought(verb, c)
        and not _past_semicolon(verb, c)
        for c in verb.children
    ):
        return []
    # an inverted subject with its apposition: "…, said Mara Quint, an analyst at Delta Bank."
    after_subject = subject_of(verb)
    subject_words = (
        {t.i for t in after_subject.subtree} if after_subject is not None and after_subject.i > verb.i else set()
    )
    nxt = verb.i + 1
    while nxt < sent.end and (
        nxt in not_complement
        or nxt in subject_words
        or verb.doc[nxt].dep_ in ("nsubj", "advmod", "npadvmod")
        or verb.doc[nxt].head.dep_ in ("nsubj", "npadvmod")  # "said late Saturday"
    ):
        nxt += 1
    if nxt < sent.end and not (
        verb.doc[nxt].is_punct or verb.doc[nxt].is_space or verb.doc[nxt].dep_ in ("prep", "mark", "cc", "advcl")
    ):
        return []
    subj = subject_of(verb)
    left_edge = min([verb.i] + ([subj.left_edge.i] if subj is not None else []))
    if subj is None:
        left_edge = detached_subject_start(article, verb, sent.start)
    for other in sorted((c for c in verb.children if c.dep_ == "nsubj"), key=lambda c: -c.i):
        if other.right_edge.i + 1 == left_edge:  # "the national statistics agency INE said": two subjects
            left_edge = other.left_edge.i
    if left_edge - sent.start < 3:
        return []
    k = left_edge - 1
    while k > sent.start and article.doc[k].is_space:  # ''Yes,'' read as '"' and a space
        k -= 1
    before = article.doc[k]
    if before.text not in (",", "\u2014", "\u2013", "-") and not before.is_quote:
        return []
    start = sent.start
    # the clause begins after an earlier sentence-internal quote or attribution, if any
    toks = _after_label(article, list(article.doc[start : left_edge - 1]))
    if _participial_opener(verb, toks):
        return []  # "Asked who leads the party, he said Ryan": the scene, not the statement
    rest = _continuation(article, verb, nxt, sent)
    if rest and toks and not any(article.in_quote(t) for t in toks):
        if _finite_clause(toks) and _main_clause(rest):
            # "Though the handover was smooth, he said, replacing her would be harder": a
            # clause on either side of the cue, two parts of one statement
            return [span for span in (trim(article, toks), trim(article, rest)) if span]
        # "The difference now, he told me, is that …": the statement goes on past the
        # parenthetical; the span keeps it, as the annotations do
        return _one(trim(article, [*toks, *article.doc[left_edge - 1 : rest[-1].i + 1]]))
    # a clause has a verb of its own: "Despite a number of failed tests" has only a modifier;
    # a phrase that opens with a preposition needs the verb's subject too ("In the final Mass
    # of his trip, held along the border, Francis told the story": a participle with none)
    if not toks or not any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in toks):
        return []
    if _opens_with_preposition(toks) and not _verb_with_subject(toks):
        return []
    if _quote_after_own_words(article, toks):
        if not (_subject_outside_quote(article, toks) or _partial_inside(article, toks)):
            return []
    elif _mostly_quoted(article, toks):
        return []
    return _one(trim(article, toks))


def _participial_opener(verb: Token, toks: list[Token]) -> bool:
    """Do `toks` open with a participle that has no subject of its own and hangs on the cue
    ("Asked about the plan, …", "Speaking to reporters on Friday, …")?"""
    first = next((t for t in toks if not (t.is_punct or t.is_space)), None)
    return (
        first is not None
        and first.tag_ in ("VBN", "VBG")
        and first.dep_ == "advcl"
        and first.head.i == verb.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in first.children)
        and not _gerund_subject_of_finite_verb(first, toks)
    )


def _gerund_subject_of_finite_verb(first: Token, toks: list[Token]) -> bool:
    """ "Walking about 7,000 steps a day is linked to a lower risk, a study has found": a
    gerund phrase with a finite verb of the reporter's sentence after it is that verb's
    subject, however the parser hung the verb ("Asked who leads the party, he said" has
    only a question's verb, whose subject is "who")."""
    gerund = first.tag_ == "VBG" and first.i == first.sent.start
    return gerund and any(
        t.i > first.i
        and t.tag_ in ("VBZ", "VBP", "VBD")
        and t.dep_ in ("aux", "auxpass", "relcl", "ccomp", "ROOT")
        and not any(c.tag_ in ("WP", "WDT", "WRB") for c in (t.head if t.dep_.startswith("aux") else t).children)
        for t in toks
    )


def _as_reported(verb: Token) -> bool:
    """ "As the Times reported, …", "…, as another study noted": a reporting verb in an "as"
    clause with nothing of its own to report, hung on the clause it attributes."""
    return (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "mark" and c.lower_ == "as" and c.i < verb.i for c in verb.children)
        # "as 88,000 jobs were added" is no report; "As reported by The Hill" names its reporter
        and any(c.dep_ == "nsubj" or c.dep_ == "agent" and verb.tag_ == "VBN" for c in verb.children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "dative") for c in verb.children)
        # set off whole: "…, as the miner pointed out, well below …" hangs more words on it
        and not any(t.text == "," and verb.i < t.i < verb.right_edge.i for t in verb.subtree)
        # "… as she angrily said, “I am so sick …”": the verb introduces its own quote
        and not _introduces_quote(verb)
    )


def _unparsed_that(verb: Token) -> Token | None:
    """A "that" right after the verb (or its comma) that the parser did not read as a
    determiner, a pronoun subject or object, with a finite verb and its subject after it in
    the sentence: the complementizer of a clause the parser hung elsewhere."""
    doc = verb.doc
    if verb.tag_ in FINITE_TAGS and subject_of(verb) is None:
        return None  # "…, remarks that were featured on state news": a noun read as a verb
    k = verb.i + 1
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k + 2 >= len(doc) or doc[k].lower_ != "that" or doc[k].dep_ in ("det", "nsubj", "dobj", "pobj", "mark"):
        return None
    that = doc[k]
    sent_end = that.sent.end
    for t in doc[k + 1 : min(sent_end, k + 40)]:
        if t.tag_ in FINITE_TAGS + ("MD",) and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children):
            return that
        if (
            t.tag_ in FINITE_TAGS + ("MD",)
            and t.dep_.startswith("aux")
            and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.head.children)
        ):
            return that
    return None


def _reported_around_as(article: Article, verb: Token, sent) -> tuple[int, int] | None:
    """The clause an "as" report is hung on. Before the clause's verb, the aside may open the
    sentence after a conjunction ("But as Clyburn noted, those voters …", which holds no
    words of the report before it) or sit inside the clause ("The deal, as the minister
    noted, was signed in March", whose span keeps the aside, as with "…, he said, …")."""
    head = verb.head
    inside = {t.i for t in verb.subtree}
    toks = [t for t in head.subtree if t.i not in inside and sent.start <= t.i < sent.end]
    if head.i < verb.i:  # "…, as another study noted"
        return trim(article, _contiguous(toks))
    before = [t for t in toks if t.i < verb.left_edge.i]
    after = [t for t in toks if t.i > verb.right_edge.i]
    if not after:
        return None
    if all(t.dep_ in ("cc", "advmod", "punct") or t.is_space for t in before):
        return trim(article, _contiguous(after))
    return trim(article, list(article.doc[before[0].i : _contiguous(after)[-1].i + 1]))


def _introduces_quote(verb: Token) -> bool:
    """Does a quotation mark open just after the verb and its comma? (A colon may close the
    clause the "as" attributes and open a quote as well: "…, as the foundation's website
    notes: “In the fall of 1960 …”".)"""
    doc = verb.doc
    return verb.i + 2 < len(doc) and doc[verb.i + 1].text == "," and doc[verb.i + 2].is_quote


def detached_subject_start(article: Article, verb: Token, sent_start: int) -> int:
    """Where the verb's subject begins when the parser hung it elsewhere ("…, a statement from
    the airport said": "statement" taken for an apposition): the noun phrase between the last
    comma and the verb. The verb itself when there is none."""
    doc = article.doc
    k = verb.i - 1
    nouns = 0
    while k > sent_start and doc[k].text != "," and doc[k].pos_ not in ("VERB", "AUX") and not doc[k].is_quote:
        nouns += doc[k].pos_ in ("NOUN", "PROPN")
        k -= 1
    return k + 1 if k > sent_start and doc[k].text == "," and nouns else verb.i


def _one(span: tuple[int, int] | None) -> list[tuple[int, int]]:
    return [span] if span is not None else []


def _finite_clause(toks: list[Token]) -> bool:
    """Words with a finite verb and its subject among them."""
    inside = {t.i for t in toks}
    for t in toks:
        if t.tag_ not in FINITE_TAGS and t.tag_ != "MD":
            continue
        verb = t.head if t.dep_ in ("aux", "auxpass") else t  # "should" of "should visit"
        if any(c.i in inside and c.dep_ in SUBJECTS for c in verb.children):
            return True
    return False


def _saying_time(verb: Token, comp: Token, subj: Token) -> bool:
    """ "said on Monday he would remain in office": a phrase right after the verb, before a
    zero-that clause's subject, tells when it was said, though the parser hung it on the
    clause ("said that on Monday he would …" keeps it: after "that" it is the clause's)."""
    phrases = [c for c in comp.children if c.dep_ in ("prep", "npadvmod") and c.i < subj.left_edge.i]
    if not phrases or phrases[0].left_edge.i != verb.i + 1:
        return False
    covered = {t.i for c in phrases for t in c.subtree}
    return all(i in covered for i in range(verb.i + 1, subj.left_edge.i))


def _small_clause_of_self(comp: Token) -> bool:
    """ "declared himself an independent", "found himself embroiled in controversy": a
    verbless or participial predicate of the subject itself, no statement ("claimed itself to
    be unbiased", with its verb, is one)."""
    verbless = comp.pos_ not in ("VERB", "AUX") or comp.tag_ in ("VBG", "VBN")
    return (
        verbless
        and not _finite(comp)
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_.endswith(("self", "selves")) for c in comp.children)
    )


def _opens_with_preposition(toks: list[Token]) -> bool:
    """ "In the text …", "Before dropping out", "Following a town hall meeting …"."""
    first = next((t for t in toks if not (t.is_punct or t.is_space)), None)
    return first is not None and (first.tag_ == "IN" or first.dep_ == "prep")


def _verb_with_subject(toks: list[Token]) -> bool:
    """Words with a verb and its subject among them, finite or not."""
    inside = {t.i for t in toks}
    return any(t.dep_ in SUBJECTS and t.head.i in inside and t.head.pos_ in ("VERB", "AUX") for t in toks)


def _main_clause(toks: list[Token]) -> bool:
    """A clause that opens with its subject ("one should visit", "there are", "replacing
    her would be"), not a subordinate or relative one ("until it went", "which left")."""
    first = toks[0]
    if first.dep_ in ("mark", "prep", "cc") or first.tag_ in ("WDT", "WP", "WRB", "IN", "CC"):
        return False
    return _finite_clause(toks) and any(t.dep_ in SUBJECTS for t in toks[:4])


PARENTHESIS = {",", "\u2014", "\u2013", "-"}
# words that open a new step of the reporter's narrative after "…, he said,", not more of
# the statement: "…, the agency said, as rescuers combed the rubble", "…, she said, and …"
NARRATIVE_OPENERS = {"and", "but", "as", "while", "or", "so", "with", "after", "before", "when", "then"}


def _continuation(article: Article, verb: Token, nxt: int, sent) -> list[Token]:
    """The words after a parenthetical cue's closing comma that go on with its statement
    ("…, he said, replacing Clinton would be harder"), or [] when what follows is the
    reporter's: a participle ("…, warning that"), a narrative opener, another attribution."""
    doc = article.doc
    subj = subject_of(verb)
    if verb.dep_ in ("relcl", "acl") or (subj is not None and subj.lower_ in RELATIVE_PRONOUNS):
        return []  # "Suter, who joked about it, could see …": a relative clause, no parenthetical
    k = nxt
    subtree = {t.i for t in verb.subtree}
    while k < sent.end and doc[k].text != "," and k in subtree:
        k += 1
    if k >= sent.end or doc[k].text != ",":
        return []
    rest = [t for t in doc[k + 1 : sent.end] if not t.is_space]
    words = [t for t in rest if t.is_alpha]
    if len(words) < 3 or any(article.in_quote(t) for t in rest):
        return []
    first = rest[0]
    if first.lower_ in NARRATIVE_OPENERS or (first.tag_ == "VBG" and first.dep_ not in ("csubj", "nsubj")):
        return []
    if _modifies(first, verb):
        return []  # "…, the AP declared on Thursday, two days after voters went …": the cue's own adverbial
    if _afterthought(verb, first.head if first.dep_ == "det" else first):
        return []  # "…, Sanders said, a policy that …": the reporter's summing up
    if not any(t.pos_ in ("VERB", "AUX") for t in rest) or any(is_reporting_verb(t) for t in rest):
        return []
    return rest


def _afterthought(verb: Token, noun: Token) -> bool:
    """A noun phrase set off by a comma after the verb that sums up the statement, not the
    verb's object: "…, Sanders said, a policy that could make it easier …"."""
    doc = verb.doc
    return (
        noun.pos_ == "NOUN"
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text == ","
        and noun.left_edge.i == verb.i + 2
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
    )


def _modifies(tok: Token, verb: Token) -> bool:
    """Does `tok` belong to an adverbial the parser hung on `verb`: a phrase, or a clause of
    time or concession ("two days after voters went …")? A reason ("…, officials insist,
    because policing has evolved") goes on with the statement."""
    node = tok
    while node.head.i != node.i and node.head.i != verb.i:
        node = node.head
    if node.head.i != verb.i or node.i == verb.i:
        return False
    if node.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in node.children)
    return node.dep_ in ("npadvmod", "advmod", "prep")


def _medial_parenthetical(article: Article, verb: Token) -> list[tuple[int, int]] | None:
    """ "The plan, officials said, would cost $3 billion": the verb, set off by commas, hangs
    inside the clause it reports. The span is that clause, the parenthetical included; with
    a clause on each side ("Even if the venture fails, Morgan said, he has done the work")
    the two parts."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i <= verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    doc = article.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    # the parse may hang the commas on the verb: find the words between them
    while left < verb.i and doc[left].text in PARENTHESIS:
        left += 1
    while right > verb.i and doc[right].text in PARENTHESIS:
        right -= 1
    if left == 0 or doc[left - 1].text not in PARENTHESIS:
        return None
    if right + 1 >= len(doc) or doc[right + 1].text not in PARENTHESIS:
        return None
    toks = _contiguous([t for t in head.subtree if not _inside_according(t)])
    if not toks or toks[0].i >= left or _mostly_quoted(article, toks):
        return None
    before = [t for t in toks if t.i < left - 1]
    after = [t for t in toks if t.i > right + 1 and not t.is_space]
    if before and after and _finite_clause(before) and _main_clause(after):
        if any(is_reporting_verb(t) for t in after):
            return None  # "…, residents said, volunteer Galina Strand described …": another report
        return [span for span in (trim(article, before), trim(article, after)) if span]
    return _one(trim(article, toks))


def _fronted_subject(article: Article, verb: Token, comp: Token) -> Token | None:
    """Of a verb with two subjects, the first, set off by a comma, when the complement has
    none of its own: it is the complement's subject, and the verb a parenthetical."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in comp.children):
        return None
    subjects = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: c.i)
    if len(subjects) < 2 or subjects[-1].i > verb.i:
        return None
    far, near = subjects[0], subjects[-1]
    gap = article.doc[far.right_edge.i + 1 : near.left_edge.i]
    if not any(t.text in PARENTHESIS for t in gap):
        return None
    # and a comma closes the parenthetical before the complement begins
    if not any(t.text in PARENTHESIS for t in article.doc[verb.i + 1 : comp.left_edge.i]):
        return None
    return far


def according_clause(article: Article, according: Token) -> tuple[int, int] | None:
    """The statement an "according to X" adjunct attributes: the rest of its sentence."""
    sent = article.sent_of(according)
    adj = set(t.i for t in according.subtree)
    if len(adj) < 2:
        adj = {according.i, according.i + 1}
        pobj = [c for c in according.nbor(1).children if c.dep_ == "pobj"]
        for p in pobj:
            adj.update(t.i for t in p.subtree)
    toks = [t for t in sent if t.i not in adj]
    # keep the side of the sentence that holds the statement
    before = [t for t in toks if t.i < min(adj)]
    after = [t for t in toks if t.i > max(adj)]

    # the side with a finite verb ("But the next day, according to Roffman, Trump made
    # further demands"); of two, the longer
    def weight(side: list[Token]) -> tuple[bool, int]:
        return any(_finite(t) for t in side if t.pos_ in ("VERB", "AUX")), len([t for t in side if t.is_alpha])

    main = before if weight(before) >= weight(after) else after
    if _mostly_quoted(article, main):
        return None
    first = next((t for t in main if not (t.is_punct or t.is_space)), None)
    if first is not None and first.tag_ in ("VBG", "VBN") and not weight(main)[0]:
        return None  # "According to Jack Kelly, writing for RealClearPolitics:" describes the source
    return trim(article, _after_label(article, main))


def _after_label(article: Article, toks: list[Token]) -> list[Token]:
    """The tokens after a verbless label and its colon ("11:34 GMT: More than 20,000 homes
    are without power, according to …"): a live blog's time stamp is no part of the
    statement."""
    for k, t in enumerate(toks[:6]):
        if t.text == ":" and not article.in_quote(t) and k + 1 < len(toks):
            if not any(u.pos_ in ("VERB", "AUX") for u in toks[:k]):
                return toks[k + 1 :]
    return toks


def _inside_according(tok: Token) -> bool:
    for anc in tok.ancestors:
        if anc.lower_ == "according":
            return True
    return tok.lower_ == "according"


def _contiguous(toks: list[Token]) -> list[Token]:
    """The first run of consecutive tokens (a subtree can have holes after punctuation)."""
    toks = sorted(toks, key=lambda t: t.i)
    if not toks:
        return toks
    run = [toks[0]]
    for t in toks[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run


def _mostly_quoted(article: Article, toks: list[Token]) -> bool:
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return True
    return sum(article.in_quote(t) for t in words) / len(words) > 0.6


def _quote_after_own_words(article: Article, toks: list[Token]) -> bool:
    """Do the reporter's own words open the clause, with a quotation later in it?"""
    words = [t for t in toks if not t.is_punct and not t.is_space]
    return bool(words) and not article.in_quote(words[0]) and any(article.in_quote(t) for t in words)


def _partial_inside(article: Article, toks: list[Token]) -> bool:
    """ "Trump's “excesses” are sickening, Hollande said": the reporter's words go on after
    the quote, which is a partial quote inside a clause of reported speech; a quote that
    runs to the end after a lead-in ("For the industry, “2020 will be …”") is no such clause."""
    words = [t for t in toks if t.is_alpha]
    quoted = [t for t in words if article.in_quote(t)]
    return bool(quoted) and not article.in_quote(words[-1]) and 2 * len(quoted) < len(words)


def _subject_outside_quote(article: Article, toks: list[Token]) -> bool:
    """ "Mills “got an immunity agreement,” Jordan said": the reporter's own words give the
    clause its subject and the quote its predicate, so the clause is reported speech. A quote
    after a lead-in ("For the industry, “2020 will be …”") is the speaker's own sentence."""
    k = next((n for n, t in enumerate(toks) if article.in_quote(t)), len(toks))
    own, quoted = toks[:k], {t.i for t in toks[k:] if article.in_quote(t)}
    if not own or not quoted or any(t.text in (":", ";") for t in own):
        return False
    subjects = [
        t
        for t in own
        if (
            t.dep_ in ("nsubj", "nsubjpass", "expl")
            and t.pos_ in ("NOUN", "PROPN", "PRON")
            or t.dep_ == "csubj"  # "Not paying taxes “makes me smart,” he said"
        )
        and t.head.dep_ not in ("relcl", "acl")  # "respondents who had …" modifies the subject
    ]
    # the outermost subject whose clause holds the quote: in "While it is unclear how …, the
    # group is less likely to be “overrun …”" not the adverbial's "it"; in "That message is
    # that anyone … and “we want …”" "message", not the inner clause's "anyone"
    # the quoted words and every word above them, found once for all the subjects
    above = quoted | {a.i for i in quoted for a in article.doc[i].ancestors}
    governing = [s for s in subjects if _clause_of(s).i in above]
    if not governing:
        return False
    head = _clause_of(governing[0])
    # not the subject of a subordinate clause ("While programs get attention, “…”") nor
    # of another report ("The diplomat was told that “…”": that cue reports the quote)
    if head.dep_ == "advcl" or any(c.dep_ == "mark" for c in head.children):
        return False
    comp = forward_complement(head) if is_reporting_verb(head) else None
    return not (comp is not None and quoted & {t.i for t in comp.subtree})


def _clause_of(subject: Token) -> Token:
    head = subject.head
    if head.dep_ in ("aux", "auxpass"):  # "Plaats is “activating …”": the subject hung on "is"
        head = head.head
    while head.dep_ in ("csubj", "csubjpass") and head.head.i != head.i:  # a misparse of a long subject
        head = head.head
    return head
