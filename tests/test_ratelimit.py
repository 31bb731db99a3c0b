"""The per-key rate limiter: the sliding window itself, and submissions charged with their writes."""

from __future__ import annotations

import pytest

from tests.contract import conforms
from tests.test_api import assert_problem, submit
from workers.store import load_record


def test_limit_specs_parse():
    from service.ratelimit import Limit

    assert Limit.parse("600/minute") == Limit(600, 60)
    assert Limit.parse("10 per second") == Limit(10, 1)
    assert Limit.parse("1000/5 minutes") == Limit(1000, 300)
    assert Limit.parse("5/Hour") == Limit(5, 3600)
    for bad in ("", "600", "0/minute", "ten/minute", "5/fortnight"):
        with pytest.raises(ValueError):
            Limit.parse(bad)


def test_sliding_window_weighs_the_previous_window(r):
    from service.ratelimit import Limit, RateLimiter

    limiter = RateLimiter(r, Limit(10, 60), prefix="test:rl:sliding")
    start = 600 * 60.0  # the start of a window
    first = [limiter.hit("k", now=start + 30) for _ in range(11)]
    assert [d.allowed for d in first] == [True] * 10 + [False]
    assert [d.remaining for d in first[:10]] == list(range(9, -1, -1))
    assert first[10].reset == 30  # the window ends in 30 s and nothing of it carries less weight sooner
    # halfway through the next window the previous one weighs half: 10 * 0.5 = 5 used
    second = [limiter.hit("k", now=start + 90) for _ in range(6)]
    assert [d.allowed for d in second] == [True] * 5 + [False]
    # used = 10 * 0.5 + 5 = 10; one slot frees when the previous share falls by 1, i.e. 6 s later
    assert second[5].reset == 6
    assert limiter.hit("k", now=start + 96.5).allowed
    assert limiter.hit("other", now=start + 90).allowed  # identities are counted apart


@pytest.fixture()
def limited(redis_server, r):
    """An app whose keys may make 2 requests a minute, one fresh key, and that key's id."""
    from service import create_app
    from workers.keys import KeyStore
    from workers.settings import settings

    app = create_app(settings().__class__(**{**settings().__dict__, "rate_limit": "2/minute"}))
    record, key = KeyStore(r, settings()).create("limited")
    return app.test_client(), {"Authorization": f"Bearer {key}"}, record["id"]


def test_a_refused_submission_writes_nothing(limited, r):
    client, auth, owner = limited
    accepted = [submit(client, auth) for _ in range(2)]
    assert [x.status_code for x in accepted] == [202, 202]
    refused = submit(client, auth)
    assert_problem(refused, 429)
    conforms(refused)
    assert refused.headers["RateLimit-Limit"] == "2" and int(refused.headers["Retry-After"]) >= 1
    # the record and the RQ job are written by the same script: the owner's index holds
    # exactly the two accepted jobs, and no record of a third exists
    ids = {resp.get_json()["id"] for resp in accepted}
    assert {x.decode() for x in r.zrange(f"attrib:jobs:{owner}", 0, -1)} == ids
    records = [k for k in r.scan_iter("attrib:job:job_*") if k.count(b":") == 2]  # not job_…:deliveries
    owned = [k for k in records if load_record(r.get(k) or b"{}").get("owner") == owner]
    assert len(owned) == 2


def test_rejected_submissions_still_count(limited):
    client, auth, _ = limited
    bad = [submit(client, auth, {"text": "   "}) for _ in range(2)]
    assert [x.status_code for x in bad] == [422, 422]
    assert_problem(submit(client, auth), 429)


def test_batches_are_charged_once_per_call(limited, r):
    client, auth, _ = limited
    body = {"articles": [{"text": '"Hello," she said.'}, {"text": '"Bye," he said.'}]}
    first = client.post("/v1/batches", json=body, headers=auth)
    assert first.status_code == 202
    assert client.post("/v1/batches", json=body, headers=auth).status_code == 202
    refused = client.post("/v1/batches", json=body, headers=auth)
    assert_problem(refused, 429)
    conforms(refused)
