"""Submit latency with and without waiting for a replica (ATTRIB_REDIS_WAIT_REPLICAS=1):
a master and a replica on loopback, POST /v1/jobs through the app in-process, rounds
alternating so drift hits both sides. Figures for docs/PERFORMANCE.md.

    python bench/replication.py [--requests 300] [--rounds 4]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from workers.redis_server import RedisServer  # noqa: E402

BODY = {"text": '"We will rebuild every home," Farid Ozmen told state broadcaster DTV.'}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "master") as master:
        replica = RedisServer(Path(tmp) / "replica", extra_args=("--replicaof", "127.0.0.1", str(master.port)))
        with replica:
            conn = redis.Redis(port=replica.port)
            while conn.info("replication")["master_link_status"] != "up":
                time.sleep(0.1)
            os.environ.update(REDIS_URL=master.url, ATTRIB_SECRET_KEY="bench", ATTRIB_RATE_LIMIT="1000000/minute")
            from service import create_app
            from workers.keys import KeyStore
            from workers.settings import settings

            base = settings()
            _, key = KeyStore(redis.Redis.from_url(master.url), base).create("bench")
            h = {"Authorization": f"Bearer {key}"}
            clients = {
                "no WAIT": create_app(base).test_client(),
                "WAIT 1 replica": create_app(dataclasses.replace(base, redis_wait_replicas=1)).test_client(),
            }
            samples: dict[str, list[float]] = {name: [] for name in clients}
            for _ in range(args.rounds):
                for name, client in clients.items():
                    for _ in range(args.requests):
                        t0 = time.perf_counter()
                        assert client.post("/v1/jobs", json=BODY, headers=h).status_code == 202
                        samples[name].append((time.perf_counter() - t0) * 1000)
    print(f"POST /v1/jobs, {args.rounds} alternating rounds of {args.requests}, master and replica on loopback")
    for name, xs in samples.items():
        xs.sort()
        print(f"  {name:<15} p50 {statistics.median(xs):.2f} ms   p99 {xs[int(len(xs) * 0.99) - 1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
