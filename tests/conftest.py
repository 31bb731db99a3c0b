"""Real parts: a redis-server on a free port, worker processes, HTTP servers.

Nothing here talks to a Redis the machine may already run (127.0.0.1:6379).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Settings are read from the environment once per process: fix them before any import.
os.environ.update(
    {
        "ATTRIB_SECRET_KEY": "test-secret-key-not-for-production",
        "ATTRIB_WEBHOOK_ALLOW": "localhost,127.0.0.0/8,::1",
        "ATTRIB_WEBHOOK_SCHEDULE": "0,0.3,0.6,1,1.5",
        "ATTRIB_HEARTBEAT_GRACE": "2",
        "ATTRIB_MONITORING_INTERVAL": "1",
        "ATTRIB_MAINTENANCE_INTERVAL": "1",
        "ATTRIB_RATE_LIMIT": "100000/minute",
        "ATTRIB_LOG_LEVEL": "WARNING",
    }
)
os.environ.pop("REDIS_URL", None)
os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)


def shared_path(*parts: str) -> Path:
    return SHARED.joinpath(*parts)


def needs_shared(*parts: str) -> Path:
    path = shared_path(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the project in CI and dev)")
    return path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    from workers.redis_server import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    os.environ["REDIS_URL"] = server.url
    from workers import queues, settings

    settings.settings.cache_clear()
    queues.connection.cache_clear()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def r(redis_server) -> redis.Redis:
    return redis.Redis.from_url(redis_server.url)


class WorkerProcess:
    """`python -m workers` as a child process, in its own process group."""

    def __init__(self, queues: str = "attribution", name: str | None = None, env: dict | None = None) -> None:
        self.queues = queues
        self.name = name or f"test-{queues}-{os.getpid()}-{time.monotonic_ns()}"
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    def start(self, r: redis.Redis, timeout: float = 60) -> WorkerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workers", "--queues", self.queues, "--name", self.name],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited with {self.proc.returncode}")
            if r.exists(f"rq:worker:{self.name}"):
                return self
            time.sleep(0.1)
        raise RuntimeError("worker did not register")

    def job_process(self) -> int | None:
        """The pool's worker process, which runs the jobs (the pool parent holds the model)."""
        out = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout
        pids = [int(p) for p in out.split()]
        return pids[0] if pids else None

    def signal(self, sig: int) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def kill_all(self) -> None:
        """SIGKILL the worker and every process it forked (a machine that died)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the pool, its workers and their scheduler
        except ProcessLookupError:
            pass
        self.proc.wait(10)

    def stop(self, timeout: float = 60) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill_all()


@pytest.fixture(scope="session")
def worker(redis_server, r):
    w = WorkerProcess("attribution").start(r)
    yield w
    w.stop()


@pytest.fixture(scope="session")
def webhook_worker(redis_server, r):
    w = WorkerProcess("webhooks").start(r)
    yield w
    w.stop()


@pytest.fixture()
def receiver():
    """A webhook receiver on loopback (tests/receiver.py)."""
    from tests.receiver import Receiver

    rec = Receiver().start()
    yield rec
    rec.stop()


@pytest.fixture(scope="session")
def app(redis_server):
    from service import create_app
    from workers.settings import settings

    return create_app(settings())


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def api_key(r):
    from workers.keys import KeyStore
    from workers.settings import settings

    record, key = KeyStore(r, settings()).create("test")
    return key


@pytest.fixture()
def auth(api_key):
    return {"Authorization": f"Bearer {api_key}"}


class GunicornServer:
    """The API as deployed: gunicorn with the repo's config, on a free loopback port."""

    def __init__(self, redis_url: str, prom_dir: Path, env: dict | None = None) -> None:
        from workers.redis_server import free_port

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ATTRIB_BIND": f"127.0.0.1:{self.port}",
            "ATTRIB_WEB_WORKERS": "2",
            "PROMETHEUS_MULTIPROC_DIR": str(prom_dir),
            "REDIS_URL": redis_url,
            **(env or {}),
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> GunicornServer:
        import requests

        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:service.gunicorn_conf", "service.wsgi:app"],
            cwd=ROOT,
            env=self.env,
            stderr=subprocess.DEVNULL,
        )

        def up() -> bool:
            try:
                return requests.get(self.base + "/healthz", timeout=1).status_code == 200
            except requests.ConnectionError:
                return False

        wait_until(up, 30)
        return self

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        self.proc.terminate()
        return self.proc.wait(30)


@pytest.fixture(scope="session")
def api_server(redis_server, tmp_path_factory, worker):
    """One gunicorn for the tests that talk HTTP to the whole service."""
    server = GunicornServer(redis_server.url, tmp_path_factory.mktemp("prom")).start()
    yield server.base
    assert server.stop() == 0


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")
