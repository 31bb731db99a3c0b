"""End to end through gunicorn (two worker processes) with curl-equivalent HTTP."""

from __future__ import annotations

import time

import pytest
import requests

ARTICLE = (
    "Russian President Vladimir Putin met his generals on Saturday.\n"
    '"Our troops have liberated the region," Valery Gerasimov said, according to TASS.\n'
    "The Russian president said the offensive had succeeded.\n"
)


@pytest.fixture()
def server(api_server):
    return api_server


def test_submit_raw_text_and_poll_over_http(server, api_key):
    h = {"Authorization": f"Bearer {api_key}"}
    # curl --data-binary @article.txt -H 'Content-Type: text/plain; charset=utf-8'
    resp = requests.post(
        server + "/v1/jobs",
        data=ARTICLE.encode(),
        timeout=10,
        headers={**h, "Content-Type": "text/plain; charset=utf-8"},
    )
    assert resp.status_code == 202 and resp.headers["Location"].startswith(server)
    job = requests.get(resp.headers["Location"] + "?wait=20", headers=h, timeout=30).json()
    assert job["status"] == "succeeded"
    speakers = {q["speaker"]["name"] for q in job["result"]["quotes"] if q["speaker"]}
    assert {"Valery Gerasimov", "Vladimir Putin"} <= speakers


def test_problem_json_over_http(server):
    resp = requests.post(server + "/v1/jobs", json={"text": "x"}, timeout=10)
    assert resp.status_code == 401 and resp.headers["Content-Type"] == "application/problem+json"


def test_metrics_add_up_across_gunicorn_workers(server, api_key):
    def count() -> float:
        for line in requests.get(server + "/metrics", timeout=10).text.splitlines():
            if line.startswith('attrib_http_requests_total{endpoint="/healthz",method="GET",status="200"}'):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count()
    for _ in range(20):  # new connections: spread over both gunicorn workers
        requests.get(server + "/healthz", timeout=5, headers={"Connection": "close"})
    time.sleep(0.2)
    assert count() - before == 20


def test_a_revoked_key_stops_working_in_every_api_process_within_a_second(server, r):
    from workers.keys import KeyStore
    from workers.settings import settings

    store = KeyStore(r, settings())
    record, key = store.create("revoke-me")
    h = {"Authorization": f"Bearer {key}", "Connection": "close"}  # new connections: both gunicorn workers
    for _ in range(20):
        assert requests.get(server + "/v1/jobs?limit=1", headers=h, timeout=5).status_code == 200
    assert store.revoke(record["id"])
    time.sleep(1.0)
    assert [requests.get(server + "/v1/jobs?limit=1", headers=h, timeout=5).status_code for _ in range(20)] == [
        401
    ] * 20
