"""The article the project started from, end to end; and the scorer bar on dev.jsonl."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from attribution import default_engine
from tests.conftest import ROOT, needs_shared


@pytest.fixture(scope="module")
def seed():
    text = needs_shared("seeds", "kursk-north-korea.txt").read_text(encoding="utf-8")
    return text, default_engine().attribute(text)


def quote(result, fragment):
    return next(q for q in result["quotes"] if fragment in q["text"])


def names(q):
    return (q["speaker"] or {}).get("name"), (q["outlet"] or {}).get("name"), [v["name"] for v in q["via"]]


def test_gerasimov_via_kremlin_transcript_and_yonhap(seed):
    _, r = seed
    speaker, outlet, via = names(quote(r, "I would like to highlight"))
    assert speaker == "Valery Gerasimov"
    assert outlet == "Kremlin" and "Yonhap" in via
    speaker, outlet, _ = names(quote(r, "liberation"))
    assert speaker == "Valery Gerasimov" and outlet == "Yonhap"


def test_general_staff_telegram_post_via_cnn(seed):
    _, r = seed
    q = quote(r, "The defensive operation")
    speaker, outlet, _ = names(q)
    assert speaker in ("Ukraine's General Staff", "Ukraine\u2019s General Staff")
    assert q["speaker"]["mention"]["text"] == "the post" and outlet == "CNN"
    speaker, outlet, _ = names(quote(r, "hostilities in the Kursk region"))
    assert "General Staff" in speaker and outlet == "Telegram"


def test_trump_on_truth_social_and_zelenskyy_on_x(seed):
    _, r = seed
    assert names(quote(r, "There was no reason for Putin"))[:2] == ("Donald Trump", "Truth Social")
    assert names(quote(r, "historic"))[:2] == ("Volodymyr Zelenskyy", "X")


def test_the_russian_president_is_putin(seed):
    _, r = seed
    q = quote(r, "also congratulated")
    assert q["speaker"]["name"] == "Vladimir Putin" and q["outlet"]["name"] == "TASS"
    assert quote(r, "Russia has regained full control")["speaker"]["name"] == "Vladimir Putin"


def test_offsets_and_the_foreign_last_line(seed):
    text, r = seed
    for q in r["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert all(q["end"] <= text.rindex("\n") for q in r["quotes"])  # nothing from the Nepali line


def test_scorer_bar_on_dev():
    dev = needs_shared("data", "dev.jsonl")
    scorer = needs_shared("tools", "score.py")
    out = subprocess.run(
        [sys.executable, str(scorer), str(dev), "--engine", "attribution:attribute", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["all"]["f1"] >= 0.90, figures["all"]
    assert figures["all"]["attribution_f1"] >= 0.82, figures["all"]
    assert figures["all"]["outlet_acc"] >= 0.92, figures["all"]


@pytest.mark.parametrize("name", ["dev.jsonl", "polnear-dev.jsonl"])
def test_no_internal_error_on_the_shared_articles(name):
    path = needs_shared("data", name)
    engine = default_engine()
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    failures = [r.get("detail") for r in engine.attribute_many(texts) if r["skipped"] == "internal_error"]
    assert failures == []
