"""Prometheus metrics, correct under several gunicorn workers.

Request counters and latency use prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR, set by the launcher and gunicorn config); queue
depth and job outcomes are read from Redis at scrape time, so every process
reports the same figures.
"""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily

from workers import outbox
from workers.metrics import DURATION_BUCKETS, DURATION_KEY, JOBS_KEY, WEBHOOKS_KEY
from workers.queues import ATTRIBUTION_QUEUE, WEBHOOK_QUEUE, queue

REQUESTS = Counter("attrib_http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "attrib_http_request_seconds",
    "HTTP request latency",
    ["method", "endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class RedisCollector:
    """Queue depth, job outcomes and durations, webhook outcomes — from Redis."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self):
        r = self.app.extensions["attrib_redis"]
        depth = GaugeMetricFamily("attrib_queue_depth", "Jobs waiting in a queue", labels=["queue"])
        for name in (ATTRIBUTION_QUEUE, WEBHOOK_QUEUE):
            depth.add_metric([name], queue(name, r).count)
        yield depth
        jobs = CounterMetricFamily("attrib_jobs", "Finished jobs by outcome", labels=["outcome"])
        for k, v in r.hgetall(JOBS_KEY).items():
            jobs.add_metric([k.decode()], float(v))
        yield jobs
        h = {k.decode(): float(v) for k, v in r.hgetall(DURATION_KEY).items()}
        buckets = [(str(b), h.get(f"le:{b}", 0.0)) for b in DURATION_BUCKETS]
        buckets.append(("+Inf", h.get("count", 0.0)))
        hist = HistogramMetricFamily("attrib_job_seconds", "Engine time per succeeded job")
        hist.add_metric([], buckets, sum_value=h.get("sum", 0.0))
        yield hist
        hooks = CounterMetricFamily(
            "attrib_webhook_attempts", "Webhook delivery attempts by outcome", labels=["outcome"]
        )
        for k, v in r.hgetall(WEBHOOKS_KEY).items():
            hooks.add_metric([k.decode()], float(v))
        yield hooks
        memory = r.info("memory")
        yield GaugeMetricFamily("attrib_redis_used_memory_bytes", "Redis used_memory", value=memory["used_memory"])
        yield GaugeMetricFamily(
            "attrib_redis_maxmemory_bytes", "Redis maxmemory (0: no limit)", value=memory.get("maxmemory", 0)
        )
        events = outbox.counts(r)
        emitted = CounterMetricFamily(
            "attrib_events", "Job and batch events: emitted, failed attempts to emit, given up", labels=["outcome"]
        )
        for outcome in ("emitted", "failed", "dead"):
            emitted.add_metric([outcome], events.get(outcome, 0.0))
        yield emitted
        yield GaugeMetricFamily("attrib_events_pending", "Events promised, not yet emitted", value=events["pending"])
        yield GaugeMetricFamily("attrib_events_dead", "Events given up on", value=events["dead_now"])


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.t0 = time.perf_counter()

    @app.after_request
    def _observe(resp: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(request.method, endpoint, str(resp.status_code)).inc()
        if hasattr(g, "t0"):
            LATENCY.labels(request.method, endpoint).observe(time.perf_counter() - g.t0)
        return resp


def render(app: Flask) -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    redis_registry = CollectorRegistry()
    redis_registry.register(RedisCollector(app))
    body = generate_latest(registry) + generate_latest(redis_registry)
    return Response(body, mimetype=CONTENT_TYPE_LATEST)
