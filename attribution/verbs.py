"""Reporting verbs and their subjects: which word marks speech ("said", "claims" the tagger
took for a noun, "according to"), and who the verb's subject is."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicons import reporting_verbs, speaking_nouns, word_list

# a relative pronoun subject stands for its antecedent: "Ruiz, who said …"
RELATIVE_PRONOUNS = ("who", "which", "that")
# verbs whose object is the hearer, not the message: "told Reuters", "told reporters"
HEARER_VERBS = word_list("hearer_verbs.txt")
# verbs that take a clause, not a thing: "said the collapse … pointed to" can only be a
# clause, and "…, says search chief" inverts its subject
CLAUSE_ONLY_VERBS = word_list("clause_only_verbs.txt")


def is_reporting_verb(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not (tok.tag_.startswith("VB")) and not _verb_read_as_noun(tok):
        return False
    verb = reporting_verbs().get(tok.lemma_.lower())
    if verb is None:
        return False
    # "did not say", "would not say": a refusal reports nothing; a "not" further off is the
    # parser hanging a quote's own negation on the verb ("“It's hard not to,” Suter acknowledged")
    if any(c.dep_ == "neg" and tok.i - 4 <= c.i < tok.i for c in tok.children):
        return False
    # "declined to say when …", "refused to comment": a refusal under another verb, the same
    if tok.dep_ == "xcomp" and tok.head.lemma_ in word_list("refusal_verbs.txt"):
        return False
    # a participle used as an adjective reports nothing: "their promised jobs", "the alleged fraud"
    if tok.dep_ == "amod":
        return False
    # "pointed out" reports, "pointed" does not; "ruled" reports, "ruled out" does not
    if verb.particle and not any(c.lower_ == verb.particle for c in tok.children):
        return False
    if verb.particle == "" and any(c.dep_ == "prt" for c in tok.children):
        return False
    if verb.record:
        subj = subject_of(tok)
        if subj is None and tok.dep_ == "acl":  # "a report finding that …"
            return True
        return subj is not None and subj.lower_ not in ("i", "we", "you") and _can_show(subj)
    return True


def _can_show(subject: Token) -> bool:
    """Is the subject of "show", "find" or "indicate" someone or a record, which speaks, not an
    event or a demonstrative the reporter reads ("Clinton's attack on Trump indicates …",
    "That shows how …")?"""
    if subject.ent_type_ or subject.pos_ == "PROPN":
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in ("he", "she", "they", "it")
    if any(c.dep_ == "appos" and (c.ent_type_ or c.pos_ == "PROPN") for c in subject.children):
        return True  # "The city's consultant, Dillard-Kane Associates, found …"
    if subject.lemma_.lower() in COLLECTIVES:  # "the next series of emails shows …"
        subject = next(
            (g for c in subject.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), subject
        )
    return subject.lemma_.lower() in speaking_nouns() or subject.lower_ in speaking_nouns()


COLLECTIVES = {"series", "set", "batch", "trove", "cache", "collection", "number"}


def asked_of(verb: Token) -> bool:
    """A verb of asking in the passive or a bare participle ("was asked", "when asked",
    "Asked about …, she said"): its subject, or the main clause's, is the one asked, and
    the asker is unnamed unless an agent names them ("asked by a reporter")."""
    entry = reporting_verbs().get(verb.lemma_.lower())
    if entry is None or not entry.question:
        return False
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # "Asked whether …" opening a sentence may be tagged a past tense; a conjoined verb
    # ("smiled and asked whether …") shares its head's subject
    return (
        verb.tag_ in ("VBN", "VBD")
        and verb.dep_ != "conj"
        and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)
    )


def _verb_read_as_noun(tok: Token) -> bool:
    """ "But Trump claims that he should be …": a plural noun with a subject and a clause of
    its own is the verb the tagger missed."""
    return (
        tok.tag_ == "NNS"
        and any(c.dep_ == "nsubj" for c in tok.children)
        and any(c.dep_ == "ccomp" for c in tok.children)
    )


def is_according(tok: Token) -> bool:
    return tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to"


def inverted_object(verb: Token) -> Token | None:
    """ "Wreckage found in Andes, says search chief": after a comma, a verb that takes only
    clauses (say, add, warn …) has no object; the noun the parser made one is the inverted
    subject."""
    doc = verb.doc
    if verb.lemma_.lower() not in CLAUSE_ONLY_VERBS or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    if verb.tag_ not in ("VBZ", "VBD", "VBP"):
        return None  # "…, noting her comments to …": a participle has its object
    if any(
        c.dep_ == "nsubj"
        and (c.pos_ in ("PROPN", "PRON") or c.i < verb.i and any(g.dep_ in ("relcl", "appos") for g in c.children))
        for c in verb.children
    ):
        # "Murphy, who …, said his fight to … is relevant", "The source, who spoke on
        # condition of anonymity, said the depot supplied fuel …": a clause's subject
        return None
    for c in verb.rights:
        # at a line's end the parser may leave the noun dangling ("…, warns central bank⏎": punct)
        if c.dep_ in ("dobj", "punct", "dep") and c.left_edge.i == verb.i + 1 and c.pos_ in ("NOUN", "PROPN"):
            end = max(t.i for t in c.subtree if not t.is_space)
            after = doc[end + 1] if end + 1 < len(doc) else None
            # the sentence ends with it (or a comma sets off what describes it)
            if after is None or after.is_space or after.text in (".", ",", ";", "!", "?"):
                return c
    return None


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; of two (a misparse), the nearer one, a name before a noun."""
    inverted = inverted_object(verb)
    if inverted is not None:
        return inverted
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:  # "Russia has, for the first time, confirmed": the parser hung it on "has"
        subjects = [
            s for aux in verb.children if aux.dep_ in ("aux", "auxpass") for s in aux.children if s.dep_ == "nsubj"
        ]
    if not subjects:
        return subject_read_as_clause(verb)
    subject = min(subjects, key=lambda c: (c.pos_ != "PROPN" and c.pos_ != "PRON", abs(c.i - verb.i)))
    return _head_of_sentence_without_verb(verb, subject) or subject


TIME_MARKS = frozenset({"before", "after", "until", "since", "when", "while"})
ADVERBIAL_MARKS = TIME_MARKS | {"as"}


def subject_read_as_clause(verb: Token) -> Token | None:
    """ "“We will not yield,” says the mayor as floods rise": the verb's statement comes
    before it, and the subject right after it is the verb's own, though the parser made it
    the subject of the adverbial that follows."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    # the statement ends right before the verb, but for its comma and closing mark
    doc = verb.doc
    if not any(
        c.dep_ == "ccomp" and c.i < verb.i and all(t.is_punct for t in doc[c.right_edge.i + 1 : verb.i])
        for c in verb.children
    ):
        return None
    for child in verb.rights:
        if child.dep_ in ("ccomp", "advcl"):
            for c in child.children:
                # "as" (or "while", "when" …) right after the subject: an adverbial clause
                # took the verb's subject; a complement has its own ("said her group planned")
                if (
                    c.dep_ in ("nsubj", "nsubjpass")
                    and c.left_edge.i == verb.i + 1
                    and c.i + 1 < len(doc)
                    and doc[c.i + 1].lower_ in ADVERBIAL_MARKS
                ):
                    return c
    return None


def _head_of_sentence_without_verb(verb: Token, subject: Token) -> Token | None:
    """ "Campaigners who gathered outside the town hall before the vote said they would …":
    the parser left the sentence without a main verb, its root the noun the relative clause
    describes, and read "before the vote said" as a clause of its own. The root noun speaks."""
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    relative = verb.head
    root = relative.head
    return (
        root
        if mark is not None
        and mark.lower_ in TIME_MARKS
        and mark.i + 1 <= subject.left_edge.i
        and verb.dep_ == "advcl"
        and relative.dep_ == "relcl"
        and root.dep_ == "ROOT"
        and root.pos_ in ("NOUN", "PROPN")
        and subject.pos_ == "NOUN"
        else None
    )
