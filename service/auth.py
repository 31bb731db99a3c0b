"""Bearer-token authentication against hashed API keys."""

from __future__ import annotations

import hashlib
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
    record = KeyStore(current_app.extensions["attrib_redis"], cfg).authenticate(token)
    if record is None:
        raise Problem(
            401,
            "The API key is not valid.",
            headers={"WWW-Authenticate": 'Bearer realm="attrib", error="invalid_token"'},
        )
    return record["id"]


def require_key(view: Any) -> Any:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.owner = authenticate()
        return view(*args, **kwargs)

    return wrapper
