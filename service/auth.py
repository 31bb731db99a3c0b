"""Bearer-token authentication against hashed API keys."""

from __future__ import annotations

import hashlib
import threading
import time
from functools import wraps
from typing import Any

from flask import current_app, g, request

from workers.keys import KeyStore

from .problems import Problem

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
    record = _cached_key(token, cfg)
    if record is None:
        raise Problem(
            401,
            "The API key is not valid.",
            headers={"WWW-Authenticate": 'Bearer realm="attrib", error="invalid_token"'},
        )
    return record["id"]


_KEY_CACHE: dict[str, tuple[float, dict[str, Any]]] = {}
_KEY_CACHE_LOCK = threading.Lock()
KEY_CACHE_SECONDS = 30.0  # a revoked key stops working within this time
KEY_CACHE_SIZE = 4096


def _cached_key(token: str, cfg: Any) -> dict[str, Any] | None:
    """Valid keys are remembered per process for a short while: one Redis round trip saved
    on nearly every request. Unknown keys are never cached."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    now = time.monotonic()
    hit = _KEY_CACHE.get(digest)
    if hit is not None and hit[0] > now:
        return hit[1]
    record = KeyStore(current_app.extensions["attrib_redis"], cfg).authenticate(token)
    if record is not None:
        with _KEY_CACHE_LOCK:
            if len(_KEY_CACHE) >= KEY_CACHE_SIZE:
                _KEY_CACHE.clear()
            _KEY_CACHE[digest] = (now + KEY_CACHE_SECONDS, record)
    return record


def require_key(view: Any) -> Any:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.owner = authenticate()
        return view(*args, **kwargs)

    return wrapper
