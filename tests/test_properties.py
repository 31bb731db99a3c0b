"""Hypothesis: the engine never raises on any str, and every offset indexes the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attribution import default_engine
from tests.conftest import ROOT

ARTICLE = (ROOT / "tests" / "data" / "article.txt").read_text(encoding="utf-8")

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
    # the engine's last-resort guard must never be what kept it from raising
    assert result["skipped"] != "internal_error", result.get("detail")
    for q in result["quotes"]:
        assert 0 <= q["start"] <= q["end"] <= len(text)
        assert text[q["start"] : q["end"]] == q["text"]
        for part in (q["cue"], q["speaker"] and q["speaker"]["mention"], q["outlet"] and q["outlet"]["mention"]):
            if part:
                assert text[part["start"] : part["end"]] == part["text"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text(text):
    check(text)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy)
def test_newsy_text(text):
    check(text)


# real prose, cut and spliced anywhere and sprinkled with marks and control characters
spliced = st.lists(
    st.tuples(
        st.integers(0, len(ARTICLE)), st.integers(0, 400), st.sampled_from(MARKS + ["\x00", "\n\n", "\u200b", ""])
    ),
    min_size=1,
    max_size=6,
).map(lambda cuts: "".join(ARTICLE[a : a + n] + extra for a, n, extra in cuts))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spliced)
def test_spliced_article(text):
    check(text)


def test_the_whole_article():
    check(ARTICLE)
    speakers = {q["speaker"]["name"] for q in default_engine().attribute(ARTICLE)["quotes"] if q["speaker"]}
    assert {"Joanne Brisbois", "Ray Ortiz"} <= speakers
