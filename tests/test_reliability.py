"""Nothing lost: killed workers, a restarted Redis, a graceful stop — each with real processes."""

from __future__ import annotations

import os
import signal
import time

import pytest
import redis

from tests.conftest import WorkerProcess, wait_until

# about 60 KB of prose: several seconds of engine time, long enough to kill mid-job
LONG_ARTICLE = (
    'Farid Ozmen, the construction minister, said the plan would work. "We will rebuild every home," '
    "Ozmen told state broadcaster DTV, adding that inspectors would visit each site.\n"
) * 350


@pytest.fixture()
def isolated(tmp_path):
    """A Redis of its own, so these tests' workers and kills touch nothing else."""
    from workers.redis_server import RedisServer

    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def _env(server) -> dict:
    return {"REDIS_URL": server.url}


def _submit(server, text: str, **settings_: object) -> str:
    """Create a job record and enqueue it, as the API does (with `settings_` changed)."""
    from workers.keys import KeyStore
    from workers.queues import enqueue_attribution
    from workers.settings import settings
    from workers.store import JobStore

    conn = redis.Redis.from_url(server.url)
    cfg = settings().__class__(**{**settings().__dict__, "redis_url": server.url, **settings_})
    owner = KeyStore(conn, cfg).create("reliability")[0]["id"]
    record = JobStore(conn, cfg).create(owner, {"text": text})
    enqueue_attribution(record["id"], cfg, conn)
    return record["id"]


def _wait_status(server, job_id: str, status: str, timeout: float) -> dict:
    """The job's record once it has `status`."""
    return wait_until(lambda: (rec := _record(server, job_id)) and rec["status"] == status and rec, timeout)


def _record(server, job_id: str) -> dict | None:
    from workers.settings import settings
    from workers.store import JobStore

    return JobStore(redis.Redis.from_url(server.url), settings()).get(job_id)


def test_worker_process_killed_mid_job_is_retried_and_succeeds(isolated):
    conn = redis.Redis.from_url(isolated.url)
    w = WorkerProcess(env=_env(isolated)).start(conn)
    try:
        job_id = _submit(isolated, LONG_ARTICLE)
        _wait_status(isolated, job_id, "running", 60)
        os.kill(wait_until(w.job_process, 10), signal.SIGKILL)  # the pool forks a new one
        rec = _wait_status(isolated, job_id, "succeeded", 120)
        assert rec["attempts"] == 2
        assert rec["result"]["quotes"]
    finally:
        w.stop()


def test_whole_pool_killed_job_recovered_by_another_pool(isolated):
    conn = redis.Redis.from_url(isolated.url)
    first = WorkerProcess(env=_env(isolated)).start(conn)
    job_id = _submit(isolated, LONG_ARTICLE)
    _wait_status(isolated, job_id, "running", 60)
    first.kill_all()  # the whole machine died: no failure handling ran
    assert _record(isolated, job_id)["status"] == "running"
    second = WorkerProcess(env=_env(isolated)).start(conn)
    try:
        rec = _wait_status(isolated, job_id, "succeeded", 180)
        assert rec["attempts"] >= 2 and rec["result"]["quotes"]
    finally:
        second.stop()


def test_sigterm_lets_the_running_job_finish(isolated):
    conn = redis.Redis.from_url(isolated.url)
    w = WorkerProcess(env=_env(isolated)).start(conn)
    job_id = _submit(isolated, LONG_ARTICLE)
    _wait_status(isolated, job_id, "running", 60)
    w.signal(signal.SIGTERM)
    assert w.proc.wait(120) == 0
    rec = _record(isolated, job_id)
    assert rec["status"] == "succeeded" and rec["attempts"] == 1


def test_redis_restart_keeps_queued_and_finished_jobs(tmp_path):
    from workers.redis_server import RedisServer

    server = RedisServer(tmp_path / "redis").start()
    conn = redis.Redis.from_url(server.url)
    try:
        w = WorkerProcess(env=_env(server)).start(conn)
        done_id = _submit(server, 'Anna Kowal said the bridge would reopen. "Soon," she said.')
        _wait_status(server, done_id, "succeeded", 60)
        w.stop()
        queued_id = _submit(server, "Farid Ozmen said the vote would be close.")
        time.sleep(1.5)  # appendfsync everysec
        server.proc.kill()  # SIGKILL: no shutdown save; only the AOF can bring the data back
        server.proc.wait()
        server.start()
        assert _record(server, done_id)["status"] == "succeeded"
        assert _record(server, done_id)["result"]["quotes"]
        assert _record(server, queued_id)["status"] == "queued"
        w = WorkerProcess(env=_env(server)).start(redis.Redis.from_url(server.url))
        _wait_status(server, queued_id, "succeeded", 60)
        w.stop()
    finally:
        server.stop()


def test_a_job_past_its_timeout_fails_as_timeout_and_is_not_retried(isolated):
    conn = redis.Redis.from_url(isolated.url)
    w = WorkerProcess(env=_env(isolated)).start(conn)
    try:
        job_id = _submit(isolated, LONG_ARTICLE * 3, job_timeout=1)
        rec = _wait_status(isolated, job_id, "failed", 60)
        assert rec["error"]["type"] == "timeout" and "timeout" in rec["error"]["message"]
        assert rec["attempts"] == 1 and rec["result"] is None
        time.sleep(3)  # maintenance runs every second here: a retry would have started
        rec = _record(isolated, job_id)
        assert rec["status"] == "failed" and rec["attempts"] == 1
        after = _submit(isolated, 'Anna Kowal said the bridge would reopen. "Soon," she said.')
        assert _wait_status(isolated, after, "succeeded", 60)["result"]["quotes"], "the worker lives on"
    finally:
        w.stop()


def test_default_settings_rerun_a_lost_job_within_30_seconds(monkeypatch):
    """A killed worker's job waits at most its heartbeat TTL (monitoring interval + grace)
    and one maintenance interval; bench/recovery.py measures it (about 19 s)."""
    from types import SimpleNamespace

    from workers import settings as settings_module
    from workers.worker import AttribWorker

    monkeypatch.delenv("ATTRIB_HEARTBEAT_GRACE")
    settings_module.settings.cache_clear()
    try:
        cfg = settings_module.Settings()
        worker = SimpleNamespace(job_monitoring_interval=cfg.monitoring_interval)
        ttl = AttribWorker.get_heartbeat_ttl(worker, SimpleNamespace(timeout=cfg.job_timeout))
    finally:
        monkeypatch.undo()
        settings_module.settings.cache_clear()
    assert ttl == cfg.monitoring_interval + cfg.heartbeat_grace
    assert ttl + cfg.maintenance_interval <= 30
    assert cfg.monitoring_interval < cfg.heartbeat_grace, "a running job beats well within its TTL"
