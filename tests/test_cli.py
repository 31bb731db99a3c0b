"""The command line: `python -m attribution`, `attrib extract`, `attrib keys`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

ARTICLE = '"We will rebuild," Farid Ozmen told state broadcaster DTV.\n'


def run(*args, stdin=None, env=None):
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
    ).stdout


def test_module_reads_a_file_or_stdin(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    from_file = json.loads(run("-m", "attribution", str(path)))
    from_stdin = json.loads(run("-m", "attribution", "-", stdin=ARTICLE))
    assert from_file == from_stdin
    assert from_file["quotes"][0]["speaker"]["name"] == "Farid Ozmen"


def test_jsonl_in_and_out(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": ARTICLE}) for i in ("a", "b")) + "\n")
    lines = [json.loads(x) for x in run("-m", "service.cli", "extract", "--jsonl", str(path)).splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    assert all(x["quotes"][0]["outlet"]["name"] == "DTV" for x in lines)


def test_keys_create_prints_the_key_once_and_stores_a_hash(redis_server, r):
    out = json.loads(run("-m", "service.cli", "keys", "create", "newsroom", env={"REDIS_URL": redis_server.url}))
    assert out["api_key"].startswith("atk_") and out["signing_secret"].startswith("whsec_")
    listing = run("-m", "service.cli", "keys", "list", env={"REDIS_URL": redis_server.url})
    assert out["id"] in listing and out["api_key"] not in listing
    assert all(out["api_key"].encode() not in (r.dump(k) or b"") for k in r.scan_iter("attrib:*"))


def test_a_missing_file_is_one_line_and_exit_1(tmp_path):
    for args in (
        ["-m", "attribution", str(tmp_path / "nope.txt")],
        ["-m", "service.cli", "extract", "--jsonl", "/nonexistent"],
    ):
        out = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 1 and out.stdout == ""
        assert len(out.stderr.strip().splitlines()) == 1 and "No such file" in out.stderr


def test_a_bad_jsonl_line_gets_an_error_record_and_the_rest_go_on(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE}),
        "{not json",
        json.dumps({"id": "c", "txt": 1}),
        json.dumps({"id": "d", "text": ARTICLE}),
    ]
    path.write_text("\n".join(lines) + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "extract", "--jsonl", str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 1
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "c", "d"]
    assert rows[0]["quotes"][0]["outlet"]["name"] == "DTV" and rows[3]["quotes"]
    assert rows[1]["line"] == 2 and rows[1]["error"].startswith("not JSON")
    assert rows[2] == {"id": "c", "line": 3, "error": "expected an object with a string 'text'"}
    assert out.stderr.count("attrib extract: line") == 2
