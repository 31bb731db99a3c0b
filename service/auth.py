"""Bearer-token authentication against hashed API keys."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from functools import wraps
from typing import Any

import redis
from flask import current_app, g, request

from workers.keys import REVOKED_CHANNEL, KeyStore

from .problems import Problem

log = logging.getLogger(__name__)

ANONYMOUS = "anonymous"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def rate_limit_key() -> str:
    """Limits are per API key; the token's hash needs no Redis look-up."""
    token = bearer_token()
    if token:
        return "key:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return "ip:" + (request.remote_addr or "?")


def authenticate() -> str:
    """The caller's key id (the owner of what it creates), or a 401 problem."""
    token = bearer_token()
    cfg = current_app.config["ATTRIB_SETTINGS"]
    if token is None:
        if cfg.allow_anonymous:
            return ANONYMOUS
        raise Problem(
            401,
            "Send an API key as 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": 'Bearer realm="attrib"'},
        )
    record = _KEYS.lookup(token, cfg)
    if record is None:
        raise Problem(
            401,
            "The API key is not valid.",
            headers={"WWW-Authenticate": 'Bearer realm="attrib", error="invalid_token"'},
        )
    return record["id"]


KEY_CACHE_SECONDS = 30.0  # an upper bound; revocations arrive over pub/sub at once
KEY_CACHE_SIZE = 4096


class KeyCache:
    """Valid keys remembered per process: one Redis round trip saved on nearly every request.

    The cache is trusted only while this process is subscribed to the revocation channel
    (KeyStore.revoke publishes there), so a revoked key stops working in every API process
    as soon as the message arrives; while the subscription is down, every request asks
    Redis. Unknown keys are never cached. Made per process (gunicorn forks before the
    first request), its listener a daemon thread started on first use.
    """

    def __init__(self) -> None:
        self.entries: dict[str, tuple[float, dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.live = threading.Event()
        self.pid: int | None = None

    def lookup(self, token: str, cfg: Any) -> dict[str, Any] | None:
        r = current_app.extensions["attrib_redis"]
        if self.pid != os.getpid():
            self._start(r)
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        hit = self.entries.get(digest)
        if hit is not None and hit[0] > now and self.live.is_set():
            return hit[1]
        record = KeyStore(r, cfg).authenticate(token)
        if record is not None and self.live.is_set():
            with self.lock:
                if len(self.entries) >= KEY_CACHE_SIZE:
                    self.entries.clear()
                self.entries[digest] = (now + KEY_CACHE_SECONDS, record)
        return record

    def _start(self, r: redis.Redis) -> None:
        with self.lock:
            if self.pid == os.getpid():
                return
            self.pid = os.getpid()
            self.entries.clear()
            self.live.clear()
        threading.Thread(target=self._listen, args=(r,), name="key-revocations", daemon=True).start()

    def _listen(self, r: redis.Redis) -> None:
        backoff = 0.5
        while True:
            pubsub = r.pubsub()
            try:
                pubsub.subscribe(REVOKED_CHANNEL)
                while True:
                    msg = pubsub.get_message(timeout=5.0)
                    if msg is None:
                        continue
                    if msg["type"] == "subscribe":
                        backoff = 0.5
                        self.live.set()
                    elif msg["type"] == "message":
                        with self.lock:
                            self.entries.pop(msg["data"].decode(), None)
            except Exception:  # Redis away: stop trusting the cache until subscribed again
                log.warning("key revocation listener lost Redis; retrying in %.1f s", backoff)
            finally:
                self.live.clear()
                with self.lock:
                    self.entries.clear()
                try:
                    pubsub.close()
                except Exception:
                    pass
            time.sleep(backoff)
            backoff = min(backoff * 2, 10.0)


_KEYS = KeyCache()


def require_key(view: Any) -> Any:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.owner = authenticate()
        return view(*args, **kwargs)

    return wrapper
