"""RFC 9457 problem details: every error response of the API is application/problem+json."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, g, json, request
from marshmallow import ValidationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError as RedisResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "https://attrib.dev/problems/"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "precondition-failed",
    413: "content-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    429: "rate-limited",
    500: "internal-error",
    503: "unavailable",
}


class Problem(Exception):
    """Raise to answer with a problem document."""

    def __init__(
        self, status: int, detail: str, *, slug: str | None = None, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug or SLUGS.get(status, "error")
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int, detail: str, *, slug: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (slug or SLUGS.get(status, "error")),
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path if request else None,
        "request_id": getattr(g, "request_id", None),
    }
    body.update(extra)
    resp = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def from_problem(exc: Problem) -> Response:
    return problem_response(exc.status, exc.detail, slug=exc.slug, headers=exc.headers, **exc.extra)


def _field_errors(messages: Any, prefix: str = "") -> list[dict[str, str]]:
    out = []
    if isinstance(messages, dict):
        for k, v in messages.items():
            out.extend(_field_errors(v, f"{prefix}/{k}" if prefix or k != "_schema" else ""))
    elif isinstance(messages, list):
        for m in messages:
            if isinstance(m, (dict, list)):
                out.extend(_field_errors(m, prefix))
            else:
                out.append({"pointer": prefix or "/", "detail": str(m)})
    else:
        out.append({"pointer": prefix or "/", "detail": str(messages)})
    return out


DRAIN_FACTOR = 4  # a refused body is read and dropped up to this many times the limit,
DRAIN_FLOOR = 8 * 1024 * 1024  # or this many bytes if more


def drain_body(limit: int) -> None:
    """Read and drop the rest of a refused body (bounded), so a client that sends it whole
    without `Expect: 100-continue` reads our 413 instead of a reset connection."""
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return
    budget = max(DRAIN_FACTOR * limit, DRAIN_FLOOR)
    length = request.content_length
    if length is not None:
        if length > budget:
            return  # too much to read for a refusal: the connection closes, as before
        budget = length
    elif "wsgi.input_terminated" not in request.environ:
        return
    try:
        while budget > 0:
            chunk = stream.read(min(65536, budget))
            if not chunk:
                break
            budget -= len(chunk)
    except (OSError, ValueError):
        pass  # the client went away: nothing to drain


def register(app: Flask) -> None:
    app.register_error_handler(Problem, from_problem)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError) -> Response:
        return problem_response(422, "The request body is not valid.", errors=_field_errors(exc.messages))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        status = exc.code or 500
        headers = {}
        if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            headers["Allow"] = ", ".join(sorted(exc.valid_methods))  # type: ignore[attr-defined]
        detail = exc.description or TITLES.get(status, "Error")
        if status == 413:
            detail = f"The request body is larger than the limit of {app.config['MAX_CONTENT_LENGTH']} bytes."
            drain_body(app.config["MAX_CONTENT_LENGTH"])
            headers["Connection"] = "close"
        return problem_response(status, detail, headers=headers)

    @app.errorhandler(RedisConnectionError)
    @app.errorhandler(RedisTimeoutError)
    def _redis_down(exc: Exception) -> Response:
        app.logger.warning("redis unavailable: %s", exc)
        return problem_response(503, "The job store is unavailable; try again shortly.", headers={"Retry-After": "5"})

    @app.errorhandler(RedisResponseError)
    def _redis_refused(exc: RedisResponseError) -> Response:
        # at maxmemory (noeviction), Redis refuses writes rather than evict jobs: new work
        # waits until retention frees memory or an operator adds some
        if "OOM" in str(exc):
            app.logger.error("redis is full: %s", exc)
            return problem_response(
                503,
                "The job store is full; no new work is accepted until memory frees up.",
                slug="storage-full",
                headers={"Retry-After": "60"},
            )
        app.logger.exception("redis refused a command")
        return problem_response(500, "An unexpected error occurred.")

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        app.logger.exception("unhandled error")
        return problem_response(500, "An unexpected error occurred.")
