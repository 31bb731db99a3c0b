"""attrib HTTP API: validate, authenticate, enqueue, present. Flask app factory."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import redis
from flask import Flask, Response, g, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded

from workers.settings import Settings

from . import metrics, problems
from .auth import rate_limit_key

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def create_app(settings: Settings | None = None, redis_client: redis.Redis | None = None) -> Flask:
    from workers.settings import settings as env_settings

    cfg = settings or env_settings()
    app = Flask(__name__, static_folder=None)
    app.config.update(
        ATTRIB_SETTINGS=cfg,
        MAX_CONTENT_LENGTH=cfg.max_body_bytes,
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    r = redis_client or redis.Redis.from_url(
        cfg.redis_url, socket_connect_timeout=2, socket_timeout=40, health_check_interval=30
    )
    app.extensions["attrib_redis"] = r

    @app.before_request
    def _request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex

    @app.after_request
    def _headers(resp: Response) -> Response:
        resp.headers["X-Request-ID"] = g.get("request_id", "")
        resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    problems.register(app)
    metrics.init_app(app)
    _limiter(app, cfg)

    from . import batches, health, jobs, webhooks

    app.register_blueprint(health.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(batches.bp)
    app.register_blueprint(webhooks.bp)
    return app


def _limiter(app: Flask, cfg: Settings) -> Limiter:
    """Per-key limits in Redis. A 429 carries Retry-After and the RateLimit-* figures;
    other responses do not (reading the window costs a Redis round trip per request,
    and Flask-Limiter's own headers would put a window-long Retry-After on every poll)."""
    limiter = Limiter(
        key_func=rate_limit_key,
        app=app,
        default_limits=[cfg.rate_limit],
        storage_uri=cfg.redis_url,
        storage_options={"socket_connect_timeout": 2},
        headers_enabled=False,
        strategy="sliding-window-counter",  # O(1) per request, unlike moving-window
        swallow_errors=True,  # a limiter outage must not take the API down
        default_limits_exempt_when=lambda: request.path in ("/healthz", "/readyz", "/metrics"),
        key_prefix="attrib-rl",
    )

    def _window() -> tuple[int, int, int] | None:
        try:
            cur = limiter.current_limit
        except Exception:  # storage unreachable: no figures to give
            return None
        if cur is None:
            return None
        return cur.limit.amount, max(cur.remaining, 0), max(int(cur.reset_at - time.time()), 0)

    @app.errorhandler(RateLimitExceeded)
    def _limited(exc: RateLimitExceeded) -> Any:
        window = _window()
        headers = {"Retry-After": "1"}
        if window is not None:
            limit, remaining, reset = window
            headers = {
                "Retry-After": str(max(reset, 1)),
                "RateLimit-Limit": str(limit),
                "RateLimit-Remaining": str(remaining),
                "RateLimit-Reset": str(reset),
            }
        return problems.problem_response(429, f"Rate limit exceeded: {exc.description}.", headers=headers)

    app.extensions["attrib_limiter"] = limiter
    return limiter
