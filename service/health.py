"""/healthz, /readyz, /metrics, /openapi.yaml — no authentication."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify
from rq import Worker

from workers.queues import ATTRIBUTION_QUEUE

from . import metrics
from .problems import problem_response

bp = Blueprint("health", __name__)
SPEC = Path(os.environ.get("ATTRIB_OPENAPI_PATH") or Path(__file__).resolve().parent.parent / "openapi.yaml")


@bp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz() -> Response:
    r = current_app.extensions["attrib_redis"]
    try:
        r.ping()
        workers = [w for w in Worker.all(connection=r) if ATTRIBUTION_QUEUE in w.queue_names()]
    except Exception as exc:  # any Redis failure means not ready
        return problem_response(
            503, f"Redis does not answer: {type(exc).__name__}", slug="not-ready", headers={"Retry-After": "5"}
        )
    if not workers:
        return problem_response(503, "No attribution worker is alive.", slug="not-ready", headers={"Retry-After": "5"})
    return jsonify({"status": "ready", "redis": "ok", "workers": len(workers)})


@bp.get("/metrics")
def prometheus() -> Response:
    return metrics.render(current_app)


@bp.get("/openapi.yaml")
def openapi() -> Response:
    return Response(SPEC.read_text(encoding="utf-8"), mimetype="application/yaml")
