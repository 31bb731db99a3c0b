"""The model's NER on part of the text (attribution/entities.py), and the BLAS choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.entities import QUOTE_TOKENS, _map_back, _selection
from attribution.model import load_model
from attribution.pipeline import Engine

ARTICLE = (Path(__file__).parent / "data" / "article.txt").read_text(encoding="utf-8")
USED = {"PERSON", "ORG", "GPE", "NORP"}


@pytest.fixture(scope="module")
def nlp():
    return Engine().nlp


def test_words_far_from_any_capital_and_long_quotes_are_skipped(nlp):
    text = (
        "It was not immediately clear how many were hurt in the blaze that tore through the old mill.\n"
        "Mayor Ada Obi visited the site on Monday.\n"
        '"We will rebuild every single home, every single school and every single shop on this street '
        'before the winter comes," she said.'
    )
    doc = nlp(text)
    ranges = _selection(doc)
    assert ranges is not None
    covered = {i for start, end in ranges for i in range(start, end)}
    words = {doc[i].text for i in covered}
    assert {"Mayor", "Ada", "Obi", "Monday"} <= words  # the names, with CONTEXT words around
    assert "immediately" not in words and "blaze" not in words  # no capital within CONTEXT
    assert "school" not in words  # inside a quote of QUOTE_TOKENS or more
    full = nlp.get_pipe("ner")(nlp.make_doc(text))
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in USED] == [
        (e.text, e.label_) for e in full.ents if e.label_ in USED
    ]


def test_lower_case_text_runs_through_ner_whole(nlp):
    doc = nlp("vladimir putin said the troops had won. he spoke in moscow.")
    assert _selection(doc) is None


def test_an_entity_across_a_gap_is_dropped(nlp):
    from spacy.tokens import Doc

    doc = nlp.make_doc("Alpha beta gamma delta epsilon")
    excerpt = Doc(nlp.vocab, words=["Alpha", "delta"], spaces=[True, False])
    excerpt.set_ents([excerpt.char_span(0, len("Alpha delta"), label="PERSON")])
    _map_back(doc, excerpt, [0, 3])  # excerpt tokens come from doc tokens 0 and 3
    assert list(doc.ents) == []
    excerpt.set_ents([excerpt.char_span(0, 5, label="PERSON")])
    _map_back(doc, excerpt, [0, 3])
    assert [(e.text, e.label_) for e in doc.ents] == [("Alpha", "PERSON")]


def test_gated_entities_match_the_full_ner_outside_long_quotes(nlp):
    """On a whole article the gated NER finds what the model's NER finds, wherever it reads."""
    gated = nlp(ARTICLE)
    full = nlp.get_pipe("ner")(nlp.make_doc(ARTICLE))
    skipped = set()
    for start, end in _holes(gated):
        skipped.update(range(start, end))

    def kept(doc):
        return {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in USED and e.start not in skipped}

    assert kept(full) and kept(gated) == kept(full)


def _holes(doc):
    ranges = _selection(doc) or [(0, len(doc))]
    read = {i for start, end in ranges for i in range(start, end)}
    holes, start = [], None
    for i in range(len(doc) + 1):
        if i < len(doc) and i not in read:
            start = i if start is None else start
        elif start is not None:
            holes.append((start, i))
            start = None
    return holes


def test_quote_threshold_is_a_clause_not_a_title():
    assert QUOTE_TOKENS >= 5  # "Game of Thrones", partial quotes: still read


def test_blas_choice_changes_speed_not_answers(nlp):
    blis = load_model(blas="blis")
    assert blis.get_pipe("tok2vec").model.ops.use_blis is True
    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False
    a, b = nlp(ARTICLE), blis(ARTICLE)
    assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in a] == [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in b]
    with pytest.raises(ValueError):
        load_model(blas="mkl")
