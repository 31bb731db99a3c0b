"""Bodies that would break on the way out are refused at the door (issue: hardening)."""

from __future__ import annotations

import pytest

from tests.contract import conforms
from tests.test_api import assert_problem


def post_raw(client, auth, raw: str, path: str = "/v1/jobs"):
    return client.post(path, data=raw.encode("utf-8"), headers={**auth, "Content-Type": "application/json"})


@pytest.mark.parametrize(
    "raw, pointer",
    [
        ('{"text": "He said \\ud800 it."}', "/text"),
        ('{"text": "ok, she said", "title": "\\udfff"}', "/title"),
        ('{"text": "ok, she said", "metadata": {"k\\ud83d": 1}}', "/metadata/k\ud83d"),
        ('{"articles": [{"text": "a \\udc00 b"}]}', "/articles/0/text"),
    ],
)
def test_lone_surrogates_are_422_with_a_pointer(client, auth, raw, pointer):
    path = "/v1/batches" if raw.startswith('{"articles"') else "/v1/jobs"
    body = assert_problem(post_raw(client, auth, raw, path), 422)
    assert body["errors"][0]["pointer"].encode("utf-8", "surrogatepass") == pointer.encode("utf-8", "surrogatepass")
    assert "surrogate" in body["detail"]


def test_a_valid_astral_character_is_welcome(client, auth, worker):
    resp = post_raw(client, auth, '{"text": "\\ud83d\\ude00 \\"We won,\\" said Ana Lima."}')
    assert resp.status_code == 202
    conforms(resp)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(client, auth, constant):
    resp = post_raw(client, auth, '{"text": "ok, she said", "metadata": {"score": ' + constant + "}}")
    body = assert_problem(resp, 400)
    assert constant.lstrip("-") in body["detail"]
    conforms(resp)


@pytest.mark.parametrize("depth", [9, 975, 100_000])
def test_deep_nesting_is_refused_not_a_500(client, auth, depth):
    raw = '{"text": "ok, she said", "metadata": {"a": ' + "[" * depth + "]" * depth + "}}"
    resp = post_raw(client, auth, raw)
    assert resp.status_code in (400, 422)
    assert_problem(resp, resp.status_code)
    conforms(resp)


def test_metadata_nested_eight_levels_is_accepted(client, auth, worker):
    raw = '{"text": "ok, she said", "metadata": {"a": ' + "[" * 7 + "]" * 7 + "}}"
    resp = post_raw(client, auth, raw)
    assert resp.status_code == 202, resp.get_data(as_text=True)
