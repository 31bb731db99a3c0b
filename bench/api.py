"""API throughput on loopback, against a bare Flask 202 endpoint under the same gunicorn
settings, measured in the same run; then articles/s end to end (API + 2 workers) against
the engine alone on the same cores.

    python bench/api.py [--requests 3000] [--clients 16] [--rounds 5] [--articles 60]

Every load is bounded in count and time and goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workers.redis_server import RedisServer, free_port  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev.jsonl"
# as in the worker pools: one BLAS thread per process, so the engine-alone side matches them
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
BODY = json.dumps({"text": '"We will rebuild every home," Farid Ozmen told state broadcaster DTV.'}).encode()


def create_key(env: dict) -> str:
    """A fresh API key, through the same command a user runs."""
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "keys", "create", "bench"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["api_key"]


def start_gunicorn(app: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**env, "ATTRIB_BIND": f"127.0.0.1:{port}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:service.gunicorn_conf", app],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            c.getresponse().read()
            return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def load(port: int, headers: dict, total: int, clients: int, seconds: float) -> dict:
    """`total` POSTs from `clients` threads over keep-alive connections, stopping at `seconds`."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in counter:
            if time.monotonic() > deadline:
                break
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/v1/jobs", body=BODY, headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 202
            except OSError:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                ok = False
            with lock:
                latencies.append(time.perf_counter() - t0)
                errors += not ok

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
    }


def articles(n: int) -> list[str]:
    texts = [json.loads(x)["text"] for x in DEV.open()] if DEV.exists() else [BODY.decode()]
    return [texts[i % len(texts)] for i in range(n)]


def through_api(port: int, headers: dict, texts: list[str]) -> float:
    """Articles/s: submit every article, then long-poll each until it has succeeded."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    t0 = time.perf_counter()
    ids = []
    for t in texts:
        conn.request("POST", "/v1/jobs", body=json.dumps({"text": t}).encode(), headers=headers)
        resp = conn.getresponse()
        ids.append(json.loads(resp.read())["id"])
    for job_id in ids:
        conn.request("GET", f"/v1/jobs/{job_id}?wait=30", headers=headers)
        body = json.loads(conn.getresponse().read())
        assert body["status"] == "succeeded", body["status"]
    elapsed = time.perf_counter() - t0
    conn.close()
    return len(texts) / elapsed


def engine_alone(texts: list[str], procs: int, batched: bool) -> tuple[float, float]:
    """The engine in `procs` processes, each on its share, models loaded first: one
    `attribute` call per article as a worker makes them, or `attribute_many` batches.
    Returns articles/s (by the slowest process) and the CPU seconds all of them used."""
    run = "list(e.attribute_many(texts))" if batched else "[e.attribute(t) for t in texts]"
    code = (
        "import sys, json, time; from attribution import Engine; e = Engine(); e.attribute('warm up'); "
        "texts = json.load(sys.stdin); print('ready', flush=True); "
        f"t0, c0 = time.perf_counter(), time.process_time(); {run}; "
        "print(time.perf_counter() - t0, time.process_time() - c0, flush=True)"
    )
    shares = [texts[i::procs] for i in range(procs)]
    children = []
    for share in shares:
        p = subprocess.Popen(
            [sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        p.stdin.write(json.dumps(share))
        p.stdin.close()
        children.append(p)
    for p in children:
        assert p.stdout.readline().strip() == "ready"
    walls, cpus = zip(*(map(float, p.stdout.readline().split()) for p in children), strict=True)
    for p in children:
        p.wait()
    return len(texts) / max(walls), sum(cpus)


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds used so far by these processes and all their descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, list(roots)
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(child for child, parent in parents.items() if parent == pid)
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--articles", type=int, default=60, help="end-to-end articles (0: skip that part)")
    ap.add_argument("--rounds", type=int, default=5, help="alternating load rounds per server")
    ap.add_argument("--rounds-e2e", type=int, default=3, help="end-to-end rounds, each beside the engine alone")
    ap.add_argument("--web-workers", type=int, default=2)
    ap.add_argument("--web-threads", type=int, default=16)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as redis_server:
        env = {
            **os.environ,
            "REDIS_URL": redis_server.url,
            "ATTRIB_SECRET_KEY": "bench",
            "ATTRIB_RATE_LIMIT": "1000000/minute",
            "PROMETHEUS_MULTIPROC_DIR": tmp,
            "ATTRIB_LOG_LEVEL": "WARNING",
            "ATTRIB_WEB_WORKERS": str(args.web_workers),
            "ATTRIB_WEB_THREADS": str(args.web_threads),
        }
        key = create_key(env)
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        # both servers stay up; rounds alternate between them so drift on a shared machine
        # hits both alike, and each side reports its median round
        servers = {}
        try:
            for name, app in (("bare Flask 202", "bench.bare_app:app"), ("attrib POST /v1/jobs", "service.wsgi:app")):
                servers[name] = start_gunicorn(app, env)
                load(servers[name][1], headers, 200, args.clients, 10)  # warm-up
            rounds: dict[str, list[dict]] = {name: [] for name in servers}
            for _ in range(args.rounds):
                for name, (_, port) in servers.items():
                    rounds[name].append(load(port, headers, args.requests, args.clients, args.seconds))
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait(30)
        results = {name: sorted(rs, key=lambda x: x["rps"])[len(rs) // 2] for name, rs in rounds.items()}
        spread = {name: (min(x["rps"] for x in rs), max(x["rps"] for x in rs)) for name, rs in rounds.items()}
        ratios = sorted(o["rps"] / b["rps"] for b, o in zip(*rounds.values(), strict=True))
        subprocess.run(
            [sys.executable, "-c", "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()", redis_server.url],
            check=True,
        )
        key = create_key(env)
        headers["Authorization"] = f"Bearer {key}"

        if not args.articles:
            report(results, spread, ratios, args, None, None, 0)
            return 0
        # end to end: API + a pool of 2 worker processes (as `make run` starts them), models
        # loaded before the clock starts; rounds alternate with the engine alone
        texts = articles(args.articles)
        proc, port = start_gunicorn("service.wsgi:app", env)
        pool = subprocess.Popen(
            [sys.executable, "-m", "workers", "--queues", "attribution", "--processes", "2", "--name", "bench"],
            cwd=ROOT,
            env=env,
        )
        runs: dict[str, list[float]] = {"e2e": [], "per article": [], "batched": []}
        cpu: dict[str, list[float]] = {"service": [], "per article": [], "batched": []}
        try:
            import redis

            r = redis.Redis.from_url(redis_server.url)
            while sum(1 for w in r.smembers("rq:workers:attribution")) < 2:
                time.sleep(0.2)
            service = [proc.pid, pool.pid, int(r.info("server")["process_id"])]
            for _ in range(args.rounds_e2e):
                before = tree_cpu(service)
                runs["e2e"].append(through_api(port, headers, texts))
                cpu["service"].append(tree_cpu(service) - before)
                for kind, batched in (("per article", False), ("batched", True)):
                    rate, seconds = engine_alone(texts, 2, batched)
                    runs[kind].append(rate)
                    cpu[kind].append(seconds)
        finally:
            pool.terminate()
            pool.wait(60)
            proc.terminate()
            proc.wait(30)
        e2e = statistics.median(runs["e2e"])
        alone = {k: statistics.median(v) for k, v in runs.items() if k != "e2e"}
        cpu_ms = {k: statistics.median(v) / len(texts) * 1000 for k, v in cpu.items()}
    report(results, spread, ratios, args, e2e, alone, len(texts))
    like = cpu_ms["per article"]
    print(
        f"CPU per article (medians; steadier than wall time on a shared machine): {cpu_ms['service']:.1f} ms "
        f"in the service (API, Redis, workers) against {like:.1f} ms for the engine alone per article "
        f"(overhead {cpu_ms['service'] / like - 1:.1%}) and {cpu_ms['batched']:.1f} ms batched"
    )
    return 0


def report(
    results: dict,
    spread: dict,
    ratios: list[float],
    args: argparse.Namespace,
    e2e: float | None,
    alone: dict[str, float] | None,
    n: int,
) -> None:
    bare, ours = results["bare Flask 202"], results["attrib POST /v1/jobs"]
    print(
        f"| endpoint (gunicorn {args.web_workers} workers x {args.web_threads} threads) "
        f"| requests | errors | req/s (median of {args.rounds}) | range | p50 ms | p99 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        lo, hi = spread[name]
        print(f"| {name} | {r['requests']} | {r['errors']} | {r['rps']} | {lo}-{hi} | {r['p50_ms']} | {r['p99_ms']} |")
    print(
        f"\nsubmit throughput: {ours['rps'] / bare['rps']:.0%} of the bare endpoint (goal >= 60%); "
        f"per round {', '.join(f'{x:.0%}' for x in ratios)}"
    )
    if e2e is not None and alone is not None:
        like, batched = alone["per article"], alone["batched"]
        print(
            f"end to end (medians of {args.rounds_e2e} rounds): {e2e:.2f} articles/s through API + 2 workers "
            f"({n} articles); the engine alone in "
            f"2 processes: {like:.2f} articles/s calling attribute() per article as workers do, overhead "
            f"{1 - e2e / like:.1%} (goal < 10%); {batched:.2f} articles/s with attribute_many() batches, "
            f"overhead {1 - e2e / batched:.1%}"
        )


if __name__ == "__main__":
    sys.exit(main())
