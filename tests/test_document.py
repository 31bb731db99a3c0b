"""Parsing in paragraph pieces (attribution/document.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from attribution.document import parse, parse_many, pieces
from attribution.pipeline import Engine


@given(st.text(alphabet=st.sampled_from("ab \n\u201c."), max_size=400), st.integers(1, 60), st.integers(60, 200))
def test_pieces_join_back_and_end_at_newlines(text, target, limit):
    parts = pieces(text, target, limit)
    assert "".join(parts) == text
    assert all(parts)
    for part, following in zip(parts[:-1], parts[1:], strict=True):
        # a piece ends at a paragraph break, blank lines and all, unless one paragraph ran
        # over the limit
        assert len(part) == limit or ("\n" in part[len(part.rstrip()) :] and not following[:1].isspace())


def test_a_long_paragraph_stays_whole_and_short_ones_group():
    text = "one.\n" + "x" * 50 + "\nthree.\nfour.\n"
    assert pieces(text, target=20) == ["one.\n" + "x" * 50 + "\n", "three.\nfour.\n"]
    assert pieces("", target=20) == []


def test_a_parsed_article_is_one_doc_over_the_whole_text():
    nlp = Engine().nlp
    text = "\n\n".join(f'"We will win round {i}," said Joanne Brisbois, the mayor of Harbor City.' for i in range(40))
    doc = parse(nlp, text)
    whole = nlp(text)  # one long doc, the way it was parsed before pieces
    assert doc.text == text
    assert [s.text for s in doc.sents] == [s.text for s in whole.sents]
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in whole.ents]
    assert sum(1 for e in doc.ents if e.label_ == "PERSON") == 40
    # the encoders see no context across a piece's edge: a few arcs may differ there
    same = sum((a.dep_, a.head.i) == (b.dep_, b.head.i) for a, b in zip(doc, whole, strict=True))
    assert same / len(doc) >= 0.97
    assert [d.text for d in parse_many(nlp, [text, "", "Short."])] == [text, "", "Short."]
