"""A webhook receiver seeing one job end to end: private Redis, API, workers, and a
receiver on loopback that refuses the first call. Prints what the receiver saw, and
verifies each signature with the `standardwebhooks` package (dev extra).

    .venv/bin/python examples/webhook_demo.py [ARTICLE.txt]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ATTRIB_SECRET_KEY", "demo-secret")
os.environ.setdefault("ATTRIB_WEBHOOK_ALLOW", "127.0.0.0/8")
os.environ.setdefault("ATTRIB_WEBHOOK_SCHEDULE", "0,2,5")
os.environ.setdefault("ATTRIB_LOG_LEVEL", "WARNING")


def main() -> int:
    from standardwebhooks import Webhook

    from tests.receiver import Receiver
    from workers.redis_server import RedisServer

    seed = ROOT.parent / "shared" / "seeds" / "kursk-north-korea.txt"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else seed
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, RedisServer(Path(tmp) / "redis") as redis_server:
        os.environ["REDIS_URL"] = redis_server.url
        from service import create_app
        from workers.keys import KeyStore
        from workers.queues import connection
        from workers.settings import settings

        store = KeyStore(connection(), settings())
        record, api_key = store.create("demo")
        secret = store.signing_secret(record["id"])
        workers = [
            subprocess.Popen([sys.executable, "-m", "workers", "--queues", q], cwd=ROOT, env=os.environ)
            for q in ("attribution", "webhooks")
        ]
        receiver = Receiver(fail_first=1, fail_status=503).start()
        try:
            client = create_app().test_client()
            job = client.post(
                "/v1/jobs",
                json={"text": text, "callback_url": receiver.url},
                headers={"Authorization": f"Bearer {api_key}"},
            ).get_json()
            print(f"submitted {job['id']} with callback_url {receiver.url}")
            deadline = time.monotonic() + 90
            while not receiver.accepted() and time.monotonic() < deadline:
                time.sleep(0.2)
            start = receiver.calls[0].at if receiver.calls else time.time()
            for n, call in enumerate(receiver.calls, 1):
                h = call.headers
                print(f"\n--- call {n} at +{call.at - start:.2f}s: answered {call.status}")
                for k in ("webhook-id", "webhook-timestamp", "webhook-signature", "content-type"):
                    print(f"{k}: {h[k]}")
                event = Webhook(secret).verify(
                    call.body, {k: h[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")}
                )
                q = event["data"]["result"]["quotes"]
                print(
                    f"verified with standardwebhooks: type={event['type']} job={event['data']['id']} "
                    f"quotes={len(q)} body={len(call.body)} bytes"
                )
            if receiver.accepted():
                event = json.loads(receiver.accepted()[0].body)
                print("\nfirst quotes of the accepted event:")
                for q in event["data"]["result"]["quotes"][:6]:
                    who = (q["speaker"] or {}).get("name")
                    via = [q["outlet"]["name"]] + [v["name"] for v in q["via"]] if q["outlet"] else []
                    print(f"  {q['type']:8} {who!s:28} {'/'.join(via):18} {q['text'][:50]!r}")
            deliveries = client.get(
                f"/v1/jobs/{job['id']}/deliveries", headers={"Authorization": f"Bearer {api_key}"}
            ).get_json()["data"]
            print(
                "\ndeliveries:",
                json.dumps([{k: d[k] for k in ("status", "attempts")} for d in deliveries], indent=1)[:900],
            )
        finally:
            receiver.stop()
            for w in workers:
                w.terminate()
            for w in workers:
                w.wait(60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
