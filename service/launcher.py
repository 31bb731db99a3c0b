"""`make run` / `attrib serve`: Redis (private unless REDIS_URL is set), gunicorn and workers.

Ctrl-C (or SIGTERM) stops everything: workers finish their running job first,
then gunicorn, then the private Redis (which flushes its AOF).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from workers.redis_server import RedisServer

STATE = Path(os.environ.get("ATTRIB_STATE_DIR", ".attrib")).resolve()


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _local_key(env: dict[str, str]) -> tuple[str, str]:
    """A key for local use (id, key), kept in .attrib/local_api_key and recreated if Redis lost it."""
    path = STATE / "local_api_key"
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "keys", "list"], env=env, capture_output=True, text=True, check=True
    ).stdout
    if path.exists():
        key_id, _, api_key = path.read_text().strip().partition(" ")
        if key_id and key_id in out:
            return key_id, api_key
    created = json.loads(
        subprocess.run(
            [sys.executable, "-m", "service.cli", "keys", "create", "local"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    path.write_text(f"{created['id']} {created['api_key']}\n")
    path.chmod(0o600)
    return created["id"], created["api_key"]


def _signing_secret(env: dict[str, str], key_id: str) -> str:
    cmd = [sys.executable, "-m", "service.cli", "keys", "secret", key_id]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout.strip()


class RedisKeeper:
    """Brings the private Redis back from its AOF when it dies, with backoff, and says so.
    The API reconnects by itself; worker processes wait for Redis instead of crash-looping."""

    def __init__(self, server: RedisServer | None) -> None:
        self.server = server
        self.failures = 0
        self.next_try = 0.0

    def check(self) -> None:
        server = self.server
        if server is None or server.proc is None or server.proc.poll() is None:
            return
        now = time.monotonic()
        if now < self.next_try:
            return
        if self.failures == 0:
            print(f"the private Redis exited (code {server.proc.returncode}); restarting it from its AOF", flush=True)
        try:
            server.start()
        except RuntimeError as exc:
            self.failures += 1
            delay = min(2.0**self.failures, 30.0)
            self.next_try = now + delay
            print(f"restarting Redis failed ({exc}); trying again in {delay:.0f} s", flush=True)
            return
        self.failures = 0
        print(f"the private Redis is back on {server.url}", flush=True)


def _wait_ready(url: str, procs: list[subprocess.Popen], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"a child process exited early ({p.args[2:4]}, code {p.returncode})")
        try:
            with urllib.request.urlopen(url + "/readyz", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the service did not become ready in time")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="attrib serve")
    ap.add_argument("--port", type=int, help="default ATTRIB_PORT, else 8000 (another free one if 8000 is busy)")
    ap.add_argument("--workers", type=int, default=int(os.environ.get("ATTRIB_WORKERS", os.cpu_count() or 2)))
    args = ap.parse_args(argv)
    port_asked = args.port is not None or bool(os.environ.get("ATTRIB_PORT"))
    wanted = args.port or int(os.environ.get("ATTRIB_PORT") or 8000)

    STATE.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("ATTRIB_SECRET_FILE", str(STATE / "secret.key"))
    env.setdefault("ATTRIB_WEBHOOK_ALLOW", "localhost,127.0.0.0/8,::1")
    prom = STATE / "prometheus"
    shutil.rmtree(prom, ignore_errors=True)
    prom.mkdir(parents=True)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(prom)

    port = wanted
    if not _port_free(port):
        if port_asked:
            print(f"attrib serve: port {port} is busy; free it or choose another with ATTRIB_PORT", file=sys.stderr)
            return 1
        port = _free_port()
        print(f"\n*** port {wanted} is busy: serving on port {port} instead (see the base URL below) ***\n")
    redis_server = None
    if not env.get("REDIS_URL"):
        maxmemory = env.get("ATTRIB_REDIS_MAXMEMORY", "1gb")
        redis_server = RedisServer(STATE / "redis", maxmemory=maxmemory if maxmemory != "0" else None).start()
        env["REDIS_URL"] = redis_server.url
    base = f"http://127.0.0.1:{port}"
    env["ATTRIB_BIND"] = f"127.0.0.1:{port}"
    env.setdefault("ATTRIB_PUBLIC_URL", base)

    procs: list[subprocess.Popen] = []
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nstopping: workers finish their running job first …", flush=True)
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                p.kill()
        (STATE / "service.json").unlink(missing_ok=True)
        if redis_server is not None:
            redis_server.stop()
        print("stopped.", flush=True)

    signal.signal(signal.SIGINT, lambda *a: stop())
    signal.signal(signal.SIGTERM, lambda *a: stop())
    try:
        key_id, api_key = _local_key(env)
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "python:service.gunicorn_conf", "service.wsgi:app"], env=env
            )
        )
        # one pool: the model is loaded once and the worker processes are forked from it
        pool = [sys.executable, "-m", "workers", "--queues", "attribution"]
        pool += ["--processes", str(max(1, args.workers)), "--name", f"attribution-{os.getpid()}"]
        procs.append(subprocess.Popen(pool, env=env))
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "workers", "--queues", "webhooks", "--name", f"webhooks-{os.getpid()}"], env=env
            )
        )
        _wait_ready(base, procs)
        # what `attrib submit/get/jobs/keys` of this checkout read to find this service
        info = {"base_url": base, "redis_url": env["REDIS_URL"], "pid": os.getpid()}
        (STATE / "service.json").write_text(json.dumps(info) + "\n")
        secret = _signing_secret(env, key_id)
        seed = 'Trump wrote on Truth Social: "There was no reason for Putin to be firing missiles."'
        print(
            f"""
attrib is running
  base URL : {base}
  API key  : {api_key}
  webhooks : signed with {secret} (callback_url jobs of this key)
  Redis    : {env["REDIS_URL"]}{" (private, data in " + str(STATE / "redis") + ")" if redis_server else ""}

  curl -sS -X POST {base}/v1/jobs -H "Authorization: Bearer {api_key}" \\
       -H "Content-Type: application/json" -H "Prefer: wait=10" \\
       -d '{json.dumps({"text": seed})}'

  or: .venv/bin/attrib submit story.txt --wait --format table

Ctrl-C stops everything.
""",
            flush=True,
        )
        redis_keeper = RedisKeeper(redis_server)
        while not stopping:
            for p in procs:
                if p.poll() is not None and not stopping:
                    print(f"a child process exited (code {p.returncode}); stopping", flush=True)
                    stop()
                    return 1
            redis_keeper.check()
            time.sleep(0.5)
    except Exception as exc:
        print(f"attrib serve: {exc}", file=sys.stderr)
        stop()
        return 1
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
