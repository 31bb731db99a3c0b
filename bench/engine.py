"""Engine throughput on one core: words per second over the dev articles (repeated to
at least 100k words), against textacy's direct_quotations on the same spaCy model,
measured in the same run. Each side runs in its own process (pinned to CPU 0) so
peak RSS is its own. textacy runs on spaCy's defaults, as its users run it; a third
row gives textacy with the BLAS choice attrib makes (ATTRIB_BLAS), so the share of the
gain that comes from that choice is in plain view.

    python bench/engine.py [--min-words 100000] [--rounds 2]

Then bench/scaling.py: words/s at 1k to 1M words and on texts built to be expensive.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev.jsonl"
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")


def corpus(min_words: int) -> list[str]:
    if DEV.exists():
        texts = [json.loads(line)["text"] for line in DEV.open(encoding="utf-8") if line.strip()]
    else:
        texts = [(ROOT / "tests" / "data" / "article.txt").read_text(encoding="utf-8")]
    out, words = [], 0
    while words < min_words:
        for t in texts:
            out.append(t)
            words += len(t.split())
    return out


def run_variant(variant: str, min_words: int) -> dict:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    import resource

    texts = corpus(min_words)
    words = sum(len(t.split()) for t in texts)
    if variant == "attrib":
        from attribution import Engine

        engine = Engine()
        engine.attribute('Warm-up: "Hello," she said.')
        t0 = time.perf_counter()
        quotes = sum(len(r["quotes"]) for r in engine.attribute_many(texts))
        seconds = time.perf_counter() - t0
        model = engine.model_name
    else:
        import spacy
        from textacy.extract.triples import direct_quotations

        from attribution.model import DEFAULT_MODELS

        name = os.environ.get("ATTRIB_SPACY_MODEL") or DEFAULT_MODELS[0]
        if variant == "textacy":  # as its users run it: spaCy's defaults (blis)
            nlp = spacy.load(name)
        else:  # for reference: the same BLAS choice attrib makes
            from thinc.api import use_ops

            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name)
        list(direct_quotations(nlp('Warm-up: "Hello," she said.')))

        def quotes_in(doc) -> int:
            try:
                return len(list(direct_quotations(doc)))
            except ValueError:  # textacy bails out on unbalanced quotation marks
                return 0

        t0 = time.perf_counter()
        quotes = sum(quotes_in(doc) for doc in nlp.pipe(texts, batch_size=16))
        seconds = time.perf_counter() - t0
        model = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "variant": variant,
        "words": words,
        "articles": len(texts),
        "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds),
        "quotes": quotes,
        "peak_rss_mb": round(peak_mb),
        "model": model,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--min-words", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=2, help="alternating runs of each side; the best counts")
    ap.add_argument("--variant", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.min_words)))
        return 0
    results: dict[str, list[dict]] = {"textacy": [], "attrib": [], "textacy-numpy-blas": []}
    for _ in range(args.rounds):
        for variant in results:
            out = subprocess.run(
                [sys.executable, __file__, "--variant", variant, "--min-words", str(args.min_words)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            results[variant].append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = {k: max(v, key=lambda r: r["words_per_second"]) for k, v in results.items()}
    ratio = best["attrib"]["words_per_second"] / best["textacy"]["words_per_second"]
    print("| engine | words | seconds | words/s | quotes found | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    labels = {
        "textacy": "textacy direct_quotations (spaCy defaults: blis)",
        "attrib": "attrib (all stages; numpy BLAS)",
        "textacy-numpy-blas": "for reference: textacy with numpy BLAS too",
    }
    for k, label in labels.items():
        r = best[k]
        print(
            f"| {label} | {r['words']} | {r['seconds']} | {r['words_per_second']} | {r['quotes']} | "
            f"{r['peak_rss_mb']} |"
        )
    same = best["attrib"]["words_per_second"] / best["textacy-numpy-blas"]["words_per_second"]
    print(
        f"\nratio attrib/textacy: {ratio:.2f}x (goal >= 1.5x); against textacy given the same BLAS "
        f"choice: {same:.2f}x; model {best['attrib']['model']}; one core (CPU 0); best of {args.rounds} "
        "alternating runs"
    )
    # cost against length: words/s from 1,000 to 1,000,000 words, and built worst cases
    print()
    subprocess.run([sys.executable, str(ROOT / "bench" / "scaling.py")], check=True, cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
