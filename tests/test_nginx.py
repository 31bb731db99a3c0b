"""The repo's nginx config in front of gunicorn keeps the API answering while slow clients
hold connections (Debian's nginx; skipped with one line when it is not installed)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest
import requests

from tests.conftest import ROOT, GunicornServer, wait_until
from workers.redis_server import free_port

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if shutil.os.path.exists("/usr/sbin/nginx") else None)
SLOW_CLIENTS = 100  # the issue saw 40 stop the API
# One gunicorn worker with few threads: with two, the kernel may hand most slow clients to
# one worker and leave the other free to answer, so bare gunicorn was not always starved
# (a CI run saw it). The shipped 2 x 16 falls the same way once the clients outnumber it.
API_ENV = {"ATTRIB_WEB_WORKERS": "1", "ATTRIB_WEB_THREADS": "4"}


@pytest.fixture(scope="module")
def stack(redis_server, tmp_path_factory):
    if not NGINX:
        pytest.skip("nginx is not installed (apt-get install nginx): the slow-client test needs it")
    tmp = tmp_path_factory.mktemp("nginx")
    (tmp / "prom").mkdir()
    api = GunicornServer(redis_server.url, tmp / "prom", env=API_ENV).start()
    port = free_port()
    site = (ROOT / "deploy" / "nginx" / "attrib.conf.template").read_text()
    site = site.replace("${ATTRIB_UPSTREAM}", f"127.0.0.1:{api.port}").replace("${NGINX_PORT}", f"127.0.0.1:{port}")
    (tmp / "attrib.conf").write_text(site)
    temps = " ".join(f"{kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log; daemon off;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{ access_log off; {temps} include {tmp}/attrib.conf; }}\n"
    )
    nginx = subprocess.Popen([NGINX, "-p", str(tmp), "-c", str(tmp / "nginx.conf")], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(base + "/healthz", timeout=1).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_until(lambda: up() or nginx.poll() is not None, 20)
        assert nginx.poll() is None, nginx.stderr.read().decode()
        yield {"nginx": base, "api": api.base, "api_port": api.port, "nginx_port": port}
    finally:
        nginx.terminate()
        nginx.wait(10)
        api.stop()


class SlowClients:
    """Connections that send their request headers a line every second and never finish."""

    def __init__(self, port: int, n: int, seconds: float = 30.0) -> None:
        self.stop = threading.Event()
        self.socks = []
        for _ in range(n):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: slow\r\n")
            self.socks.append(s)
        self.deadline = time.monotonic() + seconds
        self.thread = threading.Thread(target=self._trickle, daemon=True)
        self.thread.start()

    def _trickle(self) -> None:
        while not self.stop.wait(1.0) and time.monotonic() < self.deadline:
            for s in self.socks:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for s in self.socks:
            s.close()


def healthz_answers(base: str, within: float) -> bool:
    try:
        return requests.get(base + "/healthz", timeout=within).status_code == 200
    except requests.RequestException:
        return False


def test_slow_clients_hold_gunicorn_but_not_nginx(stack):
    direct = SlowClients(stack["api_port"], SLOW_CLIENTS)
    try:
        time.sleep(1.0)
        starved = not healthz_answers(stack["api"], 3.0)
    finally:
        direct.close()
    assert starved, "the slow clients must hold gunicorn's threads, or this test shows nothing"
    wait_until(lambda: healthz_answers(stack["api"], 2.0), 60)  # gunicorn recovers once they leave

    fronted = SlowClients(stack["nginx_port"], SLOW_CLIENTS)
    try:
        time.sleep(1.0)
        t0 = time.monotonic()
        assert healthz_answers(stack["nginx"], 3.0), "nginx keeps the API answering"
        print(f"/healthz through nginx with {SLOW_CLIENTS} slow clients: {time.monotonic() - t0:.3f} s")
    finally:
        fronted.close()


def test_nginx_refusals_are_problem_json(stack):
    big = requests.post(stack["nginx"] + "/v1/jobs", data=b"x" * (9 * 1024 * 1024), timeout=30)
    assert big.status_code == 413 and big.headers["Content-Type"] == "application/problem+json"
    body = big.json()
    assert body["status"] == 413 and body["request_id"] == big.headers["X-Request-ID"]
    unauth = requests.post(stack["nginx"] + "/v1/jobs", json={"text": "x"}, timeout=10)
    assert unauth.status_code == 401 and unauth.headers["Content-Type"] == "application/problem+json"
