"""Many hosts, one queue: hosts built as network namespaces on a private bridge (addresses
from 198.18.0.0/15, reserved for such tests), each running what a real host would run:

    redis 198.18.0.2   api1 .11, api2 .12 (gunicorn)   work1 .21, work2 .22 (worker pools)
    hooks .30 (a webhook receiver)                       this test: .1 on the bridge

Nothing binds 127.0.0.1 outside its own host; the hosts share no files (each has its own
temporary directory; the secret comes from configuration). Host work1 is killed whole
(SIGKILL to every process in it) while it runs a job. Root only; skipped otherwise.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests
from standardwebhooks import Webhook

from tests.conftest import ROOT, wait_until
from workers.keys import KeyStore
from workers.redis_server import find_redis_server
from workers.settings import settings
from workers.store import JobStore

NET = "198.18.0"
HOSTS = {"redis": 2, "api1": 11, "api2": 12, "work1": 21, "work2": 22, "hooks": 30}
ARTICLE = (
    'Farid Ozmen, the construction minister, said the plan would work. "We will rebuild every home," '
    "Ozmen told state broadcaster DTV, adding that inspectors would visit each site.\n"
) * 60  # about a second of engine time


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


class Network:
    """The namespaces, veth pairs and bridge; torn down whatever happens."""

    def __init__(self) -> None:
        self.tag = secrets.token_hex(3)
        self.bridge = f"atb{self.tag}"
        self.names = {h: f"at{self.tag}-{h}" for h in HOSTS}
        self.procs: list[subprocess.Popen] = []

    def up(self) -> Network:
        sh("ip", "link", "add", self.bridge, "type", "bridge")
        sh("ip", "addr", "add", f"{NET}.1/24", "dev", self.bridge)
        sh("ip", "link", "set", self.bridge, "up")
        for i, (host, octet) in enumerate(HOSTS.items()):
            ns, outer = self.names[host], f"atv{self.tag}{i}"
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", outer, "type", "veth", "peer", "name", "eth0", "netns", ns)
            sh("ip", "link", "set", outer, "master", self.bridge, "up")
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", f"{NET}.{octet}/24", "dev", "eth0")
            sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up")
        return self

    def run(self, host: str, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        proc = subprocess.Popen(
            ["ip", "netns", "exec", self.names[host], *args],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill_host(self, host: str) -> int:
        """SIGKILL every process in the host: a machine that died."""
        out = subprocess.run(["ip", "netns", "pids", self.names[host]], capture_output=True, text=True).stdout
        pids = [int(p) for p in out.split()]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return len(pids)

    def down(self) -> None:
        for host in HOSTS:
            self.kill_host(host)
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        for ns in self.names.values():
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)


def _can_build_hosts() -> str | None:
    if os.geteuid() != 0:
        return "not root: network namespaces need root"
    if not shutil.which("ip"):
        return "no `ip` command (iproute2)"
    probe = f"atprobe{os.getpid()}"
    if subprocess.run(["ip", "netns", "add", probe], capture_output=True).returncode != 0:
        return "network namespaces are not available here"
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


@pytest.fixture()
def hosts(tmp_path):
    reason = _can_build_hosts()
    if reason:
        pytest.skip(f"multi-host test skipped: {reason}")
    net = Network().up()
    try:
        yield net
    finally:
        net.down()


def test_two_apis_and_two_worker_hosts_on_one_redis_survive_losing_a_host(hosts, tmp_path):
    redis_url = f"redis://{NET}.2:6379/0"
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ATTRIB_") and k not in ("REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")
    }
    common = {
        **base_env,
        "REDIS_URL": redis_url,
        "ATTRIB_SECRET_KEY": "multi-host-secret-from-configuration",
        "ATTRIB_WEBHOOK_ALLOW": f"{NET}.30",
        "ATTRIB_HEARTBEAT_GRACE": "4",
        "ATTRIB_MONITORING_INTERVAL": "2",
        "ATTRIB_MAINTENANCE_INTERVAL": "2",
        "ATTRIB_LOG_LEVEL": "INFO",
    }

    def host_dir(host: str) -> Path:  # each host's own disk
        d = tmp_path / host
        d.mkdir(exist_ok=True)
        return d

    hosts.run(
        "redis",
        [
            find_redis_server(),
            "--bind",
            f"{NET}.2",
            "--port",
            "6379",
            "--protected-mode",
            "no",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--dir",
            str(host_dir("redis")),
        ],
        common,
        host_dir("redis") / "log",
    )
    conn = redis.Redis.from_url(redis_url, socket_connect_timeout=1)
    wait_until(lambda: _pings(conn), 20)
    hooks_log = host_dir("hooks") / "calls.jsonl"
    hosts.run(
        "hooks",
        [sys.executable, "-m", "tests.receiver", "--bind", f"{NET}.30:9000", "--log", str(hooks_log)],
        common,
        host_dir("hooks") / "log",
    )
    for api in ("api1", "api2"):
        prom = host_dir(api) / "prom"
        prom.mkdir()
        env = {
            **common,
            "ATTRIB_BIND": f"{NET}.{HOSTS[api]}:8000",
            "PROMETHEUS_MULTIPROC_DIR": str(prom),
            "ATTRIB_WEB_WORKERS": "1",
            "HOME": str(host_dir(api)),
        }
        hosts.run(
            api,
            [sys.executable, "-m", "gunicorn", "-c", "python:service.gunicorn_conf", "service.wsgi:app"],
            env,
            host_dir(api) / "log",
        )
    for work in ("work1", "work2"):
        env = {**common, "HOME": str(host_dir(work))}
        hosts.run(
            work,
            [sys.executable, "-m", "workers", "--queues", "attribution", "--name", work],
            env,
            host_dir(work) / "attribution.log",
        )
        hosts.run(
            work,
            [sys.executable, "-m", "workers", "--queues", "webhooks", "--name", f"{work}-hooks"],
            env,
            host_dir(work) / "webhooks.log",
        )
    apis = [f"http://{NET}.{HOSTS[a]}:8000" for a in ("api1", "api2")]
    wait_until(lambda: all(_ready(a) for a in apis), 120, 0.5)

    secret = common["ATTRIB_SECRET_KEY"].encode()
    cfg = settings().__class__(**{**settings().__dict__, "redis_url": redis_url, "secret_key": secret})
    key_record, key = KeyStore(conn, cfg).create("multihost")
    signing = Webhook(KeyStore(conn, cfg).signing_secret(key_record["id"]))
    h = {"Authorization": f"Bearer {key}"}
    callback = f"http://{NET}.30:9000/hook"
    jobs: list[str] = []
    for i in range(16):
        resp = requests.post(
            apis[i % 2] + "/v1/jobs",
            json={"text": f"Story {i}.\n" + ARTICLE, "callback_url": callback},
            headers=h,
            timeout=10,
        )
        assert resp.status_code == 202, resp.text
        jobs.append(resp.json()["id"])

    store = JobStore(conn, cfg)
    held = wait_until(lambda: _running_on(conn, "work1"), 60, 0.05)  # work1 is in the middle of a job
    killed = hosts.kill_host("work1")
    killed_at = time.monotonic()
    assert killed >= 3  # both pools' parents, their worker processes and schedulers
    rerun = wait_until(lambda: store.get(held)["attempts"] >= 2, 60, 0.1) and time.monotonic() - killed_at
    records = wait_until(lambda: _all_succeeded(store, jobs), 180, 0.5)
    assert [r["status"] for r in records] == ["succeeded"] * len(jobs)
    assert store.get(held)["attempts"] == 2

    def events() -> dict[str, set[str]]:
        by_job: dict[str, set[str]] = {}
        for line in hooks_log.read_text().splitlines() if hooks_log.exists() else []:
            call = json.loads(line)
            headers = {k: call["headers"][k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
            payload = signing.verify(call["body"], headers)  # signed by whichever host, one secret
            by_job.setdefault(payload["data"]["id"], set()).add(headers["webhook-id"])
        return by_job

    delivered = wait_until(lambda: (e := events()) and set(jobs) <= set(e) and e, 60, 0.5)
    assert all(len(delivered[j]) == 1 for j in jobs), "duplicates only as retries of the same webhook-id"
    print(
        f"\nmulti-host: {len(jobs)} jobs over 2 APIs; work1 killed ({killed} processes) while it ran {held}; "
        f"re-run {rerun:.1f} s after the kill; all succeeded once; {len(delivered)} signed events delivered"
    )


def _pings(conn: redis.Redis) -> bool:
    try:
        return conn.ping()
    except redis.RedisError:
        return False


def _ready(base: str) -> bool:
    try:
        return requests.get(base + "/readyz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _running_on(conn: redis.Redis, host: str) -> str | None:
    from rq import Worker

    for w in Worker.all(connection=conn):
        if w.name.startswith(host) and not w.name.startswith(f"{host}-hooks") and w.get_current_job_id():
            return w.get_current_job_id()
    return None


def _all_succeeded(store: JobStore, jobs: list[str]) -> list[dict] | None:
    records = store.get_many(jobs)
    return records if all(r and r["status"] == "succeeded" for r in records) else None
