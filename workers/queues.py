"""Redis connection and the RQ queues (JSON serializer: no pickle anywhere)."""

from __future__ import annotations

from functools import cache

import redis
from rq import Callback, Queue, Retry
from rq.serializers import JSONSerializer

from .settings import Settings, settings

ATTRIBUTION_QUEUE = "attribution"
WEBHOOK_QUEUE = "webhooks"


@cache
def connection(url: str | None = None) -> redis.Redis:
    return redis.Redis.from_url(
        url or settings().redis_url, health_check_interval=30, socket_connect_timeout=2, socket_timeout=40
    )


def queue(name: str, conn: redis.Redis | None = None) -> Queue:
    return Queue(name, connection=conn or connection(), serializer=JSONSerializer)


def _attribution_call(job_id: str, cfg: Settings) -> dict:
    retries = max(cfg.job_retries, 0)
    return dict(
        args=(job_id,),
        job_id=job_id,
        timeout=cfg.job_timeout,
        result_ttl=0,  # the service keeps its own record; RQ need not
        failure_ttl=cfg.retention_seconds,
        # retried at once: a retry follows a lost worker or a crash, not a busy resource
        retry=Retry(max=retries) if retries else None,
        on_failure=Callback("workers.tasks.on_attribution_failure"),
    )


def enqueue_attribution(job_id: str, cfg: Settings | None = None, conn: redis.Redis | None = None) -> None:
    cfg = cfg or settings()
    queue(ATTRIBUTION_QUEUE, conn).enqueue_call("workers.tasks.run_attribution", **_attribution_call(job_id, cfg))


def enqueue_attributions(job_ids: list[str], cfg: Settings | None = None, conn: redis.Redis | None = None) -> None:
    """Many jobs in one round trip (a batch)."""
    cfg = cfg or settings()
    q = queue(ATTRIBUTION_QUEUE, conn)
    q.enqueue_many([Queue.prepare_data("workers.tasks.run_attribution", **_attribution_call(j, cfg)) for j in job_ids])
