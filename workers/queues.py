"""Redis connection and the RQ queues (JSON serializer: no pickle anywhere)."""

from __future__ import annotations

from functools import cache

import redis
from redis.client import Pipeline
from rq import Callback, Queue, Retry
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job as RQJob
from rq.serializers import JSONSerializer

from .connect import connect
from .settings import Settings, settings

ATTRIBUTION_QUEUE = "attribution"
WEBHOOK_QUEUE = "webhooks"


@cache
def connection(url: str | None = None) -> redis.Redis:
    return connect(url or settings().redis_url, health_check_interval=30, socket_connect_timeout=2, socket_timeout=40)


_QUEUES: dict[tuple[str, int], Queue] = {}


def queue(name: str, conn: redis.Redis | None = None) -> Queue:
    """The named queue on `conn`, made once per connection (RQ asks the server its version once)."""
    conn = conn or connection()
    key = (name, id(conn))
    q = _QUEUES.get(key)
    if q is None or q.connection is not conn:
        q = _QUEUES[key] = Queue(name, connection=conn, serializer=JSONSerializer)
    return q


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


def enqueue_attribution(
    job_id: str, cfg: Settings | None = None, conn: redis.Redis | None = None, pipeline: Pipeline | None = None
) -> None:
    """Enqueue the job; with a fresh `pipeline`, RQ's commands open a MULTI the caller can add to."""
    cfg = cfg or settings()
    queue(ATTRIBUTION_QUEUE, conn).enqueue_call(
        "workers.tasks.run_attribution", pipeline=pipeline, **_attribution_call(job_id, cfg)
    )


def enqueue_attributions(
    job_ids: list[str], cfg: Settings | None = None, conn: redis.Redis | None = None, pipeline: Pipeline | None = None
) -> None:
    """Many jobs in one round trip (a batch)."""
    cfg = cfg or settings()
    q = queue(ATTRIBUTION_QUEUE, conn)
    q.enqueue_many(
        [Queue.prepare_data("workers.tasks.run_attribution", **_attribution_call(j, cfg)) for j in job_ids],
        pipeline=pipeline,
    )


def stop_attribution(job_id: str, running: bool, conn: redis.Redis | None = None) -> None:
    """Take a canceled job out of RQ: stop it on its worker if it runs, else take it off the
    queue. A job that finished or expired meanwhile needs nothing. A worker can pick the job
    up between the caller's read and the cancel: RQ 3.0's `Job.cancel` then lists an
    execution whose record the worker is writing and raises ValueError ("Execution … not
    found in Redis"), so the job is stopped on its worker instead."""
    conn = conn or connection()
    try:
        job = RQJob.fetch(job_id, connection=conn, serializer=JSONSerializer)
        if not running:
            try:
                job.cancel()
                return
            except ValueError:
                pass  # it started meanwhile
        send_stop_job_command(conn, job_id, serializer=JSONSerializer)
    except (NoSuchJobError, InvalidJobOperation):
        pass  # finished or expired in RQ meanwhile: the caller's record already says canceled
