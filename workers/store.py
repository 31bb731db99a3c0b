"""The service's own records in Redis: jobs, batches, idempotency keys.

RQ runs the work; these records are what clients see. They outlive RQ's job
hashes (kept for the configured retention, 7 days by default) and are
updated atomically with optimistic transactions.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import redis

from .settings import Settings

PREFIX = "attrib"
TERMINAL = frozenset({"succeeded", "failed", "canceled"})
IDEM_STALE_SECONDS = 10.0  # a reservation without its job after this long belongs to a request that died


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def job_key(job_id: str) -> str:
    return f"{PREFIX}:job:{job_id}"


def job_channel(job_id: str) -> str:
    return f"{PREFIX}:job-events:{job_id}"


COMPRESSED = b"z"  # first byte of a zlib-compressed record; plain JSON records start with "{"


def dump_record(record: dict[str, Any]) -> bytes:
    """A job record as stored: compact JSON, zlib-compressed (a seed article's result is
    11 kB as JSON and under 3 kB compressed; records are most of Redis's memory)."""
    return COMPRESSED + zlib.compress(json.dumps(record, separators=(",", ":")).encode("utf-8"), 6)


def load_record(raw: bytes) -> dict[str, Any]:
    if raw[:1] == COMPRESSED:
        raw = zlib.decompress(raw[1:])
    return json.loads(raw)


class Conflict(Exception):
    """The record is not in a state that allows the change."""


class JobStore:
    def __init__(self, r: redis.Redis, settings: Settings) -> None:
        self.r = r
        self.settings = settings

    # -- jobs --------------------------------------------------------------
    def create(
        self,
        owner: str,
        request: dict[str, Any],
        *,
        batch_id: str | None = None,
        pipe: Any = None,
        job_id: str | None = None,
    ) -> dict[str, Any]:
        job_id = job_id or request.get("job_id") or new_id("job")
        record = {
            "id": job_id,
            "owner": owner,
            "status": "queued",
            "created_at": now_iso(),
            "started_at": None,
            "finished_at": None,
            "attempts": 0,
            "metadata": request.get("metadata") or {},
            "batch_id": batch_id,
            "callback_url": request.get("callback_url"),
            "base_url": request.get("base_url"),
            "request": {k: request.get(k) for k in ("text", "title", "url", "published_at", "keep_text")},
            "result": None,
            "error": None,
            "version": 1,
        }
        p = pipe if pipe is not None else self.r.pipeline()
        p.set(job_key(job_id), dump_record(record), ex=self.settings.retention_seconds)
        p.zadd(f"{PREFIX}:jobs:{owner}", {job_id: time.time()})
        p.expire(f"{PREFIX}:jobs:{owner}", self.settings.retention_seconds)
        if pipe is None:
            p.execute()
        return record

    def get(self, job_id: str) -> dict[str, Any] | None:
        raw = self.r.get(job_key(job_id))
        return load_record(raw) if raw else None

    def get_many(self, job_ids: list[str]) -> list[dict[str, Any] | None]:
        if not job_ids:
            return []
        return [load_record(x) if x else None for x in self.r.mget([job_key(j) for j in job_ids])]

    def update(
        self,
        job_id: str,
        change: Callable[[dict[str, Any]], dict[str, Any] | None],
        also: Callable[[Any, dict[str, Any]], None] | None = None,
    ) -> dict[str, Any]:
        """Apply `change` to the record atomically (WATCH/MULTI). `change` may raise Conflict.
        `also(pipeline, new_record)` may add commands to the same MULTI (one round trip)."""
        key = job_key(job_id)
        with self.r.pipeline() as p:
            while True:
                try:
                    p.watch(key)
                    raw = p.get(key)
                    if raw is None:
                        raise KeyError(job_id)
                    record = load_record(raw)
                    new = change(dict(record))
                    if new is None:
                        p.unwatch()
                        return record
                    new["version"] = record.get("version", 0) + 1
                    p.multi()
                    p.set(key, dump_record(new), ex=self.settings.retention_seconds)
                    if new["status"] != record["status"] or new["status"] in TERMINAL:
                        p.publish(job_channel(job_id), new["status"])
                    if also is not None:
                        also(p, new)
                    p.execute()
                    return new
                except redis.WatchError:
                    continue

    def list_for(
        self, owner: str, *, status: str | None, limit: int, cursor: str | None
    ) -> tuple[list[dict[str, Any]], str | None]:
        """The owner's jobs, newest first. The cursor is the score and id of the last one seen."""
        key = f"{PREFIX}:jobs:{owner}"
        max_score: str = "+inf"
        after_id = None
        if cursor:
            score, _, after_id = cursor.partition(":")
            max_score = score
        out: list[dict[str, Any]] = []
        offset = 0
        while len(out) < limit:
            rows = self.r.zrevrangebyscore(key, max_score, "-inf", start=offset, num=limit * 2 + 1, withscores=True)
            if not rows:
                break
            offset += len(rows)
            ids = [r[0].decode() if isinstance(r[0], bytes) else r[0] for r in rows]
            skipping = after_id is not None
            for (jid, score), rec in zip(zip(ids, (r[1] for r in rows), strict=True), self.get_many(ids), strict=True):
                if skipping:
                    if jid == after_id:
                        skipping = False
                    continue
                if rec is None or (status and rec["status"] != status):
                    continue
                out.append(rec)
                if len(out) == limit:
                    return out, f"{score!r}:{jid}"
            if after_id is not None and skipping:
                after_id = None  # the cursor's job has expired: carry on from its score
        return out, None

    # -- batches -----------------------------------------------------------
    def create_batch(
        self,
        owner: str,
        requests: list[dict[str, Any]],
        *,
        callback_url: str | None,
        metadata: dict[str, Any],
        pipe: Any = None,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        batch_id = new_id("bat")
        p = pipe if pipe is not None else self.r.pipeline()
        jobs = [self.create(owner, req, batch_id=batch_id, pipe=p) for req in requests]
        batch = {
            "id": batch_id,
            "owner": owner,
            "created_at": now_iso(),
            "job_ids": [j["id"] for j in jobs],
            "callback_url": callback_url,
            "metadata": metadata,
        }
        p.set(f"{PREFIX}:batch:{batch_id}", json.dumps(batch), ex=self.settings.retention_seconds)
        if pipe is None:
            p.execute()
        return batch, jobs

    def get_batch(self, batch_id: str) -> dict[str, Any] | None:
        raw = self.r.get(f"{PREFIX}:batch:{batch_id}")
        return json.loads(raw) if raw else None

    # -- idempotency -------------------------------------------------------
    def idempotent(self, owner: str, key: str, fingerprint: str, job_id: str) -> tuple[str, bool]:
        """Remember key -> job for 24 h. Returns (job id, created now); raises Conflict on another body."""
        rkey = self._idem_key(owner, key)
        value = json.dumps({"fingerprint": fingerprint, "job_id": job_id, "at": time.time()})
        if self.r.set(rkey, value, nx=True, ex=24 * 3600):
            return job_id, True
        stored = json.loads(self.r.get(rkey) or value)
        if stored["fingerprint"] != fingerprint:
            raise Conflict("Idempotency-Key was used with another request body")
        return stored["job_id"], False

    def reclaim_idempotent(self, owner: str, key: str, job_id: str, stale_after: float = IDEM_STALE_SECONDS) -> bool:
        """True for one caller once a reservation whose job was never written is older than
        any request can take: that caller writes the job under the reserved id."""
        raw = self.r.get(self._idem_key(owner, key))
        if raw is None or time.time() - json.loads(raw).get("at", 0) < stale_after:
            return False
        return bool(self.r.set(f"{self._idem_key(owner, key)}:reclaimed:{job_id}", "1", nx=True, ex=60))

    def forget_idempotent(self, owner: str, key: str) -> None:
        self.r.delete(self._idem_key(owner, key))

    @staticmethod
    def _idem_key(owner: str, key: str) -> str:
        return f"{PREFIX}:idem:{owner}:{hashlib.sha256(key.encode()).hexdigest()}"
