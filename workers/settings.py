"""Settings shared by the API and the workers, read from the environment once."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .connect import sentinel_url_from_env

DEFAULT_WEBHOOK_SCHEDULE = (0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _floats(name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return tuple(float(x) for x in raw.split(",") if x.strip())


@dataclass(frozen=True)
class Settings:
    redis_url: str = "redis://127.0.0.1:6379/0"
    retention_seconds: int = 7 * 24 * 3600  # job records and results
    job_timeout: int = 300
    job_retries: int = 3
    max_body_bytes: int = 5 * 1024 * 1024
    max_batch: int = 100
    rate_limit: str = "600/minute"
    allow_anonymous: bool = False
    secret_key: bytes = b""
    # a killed worker's job runs again within about monitoring + grace + maintenance
    # (25 s); a running job's heartbeat thread beats every monitoring interval, so a long
    # job is never taken for abandoned
    heartbeat_grace: int = 10  # seconds after a missed beat before the job counts as abandoned
    monitoring_interval: int = 5
    maintenance_interval: int = 10
    webhook_schedule: tuple[float, ...] = DEFAULT_WEBHOOK_SCHEDULE
    webhook_timeout: float = 10.0
    webhook_allow: tuple[str, ...] = field(default_factory=tuple)
    webhook_allow_http: bool = False
    webhook_inline_limit: int = 256 * 1024
    public_url: str = ""
    # with a replica: a submission is acknowledged only once this many replicas hold it
    # (Redis WAIT, bounded by redis_wait_ms); else 503, the job possibly still running
    redis_wait_replicas: int = 0
    redis_wait_ms: int = 1000
    api_bind: str = "127.0.0.1:8000"  # gunicorn's ATTRIB_BIND: webhooks may never call it

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            redis_url=os.environ.get("REDIS_URL") or sentinel_url_from_env() or cls.redis_url,
            retention_seconds=_int("ATTRIB_RETENTION_SECONDS", cls.retention_seconds),
            job_timeout=_int("ATTRIB_JOB_TIMEOUT", cls.job_timeout),
            job_retries=_int("ATTRIB_JOB_RETRIES", cls.job_retries),
            max_body_bytes=_int("ATTRIB_MAX_BODY_BYTES", cls.max_body_bytes),
            max_batch=_int("ATTRIB_MAX_BATCH", cls.max_batch),
            rate_limit=os.environ.get("ATTRIB_RATE_LIMIT", cls.rate_limit),
            allow_anonymous=os.environ.get("ATTRIB_ALLOW_ANONYMOUS", "") == "1",
            secret_key=_secret_key(),
            heartbeat_grace=_int("ATTRIB_HEARTBEAT_GRACE", cls.heartbeat_grace),
            monitoring_interval=_int("ATTRIB_MONITORING_INTERVAL", cls.monitoring_interval),
            maintenance_interval=_int("ATTRIB_MAINTENANCE_INTERVAL", cls.maintenance_interval),
            webhook_schedule=_floats("ATTRIB_WEBHOOK_SCHEDULE", DEFAULT_WEBHOOK_SCHEDULE),
            webhook_timeout=float(os.environ.get("ATTRIB_WEBHOOK_TIMEOUT", cls.webhook_timeout)),
            webhook_allow=tuple(x.strip() for x in os.environ.get("ATTRIB_WEBHOOK_ALLOW", "").split(",") if x.strip()),
            webhook_allow_http=os.environ.get("ATTRIB_WEBHOOK_ALLOW_HTTP", "") == "1",
            public_url=os.environ.get("ATTRIB_PUBLIC_URL", "").rstrip("/"),
            api_bind=os.environ.get("ATTRIB_BIND", cls.api_bind),
            redis_wait_replicas=_int("ATTRIB_REDIS_WAIT_REPLICAS", cls.redis_wait_replicas),
            redis_wait_ms=_int("ATTRIB_REDIS_WAIT_MS", cls.redis_wait_ms),
        )


def _secret_key() -> bytes:
    """The server secret that derives signing secrets; never stored in Redis.

    ATTRIB_SECRET_KEY, else a file (ATTRIB_SECRET_FILE, default .attrib/secret.key)
    created on first use with 32 random bytes.
    """
    raw = os.environ.get("ATTRIB_SECRET_KEY")
    if raw:
        return raw.encode()
    path = Path(os.environ.get("ATTRIB_SECRET_FILE", ".attrib/secret.key"))
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


@cache
def settings() -> Settings:
    return Settings.from_env()
