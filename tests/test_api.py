"""The HTTP API against a real redis-server and a real worker process."""

from __future__ import annotations

import json
import threading

import pytest

from tests.conftest import wait_until
from tests.contract import conforms

SEED_LIKE = (
    "Russian President Vladimir Putin met his generals on Saturday.\n"
    '"Our troops have liberated the region," Valery Gerasimov said, according to TASS.\n'
    '"There was no reason for Putin to be firing missiles," Donald Trump wrote on Truth Social.'
)


def submit(client, auth, body=None, *, headers=None, **kw):
    return client.post(
        "/v1/jobs", json=body if body is not None else {"text": SEED_LIKE}, headers={**auth, **(headers or {})}, **kw
    )


def wait_done(client, auth, job_id, seconds=30):
    resp = client.get(f"/v1/jobs/{job_id}?wait={seconds}", headers=auth)
    conforms(resp)
    return resp


def assert_problem(resp, status):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["request_id"] == resp.headers["X-Request-ID"]
    return body


# -- authentication -----------------------------------------------------------------


def test_no_key_is_401_with_www_authenticate(client):
    resp = client.get("/v1/jobs")
    assert_problem(resp, 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    conforms(resp)


def test_wrong_key_is_401(client):
    resp = client.get("/v1/jobs", headers={"Authorization": "Bearer atk_not-a-real-key"})
    assert_problem(resp, 401)
    assert "invalid_token" in resp.headers["WWW-Authenticate"]


def test_keys_are_stored_hashed(r, api_key):
    dump = b"".join(r.dump(k) or b"" for k in r.scan_iter("attrib:apikey*"))
    assert api_key.encode() not in dump and len(dump) > 0


def test_each_key_sees_only_its_own_jobs(client, auth, r, worker):
    from workers.keys import KeyStore
    from workers.settings import settings

    _, other = KeyStore(r, settings()).create("other")
    other_auth = {"Authorization": f"Bearer {other}"}
    job = submit(client, auth).get_json()
    assert client.get(f"/v1/jobs/{job['id']}", headers=other_auth).status_code == 404
    assert client.delete(f"/v1/jobs/{job['id']}", headers=other_auth).status_code == 404
    assert all(j["id"] != job["id"] for j in client.get("/v1/jobs", headers=other_auth).get_json()["data"])


# -- submitting and polling ---------------------------------------------------------------


def test_submit_json_then_poll_to_the_result(client, auth, worker):
    resp = submit(client, auth, {"text": SEED_LIKE, "title": "Kursk", "metadata": {"desk": "world"}})
    assert resp.status_code == 202
    conforms(resp)
    job = resp.get_json()
    assert resp.headers["Location"].endswith(f"/v1/jobs/{job['id']}")
    assert int(resp.headers["Retry-After"]) >= 1
    assert job["status"] in ("queued", "running") and job["metadata"] == {"desk": "world"}

    done = wait_done(client, auth, job["id"]).get_json()
    assert done["status"] == "succeeded" and done["attempts"] == 1
    result = done["result"]
    assert result["title"] == "Kursk"
    names = {q["speaker"]["name"] for q in result["quotes"] if q["speaker"]}
    assert {"Valery Gerasimov", "Donald Trump"} <= names
    outlets = {q["outlet"]["name"] for q in result["quotes"] if q["outlet"]}
    assert {"TASS", "Truth Social"} <= outlets


def test_submit_raw_text_plain_body(client, auth, worker):
    resp = client.post(
        "/v1/jobs", data=SEED_LIKE.encode(), headers={**auth, "Content-Type": "text/plain; charset=utf-8"}
    )
    assert resp.status_code == 202
    done = wait_done(client, auth, resp.get_json()["id"]).get_json()
    assert done["status"] == "succeeded" and done["result"]["quotes"]


def test_prefer_wait_returns_200_with_the_result(client, auth, worker):
    resp = submit(client, auth, headers={"Prefer": "wait=20"})
    conforms(resp)
    assert resp.status_code == 200
    assert resp.headers["Preference-Applied"] == "wait=20"
    assert resp.get_json()["status"] == "succeeded"


def test_long_poll_waits_on_redis_and_is_woken_when_the_job_ends(app, client, auth, r):
    from workers.settings import settings
    from workers.store import JobStore, job_channel

    # a job no worker will take: only the cancellation below can end it
    owner = _owner_of(r, auth)
    job = JobStore(r, settings()).create(owner, {"text": SEED_LIKE})
    result = {}

    def poll():
        result["job"] = app.test_client().get(f"/v1/jobs/{job['id']}?wait=30", headers=auth).get_json()

    t = threading.Thread(target=poll)
    t.start()
    # the waiting request is subscribed to the job's channel, not sleeping in a loop
    wait_until(lambda: r.pubsub_numsub(job_channel(job["id"]))[0][1] == 1, 10)
    assert client.delete(f"/v1/jobs/{job['id']}", headers=auth).status_code == 200
    t.join(35)
    assert result["job"]["status"] == "canceled"


def test_long_polls_on_one_thread_reuse_one_connection_and_unsubscribe(r):
    from service import waiting
    from workers.settings import settings
    from workers.store import JobStore, job_channel

    js = JobStore(r, settings())
    first, second = js.create("owner-poll", {"text": "a"}), js.create("owner-poll", {"text": "b"})

    def cancel_first() -> None:
        wait_until(lambda: r.pubsub_numsub(job_channel(first["id"]))[0][1] == 1, 10)
        js.update(first["id"], lambda rec: {**rec, "status": "canceled"})

    threading.Thread(target=cancel_first).start()
    assert waiting.wait_for_end(r, js, first["id"], 20)["status"] == "canceled"
    connection = waiting._local.pubsub
    # unsubscribed after the wait (the UNSUBSCRIBE is sent, its confirmation read later)
    wait_until(lambda: r.pubsub_numsub(job_channel(first["id"]))[0][1] == 0, 10)
    # the next wait on this thread: same connection; nothing ends the job, so it times out
    assert waiting.wait_for_end(r, js, second["id"], 0.3)["status"] == "queued"
    assert waiting._local.pubsub is connection
    wait_until(lambda: r.pubsub_numsub(job_channel(second["id"]))[0][1] == 0, 10)


def _owner_of(r, auth) -> str:
    from workers.keys import KeyStore
    from workers.settings import settings

    return KeyStore(r, settings()).authenticate(auth["Authorization"].split()[1])["id"]


def test_etag_and_if_none_match(client, auth, worker):
    job = submit(client, auth, headers={"Prefer": "wait=20"}).get_json()
    first = client.get(f"/v1/jobs/{job['id']}", headers=auth)
    tag = first.headers["ETag"]
    again = client.get(f"/v1/jobs/{job['id']}", headers={**auth, "If-None-Match": tag})
    assert again.status_code == 304 and again.headers["ETag"] == tag and not again.data
    conforms(again)


def test_list_newest_first_with_cursor_and_status_filter(client, r, worker):
    from workers.keys import KeyStore
    from workers.settings import settings

    _, key = KeyStore(r, settings()).create("lister")
    auth = {"Authorization": f"Bearer {key}"}
    ids = [
        submit(client, auth, {"text": f"Anna Kowal said the plan number {i} would work."}).get_json()["id"]
        for i in range(5)
    ]
    page1 = client.get("/v1/jobs?limit=2", headers=auth)
    conforms(page1)
    body = page1.get_json()
    assert [j["id"] for j in body["data"]] == ids[::-1][:2]
    page2 = client.get(f"/v1/jobs?limit=2&cursor={body['next_cursor']}", headers=auth).get_json()
    page3 = client.get(f"/v1/jobs?limit=2&cursor={page2['next_cursor']}", headers=auth).get_json()
    assert [j["id"] for j in page2["data"] + page3["data"]] == ids[::-1][2:]
    assert page3["next_cursor"] is None
    for i in ids:
        wait_done(client, auth, i)
    assert len(client.get("/v1/jobs?status=succeeded", headers=auth).get_json()["data"]) == 5
    assert client.get("/v1/jobs?status=failed", headers=auth).get_json()["data"] == []


# -- idempotency ------------------------------------------------------------------------


def test_idempotency_key_same_body_same_job(client, auth, worker):
    h = {"Idempotency-Key": "order-42"}
    a = submit(client, auth, headers=h)
    b = submit(client, auth, headers=h)
    assert a.get_json()["id"] == b.get_json()["id"]
    assert b.headers["Idempotent-Replayed"] == "true"


def test_idempotency_key_other_body_is_422(client, auth, worker):
    h = {"Idempotency-Key": "order-43"}
    submit(client, auth, headers=h)
    body = assert_problem(submit(client, auth, {"text": "Something else entirely, she said."}, headers=h), 422)
    assert body["errors"][0]["pointer"] == "/headers/Idempotency-Key"


def test_idempotency_keys_are_scoped_per_api_key(client, auth, r, worker):
    from workers.keys import KeyStore
    from workers.settings import settings

    _, other = KeyStore(r, settings()).create("other")
    h = {"Idempotency-Key": "shared-name"}
    a = submit(client, auth, headers=h).get_json()
    b = submit(client, {"Authorization": f"Bearer {other}"}, headers=h).get_json()
    assert a["id"] != b["id"]


def test_concurrent_idempotent_submissions_make_one_job(app, auth, worker):
    ids, h = [], {**auth, "Idempotency-Key": "race-1"}

    def go():
        c = app.test_client()
        ids.append(c.post("/v1/jobs", json={"text": SEED_LIKE}, headers=h).get_json().get("id"))

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({i for i in ids if i}) == 1


# -- cancel ---------------------------------------------------------------------------------


def test_cancel_a_queued_job_then_409(client, auth, r):
    # no worker listens on this key's jobs yet? They would: so cancel right away
    job = submit(client, auth, {"text": "x " * 5 + "she said."}).get_json()
    resp = client.delete(f"/v1/jobs/{job['id']}", headers=auth)
    if resp.status_code == 409:  # the worker was faster than us: that is the 409 case
        assert_problem(resp, 409)
        return
    conforms(resp)
    assert resp.get_json()["status"] == "canceled"
    assert_problem(client.delete(f"/v1/jobs/{job['id']}", headers=auth), 409)
    assert client.get(f"/v1/jobs/{job['id']}", headers=auth).get_json()["status"] == "canceled"


def test_cancel_after_success_is_409(client, auth, worker):
    job = submit(client, auth, headers={"Prefer": "wait=20"}).get_json()
    body = assert_problem(client.delete(f"/v1/jobs/{job['id']}", headers=auth), 409)
    assert "ended" in body["detail"]


# -- batches ---------------------------------------------------------------------------------


def test_batch_of_articles(client, auth, worker):
    arts = [{"text": f"Mayor Anna Kowal said bridge {i} would reopen.", "metadata": {"n": i}} for i in range(3)]
    resp = client.post("/v1/batches", json={"articles": arts}, headers=auth)
    conforms(resp)
    assert resp.status_code == 202
    batch = resp.get_json()
    assert batch["total"] == 3 and len(batch["jobs"]) == 3
    for j in batch["jobs"]:
        wait_done(client, auth, j["id"])
    final = client.get(f"/v1/batches/{batch['id']}", headers=auth)
    conforms(final)
    body = final.get_json()
    assert body["completed"] and body["counts"]["succeeded"] == 3


def test_batch_limits(client, auth):
    assert_problem(client.post("/v1/batches", json={"articles": []}, headers=auth), 422)
    too_many = [{"text": "a said b."}] * 101
    assert_problem(client.post("/v1/batches", json={"articles": too_many}, headers=auth), 422)


# -- errors are problem+json -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_or_whitespace_text_is_422(client, auth, text):
    body = assert_problem(submit(client, auth, {"text": text}), 422)
    assert body["errors"][0]["pointer"] == "/text"


def test_validation_errors_name_their_fields(client, auth):
    body = assert_problem(submit(client, auth, {"text": "ok said he", "published_at": "yesterday", "nope": 1}), 422)
    pointers = {e["pointer"] for e in body["errors"]}
    assert {"/published_at", "/nope"} <= pointers


def test_bad_json_is_400(client, auth):
    resp = client.post("/v1/jobs", data=b'{"text": ', headers={**auth, "Content-Type": "application/json"})
    assert_problem(resp, 400)
    conforms(resp)


def test_json_that_is_not_an_object_is_422(client, auth):
    assert_problem(client.post("/v1/jobs", data=b"[1]", headers={**auth, "Content-Type": "application/json"}), 422)


def test_unsupported_media_type_is_415(client, auth):
    resp = client.post("/v1/jobs", data=b"<a/>", headers={**auth, "Content-Type": "application/xml"})
    assert_problem(resp, 415)
    conforms(resp)


def test_body_over_the_limit_is_413(client, auth, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    resp = client.post("/v1/jobs", data=b"a" * (limit + 1), headers={**auth, "Content-Type": "text/plain"})
    assert_problem(resp, 413)


def test_unknown_route_404_and_wrong_method_405(client, auth):
    assert_problem(client.get("/v1/nothing", headers=auth), 404)
    resp = client.put("/v1/jobs", headers=auth)
    assert_problem(resp, 405)
    assert "POST" in resp.headers["Allow"]


def test_unknown_job_is_404(client, auth):
    resp = client.get("/v1/jobs/job_doesnotexist", headers=auth)
    assert_problem(resp, 404)
    conforms(resp)


def test_request_id_is_echoed_or_made(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32


def test_rate_limit_429_with_headers(redis_server, r):
    from service import create_app
    from workers.keys import KeyStore
    from workers.settings import settings

    app = create_app(settings().__class__(**{**settings().__dict__, "rate_limit": "3/minute"}))
    _, key = KeyStore(r, settings()).create("limited")
    c = app.test_client()
    h = {"Authorization": f"Bearer {key}"}
    codes = [c.get("/v1/jobs", headers=h) for _ in range(4)]
    assert [x.status_code for x in codes[:3]] == [200, 200, 200]
    last = codes[3]
    assert_problem(last, 429)
    conforms(last)
    assert int(last.headers["Retry-After"]) >= 1
    assert last.headers["RateLimit-Limit"] == "3" and last.headers["RateLimit-Remaining"] == "0"
    assert 1 <= int(last.headers["RateLimit-Reset"]) <= 60


def test_redis_down_is_503(redis_server):
    from service import create_app
    from workers.redis_server import free_port
    from workers.settings import settings

    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app(settings().__class__(**{**settings().__dict__, "redis_url": dead, "allow_anonymous": True}))
    c = app.test_client()
    resp = c.post("/v1/jobs", json={"text": SEED_LIKE})
    assert_problem(resp, 503)
    assert resp.headers["Retry-After"]
    assert_problem(c.get("/readyz"), 503)
    assert c.get("/healthz").status_code == 200


# -- operations ----------------------------------------------------------------------------------


def test_health_ready_metrics_and_spec(client, worker, auth):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    conforms(ready)
    assert ready.status_code == 200 and ready.get_json()["workers"] >= 1
    submit(client, auth, headers={"Prefer": "wait=20"})
    text = client.get("/metrics").get_data(as_text=True)
    for name in ("attrib_http_requests_total", "attrib_queue_depth", "attrib_jobs_total", "attrib_job_seconds_bucket"):
        assert name in text
    spec = client.get("/openapi.yaml")
    assert spec.status_code == 200 and b"openapi: 3.0.3" in spec.data


def test_every_result_offset_indexes_the_submitted_text(client, auth, worker):
    text = "\u00abNous gagnerons\u00bb, a dit Anna Kowal.\n\u201cWe will win,\u201d Farid Ozmen said. \U0001f600 ok"
    job = submit(client, auth, {"text": text}, headers={"Prefer": "wait=20"}).get_json()
    for q in job["result"]["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert json.dumps(job)


def test_the_article_text_is_dropped_after_success_unless_kept(client, auth, worker):
    plain = submit(client, auth, {"text": SEED_LIKE}).get_json()
    kept = submit(client, auth, {"text": SEED_LIKE, "keep_text": True}).get_json()
    for job, expected in ((plain, None), (kept, SEED_LIKE)):
        wait_done(client, auth, job["id"])
        resp = client.get(f"/v1/jobs/{job['id']}?include=text", headers=auth)
        conforms(resp)
        body = resp.get_json()
        assert body["status"] == "succeeded" and body["result"]["quotes"]
        assert body["text"] == expected


def test_a_full_redis_is_503_storage_full_and_nothing_is_evicted(tmp_path):
    """maxmemory with noeviction: submissions are refused, no job is ever dropped to make room."""
    import redis as redis_lib

    from service import create_app
    from workers.keys import KeyStore
    from workers.redis_server import RedisServer
    from workers.settings import settings

    with RedisServer(tmp_path / "redis", maxmemory="64mb") as server:
        conn = redis_lib.Redis.from_url(server.url)
        cfg = settings().__class__(**{**settings().__dict__, "redis_url": server.url})
        _, key = KeyStore(conn, cfg).create("full")
        c = create_app(cfg).test_client()
        h = {"Authorization": f"Bearer {key}"}
        first = c.post("/v1/jobs", json={"text": SEED_LIKE}, headers=h)
        assert first.status_code == 202
        conn.config_set("maxmemory", "1")  # full
        resp = c.post("/v1/jobs", json={"text": SEED_LIKE}, headers=h)
        body = assert_problem(resp, 503)
        assert body["type"].endswith("/storage-full") and resp.headers["Retry-After"] == "60"
        assert conn.get(f"attrib:job:{first.get_json()['id']}"), "the queued job is still there"
        metrics = c.get("/metrics").get_data(as_text=True)
        assert "attrib_redis_maxmemory_bytes 1.0" in metrics and "attrib_redis_used_memory_bytes " in metrics
        conn.config_set("maxmemory", "64mb")
        assert c.post("/v1/jobs", json={"text": SEED_LIKE}, headers=h).status_code == 202


def test_an_idempotency_key_whose_request_died_is_taken_over(client, auth, api_key, r, worker):
    import hashlib
    import time

    from workers.keys import KeyStore
    from workers.settings import settings

    owner = KeyStore(r, settings()).authenticate(api_key)["id"]
    body = {"text": SEED_LIKE}
    from service.jobs import fingerprint

    def reserve(key: str, job_id: str, at: float) -> None:  # what a request that then died left
        value = json.dumps(
            {
                "fingerprint": fingerprint(
                    {
                        **body,
                        "title": None,
                        "url": None,
                        "published_at": None,
                        "metadata": {},
                        "keep_text": False,
                        "callback_url": None,
                    }
                ),
                "job_id": job_id,
                "at": at,
            }
        )
        r.set(f"attrib:idem:{owner}:{hashlib.sha256(key.encode()).hexdigest()}", value, ex=3600)

    reserve("fresh", "job_" + "a" * 32, time.time())
    resp = submit(client, auth, body, headers={"Idempotency-Key": "fresh"})
    assert_problem(resp, 409)
    assert resp.headers["Retry-After"] == "1"

    reserve("stale", "job_" + "b" * 32, time.time() - 60)
    resp = submit(client, auth, body, headers={"Idempotency-Key": "stale"})
    assert resp.status_code == 202, resp.get_data(as_text=True)
    assert resp.get_json()["id"] == "job_" + "b" * 32
    again = submit(client, auth, body, headers={"Idempotency-Key": "stale"})
    assert again.get_json()["id"] == "job_" + "b" * 32 and again.headers["Idempotent-Replayed"] == "true"


def test_sentinel_urls_are_read_as_redis_py_cannot():
    from workers.connect import parse_sentinel_url

    assert parse_sentinel_url("redis+sentinel://:s3cret@h1:26379,h2,[::1]:26380/mymaster/2") == (
        [("h1", 26379), ("h2", 26379), ("::1", 26380)],
        "mymaster",
        2,
        "s3cret",
    )
    assert parse_sentinel_url("redis+sentinel://10.0.0.1:5000/primary") == ([("10.0.0.1", 5000)], "primary", 0, None)
    with pytest.raises(ValueError):
        parse_sentinel_url("redis+sentinel://h1:26379")
