"""The RQ worker: loads the engine once, then forks a work horse per job."""

from __future__ import annotations

import argparse
import logging
import os

from rq import Worker
from rq.serializers import JSONSerializer

from .queues import ATTRIBUTION_QUEUE, WEBHOOK_QUEUE, connection, queue
from .settings import settings


class AttribWorker(Worker):
    """RQ's worker with a configurable heartbeat grace (RQ hard-codes 60 s), so an
    abandoned job (its worker SIGKILLed) is retried soon after the worker goes silent."""

    def get_heartbeat_ttl(self, job, working_time: float = 0.0) -> int:  # noqa: D102
        grace = settings().heartbeat_grace
        if job.timeout and job.timeout > 0:
            return int(min(job.timeout - working_time, self.job_monitoring_interval)) + grace
        return self.job_monitoring_interval + grace


def build_worker(queue_names: list[str], name: str | None = None) -> AttribWorker:
    cfg = settings()
    conn = connection()
    return AttribWorker(
        [queue(q, conn) for q in queue_names],
        connection=conn,
        name=name,
        serializer=JSONSerializer,
        job_monitoring_interval=cfg.monitoring_interval,
        maintenance_interval=cfg.maintenance_interval,
        # an idle worker blocks in BLPOP for worker_ttl - 15 s; keep that within the
        # maintenance interval so abandoned jobs are found while the worker is idle
        default_worker_ttl=cfg.maintenance_interval + 15,
        default_result_ttl=0,
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m workers", description="Run an attrib worker.")
    ap.add_argument(
        "--queues", default=f"{ATTRIBUTION_QUEUE}", help=f"comma-separated: {ATTRIBUTION_QUEUE}, {WEBHOOK_QUEUE}"
    )
    ap.add_argument("--name", default=None)
    ap.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    args = ap.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("ATTRIB_LOG_LEVEL", "INFO"),
        format="%(asctime)s worker %(process)d %(levelname)s %(message)s",
    )
    names = [q.strip() for q in args.queues.split(",") if q.strip()]
    if ATTRIBUTION_QUEUE in names:
        # load the model before any fork: each job then costs engine time, not a load
        import attribution

        attribution.default_engine().attribute('Warm-up: "Hello," she said.')
    worker = build_worker(names, args.name)
    worker.work(burst=args.burst, with_scheduler=True, logging_level=os.environ.get("ATTRIB_LOG_LEVEL", "INFO"))
    return 0
