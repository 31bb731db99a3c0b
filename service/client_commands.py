"""`attrib submit | get | jobs | cancel`: the API from a shell, for newsroom tooling.

Exit status: 0 when every job succeeded (or, without --wait, was accepted), 1 when any
failed or could not be submitted, 2 on usage errors (bad arguments, unreadable files,
no service or key configured).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .client import TERMINAL, ApiClient, ClientError, ConfigError, resolve_target

FORMATS = ("json", "jsonl", "csv", "table")
QUOTE_COLUMNS = ["id", "type", "text", "start", "end", "speaker", "kind", "outlet", "chain", "confidence"]
PARALLEL = 8


def add_parsers(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", help="base URL (else ATTRIB_URL, else this checkout's `make run`)")
    common.add_argument("--key", help="API key (else ATTRIB_API_KEY, else this checkout's `make run` key)")

    p = sub.add_parser("submit", parents=[common], help="submit article files; print jobs or their quotes")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files; - reads stdin")
    p.add_argument("--wait", action="store_true", help="wait for every job to end and print its result")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--title", help="the article's title (one file only)")
    p.add_argument("--callback-url", help="a URL to receive the job's signed webhook")
    p.add_argument("--metadata", nargs="*", default=[], metavar="KEY=VALUE", help="metadata stored with each job")

    p = sub.add_parser("get", parents=[common], help="print one job")
    p.add_argument("job_id", metavar="JOB")
    p.add_argument("--wait", action="store_true", help="wait until the job ends")
    p.add_argument("--format", choices=FORMATS, default="json")

    p = sub.add_parser("jobs", parents=[common], help="list this key's jobs, newest first")
    p.add_argument("--status", choices=["queued", "running", "succeeded", "failed", "canceled"])
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--format", choices=("json", "jsonl", "table"), default="table")

    p = sub.add_parser("cancel", parents=[common], help="cancel a queued or running job")
    p.add_argument("job_id", metavar="JOB")


def run(args: argparse.Namespace) -> int:
    try:
        client = ApiClient(resolve_target(args.url, args.key))
    except ConfigError as exc:
        return _fail(str(exc), 2)
    try:
        return COMMANDS[args.cmd](client, args)
    except ClientError as exc:
        return _fail(str(exc), 1)


def _fail(message: str, code: int) -> int:
    print(f"attrib: {message}", file=sys.stderr)
    return code


# -- submit ---------------------------------------------------------------------
def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(path, encoding="utf-8") as f:
        return f.read()


def _metadata(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ValueError(f"--metadata takes KEY=VALUE, not {pair!r}")
        out[key] = value
    return out


def idempotency_key(article: dict[str, Any]) -> str:
    """The same article with the same options is the same job, however often a script re-runs."""
    return "cli-" + hashlib.sha256(json.dumps(article, sort_keys=True).encode("utf-8")).hexdigest()[:48]


def submit(client: ApiClient, args: argparse.Namespace) -> int:
    if args.title and len(args.files) > 1:
        return _fail("--title applies to one file; give one file or leave it out", 2)
    try:
        metadata = _metadata(args.metadata)
        texts = [(path, _read(path)) for path in args.files]
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _fail(str(exc), 2)
    articles = []
    for _, text in texts:
        article: dict[str, Any] = {"text": text}
        for field, value in (("title", args.title), ("callback_url", args.callback_url)):
            if value:
                article[field] = value
        if metadata:
            article["metadata"] = metadata
        articles.append(article)

    results: list[dict[str, Any] | None] = [None] * len(articles)
    errors: list[str | None] = [None] * len(articles)
    with ProgressBar() as progress:

        def one(i: int) -> None:
            try:
                job = client.submit(articles[i], idempotency_key(articles[i]))
                progress.advance("submitted")
                if args.wait:
                    job = client.wait(job["id"])
                    progress.advance("finished")
                results[i] = job
            except ClientError as exc:
                errors[i] = str(exc)

        progress.add("submitted", len(articles))
        if args.wait:
            progress.add("finished", len(articles))
        with ThreadPoolExecutor(min(PARALLEL, len(articles))) as pool:
            list(pool.map(one, range(len(articles))))

    failed = False
    for (path, _), err in zip(texts, errors, strict=True):
        if err is not None:
            failed = True
            print(f"attrib: {path}: {err}", file=sys.stderr)
    done = [(path, job) for (path, _), job in zip(texts, results, strict=True) if job is not None]
    for path, job in done:
        if args.wait and job["status"] != "succeeded":
            failed = True
            err = job.get("error") or {}
            print(f"attrib: {path}: {job['id']} {job['status']} {err.get('type', '')}".rstrip(), file=sys.stderr)
    _print_jobs(done, args.format)
    return 1 if failed else 0


# -- get, jobs, cancel ---------------------------------------------------------------
def get(client: ApiClient, args: argparse.Namespace) -> int:
    job = client.wait(args.job_id) if args.wait else client.get(args.job_id)
    _print_jobs([(None, job)], args.format)
    return 0 if job["status"] == "succeeded" or (job["status"] not in TERMINAL and not args.wait) else 1


def jobs(client: ApiClient, args: argparse.Namespace) -> int:
    listed = client.jobs(args.status, args.limit)
    if args.format == "table":
        for job in listed:
            print(f"{job['id']}  {job['status']:<9}  {job['created_at']}")
    else:
        _print_jobs([(None, j) for j in listed], args.format)
    return 0


def cancel(client: ApiClient, args: argparse.Namespace) -> int:
    job = client.cancel(args.job_id)
    print(json.dumps(job, ensure_ascii=False, indent=2))
    return 0


COMMANDS: dict[str, Callable[[ApiClient, argparse.Namespace], int]] = {
    "submit": submit,
    "get": get,
    "jobs": jobs,
    "cancel": cancel,
}


# -- output ---------------------------------------------------------------------------
def quote_rows(job: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """One row per quote, the columns of the desk's CSV export."""
    for q in (job.get("result") or {}).get("quotes", []):
        speaker = q.get("speaker") or {}
        outlets = [o["name"] for o in [q.get("outlet"), *q.get("via", [])] if o]
        yield {
            "id": q["id"],
            "type": q["type"],
            "text": q["text"],
            "start": q["start"],
            "end": q["end"],
            "speaker": speaker.get("name", ""),
            "kind": speaker.get("kind", ""),
            "outlet": outlets[0] if outlets else "",
            "chain": " > ".join([speaker.get("name") or "unknown speaker", *outlets]),
            "confidence": q["confidence"],
        }


def _print_jobs(done: list[tuple[str | None, dict[str, Any]]], fmt: str) -> None:
    out = sys.stdout
    if fmt == "json":
        docs = [_with_file(path, job) for path, job in done]
        out.write(json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for path, job in done:
            out.write(json.dumps(_with_file(path, job), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, ["file", "job_id", *QUOTE_COLUMNS], lineterminator="\n")
        w.writeheader()
        for path, job in done:
            for row in quote_rows(job):
                w.writerow({"file": path or "", "job_id": job["id"], **row})
    else:
        _print_table(done)


def _with_file(path: str | None, job: dict[str, Any]) -> dict[str, Any]:
    return job if path is None else {"file": path, **job}


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _print_table(done: list[tuple[str | None, dict[str, Any]]]) -> None:
    """What an editor reads in a terminal: speaker, outlet chain, type, the quote's first words."""
    width = max(shutil.get_terminal_size((120, 24)).columns, 80)
    quote_width = max(width - 24 - 28 - 8 - 6, 20)
    for path, job in done:
        rows = list(quote_rows(job))
        head = f"# {path + '  ' if path else ''}{job['id']}  {job['status']}"
        print(head + (f"  {len(rows)} quotes" if job["status"] == "succeeded" else ""))
        for row in rows:
            outlets = row["chain"].split(" > ")[1:]
            print(
                f"{_cut(row['speaker'] or '?', 24):<24}  {_cut(' > '.join(outlets) or '-', 28):<28}  "
                f"{row['type']:<8}  {_cut(row['text'], quote_width)}"
            )


class ProgressBar:
    """rich's progress bar on a terminal (stderr); nothing at all when stderr is piped."""

    def __init__(self) -> None:
        self.bar = None
        self.tasks: dict[str, Any] = {}
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> ProgressBar:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def add(self, name: str, total: int) -> None:
        if self.bar is not None:
            self.tasks[name] = self.bar.add_task(name, total=total)

    def advance(self, name: str) -> None:
        if self.bar is not None:
            self.bar.advance(self.tasks[name])
