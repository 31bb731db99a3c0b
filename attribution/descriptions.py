"""Which named entity a description stands for: a role the article gave someone ("the
mayor", "the Arsenal manager", "his official spokesman") or an organisation's noun ("the
company", "the club"). Reads the cast and timeline of an `EntityRegistry`."""

from __future__ import annotations

from spacy.tokens import Span

from .lexicons import word_list, word_map
from .names import ORG_NOUNS
from .registry import Entity, EntityRegistry, abbreviations, role_form, title_words

NAME_LABELS = {"GPE", "NORP", "ORG", "LOC", "FAC", "PERSON"}
DEPUTY_WORDS = word_list("deputy_words.txt")

# "the force" is "West Yorkshire Police": a noun and the name words of its kind
ORGANISATION_KINDS = {noun: set(words.split("|")) for noun, words in word_map("organisation_kinds.tsv").items()}

PARAGRAPH_REACH = 2000  # characters back to a paragraph's subject: a long paragraph's worth


def _title_head(title: str) -> str:
    """The role a title names: its last word before an "of", "for", "at", "in", "from" or
    "with" phrase ("Chief of General Staff": chief; "chief executive of Harbour Line":
    executive; "source in the agency": source). A role noun after a capitalised name is the
    role of that name's institution ("Department of Health and Social Care spokesperson")."""
    written = title.split()
    if len(written) > 2 and written[-1].islower() and written[-2][:1].isupper():
        return role_form(written[-1].lower())
    words = title_words(title)
    for k, w in enumerate(words):
        if w in ("of", "for", "at", "in", "from", "with") and k > 0:
            return words[k - 1]
    return words[-1] if words else ""


class Descriptions:
    """The lookups of descriptions over one article's registry."""

    def __init__(self, registry: EntityRegistry) -> None:
        self.registry = registry
        self.article = registry.article

    def subject_in_paragraph(self, pos: int, role: str) -> Entity | None:
        """The named person who is the last main-clause subject before `pos` in its
        paragraph, outside quotation marks, if every title the article gave them is `role`."""
        paragraph = self.article.paragraph_of(pos)
        for p, e, rank in self.registry.before(pos):
            # a bounded look back: a paragraph of thousands of sentences costs no more a mention
            if self.article.paragraph_of(p) != paragraph or pos - p > PARAGRAPH_REACH:
                return None
            if rank == 2 and e.kind == "person" and not self.registry.quoted(p) and e.name not in e.titles:
                role = role_form(role)
                return e if all(role in title_words(t) for t in e.titles) else None
        return None

    def named_with(self, words: set[str], role: str, pos: int, reach: int = 3000) -> Entity | None:
        """The latest person who has spoken before `pos` (within `reach` characters), named in a
        sentence that holds one of `words` (within 40 words of the name), whose titles, if any,
        include `role`."""
        for p, e, _ in self.registry.before(pos):
            if p < pos - reach:
                return None
            if e.kind != "person" or self.registry.quoted(p) or e.key not in self.registry.speakers:
                continue
            if e.titles and not any(role in title_words(t) for t in e.titles):
                continue
            span = self.article.char_span(p, p + 1)
            if span is None:
                continue
            # the name's sentence, up to a few dozen words either side: a long sentence costs no more
            k, sent = span[0].i, self.article.sent_of(span[0])
            if any(t.lower_ in words for t in self.article.doc[max(sent.start, k - 40) : min(sent.end, k + 40)]):
                return e
        return None

    def by_title(self, role: str, mention: Span, pos: int) -> Entity | None:
        """The person the article titled so; one introduced later only for a headline or lede
        ("Harbor City mayor on water mains: …" before "Mayor Joanne Brisbois said")."""
        mods = {t.lower_ for t in mention if t.pos_ in ("ADJ", "PROPN", "NOUN") and t.i != mention.root.i}
        # past the lede, a description that names its institution ("the Ministry of Foreign
        # Affairs spokesperson", "the U.S. secretary of state") is only someone whose title
        # shares one of those names (a headline's "Harbor City mayor" may be the lede's Mayor X)
        # (a name the NER knows, "Indian" included: "defense" of "Pakistan's defense minister" is none)
        named = [t for t in mention if t.ent_type_ in NAME_LABELS and t.i != mention.root.i]
        names = {t.lower_ for t in named}
        org_named = all(t.ent_type_ == "ORG" for t in named)
        # "the vice president" is not the President: a rank below the role's
        ranks = {t.lower_ for t in mention if t.i != mention.root.i} & DEPUTY_WORDS
        role = role_form(role)
        best, best_score = None, 0
        forward = self.article.paragraph_of(pos) <= 1

        # "his official spokesman" belongs to someone; an unnamed "Department of Health
        # spokesperson" before is another's
        owned = any(t.dep_ == "poss" and t.tag_ == "PRP$" and t.head.i == mention.root.i for t in mention)
        for e in self.registry.titled(role, role + "s"):
            if e.kind != "person" or (e.first_seen > pos and not forward):
                continue
            if owned and e.name in e.titles:
                continue
            for title in e.titles:
                words = set(title_words(title))
                if role not in words and role + "s" not in words:
                    continue
                if _title_head(title) not in (role, role + "s") and role not in abbreviations(title.lower().split()):
                    continue  # "search chief" is not a "chief executive" (a "CEO" is)
                if names and not forward and not names & words and not (org_named and title.islower()):
                    # "Pakistan's prime minister" is not the "Indian Prime Minister"; but "the
                    # Nvidia CEO" is the "chief executive" the article gave no company
                    continue
                if ranks - words:
                    continue  # "the deputy minister" is not "Minister Ana Ruiz"
                score = 1 + len(mods & words) + (e.first_seen / 1e9 if e.first_seen <= pos else -e.first_seen / 1e9)
                if score > best_score:
                    best, best_score = e, score
        return best

    def org_in_sentence(self, pos: int, sentence_start: int, outside: tuple[int, int] | None = None) -> Entity | None:
        """The nearest organisation (no place) named earlier in the same sentence: "Shares in
        Harbour Line fell after the ferry operator warned …"; not one named inside `outside`,
        the statement itself ("… the game against Colchester, the club said")."""
        for p, e, _ in self.registry.before(pos):
            if p < sentence_start:
                break
            if outside is not None and outside[0] <= p < outside[1]:
                continue
            if e.kind == "organization" and e.label == "ORG" and not self.registry.quoted(p):
                return e
        return None

    def org_subject_of(self, statement: tuple[int, int], word: str) -> Entity | None:
        """ "Boeing will lay off 17,000 workers, the company said": the organisation that is
        the subject of the statement's own clause, where "the company" names none outside it
        (an object or a place in it, "the game against Colchester, the club said", is not)."""
        start, end = statement
        for p, e, rank in self.registry.after(start):
            if p >= end:
                return None
            if e.kind != "organization" or e.label != "ORG" or rank == 0 or self.registry.quoted(p):
                continue
            span = self.article.char_span(p, p + 1)
            tok = span[0] if span is not None and len(span) else None
            while tok is not None and tok.dep_ not in ("nsubj", "nsubjpass") and tok.head.i != tok.i:
                tok = tok.head
            if tok is None or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            cue = tok.head.head
            if start <= cue.idx < end and tok.head.dep_ != "ROOT":
                continue  # the subject of a clause inside the statement
            return None if _another_kind(e, word) else e
        return None

    def org_in_focus(self, word: str, pos: int) -> Entity | None:
        """ "Boeing has denied the claims. The company said …": the organisation that is the
        main clause's subject in this sentence or the one before, unless its name says it is
        another kind of organisation ("the company" is not "Unite union")."""
        earliest = self._previous_sentence_start(pos)
        for p, e, rank in self.registry.before(pos):
            if p < earliest:
                return None
            nouns = {w for w in e.name.lower().split() if w in ORG_NOUNS}
            # a place is no organisation, unless its name says so ("West Yorkshire Police", a GPE)
            if e.kind != "organization" or not (e.label == "ORG" or nouns) or self.registry.quoted(p) or rank != 2:
                continue
            return None if _another_kind(e, word) else e
        return None

    def _previous_sentence_start(self, char: int) -> int:
        doc = self.article.doc
        span = self.article.char_span(char, char + 1)
        if span is None:
            return char
        k = self.article.sent_of(span[0]).start - 1
        while k >= 0 and doc[k].is_space:
            k -= 1
        return self.article.sent_of(doc[k]).start_char if k >= 0 else 0

    def org_by_word(self, word: str, pos: int) -> Entity | None:
        for p, e, _ in self.registry.before(pos):
            if p < pos and e.kind == "organization" and word in e.name.lower().split():
                return e
        return None


def _another_kind(e: Entity, word: str) -> bool:
    """Does the organisation's name say it is another kind than `word` ("the company" is
    not "Unite union")?"""
    nouns = {w for w in e.name.lower().split() if w in ORG_NOUNS}
    return bool(nouns - {word} - ORGANISATION_KINDS.get(word, set()))
