"""Hypothesis: the engine never raises on any str, and every offset indexes the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution import default_engine

MARKS = list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a\u300c\u300d")
WORDS = [
    "said",
    "told",
    "according to",
    "he",
    "She",
    "Anna Kowal",
    "CNN",
    "the minister",
    "reported",
    ",",
    ".",
    ":",
    "\n",
    " ",
    "that",
    "X",
    "wrote on",
    "Reuters",
    "\u2014",
    "'s",
    "n't",
    "\x00",
    "\u200b",
    "\r\n",
]

newsy = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(max_size=8)), max_size=60).map(
    " ".join
)


def check(text: str) -> None:
    result = default_engine().attribute(text)
    assert set(result) >= {"quotes", "entities", "outlets", "skipped"}
    for q in result["quotes"]:
        assert 0 <= q["start"] <= q["end"] <= len(text)
        assert text[q["start"] : q["end"]] == q["text"]
        for part in (q["cue"], q["speaker"] and q["speaker"]["mention"], q["outlet"] and q["outlet"]["mention"]):
            if part:
                assert text[part["start"] : part["end"]] == part["text"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text(text):
    check(text)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy)
def test_newsy_text(text):
    check(text)
