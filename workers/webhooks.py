"""Webhook events and their delivery: signed (Standard Webhooks), retried, SSRF-safe.

Each delivery attempt is its own RQ job on the `webhooks` queue. A failed
attempt schedules the next one (with jitter, honouring Retry-After); after the
last one the delivery is dead-lettered. The event id (`webhook-id`) stays the
same on every attempt, so receivers can deduplicate.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import random
import time
import zlib
from datetime import UTC, datetime
from typing import Any

import redis
import urllib3
from rq import Retry

from . import outbox
from .keys import KeyStore, derive_secret
from .metrics import record_delivery
from .netguard import UnsafeURL, vet_url
from .queues import WEBHOOK_QUEUE, connection, queue
from .resource import batch_resource, job_resource
from .settings import Settings, settings
from .store import PREFIX, TERMINAL, JobStore, new_id, now_iso

EVENTS = ("job.succeeded", "job.failed", "job.canceled", "batch.completed")
ROTATION_OVERLAP = 24 * 3600
BODY_CAP = 64 * 1024
DELIVERY_RETRY_ON_CRASH = 2


# -- endpoints ------------------------------------------------------------------


class EndpointStore:
    def __init__(self, r: redis.Redis, cfg: Settings) -> None:
        self.r = r
        self.cfg = cfg

    def _key(self, endpoint_id: str) -> str:
        return f"{PREFIX}:webhook:{endpoint_id}"

    def create(self, owner: str, url: str, events: list[str], description: str) -> dict[str, Any]:
        rec = {
            "id": new_id("wh"),
            "owner": owner,
            "url": url,
            "events": events,
            "description": description,
            "created_at": now_iso(),
            "disabled": False,
            "disabled_reason": None,
            "generation": 0,
            "previous_valid_until": None,
        }
        p = self.r.pipeline()
        p.set(self._key(rec["id"]), json.dumps(rec))
        p.sadd(f"{PREFIX}:webhooks:{owner}", rec["id"])
        p.execute()
        return rec

    def get(self, endpoint_id: str) -> dict[str, Any] | None:
        raw = self.r.get(self._key(endpoint_id))
        return json.loads(raw) if raw else None

    def save(self, rec: dict[str, Any]) -> None:
        self.r.set(self._key(rec["id"]), json.dumps(rec))

    def delete(self, rec: dict[str, Any]) -> None:
        p = self.r.pipeline()
        p.delete(self._key(rec["id"]))
        p.srem(f"{PREFIX}:webhooks:{rec['owner']}", rec["id"])
        p.execute()

    def for_owner(self, owner: str) -> list[dict[str, Any]]:
        ids = sorted(x.decode() if isinstance(x, bytes) else x for x in self.r.smembers(f"{PREFIX}:webhooks:{owner}"))
        recs = [self.get(i) for i in ids]
        return sorted((r for r in recs if r), key=lambda r: r["created_at"])

    def secret(self, rec: dict[str, Any], generation: int | None = None) -> str:
        gen = rec["generation"] if generation is None else generation
        return derive_secret(self.cfg.secret_key, "endpoint", rec["id"], gen)

    def live_secrets(self, rec: dict[str, Any]) -> list[str]:
        """The current secret, and the previous one while the rotation overlap lasts."""
        out = [self.secret(rec)]
        until = rec.get("previous_valid_until")
        if until and until > time.time() and rec["generation"] > 0:
            out.append(self.secret(rec, rec["generation"] - 1))
        return out

    def rotate(self, rec: dict[str, Any]) -> dict[str, Any]:
        rec["generation"] += 1
        rec["previous_valid_until"] = time.time() + ROTATION_OVERLAP
        self.save(rec)
        return rec


# -- signing --------------------------------------------------------------------


def sign(secrets_: list[str], msg_id: str, timestamp: int, body: bytes) -> str:
    """`webhook-signature` header value: `v1,<base64 HMAC-SHA256>` for each live secret."""
    parts = []
    for secret in secrets_:
        key = base64.b64decode(secret.removeprefix("whsec_"))
        mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
        parts.append("v1," + base64.b64encode(mac).decode())
    return " ".join(parts)


# -- events ---------------------------------------------------------------------


def _event_payload(event_type: str, data: dict[str, Any], cfg: Settings, result_url: str | None) -> dict[str, Any]:
    payload = {"type": event_type, "timestamp": now_iso(), "data": data}
    if len(json.dumps(payload)) > cfg.webhook_inline_limit and "result" in data:
        slim = dict(data)
        slim.pop("result")
        slim["result_url"] = result_url
        payload["data"] = slim
    return payload


def announce(record: dict[str, Any]) -> None:
    """Emit a job's event now. If that fails, the outbox entry written with the job's end
    stays due and a worker's maintenance emits it later (outbox.py)."""
    try:
        emit_job_event(record)
    except Exception as exc:
        outbox.record_failure(connection(), outbox.job_entry(record["id"]), exc)


def emit_job_event(record: dict[str, Any]) -> list[str]:
    """Create the deliveries of a job that ended, settling its outbox entry in the same MULTI;
    first, if it ended its batch, promise the batch's event. A failure leaves the outbox
    entry due, so a sweep tries again (outbox.py): the event is never lost silently."""
    cfg = settings()
    r = connection()
    if record.get("batch_id"):
        _maybe_claim_batch(r, cfg, record["batch_id"])
    event_type = f"job.{record['status']}"
    base = record.get("base_url") or cfg.public_url
    targets = _targets(r, cfg, record["owner"], event_type, record.get("callback_url"))
    payload = None
    if targets:  # the payload (the whole result, encoded) only when someone listens
        data = job_resource(record, base)
        payload = _event_payload(event_type, data, cfg, data["links"]["self"])
    ids = _create_deliveries(r, cfg, payload, targets, outbox.job_entry(record["id"]), job_id=record["id"])
    if record.get("batch_id"):
        ids += _emit_batch(r, cfg, record["batch_id"])
    return ids


def emit_entry(entry: str) -> list[str]:
    """Emit the event an outbox entry promises (a sweep's retry)."""
    cfg = settings()
    r = connection()
    kind, _, ident = entry.partition(":")
    if kind == "batch":
        return _emit_batch(r, cfg, ident)
    record = JobStore(r, cfg).get(ident)
    if record is None or record["status"] not in TERMINAL:  # expired, or not ended after all
        p = r.pipeline()
        outbox.settle(p, entry)
        p.execute()
        return []
    return emit_job_event(record)


def _maybe_claim_batch(r: redis.Redis, cfg: Settings, batch_id: str) -> None:
    store = JobStore(r, cfg)
    batch = store.get_batch(batch_id)
    if batch is None:
        return
    jobs = store.get_many(batch["job_ids"])
    if all(j is None or j["status"] in TERMINAL for j in jobs):
        outbox.claim_batch(r, batch_id, cfg.retention_seconds)


def _emit_batch(r: redis.Redis, cfg: Settings, batch_id: str) -> list[str]:
    """The batch.completed deliveries, if this batch's completion was promised and not yet kept."""
    entry = outbox.batch_entry(batch_id)
    if r.zscore(outbox.OUTBOX, entry) is None:
        return []
    store = JobStore(r, cfg)
    batch = store.get_batch(batch_id)
    if batch is None:
        p = r.pipeline()
        outbox.settle(p, entry)
        p.execute()
        return []
    jobs = store.get_many(batch["job_ids"])
    first = next((j for j in jobs if j is not None), None)
    base = (first or {}).get("base_url") or cfg.public_url
    targets = _targets(r, cfg, batch["owner"], "batch.completed", batch.get("callback_url"))
    payload = _event_payload("batch.completed", batch_resource(batch, jobs, base), cfg, None) if targets else None
    return _create_deliveries(r, cfg, payload, targets, entry, job_id=None, batch_id=batch_id)


def _targets(
    r: redis.Redis, cfg: Settings, owner: str, event_type: str, callback_url: str | None
) -> list[dict[str, Any]]:
    targets = []
    if callback_url:
        targets.append({"url": callback_url, "endpoint_id": None})
    for ep in EndpointStore(r, cfg).for_owner(owner):
        if not ep["disabled"] and event_type in ep["events"]:
            targets.append({"url": ep["url"], "endpoint_id": ep["id"]})
    return targets


def _create_deliveries(
    r: redis.Redis,
    cfg: Settings,
    payload: dict[str, Any] | None,
    targets: list[dict[str, Any]],
    entry: str,
    *,
    job_id: str | None,
    batch_id: str | None = None,
) -> list[str]:
    """The event, its deliveries, their first attempts and the outbox settlement: one MULTI."""
    p = r.pipeline(transaction=True)
    p.multi()  # before RQ's enqueue, which then adds to this transaction
    ids = []
    if targets and payload is not None:
        event_id = new_id("msg")
        # kept compressed for redelivery within the retention: a whole result is ~11 kB as JSON
        p.set(f"{PREFIX}:event:{event_id}", zlib.compress(_encode_body(payload), 6), ex=cfg.retention_seconds)
        # the job's (or batch's) list of deliveries, for GET …/deliveries
        indexes = [
            f"{PREFIX}:{kind}:{ident}:deliveries" for kind, ident in (("job", job_id), ("batch", batch_id)) if ident
        ]
        for t in targets:
            d = {
                "id": new_id("dlv"),
                "event_id": event_id,
                "event_type": payload["type"],
                "job_id": job_id,
                "batch_id": batch_id,
                "url": t["url"],
                "endpoint_id": t["endpoint_id"],
                "status": "pending",
                "attempts": [],
                "next_attempt_at": now_iso(),
                "created_at": now_iso(),
            }
            _save_delivery(p, cfg, d)
            for index in indexes:
                p.rpush(index, d["id"])
                p.expire(index, cfg.retention_seconds)
            delay = cfg.webhook_schedule[0] if cfg.webhook_schedule else 0
            _schedule(cfg, d["id"], 0, delay=delay, pipeline=p)
            ids.append(d["id"])
    outbox.settle(p, entry)
    p.execute()
    return ids


def _encode_body(payload: dict[str, Any]) -> bytes:
    """UTF-8 JSON; text that is not Unicode scalar values (a lone surrogate in a record
    written before the API refused them) goes as \\u escapes, which JSON allows."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    try:
        return body.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(payload, separators=(",", ":")).encode("ascii")


def _decode_stored_body(stored: bytes) -> bytes:
    """An event body as stored: zlib-compressed, or plain JSON (written before compression)."""
    return stored if stored[:1] == b"{" else zlib.decompress(stored)


def _save_delivery(r: Any, cfg: Settings, d: dict[str, Any]) -> None:
    r.set(f"{PREFIX}:delivery:{d['id']}", json.dumps(d), ex=cfg.retention_seconds)


def get_delivery(r: redis.Redis, delivery_id: str) -> dict[str, Any] | None:
    raw = r.get(f"{PREFIX}:delivery:{delivery_id}")
    return json.loads(raw) if raw else None


def deliveries_for(r: redis.Redis, job_id: str) -> list[dict[str, Any]]:
    ids = [x.decode() if isinstance(x, bytes) else x for x in r.lrange(f"{PREFIX}:job:{job_id}:deliveries", 0, -1)]
    return [d for d in (get_delivery(r, i) for i in ids) if d is not None]


def dead_letters(r: redis.Redis, limit: int = 100) -> list[str]:
    return [x.decode() for x in r.zrevrange(f"{PREFIX}:deadletter", 0, limit - 1)]


def _schedule(cfg: Settings, delivery_id: str, attempt: int, delay: float, pipeline: Any = None) -> datetime:
    """Enqueue one attempt, now or after `delay` seconds; returns when it is due. With
    `pipeline` (in MULTI), the commands join it."""
    q = queue(WEBHOOK_QUEUE)
    options = {
        "job_timeout": int(cfg.webhook_timeout) + 30,
        "result_ttl": 0,
        "failure_ttl": cfg.retention_seconds,
        # a worker lost mid-attempt: RQ runs the attempt again
        "retry": Retry(max=DELIVERY_RETRY_ON_CRASH),
        "pipeline": pipeline,
    }
    if delay <= 0:
        q.enqueue("workers.webhooks.deliver", delivery_id, attempt, **options)
        return datetime.now(UTC)
    # RQ's scheduler keeps whole seconds: round the due time up so no attempt comes early
    due = datetime.fromtimestamp(math.ceil(time.time() + delay), UTC)
    q.enqueue_at(due, "workers.webhooks.deliver", delivery_id, attempt, **options)
    return due


def redeliver(r: redis.Redis, delivery_id: str) -> dict[str, Any] | None:
    """Send a delivery again now, whatever its state; its history is kept."""
    cfg = settings()
    d = get_delivery(r, delivery_id)
    if d is None:
        return None
    d["status"] = "pending"
    d["next_attempt_at"] = now_iso()
    _save_delivery(r, cfg, d)
    r.zrem(f"{PREFIX}:deadletter", delivery_id)
    _schedule(cfg, delivery_id, len(d["attempts"]), delay=0)
    return d


# -- one attempt ----------------------------------------------------------------


def deliver(delivery_id: str, attempt: int) -> dict[str, Any]:
    """One delivery attempt (an RQ job). Schedules the next one if this one fails."""
    cfg = settings()
    r = connection()
    # one attempt at a time per delivery; a lock left by a killed worker expires and
    # the attempt is simply tried again after it, so nothing is lost
    lock_name = f"{PREFIX}:delivery-lock:{delivery_id}"
    lock = r.lock(lock_name, timeout=cfg.webhook_timeout + 5, blocking_timeout=0)
    if not lock.acquire(blocking=False):
        wait_ms = r.pttl(lock_name)
        _schedule(cfg, delivery_id, attempt, delay=max(wait_ms, 0) / 1000 + 0.5)
        return {"skipped": "locked", "rescheduled": True}
    try:
        d = get_delivery(r, delivery_id)
        if d is None or d["status"] in ("delivered", "dead", "disabled"):
            return {"skipped": d["status"] if d else "missing"}
        if len(d["attempts"]) > attempt:
            return {"skipped": "already attempted"}  # a crash-retry of an attempt that was recorded
        stored = r.get(f"{PREFIX}:event:{d['event_id']}")
        body = _decode_stored_body(stored) if stored is not None else None
        if body is None:
            d["status"] = "dead"
            _save_delivery(r, cfg, d)
            return {"skipped": "event expired"}
        secrets_ = _secrets_for(r, cfg, d)
        if secrets_ is None:
            d["status"] = "disabled"
            _save_delivery(r, cfg, d)
            return {"skipped": "endpoint gone"}
        outcome = send(d["url"], d["event_id"], body, secrets_, cfg)
        outcome["attempt"] = len(d["attempts"]) + 1
        outcome["at"] = now_iso()
        outcome["url"] = d["url"]
        d["attempts"].append(outcome)
        record_delivery(r, "delivered" if outcome["ok"] else "failed")
        if outcome["ok"]:
            d["status"], d["next_attempt_at"] = "delivered", None
        elif outcome.get("status_code") == 410 and d["endpoint_id"]:
            _disable_endpoint(r, cfg, d["endpoint_id"], "receiver answered 410 Gone")
            d["status"], d["next_attempt_at"] = "disabled", None
        else:
            n = len(d["attempts"])
            if n >= len(cfg.webhook_schedule) or outcome.get("permanent"):
                d["status"], d["next_attempt_at"] = "dead", None
                r.zadd(f"{PREFIX}:deadletter", {delivery_id: time.time()})
            else:
                due = _schedule(cfg, delivery_id, n, _next_delay(cfg, n, outcome.get("retry_after")))
                d["status"] = "retrying"
                d["next_attempt_at"] = outcome["next_attempt_at"] = _iso(due)
                _save_delivery(r, cfg, d)
                return outcome
        _save_delivery(r, cfg, d)
        return outcome
    finally:
        try:
            lock.release()
        except Exception:  # expired: nothing to release
            pass


def _secrets_for(r: redis.Redis, cfg: Settings, d: dict[str, Any]) -> list[str] | None:
    if d["endpoint_id"]:
        ep = EndpointStore(r, cfg).get(d["endpoint_id"])
        if ep is None or ep["disabled"]:
            return None
        return EndpointStore(r, cfg).live_secrets(ep)
    owner = _owner_of(r, cfg, d)
    return [KeyStore(r, cfg).signing_secret(owner)] if owner else None


def _owner_of(r: redis.Redis, cfg: Settings, d: dict[str, Any]) -> str | None:
    store = JobStore(r, cfg)
    if d.get("job_id"):
        rec = store.get(d["job_id"])
        return rec["owner"] if rec else None
    if d.get("batch_id"):
        b = store.get_batch(d["batch_id"])
        return b["owner"] if b else None
    return None


def _disable_endpoint(r: redis.Redis, cfg: Settings, endpoint_id: str, reason: str) -> None:
    store = EndpointStore(r, cfg)
    ep = store.get(endpoint_id)
    if ep is not None:
        ep["disabled"], ep["disabled_reason"] = True, reason
        store.save(ep)


def _next_delay(cfg: Settings, attempts_made: int, retry_after: float | None) -> float:
    base = cfg.webhook_schedule[attempts_made]
    jittered = base * random.uniform(0.9, 1.1)
    if retry_after is not None:
        return max(jittered, min(retry_after, 24 * 3600))
    return jittered


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def send(url: str, msg_id: str, body: bytes | str, secrets_: list[str], cfg: Settings) -> dict[str, Any]:
    """POST one signed event to a vetted address. Never follows redirects; reads at most 64 KB."""
    if isinstance(body, str):
        body = body.encode()
    t0 = time.perf_counter()
    try:
        target = vet_url(url, cfg)
    except UnsafeURL as exc:
        return {"ok": False, "status_code": None, "error": f"refused: {exc}", "permanent": False, "duration_ms": 0}
    ts = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "attrib-webhooks/1",
        "webhook-id": msg_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": sign(secrets_, msg_id, ts, body),
        "host": target.host_header,
    }
    timeout = urllib3.Timeout(total=cfg.webhook_timeout)
    try:
        if target.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                target.ip,
                port=target.port,
                timeout=timeout,
                retries=False,
                maxsize=1,
                server_hostname=target.hostname,
                assert_hostname=target.hostname,
                cert_reqs="CERT_REQUIRED",
            )
        else:
            pool = urllib3.HTTPConnectionPool(target.ip, port=target.port, timeout=timeout, retries=False, maxsize=1)
        with pool:
            resp = pool.urlopen(
                "POST", target.path, body=body, headers=headers, redirect=False, preload_content=False, retries=False
            )
            excerpt = resp.read(BODY_CAP, decode_content=False)[:512]
            resp.release_conn()
    except Exception as exc:  # network errors are outcomes, recorded and retried
        return {
            "ok": False,
            "status_code": None,
            "error": f"{type(exc).__name__}: {exc}"[:300],
            "duration_ms": round((time.perf_counter() - t0) * 1000, 1),
        }
    code = resp.status
    return {
        "ok": 200 <= code < 300,
        "status_code": code,
        "error": None if 200 <= code < 300 else f"HTTP {code}",
        "response_excerpt": excerpt.decode("utf-8", "replace")[:200],
        "retry_after": _retry_after(resp.headers.get("retry-after")),
        "duration_ms": round((time.perf_counter() - t0) * 1000, 1),
    }
