"""Stage 3: the words that name the source of a cue ("Gerasimov", "he", "the post").

This stage reads syntax only: it returns the mention span in the text. Which
entity the mention denotes is the coreference stage's job.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .clauses import citing_participle, detached_subject_start
from .cues import Cue
from .document import Article
from .lexicons import document_nouns, reporting_verbs, source_nouns, word_list
from .records import Attribution
from .verbs import HEARER_VERBS, RELATIVE_PRONOUNS, asked_of, is_reporting_verb, subject_of

# modifiers that belong to a name or description
NP_LEFT = {"det", "poss", "compound", "amod", "nmod", "nummod", "quantmod", "case", "advmod", "npadvmod"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")
TIME_ENTS = ("DATE", "TIME")  # "said Monday", "Friday's statement said": never a source


def speaker_mention(article: Article, cue: Cue) -> Span | None:
    """The speaker's mention for a cue, or None when the sentence does not say."""
    tok = cue.token
    if cue.kind == "noun":  # "Trump's claim that …": the possessor
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        return noun_phrase(poss) if poss is not None and not article.in_quote(poss) else None
    if cue.kind == "according":
        head = _according_object(tok)
        if head is not None:  # "according to the Journal, which cited people familiar with …"
            head = _cited_by(article, head) or head
        return noun_phrase(head) if head is not None else None
    if asked_of(tok):
        # "Sanders was asked whether …", "…, Christie said when asked whether …": the one
        # asked is named, the asker only as the agent ("asked by a reporter")
        agent = _usable(article, _agent(tok))
        return noun_phrase(agent) if agent is not None else None
    if _listener(tok):
        # "The court heard she took the drugs": a hearer is never the speaker
        source = next(
            (
                g
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for g in c.children
                if g.dep_ == "pobj"
            ),
            None,
        )
        source = _usable(article, source)
        return noun_phrase(source) if source is not None else None
    cited = cited_source(article, tok)
    if cited is None and subject_of(tok) is not None:  # "The Journal, which cited officials, reported"
        cited = _cited_by(article, subject_of(tok))
    if cited is not None:  # "Yonhap reported, citing a government official, that …"
        return noun_phrase(cited)
    subj = _usable(article, _past_label(subject_of(tok)))
    if subj is not None and subj.dep_ == "nsubjpass" and tok.lemma_ != "quote":
        subj = _usable(article, _agent(tok))
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
        # "the minister, who said ..." — the relative pronoun stands for its antecedent
        return noun_phrase(tok.head) if tok.dep_ == "relcl" else None
    if subj is None and tok.tag_ == "VBN" and tok.dep_ == "advcl":
        subj = _usable(article, _agent(tok))  # "As reported by Western Journalism, …"
    if subj is None and tok.dep_ == "conj":
        subj = _usable(article, _subject_read_as_conjunct(article, tok))
    if subj is None and tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        # "He said …, but insisted …": a conjoined verb shares its head's subject; one the
        # parser hung on the reported clause ("said it was opposed and warned …") shares
        # the reporting verb's
        head = tok.head
        clause = head
        while clause.dep_ == "conj" and clause.head.pos_ in ("VERB", "AUX"):
            clause = clause.head
        reporter = clause.head if clause.dep_ == "ccomp" and is_reporting_verb(clause.head) else None
        if reporter is not None and tok.tag_ == reporter.tag_ == "VBG" and subject_of(reporter) is None:
            # "…, saying it would cut costs and arguing that …": the participles are one
            # reporter's, whose subject is the sentence's
            subj = _usable(article, _subject_from_context(article, reporter))
        elif head.dep_ == "ccomp" and reporter is not None and subject_of(reporter) is not None:
            head = reporter
        if subj is None:
            subj = _usable(article, subject_of(head))
        if subj is not None and subj.lower_ in RELATIVE_PRONOUNS:
            # "Sanders, who endorsed Canova and said …": the shared subject is relative too
            return noun_phrase(head.head) if head.dep_ == "relcl" else None
    region = _speaker_region(article, tok)
    if subj is not None:
        held_for = _held_for(subj)
        if subj.pos_ == "NOUN" and region and not appositions(subj):
            person = _last_person(article, region, lo=subj.left_edge.i)
            if person is not None and held_for is not None and person.root.head.i == held_for.i:
                person = None  # "a spokesman for President Okafor": Okafor does not speak
            if person is None and region[0] < subj.left_edge.i:
                # "…,' Chad Hawk, vice president of PMG, a paper money grading company told
                # Fox": a noun after the name's commas describes the name, which speaks
                person = _first_person(article, (region[0], subj.left_edge.i), before_comma=True)
            if person is not None:
                return person
        if held_for is not None:  # "a spokesman for President Okafor" names the role, not Okafor
            phrase = noun_phrase(subj)
            return article.doc[phrase.start : held_for.right_edge.i + 1]
        return noun_phrase(subj)
    if region:
        person = _last_person(article, region)
        if person is not None:
            return person
        head = _region_head(article, region)
        if head is not None:
            return noun_phrase(head)
    subj = _usable(article, _subject_from_context(article, tok))
    return noun_phrase(subj) if subj is not None else None


SOURCE_ENTS = ("PERSON", "ORG", "GPE")


def cited_source(article: Article, verb: Token) -> Token | None:
    """The source a cue cites: in "RBC Ukraine reported, citing the army's chief, that …" and
    "…, Yonhap reported, citing officials" the innermost source speaks (GUIDELINES: nested
    attribution), and the reporter is the outlet. "citing" must follow the cue closely, and
    name a source: "…, citing the strategic importance of the port" gives a reason."""
    citing = verb if verb.lemma_ == "cite" and verb.tag_ == "VBG" else citing_participle(article, verb)
    if citing is None:
        return None
    reporter = subject_of(verb if citing is not verb else _main_verb(verb))
    if reporter is None or reporter.pos_ == "PRON":
        return None  # "…,” he continued, citing the many Americans who …": his words, and his reason
    obj = next((c for c in citing.children if c.dep_ == "dobj"), None)
    if obj is None or article.in_quote(obj):
        return None
    return obj if _cites_someone(obj) else None


def _cited_by(article: Article, reporter: Token) -> Token | None:
    """The source a reporter's relative clause cites: "the Wall Street Journal, which cited
    people familiar with the matter" (GUIDELINES: the innermost source speaks)."""
    for rel in reporter.rights:
        if rel.dep_ == "relcl" and rel.lemma_ == "cite" and any(c.lower_ in ("which", "that") for c in rel.children):
            obj = next((c for c in rel.children if c.dep_ == "dobj"), None)
            if obj is not None and not article.in_quote(obj) and _cites_someone(obj):
                return obj
    return None


def _cites_someone(obj: Token) -> bool:
    words = source_nouns()
    return obj.pos_ == "PROPN" or obj.ent_type_ in SOURCE_ENTS or obj.lemma_.lower() in words or obj.lower_ in words


def _main_verb(participle: Token) -> Token:
    """The verb a participle hangs on ("reported, citing": "reported")."""
    node = participle
    while node.dep_ in ("advcl", "xcomp", "conj", "ccomp") and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX") and subject_of(node) is not None:
            return node
    return node


def _usable(article: Article, tok: Token | None) -> Token | None:
    """A subject the cue can take: outside quotation marks, a noun or pronoun."""
    if tok is None or article.in_quote(tok) or tok.is_punct or tok.is_quote:
        return None
    # an adjective with a determiner stands for a person: "the 46-year-old" (which the NER
    # calls a date), "the accused"
    if tok.pos_ == "ADJ" and any(c.dep_ == "det" for c in tok.children):
        return tok
    if tok.ent_type_ in TIME_ENTS:
        return None
    if tok.tag_ == "VBG" and tok.is_title and tok.dep_ == "nsubj" and not tok.is_sent_start:
        return tok  # a surname the tagger read as a participle: "Ebeling reminisced"
    if tok.pos_ not in ("NOUN", "PROPN", "PRON", "NUM", "X") and tok.lower_ not in RELATIVE_PRONOUNS:
        return None
    return tok


def _speaker_region(article: Article, verb: Token) -> tuple[int, int] | None:
    """Tokens that can only be the speaker: between a closing quote mark (or clause start) and
    the verb ("…," the minister, Ilse Varga, said), or after it ("…," said Varga)."""
    doc, sent = article.doc, article.sent_of(verb)
    if verb.tag_ in ("VBG", "VBN"):
        return None  # a participle's subject is its main clause's
    i = verb.i - 1
    lo: int | None = None

    def stop(k: int) -> bool:  # a quotation, its marks, or a clause break
        return _quote_mark(article, k) or article.in_quote(doc[k]) or doc[k].text in (";", ":")

    while i >= sent.start and not stop(i):
        capitalised = doc[i].is_title and i > sent.start  # "Tulsa" tagged a verb mid-sentence is a name
        if (
            doc[i].pos_ in ("VERB", "AUX")
            and doc[i].dep_ not in ("amod", "compound", "acl", "nsubj")
            and not capitalised
        ):
            # "In a statement read to the court, the daughter of X, said": after the clause's comma
            commas = [t.i for t in doc[i : verb.i] if t.text == ","]
            lo = commas[0] + 1 if commas else None
            break
        i -= 1
    else:
        lo = i + 1
    if i < sent.start or (i >= 0 and stop(i)):
        lo = i + 1
    if lo is not None and lo < verb.i and any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in doc[lo : verb.i]):
        return (lo, verb.i)
    # inverted: "…," said the minister, Ilse Varga.
    j = verb.i + 1
    while j < sent.end and not (doc[j].is_punct or doc[j].pos_ in ("VERB", "AUX", "ADP", "SCONJ")):
        j += 1
    ends_clause = j >= sent.end or doc[j].is_punct or doc[j].pos_ == "ADP"
    if (
        ends_clause
        and j > verb.i + 1
        and any(t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in TIME_ENTS for t in doc[verb.i + 1 : j])
    ):
        return (verb.i + 1, j)
    return None


def _quote_mark(article: Article, i: int) -> bool:
    """A quotation mark or apostrophe, unless it is one of the two around a nickname
    (Marcia "Cia" Price), which the speaker's name runs through."""
    doc = article.doc
    if not doc[i].is_quote:
        return False
    n = len(doc)
    opening = 0 < i and i + 2 < n and doc[i - 1].is_title and doc[i + 1].is_title and doc[i + 2].is_quote
    closing = 1 < i and i + 1 < n and doc[i + 1].is_title and doc[i - 1].is_title and doc[i - 2].is_quote
    return not (opening or closing)


def _last_person(article: Article, region: tuple[int, int], lo: int | None = None) -> Span | None:
    a, b = region
    a = max(a, lo) if lo is not None else a
    people = [
        e
        for e in article.ents_between(a, b)
        if e.label_ == "PERSON" and not article.in_quote(e[0]) and not _modifier(e)
    ]
    return people[-1] if people else None


SPEAKS_FOR = ("for", "to")


def _held_for(noun: Token) -> Token | None:
    """The "for"/"to" phrase of a role held for someone ("a spokesman for President Okafor",
    "an aide to the mayor"): the person named there is not the one speaking."""
    if noun.lemma_.lower() not in word_list("roles.txt"):
        return None
    return next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in SPEAKS_FOR and c.i == noun.i + 1), None)


def _modifier(ent: Span) -> bool:
    """A name that only modifies a noun: "Biden administration officials", "Varga's aide"."""
    root = ent.root
    return (
        root.dep_ in ("compound", "amod", "poss", "nmod")
        and not ent.start <= root.head.i < ent.end
        and (root.head.pos_ == "NOUN")
    )


def _first_person(article: Article, region: tuple[int, int], before_comma: bool = False) -> Span | None:
    """The first person named in the region; with `before_comma`, only one a comma follows
    (a name that the rest of the region stands in apposition to)."""
    for e in article.ents_between(*region):
        if e.label_ != "PERSON" or article.in_quote(e[0]):
            continue
        if not before_comma or (e.end < region[1] and article.doc[e.end].text == ","):
            return e
    return None


def _region_head(article: Article, region: tuple[int, int]) -> Token | None:
    """The head noun of the first noun phrase in the region (before any apposition)."""
    doc = article.doc
    for t in doc[region[0] : region[1]]:
        if t.pos_ in ("NOUN", "PROPN", "PRON") and not article.in_quote(t) and t.ent_type_ not in TIME_ENTS:
            head = t
            while (
                head.dep_ in ("compound", "amod", "poss", "nmod")
                and region[0] <= head.head.i < region[1]
                and head.head.i > head.i
            ):
                head = head.head
            if head.pos_ in ("NOUN", "PROPN", "PRON"):
                return head
    return None


def _according_object(according: Token) -> Token | None:
    to = according.nbor(1)
    for child in to.children:
        if child.dep_ == "pobj":
            return child
    for child in according.children:
        if child.dep_ == "pobj":
            return child
    nxt = to.i + 1
    while nxt < len(according.doc) and according.doc[nxt].pos_ in ("DET", "ADJ", "PUNCT"):
        nxt += 1
    if nxt < len(according.doc) and according.doc[nxt].pos_ in ("PROPN", "NOUN", "PRON"):
        tok = according.doc[nxt]
        while tok.dep_ == "compound" and tok.head.i > tok.i:
            tok = tok.head
        return tok
    return None


def _past_label(subj: Token | None) -> Token | None:
    """ "11:50 GMT: Downing Street said …": the parser may make the label before the colon
    the subject, with the speaker in apposition after it."""
    if subj is None:
        return None
    for c in subj.rights:
        if c.dep_ == "appos" and any(t.text == ":" for t in subj.doc[subj.i + 1 : c.left_edge.i]):
            return c
    return subj


def _listener(verb: Token) -> bool:
    entry = reporting_verbs().get(verb.lemma_.lower())
    return entry is not None and entry.listener


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for sub in child.children:
                if sub.dep_ == "pobj":
                    return sub
    return None


def _subject_from_context(article: Article, verb: Token) -> Token | None:
    """A participle or conjoined verb has its subject on the nearest preceding clause."""
    hearer = verb.lemma_.lower() in HEARER_VERBS and any(c.dep_ in ("dobj", "dative") for c in verb.children)
    if _passive_participle(verb) and verb.lemma_.lower() in HEARER_VERBS:
        # "Told that the plan had failed, she said nothing": the main clause's subject is the
        # hearer, and the teller is not named
        return None
    if verb.tag_ == "VBG" and not hearer:
        # a reporting participle the parser hung inside a reported clause is the reporter's:
        # "Lammy said the Prime Minister had accepted …, adding that …" is Lammy's; one with a
        # hearer ("… would cold-call them, telling them …") may be the reported act itself
        for node in verb.ancestors:
            if node.dep_ == "ccomp" and is_reporting_verb(node.head) and not article.in_quote(node.head):
                s = subject_of(node.head)
                if s is not None and not article.in_quote(s) and s.lower_ not in RELATIVE_PRONOUNS:
                    return s
    # "X tweeted on Friday to say …": an infinitive of purpose is its head's subject's too
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    # "Lee expressed concern about how the declaration might affect …, noting that …": a
    # participle hung on a verb is that verb's subject's, not a clause's nearer inside it
    participle = (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.head.i < verb.i
        # a clause of the head's own with a subject between them is nearer: "described the
        # meeting as productive, while Zelenskyy later posted on X, calling it historic"
        and not any(
            c.dep_ in ("advcl", "conj", "ccomp", "parataxis")
            and verb.head.i < c.i < verb.i
            and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            for c in verb.head.children
        )
    )
    if (
        (verb.dep_ in ("conj", "xcomp") or purpose or participle)
        and verb.head.pos_ in ("VERB", "AUX")
        and not article.in_quote(verb.head)
    ):
        s = subject_of(verb.head) or _misread_subject(verb.head)
        if s is not None and s.lower_ in RELATIVE_PRONOUNS:
            # "an academic named Eric Kingson, who worked the crowd, praising …": whom "who" stands for
            clause = verb.head
            while clause.dep_ == "conj" and clause.head.i != clause.i:
                clause = clause.head
            s = clause.head if clause.dep_ == "relcl" else None
        if s is not None and not article.in_quote(s):
            return s
    sent = article.sent_of(verb)
    for i in range(verb.i - 1, sent.start - 1, -1):
        t = article.doc[i]
        if article.in_quote(t) or t.pos_ not in ("VERB", "AUX") or _in_relative_clause(t, verb):
            continue
        if _reported_by(t, verb.head):
            continue  # "X said she would …, adding: …": the participle is X's, not the reported clause's
        s = subject_of(t)
        # the subject before its verb, or inverted between it and the participle ("said X, noting")
        inverted = t.i < s.i < verb.i if s is not None else False
        if s is not None and (s.i < t.i or inverted) and not article.in_quote(s) and s.lower_ not in RELATIVE_PRONOUNS:
            return s
    # inverted order with an odd parse: "said Varga" where Varga is not nsubj
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr", "npadvmod", "appos", "dep") and child.pos_ == "PROPN":
            if child.ent_type_ not in TIME_ENTS:  # "said Monday"
                return child
    # a participle in a fronted adverbial is the main clause's subject's: "In addition to
    # stating that …, Clinton has vowed …"
    if verb.tag_ == "VBG":
        main = next((a for a in verb.ancestors if a.pos_ in ("VERB", "AUX") and not article.in_quote(a)), None)
        s = subject_of(main) if main is not None else None
        if s is not None and verb.i < s.i < main.i and not article.in_quote(s) and s.lower_ not in RELATIVE_PRONOUNS:
            return s
    # a subjectless sentence-initial cue ("Asked about ..., the minister said") is handled by its main verb
    return None


def _subject_read_as_conjunct(article: Article, verb: Token) -> Token | None:
    """ "The missile flew 1,100 km, South Korea's Joint Chiefs of Staff (JCS) said": with
    no "and" before it, the parser made the verb a conjunct of the sentence's and hung the
    noun phrase between the comma and the verb elsewhere; that phrase is its subject."""
    doc = article.doc
    if any(c.dep_ == "cc" and c.i < verb.i for c in verb.head.children):
        return None
    start = detached_subject_start(article, verb, article.sent_of(verb).start)
    phrase = [t for t in doc[start : verb.i] if t.pos_ in ("NOUN", "PROPN")]
    heads = [t for t in phrase if not start <= t.head.i < verb.i]
    return heads[0] if heads and heads[0].dep_ not in ("nsubj", "nsubjpass") else None


def _misread_subject(verb: Token) -> Token | None:
    """ "Donald Trump, who is vying …, tweeted on Friday": the parser made the verb a clause
    on the name, which is its subject."""
    head = verb.head
    if verb.dep_ == "acl" and head.pos_ == "PROPN" and head.i < verb.i and verb.tag_ in ("VBD", "VBN"):
        return head
    return None


REDUCED_CLAUSE_OPENERS = {"when", "if", "once", "unless", "until", "after", "before", "as", "while", "though"}


def _passive_participle(verb: Token) -> bool:
    """A past participle with no subject and no perfect "have": "Told of it, …", "when told
    that …" (where the tagger may read "told" as a finite past)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux") or c.lemma_ == "have" for c in verb.children):
        return False
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    return verb.tag_ == "VBN" or verb.tag_ == "VBD" and before is not None and before.lower_ in REDUCED_CLAUSE_OPENERS


def _reported_by(tok: Token, head: Token) -> bool:
    """Is `tok` inside a clausal complement of `head` (on its way up to it)?"""
    node, embedded = tok, False
    while node.i != head.i:
        if node.head.i == node.i:
            return False  # the root, and `head` not on the way
        embedded = embedded or node.dep_ in ("ccomp", "xcomp")
        node = node.head
    return embedded


def _in_relative_clause(tok: Token, verb: Token) -> bool:
    """Is `tok` inside a relative clause ("passengers whose flights were cancelled") that
    does not also hold `verb`? Such a clause's subject is never the speaker."""
    for node in (tok, *tok.ancestors):
        if node.dep_ in ("relcl", "acl") and node not in (verb, *verb.ancestors):
            return True
    return False


def noun_phrase(head: Token) -> Span:
    """The name or description headed by `head`: its left modifiers, not its clauses."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT or (child.dep_ == "punct" and child.text == "-"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    # "head of the agency", "Chief of General Staff", "Secretary of State"
    for child in head.rights:
        # and an institution's "for": "the Centre for Disease Control", "Institute for Fiscal Studies"
        named_for = (
            child.lower_ == "for"
            and head.pos_ == "PROPN"
            and any(c.dep_ == "pobj" and c.pos_ == "PROPN" and c.is_title for c in child.children)
        )
        if child.dep_ == "prep" and (child.lower_ == "of" or named_for) and child.i == end:
            # the object's own phrase, not its clauses ("authors of the research published in …")
            end = child.right_edge.i + 1
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                clauses = [c.left_edge.i for c in obj.rights if c.dep_ in ("acl", "relcl")]
                brackets = [t.i for t in doc[child.i : end] if t.text == "("]  # "(CDC)"
                end = min([end, *clauses, *brackets])
        elif child.dep_ in ("compound", "flat") or (child.pos_ == "PROPN" and child.i == end and child.dep_ != "appos"):
            end = max(end, child.i + 1)
        elif child.dep_ == "nummod" and child.i == end and head.pos_ == "PROPN" and child.like_num:
            end = child.i + 1  # a number in the name: "Number 10", "Channel 4"
        elif child.i == end and head_read_as_apposition(child):
            end = child.i + 1
        else:
            break
    # never swallow quotation marks or trailing punctuation
    while end - 1 > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end]


def _role_holder(noun: Token) -> Token:
    """The role a name in apposition holds when the parser hung it on the role's object: in
    "A spokesman for the governor, Dan Tierney," he is the spokesman, not the governor."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ in ("for", "to") and prep.head.lower_ in word_list("roles.txt"):
        return prep.head
    return noun


HEADING_DASHES = ("\u2014", "\u2013", "--")


def appositions(head: Token) -> list[Span]:
    """Appositive names or descriptions of a mention: "the minister, Ilse Varga," . One in
    brackets is a label, not a name: "Dale Mercer (R-Ky.)", "the agency (CDC)"."""
    out = [
        noun_phrase(c)
        for c in head.children
        if c.dep_ == "appos" and not _bracketed(c) and not head_read_as_apposition(c)
    ]
    # "One plaintiff, an obstetrician named Giovannina Anthony,": the name the description gives
    out += [noun_phrase(n) for c in head.children if c.dep_ == "appos" for n in _given_name(c)]
    # not across a heading's dash: "16:31 BST — Police to sightseers: …"
    if head.dep_ == "appos" and head.doc[max(head.left_edge.i - 1, 0)].text not in HEADING_DASHES:
        out.append(noun_phrase(_role_holder(head.head)))
    # one the parser hung on the last noun of a relative clause: "The company that runs
    # the AMAs, Dick Clark Productions, denies …"
    for rel in head.children:
        if rel.dep_ == "relcl" and rel.i > head.i:
            last = head.doc[rel.right_edge.i]
            if last.dep_ == "appos" and last.pos_ == "PROPN" and last.head.i != head.i:
                out.append(noun_phrase(last))
    return out


def head_read_as_apposition(noun: Token) -> bool:
    """ "A Department of Health and Social Care spokesperson": the parser made the phrase's own
    head an apposition of the name before it. A bare common noun right after the name, with
    no comma, is no apposition ("the minister Ilse Varga", a name, still is; so is "Smith, the
    lawyer")."""
    return (
        noun.dep_ == "appos"
        and noun.tag_ == "NN"
        and noun.is_lower
        and noun.left_edge.i == noun.i > 0
        and not noun.doc[noun.i - 1].is_punct
    )


def _given_name(noun: Token) -> list[Token]:
    """The name in "an obstetrician named Giovannina Anthony" (or "called …")."""
    return [
        n
        for acl in noun.children
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lower_ in ("named", "called")
        for n in acl.children
        if n.dep_ in ("oprd", "dobj", "attr") and n.pos_ == "PROPN"
    ]


def _bracketed(tok: Token) -> bool:
    return tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].text in ("(", "[")


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


LABEL_MARKS = (":", "\u2014", "\u2015", "\u2013", "-", "--")


def _label_speaker(article: Article, a: Attribution) -> Span | None:
    """Subheading or sign-off style: `'Not the backdrop to raise rates': Rosenberg Research`,
    `"We deserve better." ― Ana Ruiz.` — a quote that opens its paragraph and is followed by
    a colon or a dash and a verbless name to the line's end."""
    para_start, para_end = article.paragraphs[article.paragraph_of(a.start)]
    if article.text[para_start : a.start].strip(" \t\"'\u201c\u2018\u00ab") != "":
        return None
    after = article.char_span(a.end, para_end)
    if after is None:
        return None
    words = [t for t in after if not t.is_space and not (t.is_quote and t.i == after.start)]
    while words and words[0].is_quote:
        words.pop(0)
    if len(words) < 2 or words[0].text not in LABEL_MARKS or len(words) > 9:
        return None
    label = [t for t in words[1:] if not (t.is_punct and t.text not in ("&", "-"))]
    if not label or any(t.pos_ in ("VERB", "AUX") for t in label) or not any(t.pos_ == "PROPN" for t in label):
        return None
    return article.doc[label[0].i : label[-1].i + 1]


def _presents_text(verb: Token) -> bool:
    """A verb whose subject hands over the text that follows: "issued the following
    statement", "had this to say", "released a statement"."""
    if subject_of(verb) is None:
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return obj is not None and (obj.lemma_.lower() in document_nouns() or obj.lower_ in ("this", "following"))


def _subject_phrase(verb: Token) -> Span:
    """The verb's subject as a phrase; a relative pronoun stands for its antecedent
    ("Barkley, who said …")."""
    subj = subject_of(verb)
    if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return noun_phrase(verb.head)
    return noun_phrase(subj)


def inherited_mention(article: Article, found: list[Attribution], i: int, previous: Attribution | None):
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
            return _subject_phrase(t), None
    # an introducing sentence just before, in this or the previous paragraph
    first_sent = article.sent_of(span[0])
    k = first_sent.start - 1
    while k >= 0 and article.doc[k].is_space:
        k -= 1
    if k >= 0 and para - article.paragraph_of(article.doc[k].idx) <= 1:
        prev_sent = article.sent_of(k)
        intro = [t for t in prev_sent if not article.in_quote(t) and is_reporting_verb(t) and subject_of(t) is not None]
        last = next((t for t in reversed(prev_sent) if not t.is_space), prev_sent[-1])
        ends_open = last.text == ":" or not any(article.in_quote(t) for t in prev_sent)
        if not intro and last.text == ":" and _presents_text(prev_sent.root):
            intro = [prev_sent.root]  # "Trump issued the following statement:"
        if intro and ends_open:
            return _subject_phrase(intro[-1]), None
    if previous is not None and previous.speaker is not None and para - article.paragraph_of(previous.start) <= 2:
        return None, previous
    return None, None
