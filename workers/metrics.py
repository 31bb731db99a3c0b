"""Job metrics kept in Redis, so every API process reports the same figures."""

from __future__ import annotations

from typing import Any

import redis

from .store import PREFIX

DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
JOBS_KEY = f"{PREFIX}:metrics:jobs"
DURATION_KEY = f"{PREFIX}:metrics:job_seconds"
WEBHOOKS_KEY = f"{PREFIX}:metrics:webhooks"


def record_job(r: redis.Redis, outcome: str, seconds: float, pipe: Any = None) -> None:
    """Count a finished job; with `pipe`, the commands join it instead of running now."""
    p = pipe if pipe is not None else r.pipeline()
    p.hincrby(JOBS_KEY, outcome, 1)
    if outcome == "succeeded":
        for b in DURATION_BUCKETS:
            if seconds <= b:
                p.hincrby(DURATION_KEY, f"le:{b}", 1)
        p.hincrby(DURATION_KEY, "count", 1)
        p.hincrbyfloat(DURATION_KEY, "sum", seconds)
    if pipe is None:
        p.execute()


def record_delivery(r: redis.Redis, outcome: str) -> None:
    r.hincrby(WEBHOOKS_KEY, outcome, 1)
