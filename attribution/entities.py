"""Named entities only where a name can matter: the model's NER on part of the text.

The engine reads four entity types (PERSON, ORG, GPE, NORP). The model's NER has its
own embedding layers and costs about half of the whole parse, so it reads only:
- sentences with a capitalised word or a proper-noun tag: each of the four types is
  written with a capital ("It was not clear how many were hurt." has none);
- outside long quotations (QUOTE_TOKENS or more): a quote is the source's own words,
  and the engine takes neither a speaker nor an outlet from inside one.
Those stretches, with CONTEXT tokens of their neighbours each side, go through NER as
one shorter doc per article, and its entities are mapped back. Text with hardly any
capitals (all lower case) runs through NER whole. On dev.jsonl and polnear-dev the
scorer's figures are unchanged by the gating (docs/ENGINE.md gives the agreement).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import numpy
from spacy.attrs import ENT_TYPE, IS_TITLE, LOWER, POS
from spacy.language import Language
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from .lexicons import outlet_catalogue, reporting_verbs, word_list, word_map
from .marks import find_quotes
from .names import (
    COMPANY_WORDS,
    HONORIFICS,
    ORG_NOUNS,
    first_name_led,
    next_pronoun,
    organisation_in_apposition,
    organisation_word,
    stock_of,
)

FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP")
# A capital on these, first in a sentence, says nothing about names: "The", "It", "In".
FUNCTION_TAGS = frozenset({"DT", "PRP", "PRP$", "IN", "CC", "WDT", "WP", "WP$", "WRB", "RB", "MD", "EX", "TO"})
# below this share of capitalised words, capitals are no guide: run NER on everything
MIN_CAPITAL_SHARE = 0.02
# quotations this long are skipped; shorter ones (titles, partial quotes) are read
QUOTE_TOKENS = 12
# the model's token encoder looks 4 tokens each way (window 1, depth 4): keep that much
# context around every stretch NER reads, so what it finds there does not change
CONTEXT = 4


def _name_like(tok: Token, sent_start: int) -> bool:
    """A word a name can hold: a proper noun, or a capital that is not just a sentence's first."""
    return tok.tag_ in ("NNP", "NNPS") or (
        tok.text[:1].isupper() and not (tok.i == sent_start and tok.tag_ in FUNCTION_TAGS)
    )


def _selection(doc: Doc) -> list[tuple[int, int]] | None:
    """Token ranges to run NER on, or None for the whole doc."""
    alpha = capital = 0
    for tok in doc:
        if tok.is_alpha:
            alpha += 1
            capital += tok.text[0].isupper()
    if not alpha or capital < MIN_CAPITAL_SHARE * alpha:
        return None
    ranges: list[tuple[int, int]] = []
    for sent in doc.sents:
        for tok in sent:
            if _name_like(tok, sent.start):
                if ranges and ranges[-1][1] >= tok.i - 2 * CONTEXT:
                    ranges[-1] = (ranges[-1][0], tok.i + 1)
                else:
                    ranges.append((tok.i, tok.i + 1))
    ranges = _padded(_without(ranges, _long_quotes(doc)), len(doc))
    if len(ranges) == 1 and ranges[0] == (0, len(doc)):
        return None
    return ranges


def _padded(ranges: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Each range widened by CONTEXT tokens a side, overlaps merged: every token NER keeps
    sees the same neighbours as in the whole doc."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        start, end = max(0, start - CONTEXT), min(n, end + CONTEXT)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _long_quotes(doc: Doc) -> list[tuple[int, int]]:
    holes = []
    for q in find_quotes(doc.text):
        span = doc.char_span(q.start, q.end, alignment_mode="contract")
        if span is not None and len(span) >= QUOTE_TOKENS:
            holes.append((span.start, span.end))
    return holes


def _without(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`ranges` minus `holes` (both sorted token ranges)."""
    out = []
    for start, end in ranges:
        cur = start
        for h0, h1 in holes:
            if h1 <= cur or h0 >= end:
                continue
            if h0 > cur:
                out.append((cur, h0))
            cur = max(cur, h1)
        if cur < end:
            out.append((cur, end))
    return out


def _excerpt(doc: Doc, ranges: list[tuple[int, int]]) -> tuple[Doc, list[int]]:
    """A doc of the tokens in `ranges`, and each excerpt token's index in `doc`."""
    words: list[str] = []
    spaces: list[bool] = []
    origin: list[int] = []
    for start, end in ranges:
        for tok in doc[start:end]:
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))
            origin.append(tok.i)
    return Doc(doc.vocab, words=words, spaces=spaces), origin


def _map_back(doc: Doc, excerpt: Doc, origin: list[int]) -> None:
    ents = []
    for ent in excerpt.ents:
        start, last = origin[ent.start], origin[ent.end - 1]
        if last - start == ent.end - 1 - ent.start:  # never across a gap between excerpts
            ents.append(Span(doc, start, last + 1, label=ent.label))
    doc.set_ents(ents, default="outside")


class GatedEntityRecognizer:
    """Wraps the model's `ner` pipe; runs after the parser, which gives the sentences."""

    def __init__(self, ner) -> None:
        self.ner = ner

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            # per doc: what NER reads (the doc, an excerpt, or nothing) and the excerpt's origin
            work: list[tuple[Doc, Doc | None, list[int] | None]] = []
            for doc in batch:
                ranges = _selection(doc)
                if ranges is None:
                    work.append((doc, doc, None))
                elif ranges:
                    excerpt, origin = _excerpt(doc, ranges)
                    work.append((doc, excerpt, origin))
                else:
                    work.append((doc, None, None))
            done = self.ner.pipe([read for _, read, _ in work if read is not None], batch_size=batch_size)
            for doc, read, origin in work:
                if read is None:
                    doc.set_ents([], default="outside")
                    continue
                annotated = next(done)
                if origin is not None:
                    _map_back(doc, annotated, origin)
            for doc, _, _ in work:
                yield doc


TITLE_WORDS = word_list("roles.txt")


def mend_boundaries(doc: Doc) -> None:
    """Names the NER cut wrong. One run over a finite verb is two names: "Todd asked Pence" is
    Todd, who asks, and Pence. One that ends in a function word stops before it: "Detective
    Constable Aled Pritchard of" (the force after "of" left out), or in a verb. An organisation whose first
    word the parser coordinated with a place before it begins at the place: "Avon and
    Somerset Police". A name never runs over a paragraph break. Each piece keeps the label
    the NER gave."""
    ents, changed = [], False
    taken = {t.i for e in doc.ents for t in e}
    for e in doc.ents:
        first = _coordinated_first(e, taken)
        if first is not None:  # "Avon and Somerset Police": one force, not "Somerset Police"
            ents = [x for x in ents if x.end <= first]  # "Avon" read as a place of its own
            e = Span(doc, first, e.end, label=e.label_)
            changed = True
        given = _given_name_before(e)
        if given is not None:  # "defender Micah Richards": the NER found only "Richards"
            e = Span(doc, given, e.end, label=e.label_)
            changed = True
        pieces, start = [], e.start
        for v in e[1:-1]:
            # a paragraph break ends a name: "… wrote on X.\n\nThe Institute for the Study of War"
            if (
                v.pos_ == "VERB"
                and v.tag_ in FINITE_VERB_TAGS
                and v.is_lower
                or v.is_space
                and "\n" in v.text
                or _between_constituents(e, v)
                or _before_coordinated_person(e, v)
            ):
                pieces.append((start, v.i))
                start = v.i + 1
        pieces.append((start, e.end))
        for a, b in pieces:
            # nor in a verb: "Declan Rice restored Arsenal's lead" is no "Declan Rice restored"
            while b > a and doc[b - 1].is_lower and (doc[b - 1].tag_ in FUNCTION_TAGS or doc[b - 1].pos_ == "VERB"):
                b -= 1
            if b > a:
                ents.append(Span(doc, a, b, label=e.label_))
            changed = changed or (a, b) != (e.start, e.end)
    if changed:
        doc.set_ents(ents, default="outside")


def _given_name_before(e: Span) -> int | None:
    """Where a person's name begins when the NER left out a known first name before it."""
    if e.label_ != "PERSON" or e.start == 0:
        return None
    k = e.start - 1
    tok = e.doc[k]
    if tok.ent_type_ or tok.pos_ != "PROPN" or not tok.is_title or not e.start <= tok.head.i < e.end:
        return None
    return k if tok.lower_ in word_map("first_names.tsv") else None


def _before_coordinated_person(e: Span, conj: Token) -> bool:
    """An "and" before a person's name ends a name: "Durán and Morgan Rogers scored" is two
    players, where "Marks and Spencer" and "Bill and Melinda Gates Foundation" are one name."""
    if conj.lower_ not in ("and", "&"):
        return False
    after = [t for t in e if t.i > conj.i]
    return first_name_led(after) and all(t.pos_ == "PROPN" for t in after)


def _between_constituents(e: Span, comma: Token) -> bool:
    """A comma between two phrases of the sentence, not inside one name: in "In an article
    for The Atlantic, Frum wrote" the NER ran the outlet and the subject together."""
    if comma.text != ",":
        return False
    after = [t for t in e if t.i > comma.i and not e.start <= t.head.i < e.end]
    return bool(after) and after[0].dep_ in ("nsubj", "nsubjpass") and comma.head.i == after[0].head.i


def _coordinated_first(e: Span, taken: set[int]) -> int | None:
    """Where an organisation's name begins when the word before "and" is coordinated with it:
    "Avon and Somerset Police", "Devon and Cornwall Police" (the NER found only the second
    half)."""
    if e.label_ != "ORG" or e.start < 2 or len(e) < 2:
        return None
    doc = e.doc
    partner, cc = doc[e.start - 2], doc[e.start - 1]
    if cc.lower_ not in ("and", "&") or not partner.is_title or partner.pos_ != "PROPN":
        return None
    if partner.i in taken and partner.ent_type_ not in ("GPE", "NORP", "LOC", "PERSON"):
        return None  # a place may open the name (the NER may even take it for a person); not another organisation
    # the parser coordinates the two words under the name's head ("Avon and Somerset
    # Police"), or the name's head with the first word ("Devon and Cornwall Police")
    first_word = doc[e.start].dep_ == "conj" and doc[e.start].head.i == partner.i and e.start <= partner.head.i < e.end
    whole_name = e.root.dep_ == "conj" and e.root.head.i == partner.i
    return partner.i if first_word or whole_name else None


def settle_organisation_names(doc: Doc) -> None:
    """A name the NER called a person (or a place) that the article shows to be an
    organisation's: it ends in a company word ("Lumora Labs", "Dick Clark Productions"; data/company_words.txt),
    is called an organisation in apposition ("Fair Skies, a passenger-rights group"), or,
    unless a person named in the article bears it, is a catalogued outlet ("Yonhap",
    "Twitter") or what the NER calls it more often ("TNO" read as an organisation ten times
    and once as a person)."""
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    traded = _traded_names(doc)
    relabelled = [
        Span(doc, e.start, e.end, label="ORG")
        for e in doc.ents
        # "Lumora Labs" read as a place; "Nvidia" in "Nvidia shares fell"
        if e.label_ in ("GPE", "LOC", "FAC", "NORP") and (_company_name(e) or e.text in traded)
    ]
    surnames = {e[-1].lower_ for e in people if len(e) >= 2 and e[-1].is_title}
    votes: dict[str, int] = {}
    for e in doc.ents:
        if e.label_ in ("PERSON", "ORG"):
            votes[e.text] = votes.get(e.text, 0) + (1 if e.label_ == "ORG" else -1)
    catalogue = outlet_catalogue()
    for e in people:
        borne = len(e) == 1 and e[-1].lower_ in surnames
        if (
            _company_name(e)
            or _kind_word_before(e)
            or organisation_in_apposition(e.root)
            or not borne
            and (votes[e.text] > 0 or catalogue.lookup(e.text) is not None)
        ):
            relabelled.append(Span(doc, e.start, e.end, label="ORG"))
    if relabelled:
        doc.set_ents(relabelled, default="unmodified")
    _label_repeated_organisations(doc)


LOCATIVE = {"across", "at", "from", "in", "into", "near", "to"}


def _traded_names(doc: Doc) -> set[str]:
    """Names whose shares trade ("Nvidia shares fell", "shares of rival AMD"): a company's,
    though the NER took it for a place; not one the article also puts somewhere ("stocks in
    China", "flew to China"), as a market's name ("China shares") is a place."""
    traded, placed = set(), set()
    for e in doc.ents:
        if e.label_ not in ("GPE", "LOC", "FAC", "NORP"):
            continue
        root = e.root
        if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
            placed.add(e.text)
        if stock_of(root) is not None:
            traded.add(e.text)
    return traded - placed


def _kind_word_before(ent: Span) -> bool:
    """ "Supporters' group Harlow Together", "think tank Ember": the noun before the name
    says it is an organisation (not a role: "Captain Leon Mbeki")."""
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return before.pos_ == "NOUN" and before.lower_ in ORG_NOUNS and before.lower_ not in TITLE_WORDS


def _company_name(ent: Span) -> bool:
    last = ent[-1]
    return len(ent) >= 2 and last.is_title and last.lower_.rstrip(".") in COMPANY_WORDS


def _label_repeated_organisations(doc: Doc) -> None:
    """One name, one organisation: a later "Big Machine" the NER left unlabelled is the
    organisation it labelled once (names of two or more capitalised words)."""
    names: dict[str, set[tuple[str, ...]]] = {}
    for e in doc.ents:
        words = tuple(t.text for t in e)
        if e.label_ == "ORG" and len(words) >= 2 and all(t.is_title or t.is_upper for t in e):
            names.setdefault(words[0], set()).add(words)
    if not names:
        return
    added, n, i = [], len(doc), 0
    while i < n:
        tok = doc[i]
        found = None
        if not tok.ent_type_ and tok.text in names:
            for words in sorted(names[tok.text], key=len, reverse=True):
                end = i + len(words)
                if end <= n and tuple(t.text for t in doc[i:end]) == words and not any(t.ent_type_ for t in doc[i:end]):
                    found = end
                    break
        if found is not None:
            added.append(Span(doc, i, found, label="ORG"))
            i = found
        else:
            i += 1
    if added:
        doc.set_ents(added, default="unmodified")


def _label_pronoun_referents(doc: Doc) -> None:
    """A one-word name the NER took for an organisation, or left unlabelled, that is the
    subject of a reporting verb is a person when its sentence or the next goes on with "he"
    or "she" (outside quotation marks) and names no one else first: "Okafor told Berita Pagi
    that … . He added …", "Zelenskyy said in his nightly address …"; so is one, or a name
    the NER took for a place, described as a person: "Clyburn, who leads …", "Fulton, a
    lawyer for the family, said"."""
    catalogue = outlet_catalogue()
    verbs = reporting_verbs()
    named = {t.lower_ for e in doc.ents if e.label_ == "PERSON" for t in e}  # "Amadou" of "Amadou Magassa"
    relabelled = []
    for tok in doc:
        if tok.dep_ != "nsubj" or not tok.is_title or len(tok) < 3 or tok.lower_ in named:
            continue
        if tok.head.lemma_.lower() not in verbs:
            continue  # a speaker's name, the subject of a reporting verb
        if any(c.dep_ in ("det", "amod", "nummod", "compound", "poss") for c in tok.lefts):
            continue  # a bare name only: "the 13th Amendment" is none
        if tok.ent_type_ in ("ORG", "GPE"):
            if tok.ent_iob_ != "B" or (tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I"):
                continue  # one word only
        elif tok.ent_type_ or tok.pos_ != "PROPN":
            continue
        if organisation_word(tok) or tok.lower_ in TITLE_WORDS or catalogue.lookup(tok.text) is not None:
            continue
        # a place's name is a person's only with a person's description ("Fulton, a lawyer …")
        pronoun = tok.ent_type_ != "GPE" and next_pronoun(doc, tok.i + 1) == "person"
        if pronoun or _described_as_person(tok):
            relabelled.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
            tok.pos_, tok.tag_ = "PROPN", "NNP"  # "Zelenskyy" read as a common noun
    if relabelled:
        doc.set_ents(relabelled, default="unmodified")


def _described_as_person(tok: Token) -> bool:
    """Does the name carry what only a person has: a "who" clause ("Clyburn, who leads …") or
    an apposition headed by a role or a person's noun ("Fulton, a lawyer for the family")?"""
    for child in tok.rights:
        if child.dep_ == "relcl" and any(c.lower_ in ("who", "whose") for c in child.children):
            return True
        if child.dep_ == "appos" and child.lower_ in TITLE_WORDS | PERSON_NOUNS and not organisation_word(child):
            return True
    return False


PERSON_NOUNS = word_list("person_nouns.txt")


def settle_person_names(doc: Doc) -> None:
    """One name, one person per article. Once the NER has found "Chris Early", a later
    "Early" on its own is him too, though the tagger read an adverb ("Early says …") or a
    modal ("May said"), or the NER missed it ("Buser, however, is counting …"): only a
    capitalised word that is no part of a longer name or entity, in mid-sentence or first
    before a finite verb, so "Early voting" and "May Day" are left alone. And a month or
    weekday alone is no person ("the jump in hiring in May") unless someone is named by it."""
    _label_misread_names(doc)
    _label_unlabelled_names(doc)
    _label_pronoun_referents(doc)
    surnames: set[str] = set()
    for ent in doc.ents:
        words = [t for t in ent if t.is_alpha]
        if ent.label_ == "PERSON" and len(words) >= 2 and all(t.is_title for t in words) and len(words[-1]) > 2:
            surnames.add(words[-1].lower_)
    not_names = word_list("calendar_words.txt") - surnames
    if any(e.label_ == "PERSON" and len(e) == 1 and e[0].lower_ in not_names for e in doc.ents):
        doc.ents = [e for e in doc.ents if not (e.label_ == "PERSON" and len(e) == 1 and e[0].lower_ in not_names)]
    if not surnames:
        return
    added = []
    n = len(doc)
    catalogue = outlet_catalogue()
    # only the tokens spelled like a surname, found in one vectorised pass
    lower = doc.to_array(LOWER)
    for i in numpy.flatnonzero(numpy.isin(lower, [doc.vocab.strings.add(s) for s in surnames])):
        tok = doc[int(i)]
        # the NER may call the surname alone an organisation ("Pike, who was named man of the match")
        if not tok.is_title or tok.ent_type_ not in ("", "PERSON", "ORG"):
            continue
        alone = not tok.ent_type_ or (tok.ent_iob_ == "B" and (tok.i + 1 == n or doc[tok.i + 1].ent_iob_ != "I"))
        if not alone or tok.ent_type_ == "ORG" and (organisation_word(tok) or catalogue.lookup(tok.text)):
            continue
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1] if tok.i + 1 < n else None
        if tok.is_sent_start:
            who = nxt is not None and nxt.text == "," and tok.i + 2 < n and doc[tok.i + 2].lower_ in ("who", "whose")
            if nxt is None or (nxt.tag_ not in ("VBZ", "VBD", "MD") and tok.pos_ != "PROPN" and not who):
                continue
        elif prev.is_title or prev.ent_type_:
            continue
        if nxt is not None and (nxt.is_title or nxt.ent_type_):
            continue
        tok.pos_, tok.tag_ = "PROPN", "NNP"
        if tok.ent_type_ != "PERSON":
            added.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
    if added:
        doc.set_ents(added, default="unmodified")


def _after_titles(doc: Doc, start: int, end: int) -> int:
    """Where a name begins after the titles before it ("Detective Constable Aled Pritchard"),
    leaving it two words at least."""
    k = start
    while k < end - 2 and (doc[k].lower_ in TITLE_WORDS or doc[k].lower_.rstrip(".") in HONORIFICS):
        k += 1
    return k


MISREAD_LABELS = ("WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC")


def _label_misread_names(doc: Doc) -> None:
    """A titled or speaking name the NER took for a work or a product, as it may after a
    quotation: "…," Mayor Joanne Brisbois said" read as WORK_OF_ART, or a titled name it took
    for an organisation. The name after the title is a person ("Jane Eyre", untitled and
    silent, stays a work)."""
    relabelled = []
    for e in doc.ents:
        if e.label_ not in MISREAD_LABELS and e.label_ != "ORG":
            continue
        k = _after_titles(doc, e.start, e.end)
        name = list(doc[k : e.end])
        # an organisation's name never opens with a title ("Detective Constable Aled Pritchard")
        speaks = e.label_ != "ORG" and e.root.dep_ == "nsubj" and e.root.head.lemma_.lower() in reporting_verbs()
        if (k > e.start or speaks) and all(t.pos_ == "PROPN" for t in name) and first_name_led(name):
            relabelled.append(Span(doc, k, e.end, label="PERSON"))
        elif _after_role_noun(e):
            relabelled.append(Span(doc, e.start, e.end, label="PERSON"))
    if relabelled:
        doc.set_ents(relabelled, default="unmodified")


def _after_role_noun(e: Span) -> bool:
    """A name of two or three capitalised words right after a person's role noun that
    modifies it is a person's though the NER called it an organisation: "Villa boss Unai Emery", "energy
    analyst Sergei Vakulenko". An organisation's name ("broadcaster Sky News", "asset manager
    BlackRock") has an organisation word or is one word."""
    doc = e.doc
    if e.label_ != "ORG" or not 2 <= len(e) <= 3 or e.start == 0:
        return False
    role = doc[e.start - 1]
    if not role.is_lower or role.lower_ not in TITLE_WORDS or role.head.i != e.root.i:
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in e):
        return False
    return not any(organisation_word(t) for t in e) and outlet_catalogue().lookup(e.text) is None


def _label_unlabelled_names(doc: Doc) -> None:
    """Two or three capitalised proper nouns that the NER left unlabelled and that start with
    a known first name are a person: "The minister, Ana Ruiz, disagreed"."""
    n = len(doc)
    arr = doc.to_array([POS, IS_TITLE, ENT_TYPE])
    proper_title = (arr[:, 0] == PROPN) & (arr[:, 1] == 1)
    free = proper_title & (arr[:, 2] == 0)  # a capitalised proper noun no entity holds
    added = []
    starts = numpy.flatnonzero(free & ~numpy.concatenate(([False], free[:-1])))
    for start in starts.tolist():
        i = start
        while i < n and free[i]:  # runs of at most 4, as the NER would see them
            j = i
            while j < n and free[j] and j - i < 4:
                j += 1
            k = _after_titles(doc, i, j)
            run = doc[k:j]
            if 2 <= len(run) <= 3 and first_name_led(list(run)) and (j == n or not proper_title[j]):
                added.append(Span(doc, k, j, label="PERSON"))
            i = j
    if added:
        doc.set_ents(added, default="unmodified")


@Language.factory("gated_ner")
def make_gated_ner(nlp: Language, name: str) -> GatedEntityRecognizer:  # noqa: ARG001 - factory signature
    return GatedEntityRecognizer(nlp.get_pipe("ner"))
