"""`make run` as an operator meets it: the real launcher (private Redis, gunicorn, worker
pools) in a state directory of its own, signalled as a terminal would signal it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis
import requests

from tests.conftest import ROOT, wait_until
from tests.test_reliability import LONG_ARTICLE
from workers.redis_server import RedisServer, free_port
from workers.settings import settings
from workers.store import JobStore


class Launcher:
    def __init__(self, state: Path, port: int) -> None:
        self.state = state
        self.port = port
        self.log = state.parent / "launcher.log"
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PROMETHEUS_MULTIPROC_DIR")}
        env.update(ATTRIB_STATE_DIR=str(state), ATTRIB_PORT=str(port), ATTRIB_WORKERS="1", ATTRIB_LOG_LEVEL="INFO")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service.launcher"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a terminal's foreground job
        )
        wait_until(lambda: "attrib is running" in self.text() or self.proc.poll() is not None, 180, 0.2)
        assert self.proc.poll() is None, self.text()
        self.base = f"http://127.0.0.1:{port}"
        self.key = (state / "local_api_key").read_text().split()[1]
        self.redis_url = json.loads((state / "service.json").read_text())["redis_url"]

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def ctrl_c(self) -> None:
        os.killpg(self.proc.pid, signal.SIGINT)  # what the terminal sends to the whole group

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        pid = redis_pid(int(self.redis_url.rsplit(":", 1)[1].split("/")[0]))
        if pid:  # never leave a private Redis behind, whatever happened
            os.kill(pid, signal.SIGKILL)

    def submit(self, text: str) -> str:
        resp = requests.post(
            self.base + "/v1/jobs", json={"text": text}, headers={"Authorization": f"Bearer {self.key}"}, timeout=10
        )
        assert resp.status_code == 202, resp.text
        return resp.json()["id"]

    def job(self, job_id: str) -> dict:
        return requests.get(
            f"{self.base}/v1/jobs/{job_id}", headers={"Authorization": f"Bearer {self.key}"}, timeout=10
        ).json()


def redis_pid(port: int) -> int | None:
    """The redis-server serving `port` (its title reads 'redis-server 127.0.0.1:PORT')."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "redis-server" in cmdline and f":{port}" in cmdline:
            return int(proc.name)
    return None


@pytest.fixture()
def launcher(tmp_path):
    run = Launcher(tmp_path / "state", free_port())
    yield run
    run.stop()


def test_a_busy_port_that_was_asked_for_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "ATTRIB_STATE_DIR": str(tmp_path / "state"), "ATTRIB_PORT": str(port)}
        env.pop("REDIS_URL", None)
        out = subprocess.run(
            [sys.executable, "-m", "service.launcher"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert out.returncode == 1
    assert out.stderr.strip() == f"attrib serve: port {port} is busy; free it or choose another with ATTRIB_PORT"
    assert not (tmp_path / "state" / "redis").exists(), "nothing was started"


def test_a_killed_private_redis_is_brought_back_and_the_service_recovers(launcher):
    port = int(launcher.redis_url.rsplit(":", 1)[1].split("/")[0])
    first = redis_pid(port)
    assert first
    done = launcher.submit('"The bridge will reopen," said Anna Kowal.')
    wait_until(lambda: launcher.job(done)["status"] == "succeeded", 60)
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: (pid := redis_pid(port)) and pid != first, 30)

    def ready() -> bool:
        try:
            return requests.get(launcher.base + "/readyz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    wait_until(ready, 60, 0.2)
    assert launcher.job(done)["status"] == "succeeded", "the AOF brought the finished job back"
    after = launcher.submit('"We will vote tomorrow," said Farid Ozmen.')
    wait_until(lambda: launcher.job(after)["status"] == "succeeded", 60)
    log = launcher.text()
    assert "restarting it from its AOF" in log and "the private Redis is back" in log
    assert log.count("starting another") <= 6, "no crash loop while Redis was away"


def test_ctrl_c_lets_the_running_job_save_its_result_before_redis_stops(launcher):
    job_id = launcher.submit(LONG_ARTICLE)
    wait_until(lambda: launcher.job(job_id)["status"] == "running", 60, 0.05)
    launcher.ctrl_c()
    assert launcher.proc.wait(120) == 0
    assert launcher.text().rstrip().endswith("stopped.")
    # read what the private Redis kept on disk
    with RedisServer(launcher.state / "redis") as server:
        record = JobStore(redis.Redis.from_url(server.url), settings()).get(job_id)
    assert record["status"] == "succeeded" and record["attempts"] == 1
