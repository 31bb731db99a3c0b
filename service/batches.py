"""/v1/batches: up to 100 articles in one call, one job each."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify

from workers.queues import enqueue_attributions
from workers.resource import batch_resource
from workers.store import new_id

from .auth import require_key
from .jobs import base_url, read_json, redis_conn, store
from .problems import Problem
from .ratelimit import charged_with_writes, run_within_limit
from .schemas import BATCH_CREATE

bp = Blueprint("batches", __name__)


@bp.post("/v1/batches")
@charged_with_writes
@require_key
def create_batch() -> Response:
    data = BATCH_CREATE.load(read_json())
    base = base_url()
    requests_ = []
    for art in data["articles"]:
        if art.get("published_at") is not None:
            art["published_at"] = art["published_at"].isoformat()
        art["callback_url"] = None  # the batch's callback hears batch.completed
        art["base_url"] = base
        requests_.append(art)
    js = store()
    job_ids = [new_id("job") for _ in requests_]
    for job_id, req in zip(job_ids, requests_, strict=True):
        req["job_id"] = job_id
    # every RQ job, record and the batch in one atomic write, with the rate-limit check
    p = redis_conn().pipeline()
    enqueue_attributions(job_ids, current_app.config["ATTRIB_SETTINGS"], redis_conn(), pipeline=p)
    batch, jobs = js.create_batch(
        g.owner, requests_, callback_url=data["callback_url"], metadata=data["metadata"], pipe=p
    )
    run_within_limit(p)
    resp = jsonify(batch_resource(batch, jobs, base))
    resp.status_code = 202
    resp.headers["Location"] = f"{base}/v1/batches/{batch['id']}"
    resp.headers["Retry-After"] = "2"
    return resp


@bp.get("/v1/batches/<batch_id>")
@require_key
def get_batch(batch_id: str) -> Response:
    js = store()
    batch = js.get_batch(batch_id) if len(batch_id) <= 64 else None
    if batch is None or batch["owner"] != g.owner:
        raise Problem(404, f"No batch {batch_id!r}.")
    resource = batch_resource(batch, js.get_many(batch["job_ids"]), base_url())
    resp = jsonify(resource)
    if not resource["completed"]:
        resp.headers["Retry-After"] = "2"
    return resp
