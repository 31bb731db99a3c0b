"""Per-key rate limits in Redis: a sliding-window counter, one Lua call per request.

The count in the current fixed window plus the previous window's count weighted by how
much of it still overlaps the sliding window (the approximation Cloudflare and `limits`
use). The check and the increment are one script, so concurrent API processes never
both take the last slot.

A view that writes (a submission) marks itself `@charged_with_writes` and hands its
queued pipeline to `run_within_limit`: the same script then runs those commands only
if the caller is within the limit. One round trip instead of two, atomic like
MULTI/EXEC, and a refused submission writes nothing.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import redis
from flask import Flask, Response, current_app, g, request
from redis.client import Pipeline

from . import problems
from .auth import rate_limit_key

log = logging.getLogger(__name__)

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
SPEC = re.compile(r"^\s*(\d+)\s*(?:/|per)\s*(\d*)\s*(second|minute|hour|day)s?\s*$", re.I)
EXEMPT = frozenset({"/healthz", "/readyz", "/metrics", "/"})

# KEYS: current window, previous window. ARGV: limit, period (s), seconds into the window,
# then any commands to run when allowed, each as its argument count and its arguments.
# Returns {allowed (0/1), remaining, seconds until a slot frees}.
SLIDING_WINDOW = """
local limit, period, into = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local weight = (period - into) / period
local used = previous * weight + current
if used + 1 > limit then
  local wait = period - into
  if current < limit and previous > 0 then
    -- the previous window's share shrinks linearly: find when one slot frees
    local need = (previous * weight + current + 1 - limit) * period / previous
    if need < wait then wait = need end
  end
  return {0, 0, math.ceil(wait)}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('EXPIRE', KEYS[1], period * 2) end
local i = 4
while i <= #ARGV do
  local argc = tonumber(ARGV[i])
  redis.call(unpack(ARGV, i + 1, i + argc))
  i = i + argc + 1
end
return {1, math.max(math.floor(limit - previous * weight - current), 0), math.ceil(period - into)}
"""


class Limit(NamedTuple):
    amount: int
    period: int

    @classmethod
    def parse(cls, spec: str) -> Limit:
        """'600/minute', '10 per second', '1000/5 minutes'."""
        m = SPEC.match(spec)
        if not m or int(m.group(1)) < 1:
            raise ValueError(f"not a rate limit: {spec!r} (try '600/minute')")
        return cls(int(m.group(1)), int(m.group(2) or 1) * PERIODS[m.group(3).lower()])


class Decision(NamedTuple):
    allowed: bool
    remaining: int
    reset: int
    replicas: int | None = None  # replicas that acknowledged the writes, when asked


class RateLimiter:
    def __init__(self, r: redis.Redis, limit: Limit, prefix: str = "attrib:rl") -> None:
        self.limit = limit
        self.prefix = prefix
        self._client = r
        self._script = r.register_script(SLIDING_WINDOW)

    def hit(
        self,
        identity: str,
        writes: Pipeline | None = None,
        now: float | None = None,
        replicas: int = 0,
        replica_wait_ms: int = 0,
    ) -> Decision:
        """Count one request for `identity`; when allowed, also run the commands queued on
        `writes` (which is emptied either way). With `replicas`, WAIT follows the script on
        the same connection (WAIT only counts that connection's writes), and the decision
        says how many replicas acknowledged them."""
        now = time.time() if now is None else now
        period = self.limit.period
        window = int(now // period)
        keys = [f"{self.prefix}:{identity}:{window}", f"{self.prefix}:{identity}:{window - 1}"]
        args: list[Any] = [self.limit.amount, period, now - window * period]
        if writes is not None:
            if writes.watching:
                raise ValueError("a watched pipeline cannot run inside the rate-limit script")
            for command, _options in writes.command_stack:
                args.append(len(command))
                args.extend(command)
            writes.reset()
        if not replicas:
            allowed, remaining, reset = self._script(keys=keys, args=args)
            return Decision(bool(allowed), int(remaining), max(int(reset), 1))
        pipe = self._client.pipeline(transaction=False)
        self._script(keys=keys, args=args, client=pipe)
        pipe.wait(replicas, replica_wait_ms)
        (allowed, remaining, reset), acked = pipe.execute()
        return Decision(bool(allowed), int(remaining), max(int(reset), 1), int(acked))

    def refusal(self, decision: Decision) -> problems.Problem:
        return problems.Problem(
            429,
            f"Rate limit exceeded: {self.limit.amount} per {self.limit.period} seconds.",
            headers={
                "Retry-After": str(decision.reset),
                "RateLimit-Limit": str(self.limit.amount),
                "RateLimit-Remaining": "0",
                "RateLimit-Reset": str(decision.reset),
            },
        )


def charged_with_writes(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that charges the rate limit itself, through `run_within_limit`."""
    view.charged_with_writes = True  # type: ignore[attr-defined]
    return view


def run_within_limit(writes: Pipeline) -> None:
    """Run the queued `writes` if the caller is within its limit; else raise a 429 problem.
    With ATTRIB_REDIS_WAIT_REPLICAS, the writes must also reach that many replicas within
    ATTRIB_REDIS_WAIT_MS, or the answer is 503: nothing is acknowledged that a failover
    could lose."""
    limiter: RateLimiter = current_app.extensions["attrib_limiter"]
    cfg = current_app.config["ATTRIB_SETTINGS"]
    g.rate_limit_pending = False
    decision = limiter.hit(
        rate_limit_key(), writes, replicas=cfg.redis_wait_replicas, replica_wait_ms=cfg.redis_wait_ms
    )
    if not decision.allowed:
        raise limiter.refusal(decision)
    if decision.replicas is not None and decision.replicas < cfg.redis_wait_replicas:
        raise problems.Problem(
            503,
            f"The submission reached {decision.replicas} of {cfg.redis_wait_replicas} Redis replicas in time, so "
            "it is not acknowledged; it may still run. Retry with the same Idempotency-Key.",
            slug="not-replicated",
            headers={"Retry-After": "1"},
        )


def init_app(app: Flask, spec: str) -> RateLimiter:
    limiter = RateLimiter(app.extensions["attrib_redis"], Limit.parse(spec))
    app.extensions["attrib_limiter"] = limiter

    def check() -> Decision | None:
        try:
            return limiter.hit(rate_limit_key())
        except redis.RedisError as exc:  # a limiter outage must not take the API down
            log.warning("rate limit not checked: %s", exc)
            return None

    @app.before_request
    def _limit() -> None:
        if request.path in EXEMPT or request.path.startswith("/static/"):
            return
        if getattr(app.view_functions.get(request.endpoint or ""), "charged_with_writes", False):
            g.rate_limit_pending = True  # the view charges it with its writes
            return
        decision = check()
        if decision is not None and not decision.allowed:
            raise limiter.refusal(decision)

    @app.after_request
    def _charge_unwritten(resp: Response) -> Response:
        # a charged view that ended before its writes (bad input, no key) still counts
        if g.pop("rate_limit_pending", False):
            decision = check()
            if decision is not None and not decision.allowed:
                return problems.from_problem(limiter.refusal(decision))
        return resp

    return limiter
