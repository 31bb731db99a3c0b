"""No event vanishes: a job's end and the promise of its event are one MULTI (the outbox);
what fails to be emitted is counted and tried again — with real workers and a receiver."""

from __future__ import annotations

import json

import pytest
import requests

from attribution.result import empty_result
from tests.conftest import wait_until
from workers import outbox
from workers.keys import KeyStore
from workers.queues import enqueue_attribution
from workers.settings import settings
from workers.store import JobStore, now_iso
from workers.webhooks import EndpointStore

ARTICLE = '"We will rebuild every home," Farid Ozmen told state broadcaster DTV.'


@pytest.fixture()
def owner(r):
    record, api_key = KeyStore(r, settings()).create("events")
    return {"id": record["id"], "auth": {"Authorization": f"Bearer {api_key}"}}


def metric(client, name: str) -> float:
    """One sample of /metrics by its full name, labels included."""
    for line in client.get("/metrics").get_data(as_text=True).splitlines():
        if line.rsplit(" ", 1)[0] == name:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_a_stored_lone_surrogate_no_longer_loses_the_event(r, owner, receiver, worker, webhook_worker):
    # a record written before the API refused such text: its event must still go out
    store = JobStore(r, settings())
    request = {"text": ARTICLE, "metadata": {"note": "lone \ud800"}, "callback_url": receiver.url}
    rec = store.create(owner["id"], request)
    enqueue_attribution(rec["id"], settings(), r)
    wait_until(receiver.accepted, 30)
    body = receiver.accepted()[0].body
    assert b"\\ud800" in body
    assert json.loads(body)["data"]["id"] == rec["id"]


def test_an_end_whose_emitter_died_is_emitted_by_a_sweep(r, owner, receiver, webhook_worker):
    # the worker stored the end and its promise in one MULTI, then died before emitting
    store = JobStore(r, settings())
    rec = store.create(owner["id"], {"text": ARTICLE, "callback_url": receiver.url})
    entry = outbox.job_entry(rec["id"])

    def end(x):
        x.update(status="succeeded", finished_at=now_iso(), result=empty_result("too_short"))
        return x

    store.update(rec["id"], end, also=lambda p, new: outbox.promise(p, entry, grace=0))
    wait_until(receiver.accepted, 30)  # the webhook worker's maintenance swept it
    assert r.zscore(outbox.OUTBOX, entry) is None
    wait_until(lambda: len(receiver.calls) >= 1, 5)
    assert len({c.headers["webhook-id"] for c in receiver.calls}) == 1
    assert json.loads(receiver.accepted()[0].body)["type"] == "job.succeeded"


def test_a_failed_emission_is_counted_kept_and_retried(r, client, owner, receiver, worker, webhook_worker):
    endpoints = EndpointStore(r, settings())
    good = endpoints.create(owner["id"], receiver.url, ["job.succeeded"], "desk")
    broken = {k: v for k, v in good.items() if k != "url"}  # a record the emitter cannot read
    endpoints.save(broken)
    failed_before = metric(client, 'attrib_events_total{outcome="failed"}')

    job = client.post("/v1/jobs", json={"text": ARTICLE}, headers=owner["auth"]).get_json()
    entry = outbox.job_entry(job["id"])
    wait_until(lambda: r.hget(outbox.FAILURES, entry), 30)
    assert client.get(f"/v1/jobs/{job['id']}?wait=10", headers=owner["auth"]).get_json()["status"] == "succeeded"
    assert r.zscore(outbox.OUTBOX, entry) is not None, "the promise is kept for a retry"
    assert metric(client, 'attrib_events_total{outcome="failed"}') > failed_before
    assert metric(client, "attrib_events_pending") >= 1
    assert receiver.calls == []

    endpoints.save(good)  # an operator repairs it; the backoff elapses
    r.zadd(outbox.OUTBOX, {entry: 0})
    wait_until(receiver.accepted, 30)
    assert json.loads(receiver.accepted()[0].body)["data"]["id"] == job["id"]
    assert r.zscore(outbox.OUTBOX, entry) is None and r.hget(outbox.FAILURES, entry) is None


def test_metrics_name_the_event_outcomes(api_server):
    text = requests.get(api_server + "/metrics", timeout=10).text
    for outcome in ("emitted", "failed", "dead"):
        assert f'attrib_events_total{{outcome="{outcome}"}}' in text
    assert "attrib_events_pending " in text and "attrib_events_dead " in text
