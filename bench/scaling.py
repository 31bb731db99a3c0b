"""Engine cost against article length: one article of 1k, 10k, 100k and 1M words (the dev
articles joined and repeated), and texts built to be expensive (thousands of quotes in
one sentence, one 200,000-character sentence). Words/s should not fall as articles grow:
every stage is meant to be linear in the text. One core, one process.

    python bench/scaling.py [--max-words 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "data" / "dev.jsonl"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")


def prose(words: int) -> str:
    if DEV.exists():
        texts = [json.loads(line)["text"] for line in DEV.open(encoding="utf-8") if line.strip()]
    else:
        texts = [(ROOT / "tests" / "data" / "article.txt").read_text(encoding="utf-8")]
    joined = "\n\n".join(texts)
    reps = words // len(joined.split()) + 1
    return " ".join(("\n\n".join([joined] * reps)).split(" ")[:words])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-words", type=int, default=1_000_000)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    import attribution

    engine = attribution.default_engine()
    engine.attribute('"Warm-up," she said.')
    rows = []
    for n in (1_000, 2_000, 10_000, 100_000, 140_000, 1_000_000):
        if n <= args.max_words:
            rows.append((f"{n:,} words of news", prose(n)))
    rows += [
        ("5,000 quotes in one sentence", 'The minister said "yes" and ' * 5000),
        ("13,000 quoted sentences in one paragraph", 'He said "yes". ' * 13000),
        ("50,000 quotation-mark pairs (read as blank: no prose)", '"a" ' * 50000),
        ("one 200,000-character sentence", ("the minister said that the plan , which " * 5000)[:200_000]),
    ]
    print("| text | characters | words | seconds | words/s | quotes |")
    print("|---|---:|---:|---:|---:|---:|")
    base = None
    rates = {}
    for label, text in rows:
        t0 = time.perf_counter()
        result = engine.attribute(text)
        seconds = time.perf_counter() - t0
        words = len(text.split())
        rate = words / seconds
        base = base or rate
        rates[label] = rate
        print(f"| {label} | {len(text):,} | {words:,} | {seconds:.2f} | {rate:,.0f} | {len(result['quotes']):,} |")
    if "140,000 words of news" in rates:
        ratio = rates["140,000 words of news"] / rates["2,000 words of news"]
        print(f"\nwords/s at 140,000 words / at 2,000 words: {ratio:.2f}x (goal >= 0.7x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
