"""The event outbox: a job's end and the promise to announce it are written together.

Whoever ends a job (a worker, the failure callback, the API's cancel) adds `job:<id>` to
the outbox in the same MULTI as the job's final state. The event's deliveries are then
created in one MULTI that also settles (removes) the entry. If creating them fails —
Redis gone for a moment, a bug, a process killed in between — the entry stays, and the
workers' maintenance sweeps entries past their due time and tries again, with backoff.
Each failure is logged and counted (`attrib_events_total{outcome="failed"}`); after
MAX_FAILURES an entry moves to a dead set that /metrics counts. No event ends silently.
A batch's completion is promised the same way (`batch:<id>`), claimed once by a script.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis

from .store import PREFIX, TERMINAL

log = logging.getLogger("attrib.outbox")

OUTBOX = f"{PREFIX}:outbox"  # zset: entry -> when a sweep may (re)try it
FAILURES = f"{PREFIX}:outbox:failures"  # hash: entry -> failures so far
DEAD = f"{PREFIX}:outbox:dead"  # zset: entries given up on -> when
EVENTS_KEY = f"{PREFIX}:metrics:events"  # hash: outcome -> count
GRACE = 30.0  # the emitter settles an entry within milliseconds; a sweep takes only older ones
MAX_FAILURES = 10

# KEYS: the batch's completion flag, the outbox. ARGV: flag TTL, due time, entry.
CLAIM_BATCH = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0
"""


def job_entry(job_id: str) -> str:
    return f"job:{job_id}"


def batch_entry(batch_id: str) -> str:
    return f"batch:{batch_id}"


def promise(pipe: Any, entry: str, grace: float = GRACE) -> None:
    """Add to the caller's MULTI: this entry's event must be emitted."""
    pipe.zadd(OUTBOX, {entry: time.time() + grace})


def promise_if_ended(pipe: Any, record: dict[str, Any]) -> None:
    """`also` for a job record update (JobStore.update): if it ends the job, promise its event
    in the same MULTI."""
    if record["status"] in TERMINAL:
        promise(pipe, job_entry(record["id"]))


def settle(pipe: Any, entry: str) -> None:
    """Add to the MULTI that creates the entry's deliveries: the promise is kept."""
    pipe.zrem(OUTBOX, entry)
    pipe.hdel(FAILURES, entry)
    pipe.hincrby(EVENTS_KEY, "emitted", 1)


def claim_batch(r: redis.Redis, batch_id: str, ttl: int) -> bool:
    """True once per batch; the claim and the promise of its event are one script."""
    flag = f"{PREFIX}:batch:{batch_id}:completed"
    return bool(r.eval(CLAIM_BATCH, 2, flag, OUTBOX, ttl, time.time() + GRACE, batch_entry(batch_id)))


def record_failure(r: redis.Redis, entry: str, exc: BaseException) -> None:
    """Count the failure and put the entry back with backoff, or give it up after MAX_FAILURES."""
    log.error("emitting the event for %s failed: %s: %s", entry, type(exc).__name__, exc)
    try:
        failures = r.hincrby(FAILURES, entry, 1)
        p = r.pipeline()
        p.hincrby(EVENTS_KEY, "failed", 1)
        if failures >= MAX_FAILURES:
            p.zrem(OUTBOX, entry)
            p.zadd(DEAD, {entry: time.time()})
            p.hincrby(EVENTS_KEY, "dead", 1)
            log.error("gave up on the event for %s after %d failures", entry, failures)
        else:
            p.zadd(OUTBOX, {entry: time.time() + min(5.0 * 2**failures, 600.0)})
        p.execute()
    except redis.RedisError:
        log.exception("could not record the failure for %s; the outbox entry stays due", entry)


def sweep(r: redis.Redis, limit: int = 100, now: float | None = None) -> int:
    """Emit the events of entries past their due time; returns how many were emitted."""
    from . import webhooks  # webhooks settles entries: imported here, not at module load

    due = r.zrangebyscore(OUTBOX, 0, time.time() if now is None else now, start=0, num=limit)
    emitted = 0
    for raw in due:
        entry = raw.decode()
        # one sweeper per entry at a time, across every worker
        if not r.set(f"{OUTBOX}:lock:{entry}", "1", nx=True, ex=60):
            continue
        try:
            webhooks.emit_entry(entry)
            emitted += 1
        except Exception as exc:
            record_failure(r, entry, exc)
        finally:
            r.delete(f"{OUTBOX}:lock:{entry}")
    return emitted


def counts(r: redis.Redis) -> dict[str, float]:
    """For /metrics: events by outcome, and entries pending and dead now."""
    out = {k.decode(): float(v) for k, v in r.hgetall(EVENTS_KEY).items()}
    out["pending"] = float(r.zcard(OUTBOX))
    out["dead_now"] = float(r.zcard(DEAD))
    return out
