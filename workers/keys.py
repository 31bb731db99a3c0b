"""API keys: stored as SHA-256 hashes; the key itself is shown once, at creation.

Signing secrets are never stored: each is derived from the server secret
(ATTRIB_SECRET_KEY, kept outside Redis) and the record's id and generation,
so a Redis dump alone cannot forge a signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

import redis

from .settings import Settings
from .store import PREFIX, new_id, now_iso

KEY_PREFIX = "atk_"
REVOKED_CHANNEL = f"{PREFIX}:keys:revoked"  # API processes drop a revoked key's cache entry


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def derive_secret(server_secret: bytes, purpose: str, ident: str, generation: int) -> str:
    """A Standard Webhooks secret (`whsec_` + base64 of 32 bytes) derived, not stored."""
    raw = hmac.new(server_secret, f"{purpose}:{ident}:{generation}".encode(), hashlib.sha256).digest()
    return "whsec_" + base64.b64encode(raw).decode()


class KeyStore:
    def __init__(self, r: redis.Redis, settings: Settings) -> None:
        self.r = r
        self.settings = settings

    def create(self, name: str) -> tuple[dict[str, Any], str]:
        api_key = KEY_PREFIX + secrets.token_urlsafe(32)
        record = {"id": new_id("key"), "name": name, "created_at": now_iso(), "hash": hash_key(api_key)}
        p = self.r.pipeline()
        p.set(f"{PREFIX}:apikey:{record['hash']}", json.dumps(record))
        p.hset(f"{PREFIX}:apikeys", record["id"], json.dumps(record))
        p.execute()
        return record, api_key

    def authenticate(self, api_key: str) -> dict[str, Any] | None:
        if not api_key.startswith(KEY_PREFIX) or len(api_key) > 200:
            return None
        raw = self.r.get(f"{PREFIX}:apikey:{hash_key(api_key)}")
        return json.loads(raw) if raw else None

    def get(self, key_id: str) -> dict[str, Any] | None:
        raw = self.r.hget(f"{PREFIX}:apikeys", key_id)
        return json.loads(raw) if raw else None

    def list(self) -> list[dict[str, Any]]:
        return [json.loads(v) for v in self.r.hvals(f"{PREFIX}:apikeys")]

    def revoke(self, key_id: str) -> bool:
        rec = self.get(key_id)
        if rec is None:
            return False
        p = self.r.pipeline()
        p.delete(f"{PREFIX}:apikey:{rec['hash']}")
        p.hdel(f"{PREFIX}:apikeys", key_id)
        p.publish(REVOKED_CHANNEL, rec["hash"])
        p.execute()
        return True

    def signing_secret(self, key_id: str) -> str:
        """The secret that signs per-job `callback_url` deliveries for this key."""
        return derive_secret(self.settings.secret_key, "apikey", key_id, 0)
