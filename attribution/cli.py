"""`python -m attribution FILE|-` prints the attribution of one article as JSON;
`--jsonl IN.jsonl` reads lines {"id", "text"[, "title"]} and writes {"id", ...result}.

A line that is not such an object gets an error record {"id", "line", "error"} in its
place and the rest go on; the exit status is then 1. A file that cannot be read is one
line on stderr and exit 1."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any


def _records(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record, None) for each good line; (line number, partial, error) for a bad one."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield n, None, f"not JSON: {exc}"
            continue
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            yield n, rec if isinstance(rec, dict) else None, "expected an object with a string 'text'"
            continue
        yield n, rec, None


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


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
    try:  # before the model loads: a wrong path costs nothing
        source = _read(args.jsonl or args.file)
    except OSError as exc:
        print(f"attrib extract: cannot read {args.jsonl or args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    from .pipeline import Engine

    engine = Engine(args.model)
    if args.jsonl:
        return _jsonl(engine, source)
    text = source
    json.dump(engine.attribute(text, title=args.title), sys.stdout, ensure_ascii=False, indent=args.indent or None)
    sys.stdout.write("\n")
    return 0


def _jsonl(engine: Any, source: str) -> int:
    rows = list(_records(source.splitlines()))
    good = [rec for _, rec, err in rows if err is None]
    results = iter(engine.attribute_many(rec["text"] for rec in good))
    for n, rec, err in rows:
        rid = rec.get("id") if isinstance(rec, dict) else None
        if err is not None:
            print(f"attrib extract: line {n}: {err}", file=sys.stderr)
            out = {"id": rid, "line": n, "error": err}
        else:
            res = next(results)
            res["title"] = rec.get("title")
            out = {"id": rid, **res}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 1 if len(good) < len(rows) else 0
