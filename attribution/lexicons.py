"""Lexicons loaded from `attribution/data/`: the engine's knowledge lives there, not in code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files("attribution").joinpath("data", name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class ReportingVerb:
    lemma: str
    quote_only: bool  # a cue for quoted material, never for an indirect clause
    outlet_subject: bool  # "CNN reported ..." — the subject may be an outlet
    record: bool = False  # "the study found …": a cue only with a third-person subject
    # the particle it needs to report ("point out"), or "" for none ("rule", not "rule out")
    particle: str | None = None
    # "asked whether …": reports an embedded question as indirect speech, though quote_only
    question: bool = False
    # "the court heard that …": the subject is the one who heard; the speaker is the "from"
    # phrase ("heard from witnesses that …"), else unnamed
    listener: bool = False


@cache
def reporting_verbs() -> dict[str, ReportingVerb]:
    verbs = {}
    for ln in _lines("reporting_verbs.txt"):
        lemma, *flags = ln.split()
        if "frame" not in flags:
            particle = next((f.partition("=")[2] for f in flags if f.startswith("particle=")), None)
            verbs[lemma] = ReportingVerb(
                lemma,
                "quoteonly" in flags,
                "outlet" in flags,
                "record" in flags,
                particle,
                "question" in flags,
                "listener" in flags,
            )
    return verbs


def _regular_forms(lemma: str) -> list[str]:
    """say -> says, sayed, saying; deny -> denies, denied; quip -> quipped; note -> noted."""
    vowels = "aeiou"
    if lemma.endswith("e"):
        past, ing = lemma + "d", lemma[:-1] + "ing"
    elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
        past, ing = lemma[:-1] + "ied", lemma + "ing"
    elif len(lemma) <= 5 and lemma[-1] not in vowels + "wxy" and lemma[-2:-1] in vowels and lemma[-3:-2] not in vowels:
        past, ing = lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"
    else:
        past, ing = lemma + "ed", lemma + "ing"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in vowels:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    return [lemma, third, past, ing, lemma + "ed", lemma + "ing"]


# the data files that list verbs (lemma first on each line); their every form lemmatizes
VERB_LISTS = (
    "reporting_verbs.txt",
    "refusal_verbs.txt",
    "publishing_verbs.txt",
    "interview_verbs.txt",
    "carry_verbs.txt",
    "talk_verbs.txt",
    "hearer_verbs.txt",
    "clause_only_verbs.txt",
)


@cache
def verb_lemmas() -> dict[str, str]:
    """Inflected form -> lemma for every verb the engine looks for: the verb lists'
    lemmas and the irregular verbs."""
    table: dict[str, str] = {}
    lemmas = [ln.split()[0] for name in VERB_LISTS for ln in _lines(name)]
    irregular = {}
    for ln in _lines("irregular_verbs.txt"):
        lemma, _, forms = ln.partition(":")
        irregular[lemma.strip()] = forms.split()
    for lemma in lemmas + list(irregular):
        for form in _regular_forms(lemma) + irregular.get(lemma, []):
            table.setdefault(form, lemma)
    for lemma, forms in irregular.items():  # irregular forms win over derived guesses
        for form in forms:
            table[form] = lemma
    return table


@cache
def document_nouns() -> frozenset[str]:
    """Nouns for what speaks in writing: documents and posts (`document_nouns.txt`) and the
    records that speak for themselves (`record_nouns.txt`: "the study", "figures")."""
    return word_list("document_nouns.txt") | word_list("record_nouns.txt")


@cache
def people_nouns() -> frozenset[str]:
    """Nouns for people: roles, one person ("a source", "a resident"), groups of people."""
    return word_list("roles.txt") | word_list("person_nouns.txt") | word_list("group_nouns.txt")


@cache
def source_nouns() -> frozenset[str]:
    """Nouns for someone one can cite or tell: people (`people_nouns`) and organisations."""
    return people_nouns() | word_list("organisation_nouns.txt")


@cache
def speaking_nouns() -> frozenset[str]:
    """Nouns for whatever can state something: someone (`source_nouns`) or a document or
    record (`document_nouns`)."""
    return source_nouns() | document_nouns()


@cache
def tag_map() -> dict[str, str]:
    return dict(ln.split("\t")[:2] for ln in _lines("tag_map.tsv"))


@cache
def word_list(name: str) -> frozenset[str]:
    """A data file of one lower-cased entry per line."""
    return frozenset(ln.strip().lower() for ln in _lines(name))


@dataclass(frozen=True)
class OutletEntry:
    name: str
    type: str
    country: str | None
    state_affiliated: bool | None
    aliases: tuple[str, ...] = field(default=())


def _norm(name: str) -> str:
    name = name.replace("\u2019", "'")
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"\s+", " ", name).lower()


@dataclass(frozen=True)
class OutletCatalogue:
    entries: tuple[OutletEntry, ...]
    by_key: dict[str, OutletEntry]
    spelled: dict[str, str]  # key -> the name or alias as the catalogue writes it

    def lookup(self, name: str) -> OutletEntry | None:
        """The entry for `name`; an all-capitals short name must match its case ("DR" is not "Dr").
        A sentence's full stop the tokenizer kept on a one-letter name, as on an initial
        ("said on X."), is no part of it."""
        if len(name) == 2 and name[1] == "." and name[0].isupper():
            name = name[0]
        key = _norm(name)
        entry = self.by_key.get(key)
        if entry is None:
            return None
        written = self.spelled[key]
        bare = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
        if written.isupper() and len(written) <= 5 and bare != written:
            return None
        return entry


@cache
def outlet_catalogue() -> OutletCatalogue:
    entries, by_key, spelled = [], {}, {}
    for ln in _lines("outlets.tsv"):
        cols = ln.split("\t") + [""] * 5
        name, kind, country, state, aliases = (c.strip() for c in cols[:5])
        entry = OutletEntry(
            name=name,
            type=kind or "other",
            country=country or None,
            state_affiliated={"yes": True, "no": False}.get(state),
            aliases=tuple(a for a in aliases.split("|") if a),
        )
        entries.append(entry)
        for key in (name, *entry.aliases):
            # the first entry wins: the catalogue lists the likelier sense first
            if _norm(key) not in by_key:
                by_key[_norm(key)] = entry
                spelled[_norm(key)] = re.sub(r"^the\s+", "", key.strip(), flags=re.I)
    return OutletCatalogue(tuple(entries), by_key, spelled)


@cache
def word_map(name: str) -> dict[str, str]:
    """word -> value, from a two-column data file (first names and gendered role nouns to
    f|m, role forms to their role)."""
    return dict(ln.split("\t")[:2] for ln in _lines(name))
