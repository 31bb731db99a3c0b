"""A Redis that fails over: one master, one replica, three sentinels (the redis-server the
project ships, in sentinel mode), gunicorn and a worker pool on a redis+sentinel:// URL,
submissions under way while the master is SIGKILLed. Every 202 must survive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import redis
import requests
from redis.sentinel import Sentinel as RedisSentinel

from tests.conftest import ROOT, GunicornServer, WorkerProcess, wait_until
from workers.connect import connect
from workers.keys import KeyStore
from workers.redis_server import RedisServer, find_redis_server, free_port
from workers.settings import settings
from workers.store import JobStore

TEXT = '"The bridge will reopen in May," said Anna Kowal, the city engineer.'


class Sentinel:
    def __init__(self, workdir: Path, master_port: int) -> None:
        self.port = free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        conf = workdir / "sentinel.conf"  # sentinel rewrites its own config: a file of its own
        conf.write_text(
            f"port {self.port}\nbind 127.0.0.1\ndir {workdir}\nlogfile {workdir}/sentinel.log\n"
            f"sentinel monitor mymaster 127.0.0.1 {master_port} 2\n"
            "sentinel down-after-milliseconds mymaster 1000\n"
            "sentinel failover-timeout mymaster 4000\n"
            "sentinel parallel-syncs mymaster 1\n"
        )
        self.proc = subprocess.Popen(
            [find_redis_server(), str(conf), "--sentinel"], stdout=subprocess.DEVNULL, start_new_session=True
        )

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture()
def cluster(tmp_path):
    master = RedisServer(tmp_path / "master").start()
    replica = RedisServer(tmp_path / "replica", extra_args=("--replicaof", "127.0.0.1", str(master.port))).start()
    wait_until(lambda: redis.Redis(port=replica.port).info("replication")["master_link_status"] == "up", 20)
    sentinels = [Sentinel(tmp_path / f"sentinel{i}", master.port) for i in range(3)]
    url = "redis+sentinel://" + ",".join(f"127.0.0.1:{s.port}" for s in sentinels) + "/mymaster/0"

    def known() -> bool:
        try:
            return connect(url, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    wait_until(known, 20)
    yield {"master": master, "replica": replica, "sentinels": sentinels, "url": url}
    for s in sentinels:
        s.stop()
    replica.stop()
    master.stop()


@pytest.fixture()
def deployment(cluster, tmp_path, monkeypatch):
    """gunicorn and a worker pool on the sentinel URL, acknowledging only replicated writes."""
    env = {"REDIS_URL": cluster["url"], "ATTRIB_REDIS_WAIT_REPLICAS": "1", "ATTRIB_REDIS_WAIT_MS": "500"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)  # the test's own settings() read the same deployment
    settings.cache_clear()
    conn = connect(cluster["url"], socket_connect_timeout=2, socket_timeout=10)
    (tmp_path / "prom").mkdir()
    api = GunicornServer(cluster["url"], tmp_path / "prom", env=env).start()
    worker = WorkerProcess(env=env)
    try:
        worker.start(conn)
        yield {"api": api, "conn": conn, "cfg": settings()}
    finally:
        worker.stop()
        api.stop()
        monkeypatch.undo()
        settings.cache_clear()


def test_a_master_killed_under_load_loses_no_acknowledged_job(cluster, deployment):
    api, conn, cfg = deployment["api"], deployment["conn"], deployment["cfg"]
    _, key = KeyStore(conn, cfg).create("failover")
    outcomes: list[tuple[float, int, str | None]] = []  # (time, status, job id)
    stop = threading.Event()

    def submit_forever() -> None:
        h = {"Authorization": f"Bearer {key}"}
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            idem = uuid.uuid4().hex
            for _ in range(30):  # a client that retries refusals with the same Idempotency-Key
                try:
                    resp = requests.post(
                        api.base + "/v1/jobs", json={"text": TEXT}, timeout=10, headers={**h, "Idempotency-Key": idem}
                    )
                except requests.RequestException:
                    outcomes.append((time.monotonic(), 0, None))
                    time.sleep(0.2)
                    continue
                ok = resp.status_code in (200, 202)
                outcomes.append((time.monotonic(), resp.status_code, resp.json().get("id") if ok else None))
                if ok:
                    break
                # refusals say when to retry: 503 while Redis fails over, 409 while a request
                # that died with the failover still holds the key (taken over after 10 s)
                assert resp.status_code in (409, 503) and resp.headers.get("Retry-After"), resp.text
                time.sleep(0.2)
            time.sleep(0.02)

    threads = [threading.Thread(target=submit_forever, daemon=True) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        time.sleep(3)
        master = cluster["master"]
        killed_at = time.monotonic()
        os.kill(master.proc.pid, signal.SIGKILL)  # no shutdown, no last write
        master.proc.wait()
        promoted = cluster["replica"].port
        sentinel = RedisSentinel([("127.0.0.1", x.port) for x in cluster["sentinels"]], socket_timeout=1)

        def promoted_by_sentinels() -> bool:
            try:
                return sentinel.discover_master("mymaster")[1] == promoted
            except redis.RedisError:  # no master known mid-failover
                return False

        wait_until(promoted_by_sentinels, 45, 0.2)
        # as a supervisor would: the old master comes back, and the sentinels make it a replica
        # of the new one, so acknowledged writes have a replica again
        master.start()
        wait_until(lambda: any(t > killed_at and s == 202 for t, s, _ in outcomes), 45, 0.1)
        time.sleep(2)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
    refused = [t for t, s, _ in outcomes if s not in (200, 202)]
    acknowledged = {j for _, s, j in outcomes if j}
    window = (max(refused) - min(refused)) if refused else 0.0
    store = JobStore(conn, cfg)
    assert all(s in (0, 200, 202, 409, 503) for _, s, _ in outcomes), "refusals are 503 (or 409), never 500"
    assert len(acknowledged) > 20
    missing = [j for j in acknowledged if store.get(j) is None]
    lost = len(missing)
    print(f"\nfailover: {len(acknowledged)} acknowledged, {lost} lost, {len(refused)} refusals over {window:.1f} s")
    assert missing == []
    records = wait_until(
        lambda: (
            (recs := store.get_many(sorted(acknowledged))) and all(r["status"] == "succeeded" for r in recs) and recs
        ),
        120,
        0.5,
    )
    print(f"failover: all {len(records)} succeeded, {sum(1 for r in records if r['attempts'] > 1)} run twice")


def test_the_scheduler_and_the_cli_follow_the_sentinels(cluster):
    """RQ's scheduler rebuilds its connection from the client's pool: it must still ask the
    sentinels; `attrib keys` reads REDIS_SENTINELS when REDIS_URL is unset."""
    from datetime import timedelta

    from rq import Queue
    from rq.scheduler import RQScheduler
    from rq.serializers import JSONSerializer

    conn = connect(cluster["url"], socket_connect_timeout=2, socket_timeout=10)
    queue = Queue("sentinel-check", connection=conn, serializer=JSONSerializer)
    job = queue.enqueue_in(timedelta(seconds=0), "workers.tasks.run_attribution", "job_none")
    scheduler = RQScheduler(["sentinel-check"], connection=conn, serializer=JSONSerializer)
    assert scheduler.connection.ping()
    scheduler.acquire_locks()
    scheduler.enqueue_scheduled_jobs()
    assert job.id in queue.job_ids, "the scheduler moved the due job through the sentinels' master"
    scheduler.release_locks()

    hosts = ",".join(f"127.0.0.1:{s.port}" for s in cluster["sentinels"])
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(REDIS_SENTINELS=hosts, REDIS_SENTINEL_MASTER="mymaster")
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "keys", "create", "via-sentinels"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["id"] in {r["id"] for r in KeyStore(conn, settings()).list()}
    assert redis.Redis(port=cluster["master"].port).exists(f"rq:queue:{queue.name}")
