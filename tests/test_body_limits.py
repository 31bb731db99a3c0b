"""The body limit through gunicorn as clients really send: chunked, and Content-Length
without `Expect: 100-continue` (a plain client must read the 413, not a broken pipe)."""

from __future__ import annotations

import http.client
import json

import pytest
import requests

from tests.conftest import GunicornServer

LIMIT = 100_000


@pytest.fixture(scope="module")
def small_server(redis_server, tmp_path_factory, worker):
    server = GunicornServer(
        redis_server.url, tmp_path_factory.mktemp("prom"), env={"ATTRIB_MAX_BODY_BYTES": str(LIMIT)}
    ).start()
    yield server
    server.stop()


def chunks(total: int, size: int = 8192):
    line = b'"We will rebuild," Farid Ozmen said of the bridge in the old town.\n'
    body = (line * (total // len(line) + 1))[:total]
    for i in range(0, total, size):
        yield body[i : i + size]


def post_chunked(base: str, key: str, total: int) -> requests.Response:
    return requests.post(
        base + "/v1/jobs",
        data=chunks(total),  # a generator: requests sends Transfer-Encoding: chunked
        headers={"Authorization": f"Bearer {key}", "Content-Type": "text/plain; charset=utf-8"},
        timeout=30,
    )


def test_a_chunked_body_over_the_limit_is_413_and_nothing_is_stored(small_server, api_key, r):
    before = r.dbsize()
    resp = post_chunked(small_server.base, api_key, LIMIT + 50_000)
    assert resp.status_code == 413
    assert resp.headers["Content-Type"] == "application/problem+json"
    assert str(LIMIT) in resp.json()["detail"]
    assert r.dbsize() <= before + 2  # rate-limit counters at most; no job


def test_a_chunked_body_within_the_limit_is_stored_whole(small_server, api_key):
    text = b"".join(chunks(LIMIT - 10_000)).decode()  # JSON escapes add about 5 %
    body = json.dumps({"text": text, "keep_text": True}).encode()
    assert len(body) <= LIMIT
    resp = requests.post(
        small_server.base + "/v1/jobs",
        data=(body[i : i + 8192] for i in range(0, len(body), 8192)),  # chunked
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        timeout=30,
    )
    assert resp.status_code == 202, resp.text
    job = requests.get(
        resp.headers["Location"] + "?include=text", headers={"Authorization": f"Bearer {api_key}"}, timeout=10
    ).json()
    assert job["text"] == text


def test_content_length_over_the_limit_without_expect_gets_its_413(small_server, api_key):
    body = b"x" * (LIMIT * 60)  # 6 MB, sent whole, as curl --data-binary with Expect disabled
    conn = http.client.HTTPConnection("127.0.0.1", small_server.port, timeout=30)
    try:
        conn.request(
            "POST",
            "/v1/jobs",
            body=body,
            headers={"Authorization": f"Bearer {api_key}", "Content-Type": "text/plain; charset=utf-8"},
        )
        resp = conn.getresponse()
        assert resp.status == 413
        assert resp.getheader("Content-Type") == "application/problem+json"
        assert json.loads(resp.read())["status"] == 413
    finally:
        conn.close()
