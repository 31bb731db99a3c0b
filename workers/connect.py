"""Connect to Redis by URL — one Redis, or the master a set of Sentinels names.

    redis://[:password@]host:port/db           rediss://…, unix://… as redis-py reads them
    redis+sentinel://[:password@]host:port[,host:port…]/master_name[/db]

or, instead of a URL, REDIS_SENTINELS=host:port,host:port with REDIS_SENTINEL_MASTER
(default `mymaster`). Behind Sentinel every connection asks the sentinels for the current
master, so after a failover the API, the workers, the scheduler and `attrib keys` follow
the promoted replica without a restart. The password, if any, is the data nodes'; the
sentinels are asked without one.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import unquote

import redis
from redis.sentinel import Sentinel

SENTINEL_SCHEMES = ("redis+sentinel", "sentinel")


def sentinel_url_from_env() -> str | None:
    hosts = os.environ.get("REDIS_SENTINELS", "").strip()
    if not hosts:
        return None
    return f"redis+sentinel://{hosts}/{os.environ.get('REDIS_SENTINEL_MASTER', 'mymaster')}/0"


def parse_sentinel_url(url: str) -> tuple[list[tuple[str, int]], str, int, str | None]:
    """(sentinels, master name, db, password) of a redis+sentinel:// URL."""
    scheme, _, rest = url.partition("://")
    if scheme not in SENTINEL_SCHEMES:
        raise ValueError(f"not a sentinel URL: {url!r}")
    netloc, _, path = rest.partition("/")
    password = None
    if "@" in netloc:
        auth, _, netloc = netloc.rpartition("@")
        password = unquote(auth.partition(":")[2] or auth) or None
    sentinels = []
    for host in filter(None, (h.strip() for h in netloc.split(","))):
        if host.startswith("["):  # [ipv6]:port
            name, _, port = host[1:].partition("]")
            port = port.lstrip(":") or "26379"
        elif host.count(":") == 1:
            name, port = host.split(":")
        else:
            name, port = host, "26379"
        sentinels.append((name, int(port)))
    parts = [p for p in path.split("/") if p]
    if not sentinels or not parts:
        raise ValueError("a sentinel URL names its sentinels and the master: redis+sentinel://h:26379/mymaster")
    return sentinels, parts[0], int(parts[1]) if len(parts) > 1 else 0, password


def connect(url: str, **kwargs: Any) -> redis.Redis:
    """A client for `url`; for a sentinel URL, one that always talks to the current master."""
    if url.partition("://")[0] not in SENTINEL_SCHEMES:
        return redis.Redis.from_url(url, **kwargs)
    sentinels, master, db, password = parse_sentinel_url(url)
    timeout = kwargs.get("socket_connect_timeout", 2)
    sentinel = Sentinel(sentinels, socket_timeout=timeout, socket_connect_timeout=timeout)
    return sentinel.master_for(master, redis_class=redis.Redis, db=db, password=password, **kwargs)
