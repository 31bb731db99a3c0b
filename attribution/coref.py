"""Stage 4: resolve speaker mentions to entities ("he", "the Russian president" -> Vladimir Putin).

A rule-based resolver over the article's named entities: names by their
surname, role nouns by the titles the article gave people, pronouns by the
most recent compatible subject, documents ("the post said") by their author.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .document import Article
from .lexicons import gender_table, word_list
from .speakers import appositions, noun_phrase

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
FIRST_PERSON = {"i", "we", "me", "us"}
ORG_PRONOUNS = {"it", "its"}
GROUP_PRONOUNS = {"they", "them", "their"}
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
# the open-class word lists are data (attribution/data/)
DOCUMENT_NOUNS = word_list("document_nouns.txt")
ORG_NOUNS = word_list("organisation_nouns.txt")
NEWS_WORDS = word_list("news_words.txt")
GROUP_NOUNS = word_list("group_nouns.txt")
GENDERED_ROLES = gender_table("gendered_roles.tsv")
NAME_STOP = {"the", "a", "an", "mr", "mrs", "ms", "dr", "sir", "'s", "\u2019s"}


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


@dataclass
class Resolution:
    name: str
    kind: str
    entity: Entity | None


def _is_subject(tok: Token) -> bool:
    """A subject, or a name in apposition to one ("Her neighbour, Stuart Pell, 81, was …")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return (
        tok.dep_ in ("appos", "npadvmod")
        and tok.head.dep_ in ("nsubj", "nsubjpass")
        or tok.dep_ in ("nsubj", "nsubjpass")
    )


def join_name(toks: list[Token]) -> str:
    """Name tokens as written: "Talbot-Evans", "Mehta-Collins" keep their hyphens."""
    if not toks:
        return ""
    out = toks[0].text
    for prev, tok in zip(toks, toks[1:], strict=False):
        gap = tok.doc[prev.i + 1 : tok.i]
        if len(gap) == 1 and gap[0].text in ("-", "\u2011") and not prev.whitespace_ and not gap[0].whitespace_:
            out += gap[0].text + tok.text
        else:
            out += " " + tok.text
    return out


def person_name(span: Span, roles: frozenset[str]) -> str:
    """A person's name without leading titles: "Detective Constable Aled Pritchard" -> "Aled Pritchard"."""
    names = _name_tokens(span)
    # "White House spokesman Josh Earnest", "Kremlin aide Ivan Orlov": the name follows the role
    role_at = [t.i for t in span if t.lower_ in roles]
    if role_at and any(t.i > role_at[-1] for t in names):
        names = [t for t in names if t.i > role_at[-1]]
    return join_name([t for t in names if t.lower_ not in roles and t.lower_ not in HONORIFICS])


def _clean_name(text: str) -> str:
    text = re.sub(r"[\u2019']s$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"'\u201c\u201d\u2018\u2019")


HYPHENS = ("-", "\u2011")


def _in_hyphenated_name(tok: Token) -> bool:
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


def _name_tokens(span: Span) -> list[Token]:
    return [
        t
        for t in span
        if t.lower_ not in NAME_STOP and (t.pos_ == "PROPN" and t.text[:1].isupper() or _in_hyphenated_name(t))
    ]


def surname_keys(toks: list[Token]) -> list[str]:
    """The words a later mention may use alone for this name: the last, and the first when
    the name ends in a hyphenated given name in East Asian order ("Lee Jae-myung" -> Lee)."""
    keys = [toks[-1].lower_]
    if len(toks) >= 3 and toks[-1].text[:1].islower() and _in_hyphenated_name(toks[-1]):
        keys.append(toks[0].lower_)
    return keys


def _first_named(ent: Span) -> bool:
    """A name the NER took for an organisation or place that starts with a known first name:
    "Ines Varga", "Farid Ozmen" (two or three capitalised words, no organisation or news word)."""
    words = [t for t in ent if not t.is_punct]
    if ent.label_ not in ("ORG", "GPE", "NORP") or not 2 <= len(words) <= 3:
        return False
    if not all(t.is_title and t.pos_ == "PROPN" for t in words):
        return False
    if any(t.lower_ in ORG_NOUNS or t.lower_ in NEWS_WORDS for t in words):
        return False
    return words[0].lower_ in gender_table("first_names.tsv")


def _aged_person(ent: Span) -> bool:
    """A name the NER took for a place or a company, given an age the way news gives
    people one: "Shane Mulcahy, 33," (a known first name, then a number)."""
    if ent.label_ not in ("ORG", "GPE") or not 2 <= len(ent) <= 3:
        return False
    doc = ent.doc
    if ent[0].lower_ not in gender_table("first_names.tsv") or not all(t.is_title for t in ent):
        return False
    return ent.end + 1 < len(doc) and doc[ent.end].text == "," and doc[ent.end + 1].like_num


class EntityRegistry:
    """Named people and organisations of one article, with titles and a mention timeline."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: dict[str, Entity] = {}
        self.by_surname: dict[str, list[Entity]] = {}
        self.timeline: list[tuple[int, Entity, bool]] = []  # (char, entity, as subject)
        self.roles = word_list("roles.txt")
        self._collect()

    # -- building -------------------------------------------------------
    def _collect(self) -> None:
        doc = self.article.doc
        for ent in doc.ents:
            if ent.label_ == "PERSON" or _aged_person(ent) or self._titled_name(ent) or _first_named(ent):
                self._add_person(ent)
        for ent in doc.ents:
            if ent.label_ in ("ORG", "GPE", "NORP") and not self._person_for(ent):
                name = _clean_name(ent.text)
                if name and name.lower() not in self.entities:
                    e = Entity(name.lower(), name, "organization", first_seen=ent.start_char)
                    self.entities[e.key] = e
                e = self.entities.get(name.lower())
                if e is not None:
                    self.timeline.append((ent.start_char, e, _is_subject(ent.root)))
        self.timeline.sort(key=lambda x: x[0])
        self._positions = [p for p, _, _ in self.timeline]

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
        return any(c.dep_ == "appos" and c.lower_ in self.roles for c in root.children)

    def _add_person(self, ent: Span) -> Entity | None:
        ent = self._widen(ent)
        toks = [t for t in _name_tokens(ent) if t.lower_ not in self.roles and t.lower_ not in HONORIFICS]
        if not toks or len(toks) > 5 or any(t.like_num for t in toks):
            return None
        name = join_name(toks)
        keys = surname_keys(toks)
        candidates = [e for k in keys for e in self.by_surname.get(k, [])]
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
                break
        if entity is None:
            entity = Entity(name.lower() + f"#{ent.start_char}", name, "person", first_seen=ent.start_char)
            self.entities[entity.key] = entity
            for k in keys:
                self.by_surname.setdefault(k, []).append(entity)
        entity.aliases.add(name)
        entity.mentions.append((ent.start_char, ent.end_char))
        self._learn_titles(ent, entity)
        if entity.gender is None:
            gender = gender_table("first_names.tsv").get(toks[0].lower_)
            entity.gender = gender if gender in ("f", "m") else None
        self.timeline.append((ent.start_char, entity, _is_subject(ent.root)))
        return entity

    def _widen(self, ent: Span) -> Span:
        """NER often stops short ("Farid" of "Farid Ozmen") or runs on ("Pritchard of")."""
        doc = ent.doc
        start, end = ent.start, ent.end
        while end < len(doc):
            tok = doc[end]
            if tok.pos_ == "PROPN" and tok.is_title and tok.lower_ not in self.roles or _in_hyphenated_name(tok):
                end += 1
            elif tok.text in HYPHENS and end + 1 < len(doc) and _in_hyphenated_name(doc[end + 1]):
                end += 1
            else:
                break
        while (
            end > start + 1
            and not doc[end - 1].is_title
            and doc[end - 1].pos_ != "PROPN"
            and not _in_hyphenated_name(doc[end - 1])
        ):
            end -= 1
        return doc[start:end]

    def _learn_titles(self, ent: Span, entity: Entity) -> None:
        doc = ent.doc
        prev = doc[ent.start - 1] if ent.start > 0 else None
        if prev is not None and prev.lower_ in HONORIFICS and HONORIFICS[prev.lower_]:
            entity.gender = HONORIFICS[prev.lower_]
        # "Russian President Vladimir Putin": title words before the name in one phrase
        i = ent.start - 1
        words = []
        while (
            i >= 0
            and doc[i].head.i in range(ent.start, ent.end)
            and doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case")
            and not doc[i].is_punct
        ):
            words.insert(0, doc[i].text)
            i -= 1
        title = " ".join(w for w in words if w.lower() not in ("'s", "\u2019s"))
        if title and any(w.lower() in self.roles for w in title.split()):
            entity.titles.append(title)
        for word in (title or "").lower().split():
            entity.gender = entity.gender or GENDERED_ROLES.get(word)
        for ap in appositions(ent.root):
            for t in ap:
                entity.gender = entity.gender or GENDERED_ROLES.get(t.lower_)
            if not _name_tokens(ap) or any(t.lower_ in self.roles for t in ap):
                if any(t.lemma_.lower() in self.roles or t.lower_ in self.roles for t in ap):
                    entity.titles.append(ap.text)

    def _person_for(self, ent: Span) -> Entity | None:
        toks = _name_tokens(ent)
        if not toks:
            return None
        for e in self.by_surname.get(toks[-1].lower_, []):
            if set(t.lower_ for t in toks) <= set(e.name.lower().split()):
                return e
        return None

    # -- resolving ------------------------------------------------------
    def note_speaker(self, pos: int, entity: Entity | None) -> None:
        if entity is not None:
            k = bisect.bisect_right(self._positions, pos)
            self._positions.insert(k, pos)
            self.timeline.insert(k, (pos, entity, True))

    def resolve(
        self, mention: Span, previous_speaker: Resolution | None = None, statement_start: int | None = None
    ) -> Resolution:
        """`statement_start`: where the statement begins when the mention sits inside it
        ("Merritt Falls, he noted, did …"): a pronoun there looks back from the statement,
        not from itself, so it never takes the statement's own subject."""
        res = self._resolve(mention, previous_speaker, statement_start)
        if res.entity is None and res.kind in ("person", "organization") and res.name:
            res = Resolution(res.name, res.kind, self._adopt(res, mention))
        return res

    def _adopt(self, res: Resolution, mention: Span) -> Entity:
        """A speaker the NER missed becomes an entity, so later mentions can find it."""
        key = res.name.lower()
        if key in self.entities:
            return self.entities[key]
        e = Entity(key, res.name, res.kind, first_seen=mention.start_char)
        e.aliases.add(res.name)
        if res.kind == "person":
            toks = res.name.split()
            if _name_tokens(mention):
                self.by_surname.setdefault(toks[-1].lower(), []).append(e)
            else:
                e.titles.append(res.name)
        self.entities[key] = e
        return e

    def _resolve(
        self,
        mention: Span,
        previous_speaker: Resolution | None = None,
        statement_start: int | None = None,
        via_apposition: bool = False,
    ) -> Resolution:
        head = mention.root
        lower = head.lower_
        pos = mention.start_char
        back = min(pos, statement_start) if statement_start is not None else pos  # for pronouns
        if lower in PERSON_PRONOUNS and len(mention) == 1:
            e = self._recent(back, "person", PERSON_PRONOUNS[lower])
            return self._res(e) if e else Resolution(mention.text, "unknown", None)
        if lower in FIRST_PERSON and len(mention) == 1:
            if previous_speaker is not None:
                return previous_speaker
            return Resolution(mention.text, "unknown", None)
        if lower in GROUP_PRONOUNS and len(mention) == 1 and previous_speaker is not None:
            if previous_speaker.kind == "group":  # "The study's authors wrote … They acknowledged"
                return previous_speaker
        if lower in ORG_PRONOUNS | GROUP_PRONOUNS and len(mention) == 1:
            e = self._recent(back, "organization", None)
            if e is None and lower in GROUP_PRONOUNS:
                return Resolution(mention.text, "group", None)
            return self._res(e) if e else Resolution(mention.text, "unknown", None)
        # a name with an appositive: "the minister, Ilse Varga" / "Varga, the minister"
        # one step only: an apposition's own apposition is the mention itself ("Yoon, …, Yoon")
        for ap in () if via_apposition else appositions(head):
            if _name_tokens(ap) and (head.pos_ != "PROPN" or not _name_tokens(mention)):
                r = self._resolve(ap, previous_speaker, via_apposition=True)
                if r.entity is not None or r.kind == "person":
                    return r
        if conj := self._conjoined(mention):
            return conj
        names = _name_tokens(mention)
        if head.is_title and head.pos_ == "NOUN" and head.lower_ in self.by_surname:
            # the tagger sometimes takes an unfamiliar surname for a noun ("Zelenskyy")
            return self._res(self._person_by_name([head], pos))
        # the head itself must be a name: "Orlan's defence ministry" (a mis-tagged NNP) is not Orlan
        if names and (head in names or _in_hyphenated_name(head)):
            person = self._person_by_name(names, pos)
            if person is not None:
                return self._res(person)
            ent_label = self._ent_label(mention)
            text = _clean_name(mention.text)
            titled = any(t.lower_ in self.roles or t.lower_ in HONORIFICS for t in mention[:2])
            if (
                ent_label == "PERSON"
                or self._looks_personal(mention)
                and (ent_label is None or titled)
                or self._named_like_a_person(mention, names)
            ):
                return Resolution(person_name(mention, self.roles) or text, "person", None)
            org = self.entities.get(text.lower())
            if org is not None:
                return self._res(org)
            return Resolution(text, "organization", None)
        if head.lemma_.lower() in DOCUMENT_NOUNS or lower in DOCUMENT_NOUNS:
            if previous_speaker is not None and head.lower_ not in (
                "study",
                "survey",
                "findings",
                "analysis",
                "review",
            ):
                return previous_speaker
        role = self._role(mention)
        if role is not None:
            e = self._by_title(role, mention, pos)
            if e is not None:
                return self._res(e)
            return Resolution(_clean_name(mention.text), "person", None)
        text = _clean_name(mention.text)
        if head.lemma_.lower() in ORG_NOUNS or lower in ORG_NOUNS:
            e = self._org_by_word(lower, pos)
            if e is not None and mention[0].lower_ == "the" and len(mention) <= 3:
                return self._res(e)
            return Resolution(text, "organization", None)
        if lower in GROUP_NOUNS or head.tag_ == "NNS":
            return Resolution(text, "group" if lower not in ("sources",) else "unknown", None)
        if head.ent_type_ in ("ORG", "GPE", "NORP"):
            return Resolution(text, "organization", None)
        return Resolution(text, "unknown", None)

    def _res(self, e: Entity) -> Resolution:
        return Resolution(e.name, e.kind, e)

    def _ent_label(self, span: Span) -> str | None:
        labels = [t.ent_type_ for t in span if t.ent_type_]
        return labels[-1] if labels else None

    def _named_like_a_person(self, mention: Span, names: list[Token]) -> bool:
        """A speaker's name the NER labelled an organisation or place, or did not label: a
        person when it is two or three capitalised words starting with a known first name
        ("Farid Ozmen", "Layla Haddad"); never with an organisation noun, nor in capitals."""
        words = [t for t in mention if not t.is_punct and t.lower_ not in ("the", "'s", "\u2019s")]
        if any(t.lower_ in ORG_NOUNS or t.lower_ in NEWS_WORDS for t in words):  # "Charlotte Observer"
            return False
        if any(t.is_upper and len(t) > 1 for t in names):
            return False
        first = names[0].lower_
        return len(names) in (2, 3) and first in gender_table("first_names.tsv") and all(t.is_title for t in names)

    def _looks_personal(self, span: Span) -> bool:
        names = [t for t in _name_tokens(span) if t.lower_ not in self.roles and t.lower_ not in HONORIFICS]
        return 2 <= len(names) <= 3 and all(t.is_title for t in names)

    def _person_by_name(self, names: list[Token], pos: int) -> Entity | None:
        cands = self.by_surname.get(names[-1].lower_, [])
        if not cands:
            # a first name alone ("Ilse") or a one-word mention of a longer name
            low = {t.lower_ for t in names}
            cands = [e for e in self.entities.values() if e.kind == "person" and low <= set(e.name.lower().split())]
        if not cands:
            return None
        before = [e for e in cands if e.first_seen <= pos]
        return (before or cands)[-1]

    def _before(self, pos: int):
        """Timeline entries before `pos`, nearest first."""
        k = bisect.bisect_left(self._positions, pos)
        for i in range(k - 1, -1, -1):
            yield self.timeline[i]

    def _recent(self, pos: int, kind: str, gender: str | None) -> Entity | None:
        best = None
        for p, e, subj in self._before(pos):
            if p >= pos or e.kind != kind:
                continue
            if gender and e.gender and e.gender != gender:
                continue
            if best is None:
                best = e
            if subj:
                return e
            if pos - p > 600:
                break
        return best

    def _role(self, mention: Span) -> str | None:
        head = mention.root
        if head.tag_ in ("NNS", "NNPS"):
            return None
        if head.lower_ in self.roles or head.lemma_.lower() in self.roles:
            return head.lemma_.lower()
        return None

    def _by_title(self, role: str, mention: Span, pos: int) -> Entity | None:
        """The person the article titled so; one introduced later only for a headline or lede
        ("Harbor City mayor on water mains: …" before "Mayor Joanne Brisbois said")."""
        mods = {t.lower_ for t in mention if t.pos_ in ("ADJ", "PROPN", "NOUN") and t.i != mention.root.i}
        best, best_score = None, 0
        forward = self.article.paragraph_of(pos) <= 1
        for e in self.entities.values():
            if e.kind != "person" or (e.first_seen > pos and not forward):
                continue
            for title in e.titles:
                words = {w.lower().strip(",") for w in title.split()}
                if role not in words and role + "s" not in words:
                    continue
                score = 1 + len(mods & words) + (e.first_seen / 1e9 if e.first_seen <= pos else -e.first_seen / 1e9)
                if score > best_score:
                    best, best_score = e, score
        return best

    def _org_by_word(self, word: str, pos: int) -> Entity | None:
        for p, e, _ in self._before(pos):
            if p < pos and e.kind == "organization" and word in e.name.lower().split():
                return e
        return None

    def _conjoined(self, mention: Span) -> Resolution | None:
        head = mention.root
        conj = conjuncts(head)
        if not conj:
            return None
        whole = head.doc[head.left_edge.i : max(t.right_edge.i for t in conj) + 1]
        return Resolution(_clean_name(whole.text), "group", None)


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


__all__ = ["EntityRegistry", "Entity", "Resolution", "full_mention", "noun_phrase"]
