"""Stage 4 (coreference): resolve speaker mentions to entities ("he", "the Russian president" -> Vladimir Putin).

A rule-based resolver over the article's named entities: names by their
surname, role nouns by the titles the article gave people, pronouns by the
most recent compatible subject, documents ("the post said") by their author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .clauses import forward_complement
from .cues import Cue, framed_record
from .descriptions import Descriptions
from .document import Article
from .lexicons import document_nouns, outlet_catalogue, reporting_verbs, word_list
from .names import (
    HONORIFICS,
    ORG_NOUNS,
    clean_name,
    has_who_clause,
    in_hyphenated_name,
    name_tokens,
    named_like_a_person,
    next_pronoun,
    organisation_in_apposition,
    organisation_word,
    person_name,
)
from .outlets import _np, identify, is_outlet
from .records import Attribution
from .registry import GENDERED_ROLES, Entity, EntityRegistry
from .speakers import appositions, head_read_as_apposition, inherited_mention, noun_phrase, speaker_mention
from .verbs import RELATIVE_PRONOUNS, subject_of

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
FIRST_PERSON = {"i", "we", "me", "us"}
ORG_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their"}
DOCUMENT_NOUNS = document_nouns()
RECORD_NOUNS = word_list("record_nouns.txt")  # speak for themselves: never "the" previous statement
PUBLISHING_VERBS = word_list("publishing_verbs.txt")
SEATS_OF_GOVERNMENT = word_list("seats_of_government.txt")  # "Downing Street said"
GROUP_NOUNS = word_list("group_nouns.txt")
PERSON_NOUNS = word_list("person_nouns.txt")
EPITHET_NOUNS = word_list("epithet_nouns.txt")
DEMONYMS = word_list("demonyms.txt")  # "the Dane", "the Spaniard": one person of a nation


@dataclass
class Resolution:
    name: str
    kind: str
    entity: Entity | None


class Resolver:
    """Which entity a speaker mention denotes: names by surname, roles by the titles the
    article gave people, pronouns by the most recent compatible subject."""

    def __init__(self, registry: EntityRegistry) -> None:
        self.registry = registry
        self.descriptions = Descriptions(registry)
        self.roles = registry.roles
        self.groups: list[Resolution] = []  # unnamed groups that spoke, in text order

    def resolve(
        self,
        mention: Span,
        previous_speaker: Resolution | None = None,
        statement_start: int | None = None,
        statement: tuple[int, int] | None = None,
    ) -> Resolution:
        """`statement_start`: where the statement begins when the mention sits inside it
        ("Merritt Falls, he noted, did …"): a pronoun there looks back from the statement,
        not from itself, so it never takes the statement's own subject. `statement`: the
        statement's span, whose names are the speaker's words, never the speaker."""
        res = self._resolve(mention, previous_speaker, statement_start, statement=statement)
        if res.entity is None and res.kind in ("person", "organization") and res.name:
            res = Resolution(res.name, res.kind, self.registry.adopt(res, mention))
        if res.kind == "group" and res.entity is None:
            self.groups.append(res)
        return res

    def _group_again(self, mention: Span) -> Resolution | None:
        """ "the people said" after "citing people familiar with the matter": a definite
        plural noun alone is the last unnamed group that spoke with that noun."""
        head = mention.root
        if len(mention) != 2 or mention[0].lower_ not in ("the", "these", "those") or head.tag_ != "NNS":
            return None
        return next((g for g in reversed(self.groups) if head.lower_ in g.name.lower().split()), None)

    def _resolve(
        self,
        mention: Span,
        previous_speaker: Resolution | None = None,
        statement_start: int | None = None,
        via_apposition: bool = False,
        statement: tuple[int, int] | None = None,
    ) -> Resolution:
        head = mention.root
        lower = head.lower_
        pos = mention.start_char
        back = min(pos, statement_start) if statement_start is not None else pos  # for pronouns
        if lower in PERSON_PRONOUNS and len(mention) == 1:
            bound = _bound_description(head, PERSON_PRONOUNS[lower])
            if bound is not None:  # "A Northvale spokeswoman declined to comment on what she called …"
                return Resolution(described(bound), "person", None)
            e = self.registry.recent(back, "person", PERSON_PRONOUNS[lower])
            return self._res(e) if e else Resolution(mention.text, "unknown", None)
        if lower in FIRST_PERSON and len(mention) == 1:
            if previous_speaker is not None:
                return previous_speaker
            return Resolution(mention.text, "unknown", None)
        if lower in GROUP_PRONOUNS and len(mention) == 1 and previous_speaker is not None:
            if previous_speaker.kind == "group":  # "The study's authors wrote … They acknowledged"
                return previous_speaker
        if lower in ORG_PRONOUNS | GROUP_PRONOUNS and len(mention) == 1:
            e = self.registry.recent(back, "organization", None)
            if e is None and lower in GROUP_PRONOUNS:
                return Resolution(mention.text, "group", None)
            return self._res(e) if e else Resolution(mention.text, "unknown", None)
        if clean_name(mention.text).lower() in SEATS_OF_GOVERNMENT:
            return self._organisation(clean_name(mention.text), head)  # "Downing Street said"
        author = _document_author(head)
        if author is not None:  # "a statement from Taiwan Taoyuan International Airport said"
            return self._resolve(noun_phrase(author), previous_speaker, via_apposition=True)
        # a name with an appositive: "the minister, Ilse Varga" / "Varga, the minister"
        # one step only: an apposition's own apposition is the mention itself ("Yoon, …, Yoon")
        for ap in () if via_apposition else appositions(head):
            # a capitalised title is no name: "Chief of General Staff Valery Gerasimov"
            # a role anywhere in the description names the person in apposition: "Chartered
            # Professional Accountants of Canada's chief economist, David-Alexandre Brassard"
            # a person's name keeps it against a capitalised description: "Senator Richard
            # Blumenthal, the Connecticut Democrat who chairs the subcommittee"
            if head.ent_type_ == "PERSON" and ap.root.ent_type_ != "PERSON":
                continue
            if head.lemma_.lower() in BARE_SOURCES and ap.root.pos_ == "NOUN" and not name_tokens(ap):
                # "a source inside the camp, a Syrian refugee who feared retaliation,": the
                # apposition says who the source is
                return Resolution(described(ap), "person", None)
            if name_tokens(ap) and (
                head.pos_ != "PROPN" or not name_tokens(mention) or any(t.lower_ in self.roles for t in mention)
            ):
                r = self._resolve(ap, previous_speaker, via_apposition=True)
                # a role is a person: "16:52 BST — Minister" is no apposition of "BST"
                if r.kind == "person" or r.entity is not None and (self._role(mention) is None or lower in ORG_NOUNS):
                    return r
        if conj := self._conjoined(mention):
            return conj
        tail = mention[-1]
        if tail.head.i == head.i and head_read_as_apposition(tail) and tail.lemma_.lower() in self.roles:
            # "A Department of Health and Social Care spokesperson": the role is the phrase's
            # head; the name only says whose the role is
            return self._by_role(tail.lemma_.lower(), mention, pos)
        names = name_tokens(mention)
        if head.is_title and head.pos_ == "NOUN" and head.lower_ in self.registry.by_surname:
            # the tagger sometimes takes an unfamiliar surname for a noun ("Zelenskyy")
            return self._res(self.registry.person_by_name([head], pos))
        if _demonym(mention):  # "the Spaniard", "the 34-year-old Brazilian": a person
            epithet = self._epithet(mention, back)
            return self._res(epithet) if epithet is not None else Resolution(described(mention), "person", None)
        # the head itself must be a name: "Orlan's defence ministry" (a mis-tagged NNP) is not Orlan
        if names and (head in names or in_hyphenated_name(head)):
            person = self.registry.person_by_name(names, pos)
            if person is not None:
                return self._res(person)
            ent_label = self._ent_label(mention)
            role = self._role(mention)
            if role is not None and ent_label != "PERSON":
                # a capitalised title with no name is a role ("The Prime Minister", "Indian
                # Foreign Secretary"): the titled person, or an unnamed person
                return self._by_role(role, mention, pos)
            text = clean_name(mention.text)
            titled = any(t.lower_ in self.roles or t.lower_ in HONORIFICS for t in mention[:2])
            # "Odesa regional governor Oleh Kiper": a role word right before the name run
            run = head.i
            while run > mention.start and mention.doc[run - 1] in names:
                run -= 1
            titled = titled or run > mention.start and mention.doc[run - 1].lower_ in self.roles
            # "The Institute for the Study of War", unlabelled: an organisation noun heads it
            if organisation_in_apposition(head) or ent_label != "PERSON" and organisation_word(head):
                return self._organisation(text, head)
            if (
                ent_label == "PERSON"
                or self._looks_personal(mention)
                and (ent_label is None or titled)
                or named_like_a_person(mention, names)
                or has_who_clause(head)
                or ent_label is None
                and self._lone_surname(mention, names)
            ):
                return Resolution(person_name(mention, self.roles) or text, "person", None)
            return self._organisation(text, head)
        outlet = outlet_catalogue().lookup(clean_name(mention.text)) if head.is_title else None
        if outlet is not None:  # "The Information reported …": a name the tagger read as a noun
            return self._organisation(outlet.name, head)
        if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
            # "the post said": the statement before it; "court filings" are their own source
            if previous_speaker is not None and _refers_back(mention) and head.lower_ not in RECORD_NOUNS:
                return previous_speaker
            if not _refers_back(mention):  # "court records", "a report": a source of their own
                return Resolution(clean_name(mention.text), "organization", None)
        role = self._role(mention)
        if role is not None:
            return self._by_role(role, mention, pos)
        age = _age_described(mention)
        if age is not None:  # "the 71-year-old": the person the article gave that age
            e = self.registry.by_age(age, pos) or self._in_focus(mention, back)
            return self._res(e) if e is not None else Resolution(clean_name(mention.text), "person", None)
        text = clean_name(mention.text)
        if (head.lemma_.lower() in ORG_NOUNS or lower in ORG_NOUNS) and lower not in GROUP_NOUNS:
            definite = mention[0].lower_ == "the" and len(mention) <= 3
            e = self.descriptions.org_by_word(lower, pos) if definite else None
            if e is None and definite:
                e = self.descriptions.org_in_sentence(pos, head.sent.start_char, outside=statement)
            if e is None and definite and statement is not None and statement[1] <= pos:
                e = self.descriptions.org_subject_of(statement, lower)
            if e is None and definite and len(mention) == 2:
                e = self.descriptions.org_in_focus(lower, pos)
            if e is not None:
                return self._res(e)
            return Resolution(text, "organization", None)
        if lower in GROUP_NOUNS or head.tag_ == "NNS" and head.pos_ != "PROPN":  # not "Figgins"
            if again := self._group_again(mention):
                return again
            return Resolution(described(mention), "group" if lower not in ("sources",) else "unknown", None)
        if head.ent_type_ in ("ORG", "GPE", "NORP"):
            return Resolution(text, "organization", None)
        if head.lemma_.lower() in PERSON_NOUNS and head.tag_ == "NN":  # "the woman", "a resident"
            if mention[0].lower_ == "the" and mention.end == head.i + 1:
                # "the source": the one an earlier description introduced ("a source in the agency")
                earlier = self.descriptions.by_title(head.lower_, mention, pos)
                if earlier is not None:
                    return self._res(earlier)
            return Resolution(described(mention), "person", None)
        if head.lower_ == "one" and _one_of_people(head):  # "one of the survivors"
            return Resolution(described(mention), "person", None)
        epithet = self._epithet(mention, back)
        if epithet is not None:
            return self._res(epithet)
        return Resolution(described(mention), "unknown", None)

    def _epithet(self, mention: Span, pos: int) -> Entity | None:
        """ "Corrigan, 47, had been under pressure. …, the former Ireland midfielder admitted":
        a definite description headed by an epithet noun (`data/epithet_nouns.txt`) or a
        nationality ("the Spaniard"), with
        nothing after its noun to pick out someone new, is the reporter's name for the person
        in focus: the nearest earlier person, mentioned within the last few sentences."""
        head = mention.root
        if mention[0].lower_ != "the" or head.tag_ != "NN" and not _demonym(mention) or len(mention) > 8:
            return None
        if head.lemma_.lower() not in EPITHET_NOUNS and head.lower_ not in EPITHET_NOUNS and not _demonym(mention):
            return None
        return self._in_focus(mention, pos)

    def _in_focus(self, mention: Span, pos: int) -> Entity | None:
        """The nearest earlier person, mentioned within the last few sentences, for a definite
        description that picks out no one new: "the former Ireland midfielder", "the
        73-year-old economist" (an age the article had not given)."""
        head = mention.root
        if mention[0].lower_ != "the":
            return None
        if any(c.dep_ in ("prep", "relcl", "acl", "appos") and not _of_number(c) for c in head.rights):
            return None  # "the owner of the shop", "the man who …": someone new, picked out
        e = self.registry.recent(pos, "person", GENDERED_ROLES.get(head.lower_))
        if e is None or not self.registry.mentioned_within(e, pos, EPITHET_REACH):
            return None
        return e

    def _affiliated(self, mention: Span, role: str, pos: int) -> Entity | None:
        """ "the City manager" after "Pep Guardiola admitted his Manchester City side …": the
        latest speaker named in a sentence that names the institution, unless the article gave
        them another role ("City defender Kyle Walker")."""
        head = mention.root
        if any(c.dep_ in ("prep", "relcl", "acl", "appos") for c in head.rights):
            return None  # "the deputy head of China's delegation": someone new, picked out
        words = {
            t.lower_ for t in mention if t.pos_ == "PROPN" and t.is_title and t.ent_type_ != "NORP" and t.i < head.i
        }
        return self.descriptions.named_with(words, role, pos) if words else None

    def _untitled_in_focus(self, mention: Span, role: str, pos: int) -> Entity | None:
        """ "Mikel Arteta praised his forward. “…,” the Arsenal manager said": a role named
        with its institution, which picks out no one the article titled so, is the person
        its paragraph is about (the last named subject before it there), if the article
        gave them no other role."""
        head = mention.root
        if not any(t.pos_ == "PROPN" and t.i < head.i for t in mention):
            return None
        if any(c.dep_ in ("prep", "relcl", "acl", "appos") for c in head.rights):
            return None  # "the Arsenal manager at the time": someone picked out
        return self.descriptions.subject_in_paragraph(pos, role)

    def _organisation(self, name: str, head: Token) -> Resolution:
        """The organisation a name denotes; known by the name the head's entity gives when
        the mention says more ("Qingdao-based Haiyun Shipping")."""
        org = self.registry.entities.get(name.lower())
        if org is None and head.ent_type_ == "ORG":
            org = self.registry.entities.get(clean_name(_entity_at(head).text).lower())
        return self._res(org) if org is not None else Resolution(name, "organization", None)

    def _by_role(self, role: str, mention: Span, pos: int) -> Resolution:
        # "another analyst" is someone new, never the analyst named before
        if mention[0].lower_ in NEW_REFERENT:
            return Resolution(described(mention), "person", None)
        e = self.descriptions.by_title(role, mention, pos)
        age = _age_described(mention)
        if e is None and age is not None:  # "the 73-year-old economist": someone already named
            e = self.registry.by_age(age, pos) or self._in_focus(mention, pos)
        if e is None and any(t.lower_ == "former" for t in mention):
            e = self._in_focus(mention, pos)  # "the former Bournemouth boss": a past post of the person in focus
        if e is None and mention[0].lower_ == "the":
            e = self._affiliated(mention, role, pos) or self._untitled_in_focus(mention, role, pos)
        if e is not None:
            return self._res(e)
        return Resolution(self._owner_named(mention, pos) or described(mention), "person", None)

    def _owner_named(self, mention: Span, pos: int) -> str | None:
        """ "his official spokesman" after "Sir Keir Starmer": "Keir Starmer's official
        spokesman", the description with its owner named."""
        first = mention[0]
        gender = PERSON_PRONOUNS.get(first.lower_)
        if first.dep_ != "poss" or first.tag_ != "PRP$" or gender is None:
            return None
        owner = self.registry.recent(pos, "person", gender)
        rest = described(mention[1:]) if len(mention) > 1 else ""
        if owner is None or owner.name in owner.titles or not rest:
            return None  # no one named: "his" may be anyone's
        return f"{owner.name}'s {rest}"

    def _res(self, e: Entity) -> Resolution:
        return Resolution(e.name, e.kind, e)

    def _ent_label(self, span: Span) -> str | None:
        """The head's entity label, else the last one in the span ("Detective Constable Aled
        Pritchard of Wexbridgeshire Police" is the person the head names)."""
        if span.root.ent_type_:
            return span.root.ent_type_
        labels = [t.ent_type_ for t in span if t.ent_type_]
        return labels[-1] if labels else None

    def _lone_surname(self, mention: Span, names: list[Token]) -> bool:
        """One capitalised name the NER left unlabelled, with no organisation word, outlet or
        capitals about it, speaking as a subject: "Toomey fumed", "Ebeling reminisced"."""
        if len(names) != 1 or len(mention) != 1:
            return False
        name = names[0]
        if not name.is_title or organisation_word(name):
            return False
        # "Gazprom said its profits had fallen" goes on with "it"
        return outlet_catalogue().lookup(name.text) is None and next_pronoun(name.doc, name.i + 1) != "other"

    def _looks_personal(self, span: Span) -> bool:
        names = [t for t in name_tokens(span) if t.lower_ not in self.roles and t.lower_ not in HONORIFICS]
        return 2 <= len(names) <= 3 and all(t.is_title for t in names)

    def _role(self, mention: Span) -> str | None:
        head = mention.root
        if head.tag_ in ("NNS", "NNPS"):
            return None
        if head.lower_ in self.roles or head.lemma_.lower() in self.roles:
            return head.lemma_.lower()
        return None

    def _conjoined(self, mention: Span) -> Resolution | None:
        head = mention.root
        conj = conjuncts(head)
        if not conj:
            return None
        whole = head.doc[head.left_edge.i : max(t.right_edge.i for t in conj) + 1]
        if (
            head.ent_type_ == "ORG"
            and head.ent_iob_ == "B"
            and all(t.ent_type_ == "ORG" and t.ent_iob_ == "I" for t in conj)
        ):
            return None  # one name with "and" in it: "Devon and Cornwall Police"
        return Resolution(clean_name(whole.text), "group", None)


AGE_DESCRIPTION = re.compile(r"(\d+)[-\s]year[-\s]old\b", re.IGNORECASE)


def _age_described(mention: Span) -> str | None:
    """The age in "the 46-year-old", if the mention is one."""
    m = AGE_DESCRIPTION.search(mention.text)
    return m.group(1) if m else None


BARE_SOURCES = {"source", "person"}  # nouns that say nothing of who speaks but that they do
NEW_REFERENT = {"another", "a", "an"}  # determiners that introduce someone not yet named
EPITHET_REACH = 400  # characters: an epithet's person was named in the last few sentences
BACK_DETERMINERS = {"the", "this", "that", "these", "those", "his", "her", "its", "their"}


def _bound_description(pronoun: Token, gender: str) -> Span | None:
    """The unnamed subject a pronoun inside its own clause stands for: in "A Northvale
    spokeswoman declined to comment on what she called …" she is the spokeswoman, who is no
    entity the registry could offer. Only a description whose noun says the same gender
    ("spokeswoman", "chairman"); the nearest subject above the pronoun decides."""
    tok = pronoun
    while tok.head.i != tok.i:
        tok = tok.head
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i), None)
        if subj is None or subj.left_edge.i <= pronoun.i <= subj.right_edge.i:
            continue
        if subj.pos_ == "NOUN" and GENDERED_ROLES.get(subj.lower_) == gender:
            return noun_phrase(subj)
        return None
    return None


DESCRIBING_PREPS = {"at", "in", "for", "with", "from"}


def described(mention: Span) -> str:
    """An unnamed source keeps its description (GUIDELINES), with what follows its noun to
    say who it is: "analysts at Morgan Stanley", "two people familiar with the matter", "a
    man in a hi-vis vest", "one person who attended". One short modifier, right after the
    noun: never a clause set off by a comma ("…, who asked not to be named")."""
    head, doc = mention.root, mention.doc
    # a mention that runs past a comma keeps what comes before it: "A spokesperson for the
    # Good Law Project, which brought legal challenges …"
    end = next((t.i for t in doc[head.i + 1 : mention.end] if t.text in (",", "(")), mention.end)
    if head.pos_ == "NOUN" and end == head.i + 1:
        for child in head.rights:
            if child.left_edge.i != end:
                break
            if child.dep_ == "amod" and child.pos_ == "ADJ":
                reach = child.right_edge.i + 1  # "familiar with the matter"
            elif child.dep_ == "prep" and child.lower_ in DESCRIBING_PREPS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                clauses = [c.left_edge.i for o in objects for c in o.rights if c.dep_ in ("acl", "relcl", "prep")]
                reach = min([child.right_edge.i + 1, *clauses])  # "at Morgan Stanley", not its clauses
            elif (
                child.dep_ in ("relcl", "acl")
                and not any(t.lemma_.lower() in reporting_verbs() for t in child.subtree)
                # a clause marked by "that" is a complement the parser hung here, no relative
                and not any(g.dep_ == "mark" for g in child.children)
            ):
                # "who attended", "released in July"; not the attribution itself ("a surrogate
                # who said …", "a caption which reads …")
                reach = child.right_edge.i + 1
            else:
                break
            # up to a comma or bracket: "familiar with the matter, who asked not to be named"
            stop = next((t.i for t in doc[end:reach] if t.is_punct and t.text != "-" or t.is_quote), reach)
            if stop - end <= 6 and doc[stop - 1].pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM"):
                end = stop
            break
    return clean_name(doc[mention.start : end].text)


def _of_number(prep: Token) -> bool:
    """ "the mother of three": a count, not someone who picks the person out."""
    return prep.lower_ == "of" and all(c.pos_ == "NUM" for c in prep.children)


def _demonym(mention: Span) -> bool:
    """A singular nationality noun heads the mention: "the Spaniard", "the 34-year-old
    Brazilian" (one person; "the Russians" are a group, "Russian officials" a noun's)."""
    head = mention.root
    people = head.ent_type_ == "NORP" or head.lower_ in DEMONYMS  # the NER calls "the Dane" an ORG
    return people and head.tag_ == "NNP" and head.pos_ == "PROPN" and mention[0].lower_ == "the"


def _one_of_people(one: Token) -> bool:
    """ "One of those people", "one of the survivors": one person of a group of people."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(g.lower_ in GROUP_NOUNS or g.lemma_.lower() in PERSON_NOUNS for g in c.children if g.dep_ == "pobj")
        for c in one.children
    )


def _refers_back(mention: Span) -> bool:
    """ "the statement", "his post", "that letter" — not "court filings" or "a report"."""
    return mention[0].lower_ in BACK_DETERMINERS


def _entity_at(tok: Token) -> Span:
    """The named entity a token is part of (walked from its IOB tags, not a scan of all)."""
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _document_author(head: Token) -> Token | None:
    """The author a document speaks for: "a statement from Taiwan Taoyuan International
    Airport", "a report by TNO", "figures published by the agency", "the ministry's figures".
    The author is a name or an organisation noun ("the agency"), which the resolver then
    takes back to the organisation it names; a person's pronoun ("his statement") is left
    to the rules for documents that refer back."""
    if head.lemma_.lower() not in DOCUMENT_NOUNS and head.lower_ not in DOCUMENT_NOUNS:
        return None
    for child in head.children:
        if child.dep_ == "poss" and _author_like(child):
            return child
    for child in head.rights:
        preps = [child] if child.dep_ == "prep" and child.lower_ in ("from", "by") else []
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in PUBLISHING_VERBS:
            # "published by the agency", "released by the ministry on Monday"
            preps = [c for c in child.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from")]
        for prep in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and _author_like(obj):
                    return obj
    return None


def _author_like(tok: Token) -> bool:
    """A name, or "the agency" / "the ministry": a noun for an organisation."""
    if tok.pos_ == "PROPN":
        return True
    return tok.pos_ == "NOUN" and (tok.lemma_.lower() in ORG_NOUNS or tok.lower_ in ORG_NOUNS)


def conjuncts(head: Token) -> list[Token]:
    """The members coordinated with a mention's head. A name "coordinated" with common nouns
    that follow a role word is the parser reading a job title as a list: "Chris Early,
    senior vp partnerships and revenue at Ubisoft" is one person."""
    conj = [c for c in head.children if c.dep_ == "conj"]
    if conj and head.pos_ == "PROPN" and all(c.pos_ == "NOUN" for c in conj):
        roles = word_list("roles.txt")
        if any(t.lower_ in roles for t in head.doc[head.i + 1 : max(c.i for c in conj) + 1]):
            return []
    return conj


def full_mention(mention: Span) -> Span:
    """A mention widened to its coordinated members ("the US, South Korea and Ukraine")."""
    head = mention.root
    conj = conjuncts(head)
    if not conj:
        return mention
    end = max(t.right_edge.i for t in conj) + 1
    return head.doc[mention.start : end]


def assign_speakers(article: Article, found: list[Attribution], resolver: Resolver) -> None:
    """Give each quote its speaker's mention and the entity it denotes, in text order: a quote
    with no cue of its own takes them from its context (speakers.inherited_mention)."""
    previous: Attribution | None = None
    for i, a in enumerate(found):
        mention = None
        if a.cue is not None:
            mention = _mention_for(article, a.cue, a)
        if mention is None and a.type in ("direct", "partial"):
            mention, inherited = inherited_mention(article, found, i, previous)
            if inherited is not None:
                a.mention, a.speaker = inherited.mention, inherited.speaker
                a.confidence = min(a.confidence, 0.6)
                previous = a
                continue
        if mention is not None:
            mention = full_mention(mention)
            prev_res = previous.speaker if previous is not None else None
            inside = a.start < mention.start_char < a.end  # a parenthetical within the statement
            a.speaker = resolver.resolve(mention, prev_res, a.start if inside else None, statement=(a.start, a.end))
            if a.speaker.entity is not None and not a.relayed:  # the relayer keeps the floor
                resolver.registry.note_speaker(mention.start_char, a.speaker.entity)
            # the words of the attribution itself: "who" in "Ms. Ruiz, who said …", resolved
            # through its antecedent as "he" is through the cast
            a.mention = _relative_subject(a.cue) or mention
        if a.speaker is not None and not (a.cue is not None and a.cue.asks) and not a.relayed:
            # an unattributed quote after "X asked Y whether …" answers it: X does not hold the
            # floor; nor does a speaker whose words another relays
            previous = a
    _delayed_identification(article, found)


def _delayed_identification(article: Article, found: list[Attribution]) -> None:
    """A lede that withholds the name ("A former harbour official has claimed that …") and the
    next paragraph that gives it ("Tomas Reyes, who ran the port's safety office, said …"):
    the description is the person named first there, and every statement given to the
    description is theirs."""
    for i, a in enumerate(found):
        m = a.mention
        if a.speaker is None or a.speaker.entity is None or m is None or not len(m):
            continue
        para = article.paragraph_of(m.start_char)
        # a name of a place or organisation may describe ("A Boeing engineer"); a person's may not
        # ("A former aide to Mayor Daniel Reyes" names the person aided, not the aide)
        own_names = [t for t in name_tokens(m) if t.ent_type_ not in ("ORG", "GPE", "NORP") and t.i <= m.root.i]
        if (
            para > 1
            or not (m[0].lower_ in ("a", "an") or _institutions_role(m))
            or own_names
            or _institutional_voice(m)
        ):
            continue
        named = next((b for b in found[i + 1 :] if article.paragraph_of(b.start) > para), None)
        if named is None or article.paragraph_of(named.start) != para + 1 or named.speaker is None:
            continue
        person = named.speaker.entity
        if person is None or person.kind != "person" or not person.name[:1].isupper():
            continue
        if article.paragraph_of(person.first_seen) != para + 1:
            continue  # someone the article had named before is no delayed identification
        role = m.root.lower_
        if person.titles and not any(role in t.lower().split() for t in person.titles):
            continue  # "A spokesman said …" / "Ines Ortega, the union leader, said …": another person
        description = a.speaker.entity
        for c in found:
            if c.speaker is not None and c.speaker.entity is description:
                c.speaker = named.speaker
    _headline_description(article, found)


def _headline_description(article: Article, found: list[Attribution]) -> None:
    """ "Former aide testifies that …" over "A former top aide to Mayor Reyes testified …":
    a headline's bare description is the lede's, with the same noun, and whoever the lede's
    turned out to be."""
    lede: dict[str, Attribution] = {}  # the first indefinite description of each noun in the lede
    for b in found:
        if b.mention is not None and len(b.mention) and b.speaker and article.paragraph_of(b.start) == 1:
            if b.mention[0].lower_ in ("a", "an"):
                lede.setdefault(b.mention.root.lemma_, b)
    for a in found:
        m = a.mention
        if article.paragraph_of(a.start) != 0 or m is None or not len(m) or a.speaker is None:
            continue
        if m[0].pos_ in ("DET", "NUM", "PRON") or m.root.pos_ != "NOUN" or any(t.pos_ == "PROPN" for t in m):
            continue  # only a bare description: "Former aide", not "Mayor Reyes" or "One plaintiff"
        same = lede.get(m.root.lemma_)
        person = same.speaker.entity if same is not None else None
        if person is not None and person.kind == "person" and person.name[:1].isupper():
            a.speaker = same.speaker  # the lede's description, once the next paragraph named it


VOICE_NOUNS = word_list("voice_nouns.txt")


def _institutions_role(description: Span) -> bool:
    """ "Iran's foreign minister said …" in a lede, with "…," Abbas Araghchi said" next: a
    role its country or institution names, whose holder the article names later."""
    head = description.root
    named = [t for t in description if t.i != head.i and (t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "NORP", "ORG"))]
    return head.lower_ in word_list("roles.txt") and head.i == description.end - 1 and bool(named)


def _institutional_voice(description: Span) -> bool:
    """A description that speaks for an institution ("a police spokesman", "a ministry
    official"), not one withheld person: the next paragraph's named person is someone else.
    A former one speaks for no one ("A former top aide to Mayor Reyes testified …")."""
    if any(t.lower_ == "former" for t in description):
        return False
    return description.root.lower_ in VOICE_NOUNS or any(
        t.lower_ in ORG_NOUNS for t in description if t.i != description.root.i
    )


def _relative_subject(cue: Cue | None) -> Span | None:
    """ "who" of "Ruiz, who said …" or of "Sanders, who endorsed Canova and said …"."""
    if cue is None or cue.kind != "verb":
        return None
    verb = cue.token
    if verb.dep_ == "conj" and subject_of(verb) is None:
        verb = verb.head
    if verb.dep_ != "relcl":
        return None
    subj = subject_of(verb)
    if subj is None or subj.lower_ not in RELATIVE_PRONOUNS:
        return None
    return subj.doc[subj.i : subj.i + 1]


def _mention_for(article: Article, cue: Cue, a: Attribution | None = None) -> Span | None:
    m = speaker_mention(article, cue)
    if a is not None and cue.kind == "verb" and m is not None and is_outlet(m):
        record = framed_record(article, a)
        if record is not None:  # "A Gallup poll showed …, The Korea Times reported": the poll
            return noun_phrase(subject_of(record))
    if cue.kind == "according" and m is not None and identify(_np(m.root)) is not None:
        # "X congratulated the troops, according to TASS": a speech act the outlet carries
        # is the subject's; any other statement ("prices rose, according to AP") is the outlet's
        head = cue.token.head
        while head.dep_ not in ("ROOT",) and head.head.i != head.i and head.pos_ not in ("VERB", "AUX"):
            head = head.head
        subj = subject_of(head)
        if subj is None and head.dep_ == "conj":  # "congratulated and expressed …, according to TASS"
            subj, head = subject_of(head.head), head.head
        if subj is not None and not article.in_quote(subj) and _speech_act(head):
            return noun_phrase(subj)
    return m


def _speech_act(verb: Token) -> bool:
    """A verb that is itself a speech act ("congratulated the troops", "said that …"), not one
    that reports only with a clause and has none: "Chelsea have agreed a £60m deal"."""
    entry = reporting_verbs().get(verb.lemma_.lower())
    return entry is not None and (entry.quote_only or forward_complement(verb) is not None)
