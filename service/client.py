"""A small HTTP client of the public API, for `attrib submit/get/jobs/cancel`.

Where to connect: `--url`/`--key`, else ATTRIB_URL/ATTRIB_API_KEY, else the `make run`
of this checkout (`service.json` and `local_api_key` in its state directory, found from
$ATTRIB_STATE_DIR or by looking up from the current directory for `.attrib/`).
429 and 503 answers are retried with backoff, honouring Retry-After.
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import urllib3

RETRY_STATUSES = frozenset({429, 503})
TERMINAL = frozenset({"succeeded", "failed", "canceled"})


class ClientError(Exception):
    """An answer the client cannot go on from; `problem` is the API's problem+json, if any."""

    def __init__(self, message: str, *, status: int | None = None, problem: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem or {}


class ConfigError(Exception):
    """No base URL or key could be found."""


def state_dir(start: Path | None = None) -> Path | None:
    """$ATTRIB_STATE_DIR, else the nearest `.attrib/` from the current directory upwards."""
    if os.environ.get("ATTRIB_STATE_DIR"):
        return Path(os.environ["ATTRIB_STATE_DIR"])
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / ".attrib").is_dir():
            return d / ".attrib"
    return None


def running_service(state: Path | None = None) -> dict[str, Any] | None:
    """What `make run` wrote about itself, if it is still running."""
    state = state if state is not None else state_dir()
    if state is None:
        return None
    try:
        info = json.loads((state / "service.json").read_text())
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info


def local_api_key(state: Path) -> str | None:
    try:
        _, _, key = (state / "local_api_key").read_text().strip().partition(" ")
    except OSError:
        return None
    return key or None


@dataclass
class Target:
    base_url: str
    api_key: str


def resolve_target(url: str | None, key: str | None) -> Target:
    url = url or os.environ.get("ATTRIB_URL")
    key = key or os.environ.get("ATTRIB_API_KEY")
    if not (url and key):
        state = state_dir()
        info = running_service(state)
        if info is not None and state is not None:
            url = url or info.get("base_url")
            key = key or local_api_key(state)
    if not url:
        raise ConfigError("no service: pass --url, set ATTRIB_URL, or start one with `make run` in this checkout")
    if not key:
        raise ConfigError("no API key: pass --key or set ATTRIB_API_KEY (`attrib keys create NAME` makes one)")
    return Target(url.rstrip("/"), key)


class ApiClient:
    def __init__(self, target: Target, *, retries: int = 12, timeout: float = 45.0) -> None:
        self.target = target
        self.retries = retries
        self.http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5.0, read=timeout), retries=False, headers={"User-Agent": "attrib-cli"}
        )

    def request(
        self, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """JSON in, JSON out; 429/503 and refused connections retried with backoff."""
        h = {"Authorization": f"Bearer {self.target.api_key}", "Accept": "application/json", **(headers or {})}
        data = None
        if body is not None:
            h["Content-Type"] = "application/json"
            data = json.dumps(body).encode("utf-8")
        url = self.target.base_url + path
        for attempt in range(self.retries + 1):
            try:
                resp = self.http.request(method, url, body=data, headers=h)
            except urllib3.exceptions.HTTPError as exc:
                if attempt == self.retries:
                    raise ClientError(f"cannot reach {self.target.base_url}: {exc}") from exc
                time.sleep(self._backoff(attempt, None))
                continue
            if resp.status in RETRY_STATUSES and attempt < self.retries:
                time.sleep(self._backoff(attempt, resp.headers.get("Retry-After")))
                continue
            payload = _json(resp.data)
            if resp.status >= 400:
                problem = payload if isinstance(payload, dict) else {}
                title = problem.get("title") or f"HTTP {resp.status}"
                detail = problem.get("detail") or ""
                raise ClientError(f"{resp.status} {title}: {detail}".rstrip(": "), status=resp.status, problem=problem)
            return resp.status, payload
        raise AssertionError("unreachable")

    @staticmethod
    def _backoff(attempt: int, retry_after: str | None) -> float:
        """Retry-After when given (never sooner), else exponential; jitter so that parallel
        requests refused together do not all come back in the same instant."""
        try:
            floor = min(max(float(retry_after), 0.0), 60.0) if retry_after is not None else None
        except ValueError:
            floor = None
        if floor is not None:
            return floor + random.random() * min(1.0 + attempt / 2, 5.0)
        return min(0.5 * 2**attempt, 20.0) * (0.5 + random.random() / 2)

    # -- the calls the commands make --------------------------------------
    def submit(self, article: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        return self.request("POST", "/v1/jobs", body=article, headers={"Idempotency-Key": idempotency_key})[1]

    def get(self, job_id: str, wait: int = 0) -> dict[str, Any]:
        return self.request("GET", f"/v1/jobs/{job_id}" + (f"?wait={wait}" if wait else ""))[1]

    def wait(self, job_id: str) -> dict[str, Any]:
        job = self.get(job_id)
        while job["status"] not in TERMINAL:
            job = self.get(job_id, wait=30)
        return job

    def jobs(self, status: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        query = f"?limit={limit}" + (f"&status={status}" if status else "")
        return self.request("GET", "/v1/jobs" + query)[1]["data"]

    def cancel(self, job_id: str) -> dict[str, Any]:
        return self.request("DELETE", f"/v1/jobs/{job_id}")[1]


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        return None
