"""Redis memory per completed job: the seed article submitted N times through the API
(in-process Flask app) to a private redis-server, run by a real worker pool.

    python bench/memory.py [--jobs 200]

Prints used_memory growth per job, the stored record's own size, and what the same
record would take as plain JSON with its article text kept (the old format), measured in
the same run. Everything on loopback; nothing is left running.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redis  # noqa: E402

from workers.redis_server import RedisServer  # noqa: E402

SEED = ROOT.parent / "shared" / "seeds" / "kursk-north-korea.txt"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=200)
    args = ap.parse_args()
    text = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as server:
        os.environ.update(REDIS_URL=server.url, ATTRIB_SECRET_KEY="bench-memory", ATTRIB_RATE_LIMIT="100000/minute")
        from service import create_app
        from workers.keys import KeyStore
        from workers.settings import settings
        from workers.store import job_key, load_record

        conn = redis.Redis.from_url(server.url)
        cfg = settings()
        _, key = KeyStore(conn, cfg).create("bench")
        client = create_app(cfg).test_client()
        h = {"Authorization": f"Bearer {key}"}
        pool = subprocess.Popen(
            [sys.executable, "-m", "workers", "--queues", "attribution", "--processes", "2", "--name", "mem"],
            cwd=ROOT,
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while not conn.exists("rq:worker:mem-0"):
                time.sleep(0.2)
            client.post("/v1/jobs", json={"text": text}, headers=h)  # warm-up: queues and registries exist
            time.sleep(2)
            base = conn.info("memory")["used_memory"]
            ids = [client.post("/v1/jobs", json={"text": text}, headers=h).get_json()["id"] for _ in range(args.jobs)]
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                recs = [load_record(x) for x in conn.mget([job_key(i) for i in ids])]
                if all(r["status"] == "succeeded" for r in recs):
                    break
                time.sleep(0.5)
            grown = conn.info("memory")["used_memory"] - base
            stored = conn.memory_usage(job_key(ids[0]))
            record = load_record(conn.get(job_key(ids[0])))
            record["request"]["text"] = text
            conn.set("bench:old-format", json.dumps(record))
            old = conn.memory_usage("bench:old-format")
        finally:
            os.killpg(pool.pid, signal.SIGTERM)
            pool.wait(60)
    print(f"{args.jobs} seed jobs ({len(text.encode())} bytes of article, 15 quotes each)")
    print(f"used_memory growth per completed job: {grown / args.jobs / 1024:.2f} KiB")
    print(f"one job record (MEMORY USAGE): {stored / 1024:.2f} KiB stored;", end=" ")
    print(f"{old / 1024:.2f} KiB as plain JSON with its text (the old format)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
