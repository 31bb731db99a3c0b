"""The article's cast: its named people and organisations, the titles it gives them, and
a timeline of their mentions, which the coreference stage searches."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .document import Article
from .lexicons import outlet_catalogue, word_list, word_map
from .names import (
    HONORIFICS,
    HYPHENS,
    ORG_NOUNS,
    aged_person,
    clean_name,
    first_named,
    has_who_clause,
    in_hyphenated_name,
    join_name,
    name_tokens,
    organisation_word,
    shares_of,
    subject_rank,
    surname_keys,
)
from .speakers import appositions

if TYPE_CHECKING:
    from .coref import Resolution

GENDERED_ROLES = word_map("gendered_roles.tsv")


@dataclass
class Entity:
    key: str
    name: str
    kind: str
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    first_seen: int = 0
    label: str = ""  # the NER's label for an organisation: ORG, or a place or people (GPE, NORP)
    age: str | None = None  # "Shane Mulcahy, 33,": so "the 33-year-old" finds him


ROLE_FORMS = word_map("role_forms.tsv")
ROLE_ABBREVIATIONS = sorted(tuple(line.split("\t")[:2]) for line in word_list("role_abbreviations.tsv"))


def role_form(word: str) -> str:
    """One form per role: "spokeswoman" and "spokesman" are a "spokesperson"."""
    return ROLE_FORMS.get(word, word)


def _described(name: str) -> bool:
    """Is the name a description ("former Boeing quality manager"), not a person's name? A
    name's lower-case words are short particles ("von der Leyen", "bin Salman")."""
    return any(w.isalpha() and w.islower() and len(w) > 3 for w in name.split())


def title_words(title: str) -> list[str]:
    """A title's words, each role in one form, and the abbreviation of a role written in
    full ("chief executive" is also "ceo")."""
    words = [role_form(w.lower().strip(",")) for w in title.split()]
    return words + abbreviations(words)


def abbreviations(words: list[str]) -> list[str]:
    """The abbreviations of the roles the words write in full (`data/role_abbreviations.tsv`)."""
    padded = f" {' '.join(words)} "
    return [abbr for abbr, full in ROLE_ABBREVIATIONS if f" {full} " in padded]


class EntityRegistry:
    """Named people and organisations of one article, with titles and a mention timeline."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: dict[str, Entity] = {}
        self.speakers: set[str] = set()  # keys of the entities that have spoken so far
        self.by_surname: dict[str, list[Entity]] = {}
        self.by_first_word: dict[str, list[Entity]] = {}  # "kim" -> Kim Jong Un: a family name written first
        self.timeline: list[tuple[int, Entity, int]] = []  # (char, entity, names.subject_rank)
        self.roles = word_list("roles.txt")
        self._rank: dict[str, int] = {}  # entity key -> order of insertion
        self._titled: dict[str, list[Entity]] = {}  # title word -> people titled with it
        self._quoted: set[int] = set()  # timeline positions inside quotation marks
        self._aged: dict[str, list[Entity]] = {}  # age -> people given it
        self._by_initials: dict[str, Entity] = {}  # "BMA" -> British Medical Association
        self._collect()

    def _insert(self, entity: Entity) -> None:
        self._rank[entity.key] = len(self._rank)
        self.entities[entity.key] = entity
        if entity.kind == "organization" and entity.label == "ORG" and len(entity.name.split()) > 1:
            self._by_initials.setdefault(_initials(entity.name), entity)

    def _add_title(self, entity: Entity, title: str) -> None:
        """A title, indexed by its words: a role noun finds its people without a pass over all."""
        entity.titles.append(title)
        for word in set(title_words(title)):
            self._titled.setdefault(word, []).append(entity)

    def _collect(self) -> None:
        doc = self.article.doc
        for ent in doc.ents:
            if ent.label_ == "PERSON" or aged_person(ent) or self._titled_name(ent) or first_named(ent):
                self._add_person(ent)
            elif ent.label_ in ("ORG", "GPE") and len(ent) <= 3 and has_who_clause(ent.root):
                self._add_person(ent)
        for ent in doc.ents:
            person = self._person_for(ent) if ent.label_ in ("ORG", "GPE", "NORP") else None
            if person is not None and (len(ent) == 1 or person.name == join_name(self._name_tokens(ent))):
                self._note(ent, person)  # "Figgins" as an organisation: the person named so
            if ent.label_ in ("ORG", "GPE", "NORP") and person is None:
                name = clean_name(ent.text)
                if name and name.lower() not in self.entities:
                    spelled = self._spelled_out(name)
                    if spelled is not None:  # "the BMA" after "the British Medical Association"
                        self.entities[name.lower()] = spelled
                        spelled.aliases.add(name)
                    else:
                        e = Entity(name.lower(), name, "organization", first_seen=ent.start_char, label=ent.label_)
                        self._insert(e)
                e = self.entities.get(name.lower())
                # "two Democratic politicians", "a Netflix documentary": a name that modifies a
                # noun is no referent for a later "they" or "it"; "Nvidia shares fell" is the company's
                modifier = (
                    ent.root.dep_ in ("amod", "compound")
                    and not ent.start <= ent.root.head.i < ent.end
                    and not shares_of(ent.root)
                )
                if e is not None and not modifier:
                    self._note(ent, e)
        self.timeline.sort(key=lambda x: x[0])
        self._positions = [p for p, _, _ in self.timeline]

    def _spelled_out(self, name: str) -> Entity | None:
        """The organisation an acronym stands for, named in full earlier in the article: "BMA"
        for "British Medical Association", "RCN" for "Royal College of Nursing"."""
        if not (2 <= len(name) <= 6 and name.isalpha() and name.isupper()):
            return None
        return self._by_initials.get(name)

    def _titled_name(self, ent: Span) -> bool:
        """A name the NER took for an organisation, in apposition to a person's role:
        "the airline's director of communications, Femi Adeyemi-Clarke,"."""
        words = [t for t in ent if t.text not in HYPHENS]
        if ent.label_ not in ("ORG", "GPE") or not 2 <= len(words) <= 4 or not all(t.is_title for t in words):
            return False
        if any(t.lower_ in ORG_NOUNS for t in words):  # "the regulator, the Financial Conduct Authority"
            return False
        root = ent.root
        if root.dep_ == "appos" and root.head.lower_ in self.roles:
            return True
        # the role after a comma ("Femi Adeyemi-Clarke, the airline's director"); a role right
        # after the name is the organisation's ("Capital Economics senior economist Ariane Curtis")
        after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        if after is None or not after.is_punct:
            return False
        return any(c.dep_ == "appos" and c.lower_ in self.roles for c in root.children)

    def _add_person(self, ent: Span) -> Entity | None:
        ent = self._widen(ent)
        toks = [t for t in self._name_tokens(ent) if t.lower_ not in self.roles and t.lower_ not in HONORIFICS]
        if not toks or len(toks) > 5 or any(t.like_num for t in toks):
            return None
        name = join_name(toks)
        keys = surname_keys(toks)
        candidates = [e for k in keys for e in self.by_surname.get(k, [])]
        prev = ent.doc[ent.start - 1] if ent.start > 0 else None
        titled = HONORIFICS.get(prev.lower_) if prev is not None else None
        if titled:  # "Mr Doyle" is not his mother Margaret Doyle
            candidates = [e for e in candidates if e.gender in (None, titled)]
        if not candidates and len(toks) == 1:
            # a family name written first ("Kim Jong Un" … "Kim", "Xi Jinping" … "Xi")
            opened = self.by_first_word.get(toks[0].lower_, [])
            candidates = [e for e in opened if e.first_seen < ent.start_char and " " in e.name][-1:]
        entity = None
        for e in candidates:
            # same person if one name's tokens extend the other's
            etoks = e.name.lower().split()
            ntoks = name.lower().split()
            if set(ntoks) <= set(etoks) or set(etoks) <= set(ntoks):
                entity = e
                if len(ntoks) > len(etoks):
                    e.aliases.add(e.name)
                    e.name = name
                    self.by_first_word.setdefault(ntoks[0], []).append(e)
                break
        if entity is None:
            entity = Entity(name.lower() + f"#{ent.start_char}", name, "person", first_seen=ent.start_char)
            self._insert(entity)
            for k in keys:
                self.by_surname.setdefault(k, []).append(entity)
            self.by_first_word.setdefault(name.split()[0].lower(), []).append(entity)
        entity.aliases.add(name)
        entity.mentions.append((ent.start_char, ent.end_char))
        self._learn_titles(ent, entity)
        self._learn_age(ent, entity)
        if entity.gender is None:
            gender = word_map("first_names.tsv").get(toks[0].lower_)
            entity.gender = gender if gender in ("f", "m") else None
        self._note(ent, entity)
        return entity

    def _note(self, ent: Span, entity: Entity) -> None:
        """A mention on the timeline (sorted once collected). Any of its words may be the
        subject: where a paragraph break cut the parse, "Royce" is a root and "Mendes" the subject."""
        self.timeline.append((ent.start_char, entity, max(subject_rank(t) for t in ent)))
        if self.article.in_quote(ent[0]):
            self._quoted.add(ent.start_char)

    def _widen(self, ent: Span) -> Span:
        """NER often stops short ("Farid" of "Farid Ozmen") or runs on ("Pritchard of")."""
        doc = ent.doc
        start, end = ent.start, ent.end
        while end < len(doc):
            tok = doc[end]
            if tok.pos_ == "PROPN" and tok.is_title and tok.lower_ not in self.roles or in_hyphenated_name(tok):
                end += 1
            elif tok.text in HYPHENS and end + 1 < len(doc) and in_hyphenated_name(doc[end + 1]):
                end += 1
            else:
                break
        while (
            end > start + 1
            and not doc[end - 1].is_title
            and doc[end - 1].pos_ != "PROPN"
            and not in_hyphenated_name(doc[end - 1])
        ):
            end -= 1
        return doc[start:end]

    def _learn_titles(self, ent: Span, entity: Entity) -> None:
        doc = ent.doc
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.lower_ in HONORIFICS and HONORIFICS[prev.lower_]:
            entity.gender = entity.gender or HONORIFICS[prev.lower_]
        # "Russian President Vladimir Putin": title words before the name in one phrase
        i = ent.start - 1
        words = []
        while (
            i >= 0
            # a word on the name, or on a title word already taken ("chief" of "chief executive")
            and i < doc[i].head.i < ent.end
            and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case")
            and not doc[i].is_punct
        ):
            words.insert(0, doc[i].text)
            i -= 1
        if not words:
            # "Chief of General Staff Tomas Reyes": a title with its own "of" phrase hung on the name
            lead = [c for c in ent.root.lefts if c.dep_ in ("nmod", "compound") and c.i < ent.start]
            if lead and lead[0].right_edge.i == ent.start - 1:
                words = [t.text for t in doc[lead[0].left_edge.i : ent.start]]
        title = " ".join(w for w in words if w.lower() not in ("'s", "\u2019s"))
        if title and any(role_form(w.lower()) in self.roles for w in title.split()):
            self._add_title(entity, title)
        for word in (title or "").lower().split():
            entity.gender = entity.gender or GENDERED_ROLES.get(word)
        for ap in appositions(ent.root):
            for t in ap:
                entity.gender = entity.gender or GENDERED_ROLES.get(t.lower_)
            if not name_tokens(ap) or any(t.lower_ in self.roles for t in ap):
                if any(t.lemma_.lower() in self.roles or t.lower_ in self.roles for t in ap):
                    self._add_title(entity, ap.text)

    def _learn_age(self, ent: Span, entity: Entity) -> None:
        """ "Margaret Ellis, 71," — news gives a person's age after the name."""
        doc, k = ent.doc, ent.end
        if k + 2 < len(doc) and doc[k].text == "," and doc[k + 1].like_num and doc[k + 2].is_punct:
            entity.age = doc[k + 1].text
            self._aged.setdefault(entity.age, []).append(entity)

    def by_age(self, age: str, pos: int) -> Entity | None:
        """The person last given this age before `pos` ("the 71-year-old")."""
        before = [e for e in self._aged.get(age, []) if e.first_seen < pos]
        return before[-1] if before else None

    def _name_tokens(self, ent: Span) -> list[Token]:
        toks = name_tokens(ent)
        if not toks and len(ent) == 1 and ent[0].is_title and ent[0].lower_ in self.by_surname:
            toks = [ent[0]]  # a surname the tagger read as a noun ("Figgins declined"): the person named earlier
        return toks

    def _person_for(self, ent: Span) -> Entity | None:
        toks = self._name_tokens(ent)
        if not toks:
            return None
        words = {t.lower_ for t in toks}
        for e in self.by_surname.get(toks[-1].lower_, []):
            if words <= set(e.name.lower().split()):
                return e
            if set(e.name.lower().split()) < words and _fuller_name(ent, toks):
                # "Bukayo Saka" read as an organisation (after a paragraph break), "Saka" as
                # a person: the person's full name
                e.aliases.add(e.name)
                e.name = join_name(toks)
                return e
        return None

    def note_speaker(self, pos: int, entity: Entity | None) -> None:
        if entity is not None:
            self.speakers.add(entity.key)
            k = bisect.bisect_right(self._positions, pos)
            self._positions.insert(k, pos)
            self.timeline.insert(k, (pos, entity, 2))

    def adopt(self, res: Resolution, mention: Span) -> Entity:
        """A speaker the NER missed becomes an entity, so later mentions can find it."""
        key = res.name.lower()
        if key in self.entities:
            return self.entities[key]
        e = Entity(key, res.name, res.kind, first_seen=mention.start_char)
        e.aliases.add(res.name)
        if res.kind == "person":
            toks = res.name.split()
            if not name_tokens(mention):
                self._add_title(e, res.name)
            elif toks[-1][:1].isupper():
                self.by_surname.setdefault(toks[-1].lower(), []).append(e)
            elif mention[0].lower_ in ("a", "an"):
                # "A Department of Health and Social Care spokesperson" … "the spokesperson": a
                # new unnamed source, whom a definite role noun refers back to
                self._add_title(e, res.name)
            head = mention.root
            if e.titles and head.pos_ == "NOUN" and head.lower_ not in res.name.lower().split():
                # described by an apposition ("a source …, a Syrian refugee"): "the source" too
                self._add_title(e, head.lower_)
        self._insert(e)
        return e

    def person_by_name(self, names: list[Token], pos: int) -> Entity | None:
        low = {t.lower_ for t in names}
        cands = self.by_surname.get(names[-1].lower_, [])
        # "Luca Bertoni" is not his wife "Chiara Bertoni": a given name narrows the family
        cands = [e for e in cands if low <= set(e.name.lower().split())] or cands
        if not cands:
            # a first name alone ("Ilse") or a one-word mention of a longer name
            cands = [
                e
                for e in self.entities.values()
                if e.kind == "person" and low <= set(e.name.lower().split()) and not _described(e.name)
            ]
        if not cands:
            return None
        before = [e for e in cands if e.first_seen <= pos]
        # none named yet ("baker Luca Bertoni" opens before the name does): the nearest after
        return before[-1] if before else min(cands, key=lambda e: e.first_seen)

    def before(self, pos: int):
        """Timeline entries before `pos`, nearest first."""
        k = bisect.bisect_left(self._positions, pos)
        for i in range(k - 1, -1, -1):
            yield self.timeline[i]

    def quoted(self, pos: int) -> bool:
        """Is the timeline position inside quotation marks (the speaker's words, not the reporter's)?"""
        return pos in self._quoted

    def titled(self, *words: str) -> list[Entity]:
        """The people the article titled with any of the role words, in the order it named them."""
        people = {e.key: e for word in words for e in self._titled.get(word, ())}
        return sorted(people.values(), key=lambda e: self._rank[e.key])

    def after(self, pos: int):
        """Timeline entries from `pos` on, in text order."""
        k = bisect.bisect_left(self._positions, pos)
        yield from self.timeline[k:]

    def mentioned_within(self, e: Entity, pos: int, reach: int) -> bool:
        """Whether the timeline has `e` in the `reach` characters before `pos`."""
        for p, other, _ in self.before(pos):
            if p < pos - reach:
                return False
            if other is e:
                return True
        return False

    def recent(self, pos: int, kind: str, gender: str | None) -> Entity | None:
        """The entity a pronoun at `pos` most likely stands for: the nearest earlier subject
        of the kind and gender, else the nearest mention; never a name inside a quotation,
        which is the speaker's words, not the reporter's."""
        best = None
        # a subordinate clause's subject ("Figgins declined to say whether Thomas slept …")
        # yields to the main subject of its own sentence, not to one of an earlier sentence
        subordinate: tuple[int, Entity] | None = None
        for p, e, rank in self.before(pos):
            if p >= pos or e.kind != kind or p in self._quoted:
                continue
            if gender and e.gender and e.gender != gender:
                continue
            if best is None:
                best = e
            if rank == 2:
                if subordinate is not None and self.sentence_at(p) != self.sentence_at(subordinate[0]):
                    return subordinate[1]
                return e
            if rank == 1 and subordinate is None:
                subordinate = (p, e)
            if pos - p > 600:
                break
        return subordinate[1] if subordinate is not None else best

    def sentence_at(self, char: int) -> int:
        span = self.article.char_span(char, char + 1)
        return self.article.sent_of(span[0]).start if span is not None else -1


def _initials(name: str) -> str:
    """ "British Medical Association" -> "BMA"; the short words in a name are skipped."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _fuller_name(ent: Span, toks: list[Token]) -> bool:
    """Two or three capitalised proper nouns with no organisation word and no outlet's name:
    a person's name, whatever the NER called it."""
    return (
        2 <= len(toks) <= 3
        and len(toks) == len(ent)
        and all(t.pos_ == "PROPN" and t.is_title for t in toks)
        and not any(organisation_word(t) for t in toks)
        and outlet_catalogue().lookup(ent.text) is None
    )
