"""Long polling: wait for a job to end, woken by Redis pub/sub rather than a sleep loop.

Each server thread keeps one PubSub connection and subscribes it to the job's channel
for the length of a wait: a fresh connection per poll cost about 1 ms of CPU here.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import redis
from redis.client import PubSub

from workers.store import TERMINAL, JobStore, job_channel

_local = threading.local()


def _pubsub(r: redis.Redis) -> PubSub:
    ps = getattr(_local, "pubsub", None)
    if ps is None or getattr(_local, "client", None) is not r:
        ps = _local.pubsub = r.pubsub(ignore_subscribe_messages=True)
        _local.client = r
    return ps


def _discard() -> None:
    ps = getattr(_local, "pubsub", None)
    _local.pubsub = None
    if ps is not None:
        try:
            ps.close()
        except redis.RedisError:
            pass


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def wait_for_end(
    r: redis.Redis, store: JobStore, job_id: str, seconds: float, record: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The job record once it is terminal, or as it stands after `seconds`. `record` is
    the caller's fresh copy, if it has one (saves a read)."""
    if record is None:
        record = store.get(job_id)
    if record is None or record["status"] in TERMINAL or seconds <= 0:
        return record
    channel = job_channel(job_id)
    pubsub = _pubsub(r)
    try:
        pubsub.subscribe(channel)
        # subscribed first, then re-read: an end published in between is not missed
        record = store.get(job_id)
        deadline = time.monotonic() + seconds
        while record is not None and record["status"] not in TERMINAL:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            message = pubsub.get_message(timeout=min(remaining, 5.0))
            # a message may be left from this thread's previous wait: only this job's counts
            if message is not None and _text(message["channel"]) == channel:
                record = store.get(job_id)
        pubsub.unsubscribe(channel)
        return record
    except BaseException:
        _discard()  # in an unknown state: the next wait starts a fresh connection
        raise
