"""RQ job functions: attribute an article, store the result, announce the outcome."""

from __future__ import annotations

import time
from typing import Any

import attribution

from . import outbox
from .metrics import record_job
from .queues import connection
from .settings import settings
from .store import TERMINAL, Conflict, JobStore, now_iso
from .timeouts import JobTimedOut
from .webhooks import announce


def _store() -> JobStore:
    return JobStore(connection(), settings())


def run_attribution(job_id: str) -> dict[str, Any]:
    """Run the engine on a stored job. The engine was loaded before the worker forked."""
    store = _store()

    def start(rec: dict[str, Any]) -> dict[str, Any] | None:
        if rec["status"] in TERMINAL:
            raise Conflict(rec["status"])
        rec.update(status="running", started_at=rec["started_at"] or now_iso(), attempts=rec["attempts"] + 1)
        return rec

    try:
        record = store.update(job_id, start)
    except (Conflict, KeyError):
        return {"skipped": True}  # canceled, finished or expired while queued
    req = record["request"]
    t0 = time.perf_counter()
    result = attribution.default_engine().attribute(req["text"], title=req.get("title"))
    elapsed = time.perf_counter() - t0

    def finish(rec: dict[str, Any]) -> dict[str, Any] | None:
        if rec["status"] in TERMINAL:
            return None  # canceled meanwhile: keep the cancellation
        rec.update(status="succeeded", finished_at=now_iso(), result=result, error=None)
        if not rec["request"].get("keep_text"):
            rec["request"]["text"] = None  # the result holds every quote; the article is the client's
        return rec

    def count(pipe, new: dict[str, Any]) -> None:  # in the same MULTI as the result
        if new["status"] == "succeeded":
            record_job(connection(), "succeeded", elapsed, pipe)
            outbox.promise(pipe, outbox.job_entry(job_id))

    final = store.update(job_id, finish, also=count)
    if final["status"] == "succeeded":
        announce(final)
    return {"quotes": len(result["quotes"])}


def on_attribution_failure(job, conn, exc_type, exc_value, tb) -> None:
    """RQ failure callback: back to queued while RQ retries, failed after the last try."""
    store = _store()
    timed_out = exc_type is not None and issubclass(exc_type, JobTimedOut)
    if timed_out:
        job.retries_left = 0  # the same text would run out of time again: no retry
    retrying = bool(job.retries_left)
    message = f"{exc_type.__name__}: {exc_value}" if exc_type else "worker lost"
    error_type = "timeout" if timed_out else "attribution_failed"

    def fail(rec: dict[str, Any]) -> dict[str, Any] | None:
        if rec["status"] in TERMINAL:
            return None
        if retrying:
            rec.update(status="queued", error={"type": "retrying", "message": message})
        else:
            rec.update(status="failed", finished_at=now_iso(), error={"type": error_type, "message": message})
        return rec

    try:
        final = store.update(job.id, fail, also=outbox.promise_if_ended)
    except KeyError:
        return
    if final["status"] == "failed":
        record_job(conn, "failed", 0.0)
        announce(final)
