"""/v1/jobs: submit an article, poll it, list, cancel; and its webhook deliveries."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from workers.outbox import promise_if_ended
from workers.queues import enqueue_attribution, stop_attribution
from workers.resource import job_resource
from workers.store import TERMINAL, Conflict, JobStore, job_key, new_id, now_iso
from workers.webhooks import announce, deliveries_for

from .auth import require_key
from .problems import Problem
from .ratelimit import charged_with_writes, run_within_limit
from .schemas import JOB_CREATE, LIST_JOBS, WAIT
from .waiting import wait_for_end

bp = Blueprint("jobs", __name__)
PREFER_WAIT = re.compile(r"(?:^|[;,\s])wait\s*=\s*(\d+)", re.I)
MAX_WAIT = 30
MAX_JSON_DEPTH = 32  # request bodies; metadata itself allows less (schemas.MAX_METADATA_DEPTH)


def redis_conn():
    return current_app.extensions["attrib_redis"]


def store() -> JobStore:
    return JobStore(redis_conn(), current_app.config["ATTRIB_SETTINGS"])


def base_url() -> str:
    """ATTRIB_PUBLIC_URL, else the scheme and host this request came to."""
    cfg = current_app.config["ATTRIB_SETTINGS"]
    # request.host is validated by werkzeug; host_url would re-parse the whole URL each call
    return cfg.public_url or f"{request.scheme}://{request.host}"


def owned_job(job_id: str) -> dict[str, Any]:
    record = store().get(job_id) if len(job_id) <= 64 else None
    if record is None or record["owner"] != g.owner:
        raise Problem(404, f"No job {job_id!r}.")
    return record


def etag_of(record: dict[str, Any]) -> str:
    return f'W/"{record["id"][-12:]}-{record["version"]}"'


def job_response(
    record: dict[str, Any], status: int, base: str | None = None, *, include_text: bool = False
) -> Response:
    body = job_resource(record, base or base_url())
    if include_text:  # ?include=text: the article as submitted, which the result's offsets index
        body["text"] = (record.get("request") or {}).get("text")
    resp = jsonify(body)
    resp.status_code = status
    resp.headers["ETag"] = etag_of(record)
    if record["status"] not in TERMINAL:
        resp.headers["Retry-After"] = "1"
    return resp


def read_json() -> dict[str, Any]:
    """A JSON object body, or a 400/415/422 problem."""
    if request.mimetype != "application/json":
        raise Problem(415, "Send application/json.")
    return read_article()


def read_body() -> bytes:
    """The whole body, or 413. Werkzeug refuses a Content-Length over the limit, but cuts a
    chunked body at the limit without a word: read those from the server's stream here."""
    if request.content_length is not None or "wsgi.input_terminated" not in request.environ:
        return request.get_data(cache=True)
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    stream, parts, size = request.environ["wsgi.input"], [], 0
    while chunk := stream.read(min(65536, limit + 1 - size)):
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise RequestEntityTooLarge()
    return b"".join(parts)


def read_article() -> dict[str, Any]:
    """The request body as a dict: JSON, or raw UTF-8 text/plain."""
    mimetype = request.mimetype
    raw = read_body()
    if mimetype == "application/json":
        try:
            body = json.loads(raw.decode("utf-8"), parse_constant=_not_json)
        except (UnicodeDecodeError, ValueError) as exc:
            raise Problem(400, f"The body is not valid JSON: {exc}") from exc
        except RecursionError as exc:
            raise Problem(400, f"The body nests deeper than {MAX_JSON_DEPTH} levels.") from exc
        check_json_values(body)
        if not isinstance(body, dict):
            raise Problem(
                422, "The body must be a JSON object.", errors=[{"pointer": "/", "detail": "expected an object"}]
            )
        return body
    if mimetype == "text/plain":
        charset = (request.mimetype_params.get("charset") or "utf-8").lower()
        if charset not in ("utf-8", "utf8", "us-ascii"):
            raise Problem(415, "text/plain bodies must be UTF-8.")
        try:
            return {"text": raw.decode("utf-8")}
        except UnicodeDecodeError as exc:
            raise Problem(400, "The body is not valid UTF-8.") from exc
    raise Problem(415, "Send application/json or text/plain; charset=utf-8.")


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def check_json_values(body: Any) -> None:
    """Refuse what would break on the way out: strings that are not Unicode scalar values
    (lone surrogates such as \\ud800 cannot be stored or sent as UTF-8) and nesting deeper
    than MAX_JSON_DEPTH. Iterative, so no input can exhaust the stack."""
    stack: list[tuple[Any, str, int]] = [(body, "", 0)]
    while stack:
        value, pointer, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise Problem(
                422,
                f"The body nests deeper than {MAX_JSON_DEPTH} levels.",
                errors=[{"pointer": pointer or "/", "detail": f"at most {MAX_JSON_DEPTH} levels"}],
            )
        if isinstance(value, str):
            _check_text(value, pointer)
        elif isinstance(value, dict):
            for k, v in value.items():
                child = f"{pointer}/{_escape(k)}"
                _check_text(k, child)
                stack.append((v, child, depth + 1))
        elif isinstance(value, list):
            stack.extend((v, f"{pointer}/{i}", depth + 1) for i, v in enumerate(value))


def _check_text(value: str, pointer: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise Problem(
            422,
            "Text must be Unicode scalar values: a lone surrogate escape is not a character.",
            errors=[{"pointer": pointer or "/", "detail": f"lone surrogate at index {exc.start}"}],
        ) from None


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def confirm_replicated(r: Any, cfg: Any, job_id: str) -> None:
    """Before replaying a job to an idempotent retry, make sure the replicas hold it too:
    WAIT counts only the writes of its own connection, so write (re-set the record's TTL)
    and WAIT on one connection."""
    if not cfg.redis_wait_replicas:
        return
    p = r.pipeline(transaction=False)
    p.expire(job_key(job_id), cfg.retention_seconds)
    p.wait(cfg.redis_wait_replicas, cfg.redis_wait_ms)
    if p.execute()[1] < cfg.redis_wait_replicas:
        raise Problem(
            503,
            "The job is not yet on enough Redis replicas; retry.",
            slug="not-replicated",
            headers={"Retry-After": "1"},
        )


def prefer_wait() -> int | None:
    m = PREFER_WAIT.search(request.headers.get("Prefer", ""))
    return min(int(m.group(1)), MAX_WAIT) if m else None


@bp.post("/v1/jobs")
@charged_with_writes
@require_key
def create_job() -> Response:
    data = JOB_CREATE.load(read_article())
    if data.get("published_at") is not None:
        data["published_at"] = data["published_at"].isoformat()
    cfg, r, base = current_app.config["ATTRIB_SETTINGS"], redis_conn(), base_url()
    js = JobStore(r, cfg)
    job_id = new_id("job")
    idem = request.headers.get("Idempotency-Key")
    created = True
    if idem is not None:
        if not 1 <= len(idem) <= 255:
            raise Problem(
                422,
                "Idempotency-Key must be 1 to 255 characters.",
                errors=[{"pointer": "/headers/Idempotency-Key", "detail": "1 to 255 characters"}],
            )
        try:
            job_id, created = js.idempotent(g.owner, idem, fingerprint(data), job_id)
        except Conflict as exc:
            raise Problem(
                422,
                str(exc),
                slug="idempotency-key-reused",
                errors=[{"pointer": "/headers/Idempotency-Key", "detail": str(exc)}],
            ) from exc
        record = None if created else js.get(job_id)
        if record is None and not created:
            # reserved by a request that never wrote its job (it died, or Redis failed over
            # under it) once the reservation is older than any request: take it over
            created = js.reclaim_idempotent(g.owner, idem, job_id)
            if not created:
                raise Problem(
                    409,
                    "A request with this Idempotency-Key is still being created; retry.",
                    headers={"Retry-After": "1"},
                )
    if created:
        data["base_url"] = base
        # the RQ job and our record are written by the rate-limit script, atomically: a worker
        # never sees one without the other, and a refused submission writes neither
        p = r.pipeline()
        enqueue_attribution(job_id, cfg, r, pipeline=p)
        record = js.create(g.owner, data, job_id=job_id, pipe=p)
        try:
            run_within_limit(p)
        except Exception as exc:
            written = isinstance(exc, Problem) and exc.slug == "not-replicated"
            if idem is not None and not written:  # a retry with the key must not find a job that is not there
                js.forget_idempotent(g.owner, idem)
            raise
    else:
        confirm_replicated(r, cfg, job_id)
    wait = prefer_wait()
    if wait:
        record = wait_for_end(r, js, job_id, wait, record) or record
    done = bool(wait) and record["status"] in TERMINAL
    resp = job_response(record, 200 if done else 202, base)
    resp.headers["Location"] = f"{base}/v1/jobs/{job_id}"
    if done:
        resp.headers["Preference-Applied"] = f"wait={wait}"
    if not created:
        resp.headers["Idempotent-Replayed"] = "true"
    return resp


@bp.get("/v1/jobs/<job_id>")
@require_key
def get_job(job_id: str) -> Response:
    query = WAIT.load(request.args.to_dict())
    record = owned_job(job_id)
    if query["wait"]:
        record = wait_for_end(redis_conn(), store(), job_id, query["wait"], record) or record
    tag = etag_of(record)
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        resp = Response(status=304)
        resp.headers["ETag"] = tag
        if record["status"] not in TERMINAL:
            resp.headers["Retry-After"] = "1"
        return resp
    return job_response(record, 200, include_text=query["include"] == "text")


@bp.delete("/v1/jobs/<job_id>")
@require_key
def cancel_job(job_id: str) -> Response:
    record = owned_job(job_id)
    was_running = record["status"] == "running"

    def cancel(rec: dict[str, Any]) -> dict[str, Any]:
        if rec["status"] in TERMINAL:
            raise Conflict(rec["status"])
        rec.update(status="canceled", finished_at=now_iso())
        return rec

    try:
        record = store().update(job_id, cancel, also=promise_if_ended)
    except Conflict as exc:
        raise Problem(409, f"The job has already ended ({exc}); it cannot be canceled.") from exc
    stop_attribution(job_id, was_running, redis_conn())
    announce(record)
    return job_response(record, 200)


@bp.get("/v1/jobs")
@require_key
def list_jobs() -> Response:
    q = LIST_JOBS.load(request.args.to_dict())
    records, cursor = store().list_for(g.owner, status=q["status"], limit=q["limit"], cursor=q["cursor"])
    base = base_url()
    out: dict[str, Any] = {
        "data": [job_resource(r, base, include_result=False) for r in records],
        "next_cursor": cursor,
        "links": {"self": request.url},
    }
    if cursor:
        params = {k: v for k, v in q.items() if v is not None and k != "cursor"}
        params["cursor"] = cursor
        out["links"]["next"] = f"{base}/v1/jobs?" + "&".join(f"{k}={v}" for k, v in params.items())
    return jsonify(out)


@bp.get("/v1/jobs/<job_id>/deliveries")
@require_key
def list_deliveries(job_id: str) -> Response:
    owned_job(job_id)
    base = base_url()
    return jsonify({"data": [delivery_resource(d, base) for d in deliveries_for(redis_conn(), job_id)]})


def delivery_resource(d: dict[str, Any], base: str) -> dict[str, Any]:
    return {
        "id": d["id"],
        "event_id": d["event_id"],
        "event_type": d["event_type"],
        "url": d["url"],
        "endpoint_id": d["endpoint_id"],
        "status": d["status"],
        "next_attempt_at": d["next_attempt_at"],
        "attempts": [
            {k: a.get(k) for k in ("attempt", "at", "url", "status_code", "duration_ms", "error", "next_attempt_at")}
            for a in d["attempts"]
        ],
        "links": {"redeliver": f"{base}/v1/deliveries/{d['id']}/redeliver"},
    }
