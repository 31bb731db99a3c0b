"""/v1/webhooks: endpoints registered per API key; /v1/deliveries: send one again."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify

from workers.webhooks import EndpointStore, get_delivery, redeliver

from .auth import require_key
from .jobs import base_url, delivery_resource, owned_job, read_json, redis_conn, store
from .problems import Problem
from .schemas import WEBHOOK_CREATE, WEBHOOK_PATCH

bp = Blueprint("webhooks", __name__)


def endpoints() -> EndpointStore:
    return EndpointStore(redis_conn(), current_app.config["ATTRIB_SETTINGS"])


def owned_endpoint(endpoint_id: str) -> dict[str, Any]:
    rec = endpoints().get(endpoint_id) if len(endpoint_id) <= 64 else None
    if rec is None or rec["owner"] != g.owner:
        raise Problem(404, f"No webhook endpoint {endpoint_id!r}.")
    return rec


def endpoint_resource(rec: dict[str, Any], secret: str | None = None) -> dict[str, Any]:
    out = {
        "id": rec["id"],
        "url": rec["url"],
        "events": rec["events"],
        "description": rec["description"],
        "created_at": rec["created_at"],
        "disabled": rec["disabled"],
        "disabled_reason": rec.get("disabled_reason"),
        "links": {"self": f"{base_url()}/v1/webhooks/{rec['id']}"},
    }
    if secret is not None:
        out["secret"] = secret
    return out


@bp.post("/v1/webhooks")
@require_key
def create_endpoint() -> Response:
    data = WEBHOOK_CREATE.load(read_json())
    store_ = endpoints()
    rec = store_.create(g.owner, data["url"], sorted(set(data["events"])), data["description"])
    resp = jsonify(endpoint_resource(rec, store_.secret(rec)))
    resp.status_code = 201
    resp.headers["Location"] = f"{base_url()}/v1/webhooks/{rec['id']}"
    return resp


@bp.get("/v1/webhooks")
@require_key
def list_endpoints() -> Response:
    return jsonify({"data": [endpoint_resource(r) for r in endpoints().for_owner(g.owner)]})


@bp.get("/v1/webhooks/<endpoint_id>")
@require_key
def get_endpoint(endpoint_id: str) -> Response:
    return jsonify(endpoint_resource(owned_endpoint(endpoint_id)))


@bp.patch("/v1/webhooks/<endpoint_id>")
@require_key
def patch_endpoint(endpoint_id: str) -> Response:
    rec = owned_endpoint(endpoint_id)
    data = WEBHOOK_PATCH.load(read_json())
    if "events" in data:
        data["events"] = sorted(set(data["events"]))
    rec.update(data)
    if data.get("disabled") is False:
        rec["disabled_reason"] = None
    endpoints().save(rec)
    return jsonify(endpoint_resource(rec))


@bp.delete("/v1/webhooks/<endpoint_id>")
@require_key
def delete_endpoint(endpoint_id: str) -> Response:
    endpoints().delete(owned_endpoint(endpoint_id))
    return Response(status=204)


@bp.post("/v1/webhooks/<endpoint_id>/rotate")
@require_key
def rotate_endpoint(endpoint_id: str) -> Response:
    store_ = endpoints()
    rec = store_.rotate(owned_endpoint(endpoint_id))
    out = endpoint_resource(rec, store_.secret(rec))
    out["previous_secret_expires_in"] = 24 * 3600
    return jsonify(out)


@bp.post("/v1/deliveries/<delivery_id>/redeliver")
@require_key
def redeliver_one(delivery_id: str) -> Response:
    r = redis_conn()
    d = get_delivery(r, delivery_id) if len(delivery_id) <= 64 else None
    owner = None
    if d is not None and d.get("job_id"):
        rec = store().get(d["job_id"])
        owner = rec["owner"] if rec else None
    elif d is not None and d.get("batch_id"):
        b = store().get_batch(d["batch_id"])
        owner = b["owner"] if b else None
    if d is None or owner != g.owner:
        raise Problem(404, f"No delivery {delivery_id!r}.")
    d = redeliver(r, delivery_id)
    resp = jsonify(delivery_resource(d, base_url()))
    resp.status_code = 202
    return resp


__all__ = ["bp", "owned_job"]
