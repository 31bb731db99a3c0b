"""Long polling: wait for a job to end, woken by Redis pub/sub rather than a sleep loop."""

from __future__ import annotations

import time
from typing import Any

import redis

from workers.store import TERMINAL, JobStore, job_channel


def wait_for_end(r: redis.Redis, store: JobStore, job_id: str, seconds: float) -> dict[str, Any] | None:
    """The job record once it is terminal, or as it stands after `seconds`."""
    record = store.get(job_id)
    if record is None or record["status"] in TERMINAL or seconds <= 0:
        return record
    pubsub = r.pubsub(ignore_subscribe_messages=True)
    try:
        pubsub.subscribe(job_channel(job_id))
        # subscribed first, then re-read: an end published in between is not missed
        record = store.get(job_id)
        deadline = time.monotonic() + seconds
        while record is not None and record["status"] not in TERMINAL:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            message = pubsub.get_message(timeout=min(remaining, 5.0))
            if message is not None:
                record = store.get(job_id)
        return record
    finally:
        pubsub.close()
