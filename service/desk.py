"""The newsroom desk: `GET /` serves one page; `/static/` its assets, shipped in the package.

No build step and no CDN. The page talks only to the public API of the same origin,
so the Content-Security-Policy can forbid everything else (inline script included).
Asset URLs carry a hash of their content, so they can be cached for a year.
"""

from __future__ import annotations

import hashlib
import mimetypes
from functools import cache
from pathlib import Path

from flask import Blueprint, Response

from .problems import Problem

bp = Blueprint("desk", __name__)
ASSETS = Path(__file__).resolve().parent / "desk"
CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
YEAR = 365 * 24 * 3600


@cache
def _asset(name: str) -> tuple[bytes, str, str] | None:
    """An asset's bytes, media type and content hash, read once per process."""
    path = ASSETS / name
    if "/" in name or name.startswith(".") or not path.is_file() or name == "index.html":
        return None
    body = path.read_bytes()
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if media.startswith("text/") or media == "application/javascript":
        media += "; charset=utf-8"
    return body, media, hashlib.sha256(body).hexdigest()[:16]


@cache
def _index() -> bytes:
    """index.html with each `{{name}}` placeholder replaced by the asset's versioned URL."""
    html = (ASSETS / "index.html").read_text(encoding="utf-8")
    for path in sorted(ASSETS.iterdir()):
        found = _asset(path.name)
        if found is not None:
            html = html.replace("{{" + path.name + "}}", f"/static/{path.name}?v={found[2]}")
    return html.encode("utf-8")


@bp.get("/")
def index() -> Response:
    resp = Response(_index(), mimetype="text/html")
    resp.headers.update(SECURITY_HEADERS)
    resp.headers["Cache-Control"] = "no-cache"
    return resp


@bp.get("/static/<name>")
def asset(name: str) -> Response:
    found = _asset(name)
    if found is None:
        raise Problem(404, f"No asset {name!r}.")
    body, media, digest = found
    resp = Response(body, content_type=media)
    resp.headers.update(SECURITY_HEADERS)
    resp.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    resp.headers["ETag"] = f'"{digest}"'
    return resp
