"""attrib HTTP API: validate, authenticate, enqueue, present. Flask app factory."""

from __future__ import annotations

import re
import uuid

import redis
from flask import Flask, Response, g, request

from workers.connect import connect
from workers.settings import Settings

from . import metrics, problems, ratelimit

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
    r = redis_client or connect(cfg.redis_url, socket_connect_timeout=2, socket_timeout=40, health_check_interval=30)
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
    ratelimit.init_app(app, cfg.rate_limit)

    from . import batches, desk, health, jobs, webhooks

    app.register_blueprint(health.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(jobs.bp)
    app.register_blueprint(batches.bp)
    app.register_blueprint(webhooks.bp)
    return app
