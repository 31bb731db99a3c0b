"""`python -m attribution FILE|-` prints the attribution of one article as JSON;
`--jsonl IN.jsonl` reads lines {"id", "text"[, "title"]} and writes {"id", ...result}."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator


def _records(path: str) -> Iterator[dict]:
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        for n, line in enumerate(stream, 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    raise SystemExit(f"line {n}: not JSON: {exc}") from exc
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise SystemExit(f"line {n}: expected an object with a string 'text'")
                yield rec


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="attrib extract", description=__doc__)
    ap.add_argument("file", nargs="?", help="article text file, or - for stdin")
    ap.add_argument("--jsonl", metavar="IN.jsonl", help="many articles, one JSON object a line ('-' for stdin)")
    ap.add_argument("--title", default=None)
    ap.add_argument("--model", default=None, help="spaCy model name (default: ATTRIB_SPACY_MODEL or the bundled one)")
    ap.add_argument("--indent", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.file and not args.jsonl:
        ap.error("give FILE, - or --jsonl IN.jsonl")
    from .pipeline import Engine

    engine = Engine(args.model)
    if args.jsonl:
        recs = list(_records(args.jsonl))
        for rec, res in zip(recs, engine.attribute_many(r["text"] for r in recs), strict=True):
            res["title"] = rec.get("title")
            sys.stdout.write(json.dumps({"id": rec.get("id"), **res}, ensure_ascii=False) + "\n")
        return 0
    if args.file == "-":
        text = sys.stdin.read()
    else:
        with open(args.file, encoding="utf-8", errors="replace") as f:
            text = f.read()
    json.dump(engine.attribute(text, title=args.title), sys.stdout, ensure_ascii=False, indent=args.indent or None)
    sys.stdout.write("\n")
    return 0
