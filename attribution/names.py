"""What a name is: which tokens make one, how it is written, which words find it again."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .lexicons import word_list, word_map

HONORIFICS = {
    "mr": "m",
    "mr.": "m",
    "sir": "m",
    "lord": "m",
    "ms": "f",
    "ms.": "f",
    "mrs": "f",
    "mrs.": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "dr": None,
    "dr.": None,
    "prof": None,
    "prof.": None,
}
ORG_NOUNS = word_list("organisation_nouns.txt")
NEWS_WORDS = word_list("news_words.txt")
COMPANY_WORDS = word_list("company_words.txt")
OUTLET_DESCRIPTORS = word_list("outlet_descriptors.txt")
NAME_PARTICLES = word_list("name_particles.txt")  # "von der" of "Ursula von der Leyen"
NAME_STOP = {"the", "a", "an", "mr", "mrs", "ms", "dr", "sir", "'s", "\u2019s"}
HYPHENS = ("-", "\u2011")


def join_name(toks: list[Token]) -> str:
    """Name tokens as written: "Talbot-Evans", "Mehta-Collins" keep their hyphens."""
    if not toks:
        return ""
    out = toks[0].text
    for prev, tok in zip(toks, toks[1:], strict=False):
        gap = tok.doc[prev.i + 1 : tok.i]
        if len(gap) == 1 and gap[0].text in ("-", "\u2011") and not prev.whitespace_ and not gap[0].whitespace_:
            out += gap[0].text + tok.text
        elif gap and len(gap) <= 2 and all(t.text in NAME_PARTICLES for t in gap):
            out += " " + " ".join(t.text for t in gap) + " " + tok.text  # "Ursula von der Leyen"
        else:
            out += " " + tok.text
    return out


def person_name(span: Span, roles: frozenset[str]) -> str:
    """A person's name without leading titles: "Detective Constable Aled Pritchard" -> "Aled Pritchard"."""
    names = name_tokens(span)
    # "White House spokesman Josh Earnest", "Kremlin aide Ivan Orlov": the name follows the role
    role_at = [t.i for t in span if t.lower_ in roles]
    if role_at and any(t.i > role_at[-1] for t in names):
        names = [t for t in names if t.i > role_at[-1]]
    head = span.root
    if head in names:  # the name is the head's run: "Aled Pritchard of Wexbridgeshire Police"
        names = [t for t in names if t.i <= head.i or not _broken(span.doc, head.i, t.i)]
    return join_name([t for t in names if t.lower_ not in roles and t.lower_ not in HONORIFICS])


def _broken(doc, start: int, end: int) -> bool:
    """A word between two name tokens that belongs to neither ("of", a comma)."""
    return any(not (t.pos_ == "PROPN" and t.text[:1].isupper()) and t.text not in HYPHENS for t in doc[start + 1 : end])


def clean_name(text: str) -> str:
    text = re.sub(r"[\u2019']s$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"'\u201c\u201d\u2018\u2019")


def in_hyphenated_name(tok: Token) -> bool:
    """A part of a hyphenated given name the tagger took for a common noun: "Do" and "yeon"
    of "Kim Do-yeon", "Jae" and "in" of "Moon Jae-in" (no spaces around the hyphen)."""
    doc = tok.doc
    if not tok.is_alpha:
        return False
    if tok.text[:1].isupper() and tok.i + 2 < len(doc):
        hyphen = doc[tok.i + 1]
        if hyphen.text in HYPHENS and not tok.whitespace_ and not hyphen.whitespace_ and doc[tok.i + 2].is_alpha:
            return True
    if tok.i >= 2:
        hyphen, first = doc[tok.i - 1], doc[tok.i - 2]
        if hyphen.text in HYPHENS and not first.whitespace_ and not hyphen.whitespace_ and first.text[:1].isupper():
            return first.is_alpha
    return False


def name_tokens(span: Span) -> list[Token]:
    return [
        t
        for t in span
        if t.lower_ not in NAME_STOP and (t.pos_ == "PROPN" and t.text[:1].isupper() or in_hyphenated_name(t))
    ]


def surname_keys(toks: list[Token]) -> list[str]:
    """The words a later mention may use alone for this name: the last, and the first when
    the name ends in a hyphenated given name in East Asian order ("Lee Jae-myung" -> Lee)."""
    keys = [toks[-1].lower_]
    if len(toks) >= 3 and toks[-1].text[:1].islower() and in_hyphenated_name(toks[-1]):
        keys.append(toks[0].lower_)
    return keys


def first_name_led(words: list[Token]) -> bool:
    """Two or three capitalised words starting with a known first name and holding no
    organisation or news word: "Ines Varga", "Farid Ozmen" (not "Charlotte Observer")."""
    return (
        2 <= len(words) <= 3
        and all(t.is_title for t in words)
        and words[0].lower_ in word_map("first_names.tsv")
        and not any(organisation_word(t) for t in words)
    )


def organisation_in_apposition(tok: Token) -> bool:
    """A name called an organisation or an outlet in apposition: "Fair Skies, a
    passenger-rights group", "The group that owns her music, Big Machine", "Berita Pagi, a
    Malaysian daily"."""
    if tok.dep_ == "appos" and _organisation_noun(tok.head):
        return True
    return any(c.dep_ == "appos" and _organisation_noun(c) for c in tok.children)


def _organisation_noun(tok: Token) -> bool:
    """A singular noun for an organisation or an outlet ("group", "daily", "broadcaster")."""
    return tok.tag_ == "NN" and (tok.lemma_.lower() in ORG_NOUNS or tok.lower_ in OUTLET_DESCRIPTORS)


PERSONAL_PRONOUNS = {"he", "him", "his", "she", "her"}
OTHER_PRONOUNS = {"it", "its", "they", "them", "their"}


def next_pronoun(doc: Doc, start: int) -> str | None:
    """What the text goes on with from `start` to the end of the next sentence, outside
    quotation marks: "person" at a he or she, "other" at an it or they or a person's name
    (someone else may be meant), None at neither."""
    quoted, sentences = False, 0
    for t in doc[start : min(len(doc), start + 60)]:
        if t.is_sent_start:
            sentences += 1
            if sentences > 1:
                return None
        if t.is_quote:
            quoted = not quoted
            continue
        if quoted:
            continue
        if t.ent_type_ == "PERSON" or t.lower_ in OTHER_PRONOUNS:
            return "other"
        if t.lower_ in PERSONAL_PRONOUNS:
            return "person"
    return None


def organisation_word(tok: Token) -> bool:
    """A word that marks a name as an organisation's: "Charlotte Observer", "Lumora Labs"."""
    low = tok.lower_.rstrip(".")
    return low in ORG_NOUNS or low in NEWS_WORDS or low in COMPANY_WORDS


def first_named(ent: Span) -> bool:
    """A name the NER took for an organisation or place that is first-name-led (above)."""
    words = [t for t in ent if not t.is_punct]
    return ent.label_ in ("ORG", "GPE", "NORP") and all(t.pos_ == "PROPN" for t in words) and first_name_led(words)


def aged_person(ent: Span) -> bool:
    """A name the NER took for a place or a company, given an age the way news gives
    people one: "Shane Mulcahy, 33," (a known first name, then a number)."""
    if ent.label_ not in ("ORG", "GPE") or not 2 <= len(ent) <= 3:
        return False
    doc = ent.doc
    if ent[0].lower_ not in word_map("first_names.tsv") or not all(t.is_title for t in ent):
        return False
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].like_num


def named_like_a_person(mention: Span, names: list[Token]) -> bool:
    """A speaker's name the NER labelled an organisation or place, or did not label: a
    person when first-name-led ("Farid Ozmen", "Layla Haddad"); never with an organisation
    noun anywhere in the mention, nor in capitals."""
    words = [t for t in mention if not t.is_punct and t.lower_ not in ("the", "'s", "\u2019s")]
    if any(organisation_word(t) for t in words):  # "Charlotte Observer"
        return False
    return not any(t.is_upper and len(t) > 1 for t in names) and first_name_led(names)


def is_subject(tok: Token) -> bool:
    """A subject, or a name in apposition to one ("Her neighbour, Stuart Pell, 81, was …")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    if shares_of(tok):  # "Nvidia shares fell", "Shares of Nvidia fell": the company is in focus
        return True
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        if tok.head.pos_ != "PROPN":  # "a Kyiv resident": a name modifying a noun is no subject
            return False
        tok = tok.head
    return (
        tok.dep_ in ("appos", "npadvmod")
        and tok.head.dep_ in ("nsubj", "nsubjpass")
        or tok.dep_ in ("nsubj", "nsubjpass")
    )


def stock_of(tok: Token) -> Token | None:
    """The shares a name's company issues: "Nvidia('s) shares", "shares of (rival) AMD"."""
    stock = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok.head
    if tok.dep_ not in ("compound", "poss", "nmod", "pobj") or stock.i == tok.i:
        return None
    return stock if stock.tag_ == "NNS" and stock.lemma_.lower() in ("share", "stock") else None


def shares_of(tok: Token) -> bool:
    """A name whose shares are the subject: "Nvidia('s) shares fell", "Shares of Nvidia fell"."""
    stock = stock_of(tok)
    return tok.pos_ == "PROPN" and stock is not None and stock.dep_ in ("nsubj", "nsubjpass")


def subject_rank(tok: Token) -> int:
    """2: the subject of a main clause (or a name in apposition to one); 1: of a subordinate
    clause ("… on the night Epstein died"); 0: no subject."""
    if not is_subject(tok):
        return 0
    while tok.dep_ not in ("nsubj", "nsubjpass") and tok.head.i != tok.i:
        tok = tok.head  # through "shares (of)" too
    verb = tok.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return 2 if verb.dep_ == "ROOT" else 1


def has_who_clause(head: Token) -> bool:
    """A relative clause on "who" or "whose" says a name is a person's, whatever the NER made
    of it: "Montell Figgins, who represents Thomas, said" (organisations take "which")."""
    return any(
        c.dep_ == "relcl" and any(g.lower_ in ("who", "whom", "whose") and g.i < c.i for g in c.subtree)
        for c in head.rights
    )
