"""Stage 1: quotation marks of every convention, and marks that quote nothing."""

from __future__ import annotations

import pytest

from attribution.marks import find_quotes


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win," and left.', ["we will win,"]),
        ("He said \u201cwe will win,\u201d and left.", ["we will win,"]),
        ("She called it \u2018a disgrace\u2019 on Monday.", ["a disgrace"]),
        ("She called it 'a disgrace' on Monday.", ["a disgrace"]),
        ("\u00abNous gagnerons\u00bb, a-t-il dit.", ["Nous gagnerons"]),
        ("\u201eWir schaffen das\u201c, sagte sie.", ["Wir schaffen das"]),
        ("\u300c\u6211\u4eec\u4f1a\u8d62\u300d\u4ed6\u8bf4\u3002", ["\u6211\u4eec\u4f1a\u8d62"]),
        ("He said \u2039non\u203a twice.", ["non"]),
    ],
)
def test_every_mark_convention(text, expected):
    assert spans(text) == expected


def test_apostrophes_are_not_quotes():
    text = "Britain's players' union won't budge, and rock 'n' roll from the '90s lives on."
    assert spans(text) == []


def test_british_quote_around_apostrophes():
    text = "'The players' union won't accept Britain's offer,' he said."
    assert spans(text) == ["The players' union won't accept Britain's offer,"]


def test_curly_apostrophes_inside_curly_single_quotes():
    text = "\u2018We can\u2019t do it,\u2019 she said. \u2018Britain\u2019s future matters.\u2019"
    assert spans(text) == ["We can\u2019t do it,", "Britain\u2019s future matters."]


def test_height_and_inches_are_not_quotes():
    assert spans('The 6\'2" centre bought a 55" television.') == []


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "\"My dad used to say, 'If the gulls go inland, you stay in,' and he was right,\" he said."
    assert spans(text) == ["My dad used to say, 'If the gulls go inland, you stay in,' and he was right,"]


def test_quote_over_several_paragraphs_is_one_quote():
    text = "\u201cFirst paragraph of the speech.\n\n\u201cSecond paragraph,\u201d she said."
    qs = find_quotes(text)
    assert len(qs) == 1
    assert text[qs[0].start : qs[0].end] == "First paragraph of the speech.\n\n\u201cSecond paragraph,"
    assert qs[0].paragraphs == 2


def test_interrupted_quote_is_two_quotes():
    text = '"We tried," he said. "We failed."'
    assert spans(text) == ["We tried,", "We failed."]


def test_unbalanced_mark_at_paragraph_start_runs_to_the_paragraph_end():
    text = '"This quote never closes but says plenty\nNext paragraph.'
    assert spans(text) == ["This quote never closes but says plenty"]


def test_stray_mark_mid_sentence_quotes_nothing():
    assert spans('The score was 3" and nothing more.') == []


def test_offsets_index_the_input():
    text = "x \u201cabc\u201d y"
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "abc" and text[q.outer_start] == "\u201c" and text[q.outer_end - 1] == "\u201d"


def test_a_nickname_between_given_name_and_surname_quotes_nobody():
    text = 'State Del. Marcia "Cia" Price and Earvin \u201cMagic\u201d Johnson spoke, and he said "we will win."'
    assert spans(text) == ["we will win."]
