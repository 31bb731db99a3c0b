"""RQ job functions: attribute an article, store the result, announce the outcome."""

from __future__ import annotations

import time
from typing import Any

import attribution

from .metrics import record_job
from .queues import connection
from .settings import settings
from .store import TERMINAL, Conflict, JobStore, now_iso
from .webhooks import emit_job_event


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
        return rec

    def count(pipe, new: dict[str, Any]) -> None:  # in the same MULTI as the result
        if new["status"] == "succeeded":
            record_job(connection(), "succeeded", elapsed, pipe)

    final = store.update(job_id, finish, also=count)
    if final["status"] == "succeeded":
        emit_job_event(final)
    return {"quotes": len(result["quotes"])}


def on_attribution_failure(job, conn, exc_type, exc_value, tb) -> None:
    """RQ failure callback: back to queued while RQ retries, failed after the last try."""
    store = _store()
    retrying = bool(job.retries_left)
    message = f"{exc_type.__name__}: {exc_value}" if exc_type else "worker lost"

    def fail(rec: dict[str, Any]) -> dict[str, Any] | None:
        if rec["status"] in TERMINAL:
            return None
        if retrying:
            rec.update(status="queued", error={"type": "retrying", "message": message})
        else:
            rec.update(status="failed", finished_at=now_iso(), error={"type": "attribution_failed", "message": message})
        return rec

    try:
        final = store.update(job.id, fail)
    except KeyError:
        return
    if final["status"] == "failed":
        record_job(conn, "failed", 0.0)
        emit_job_event(final)
