"""How long a job waits to run again after its worker process is SIGKILLed, with the
settings a deployment gets by default (the pool `make run` starts: one pool of two).

    python bench/recovery.py [--rounds 3]

Prints, per round, the seconds from the kill until the job is running again and until it
succeeded. Everything runs on loopback with a private redis-server; nothing is left behind.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from workers.redis_server import RedisServer  # noqa: E402

LONG_ARTICLE = (
    'Farid Ozmen, the construction minister, said the plan would work. "We will rebuild every home," '
    "Ozmen told state broadcaster DTV, adding that inspectors would visit each site.\n"
) * 1200  # about 15 s of engine time: still running when the kill lands
DEFAULTS = ("ATTRIB_HEARTBEAT_GRACE", "ATTRIB_MONITORING_INTERVAL", "ATTRIB_MAINTENANCE_INTERVAL")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in DEFAULTS}
    env.setdefault("ATTRIB_SECRET_KEY", "bench-recovery")
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as server:
        env["REDIS_URL"] = server.url
        os.environ.update(REDIS_URL=server.url, ATTRIB_SECRET_KEY=env["ATTRIB_SECRET_KEY"])
        for var in DEFAULTS:
            os.environ.pop(var, None)
        from workers.queues import enqueue_attribution
        from workers.settings import settings
        from workers.store import JobStore

        cfg = settings()
        conn = redis.Redis.from_url(server.url)
        store = JobStore(conn, cfg)
        pool = subprocess.Popen(
            [sys.executable, "-m", "workers", "--queues", "attribution", "--processes", "2", "--name", "bench"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        print(
            f"settings: monitoring {cfg.monitoring_interval} s, grace {cfg.heartbeat_grace} s, "
            f"maintenance {cfg.maintenance_interval} s"
        )
        rerun, done = [], []
        try:
            while not conn.exists("rq:worker:bench-0"):
                time.sleep(0.2)
            for n in range(args.rounds):
                record = store.create("bench", {"text": LONG_ARTICLE})
                enqueue_attribution(record["id"], cfg, conn)
                while (store.get(record["id"]) or {}).get("status") != "running":
                    time.sleep(0.05)
                time.sleep(1.0)
                victim = _running_process(conn)
                os.kill(victim, signal.SIGKILL)
                killed = time.monotonic()
                while store.get(record["id"])["attempts"] < 2:
                    time.sleep(0.1)
                rerun.append(time.monotonic() - killed)
                while store.get(record["id"])["status"] != "succeeded":
                    time.sleep(0.1)
                done.append(time.monotonic() - killed)
                print(f"round {n + 1}: running again after {rerun[-1]:.1f} s, succeeded after {done[-1]:.1f} s")
        finally:
            os.killpg(pool.pid, signal.SIGTERM)
            pool.wait(60)
    print(f"median: running again after {statistics.median(rerun):.1f} s (max {max(rerun):.1f} s)")
    return 0


def _running_process(conn: redis.Redis) -> int:
    """The pid of the worker process that is busy with a job."""
    from rq import Worker

    for w in Worker.all(connection=conn):
        if w.get_current_job_id():
            return w.pid
    raise RuntimeError("no worker is busy")


if __name__ == "__main__":
    sys.exit(main())
