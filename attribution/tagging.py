"""A light replacement for the model's attribute ruler and lemmatizer.

The engine needs coarse POS and the lemmas of a few hundred verbs and nouns;
the model's rule-based attribute ruler and lemmatizer cost about a fifth of
the whole parse. This component maps Penn tags to POS from a table and
lemmatizes from the engine's own lexicons: the same answers where the engine
looks, at a fraction of the cost.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .lexicons import tag_map, verb_lemmas

BE = frozenset("be am is are was were been being 's 're 'm".split())
HELPERS = frozenset("have has had having 've 'd do does did".split())


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@Language.component("light_attributes")
def light_attributes(doc: Doc) -> Doc:
    tags = tag_map()
    verbs = verb_lemmas()
    for tok in doc:
        tag = tok.tag_
        lower = tok.lower_
        pos = tags.get(tag, "X")
        if tag.startswith("VB") or tag == "MD":
            if lower in BE or tag == "MD" or (lower in HELPERS and tok.dep_ in ("aux", "auxpass")):
                pos = "AUX"
            tok.lemma_ = verbs.get(lower, lower)
        elif tag in ("NNS", "NNPS"):
            tok.lemma_ = singular(lower)
        else:
            tok.lemma_ = lower
        if tag == "IN" and tok.dep_ == "mark":
            pos = "SCONJ"
        tok.pos_ = pos
    return doc
