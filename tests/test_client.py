"""`attrib submit/get/jobs/cancel` as a shell script runs them: the real command against
gunicorn, a real Redis and a real worker."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, GunicornServer
from workers.redis_server import free_port

STORY = '"We will rebuild the bridge," said Farid Ozmen, the mayor, in an interview with Radio Meridian.\n'
OTHER = 'Officials said the road would reopen. "It is safe," Layla Haddad told Reuters.\n'


def attrib(*args: str, env: dict | None = None, stdin: str | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    base_env = {k: v for k, v in os.environ.items() if k not in ("ATTRIB_URL", "ATTRIB_API_KEY", "ATTRIB_STATE_DIR")}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base_env, **(env or {})},
        timeout=120,
    )


@pytest.fixture()
def stories(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(STORY, encoding="utf-8")
    b.write_text(OTHER, encoding="utf-8")
    return a, b


@pytest.fixture()
def target(api_server, api_key):
    return {"ATTRIB_URL": api_server, "ATTRIB_API_KEY": api_key}


def test_submit_files_wait_and_print_csv_rows(target, stories):
    out = attrib("submit", *map(str, stories), "--wait", "--format", "csv", env=target)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["file"] for r in rows} == set(map(str, stories))
    ozmen = next(r for r in rows if r["speaker"] == "Farid Ozmen")
    assert ozmen["type"] == "direct" and ozmen["chain"] == "Farid Ozmen > Radio Meridian"
    assert out.stderr == "", "no progress bar when stderr is not a terminal"


def test_a_rerun_creates_no_duplicate_jobs(target, stories):
    once = attrib("submit", *map(str, stories), "--format", "jsonl", env=target)
    first = [json.loads(x) for x in once.stdout.splitlines()]
    again = attrib("submit", *map(str, stories), "--wait", "--format", "jsonl", env=target)
    assert again.returncode == 0
    second = [json.loads(x) for x in again.stdout.splitlines()]
    assert [j["id"] for j in first] == [j["id"] for j in second]
    assert [j["file"] for j in second] == list(map(str, stories))
    assert all(j["status"] == "succeeded" for j in second)


def test_table_from_stdin_reads_like_an_editor_would(target):
    out = attrib("submit", "-", "--wait", "--format", "table", "--title", "Bridge", env=target, stdin=STORY)
    assert out.returncode == 0, out.stderr
    head, *lines = out.stdout.splitlines()
    assert head.startswith("# -  job_") and head.endswith("succeeded  1 quotes")
    speaker, rest = lines[0][:24].strip(), lines[0][24:].split()
    assert speaker == "Farid Ozmen" and rest[:4] == ["Radio", "Meridian", "direct", "We"]


def test_get_jobs_and_cancel(target, stories):
    job = json.loads(attrib("submit", str(stories[0]), "--wait", env=target).stdout)
    got = attrib("get", job["id"], "--format", "json", env=target)
    assert got.returncode == 0 and json.loads(got.stdout)["result"]["quotes"][0]["speaker"]["name"] == "Farid Ozmen"
    listed = attrib("jobs", "--status", "succeeded", env=target)
    assert listed.returncode == 0 and any(line.startswith(job["id"]) for line in listed.stdout.splitlines())
    late = attrib("cancel", job["id"], env=target)
    assert late.returncode == 1
    assert late.stderr.strip() == "attrib: 409 Conflict: The job has already ended (succeeded); it cannot be canceled."


def test_exit_status_says_what_went_wrong(target, stories, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    partly = attrib("submit", str(stories[0]), str(empty), "--wait", "--format", "jsonl", env=target)
    assert partly.returncode == 1 and "empty.txt: 422" in partly.stderr
    assert [json.loads(x)["file"] for x in partly.stdout.splitlines()] == [str(stories[0])]
    assert attrib("submit", str(tmp_path / "missing.txt"), env=target).returncode == 2
    assert attrib("submit", str(stories[0]), "--format", "xml", env=target).returncode == 2
    assert attrib("submit", *map(str, stories), "--title", "one title", env=target).returncode == 2
    bad_key = attrib("jobs", env={**target, "ATTRIB_API_KEY": "atk_nope"})
    assert bad_key.returncode == 1 and bad_key.stderr.strip() == "attrib: 401 Unauthorized: The API key is not valid."
    nowhere = attrib("jobs", cwd=tmp_path)
    assert nowhere.returncode == 2 and "make run" in nowhere.stderr


def test_429_is_retried_after_the_time_it_names(redis_server, worker, api_key, tmp_path, stories):
    server = GunicornServer(redis_server.url, tmp_path / "prom", env={"ATTRIB_RATE_LIMIT": "2/second"})
    (tmp_path / "prom").mkdir()
    server.start()
    try:
        env = {"ATTRIB_URL": server.base, "ATTRIB_API_KEY": api_key}
        files = []
        for i in range(5):
            path = tmp_path / f"s{i}.txt"
            path.write_text(f'"Item {i} is ready," said Farid Ozmen.\n', encoding="utf-8")
            files.append(str(path))
        out = attrib("submit", *files, "--wait", "--format", "jsonl", env=env)
        assert out.returncode == 0, out.stderr
        assert [json.loads(x)["status"] for x in out.stdout.splitlines()] == ["succeeded"] * 5
    finally:
        server.stop()


def test_the_running_make_run_of_this_checkout_is_found(api_server, api_key, redis_server, tmp_path):
    state = tmp_path / ".attrib"
    state.mkdir()
    (state / "service.json").write_text(
        json.dumps({"base_url": api_server, "redis_url": redis_server.url, "pid": os.getpid()})
    )
    (state / "local_api_key").write_text(f"key_local {api_key}\n")
    sub = tmp_path / "desk" / "stories"
    sub.mkdir(parents=True)
    clean = {"REDIS_URL": ""}
    listed = attrib("jobs", cwd=sub, env=clean)  # found by looking up from the current directory
    assert listed.returncode == 0, listed.stderr
    created = attrib("keys", "create", "from-checkout", cwd=sub, env=clean)
    assert created.returncode == 0, created.stderr
    key_id = json.loads(created.stdout)["id"]
    assert key_id in attrib("keys", "list", env={"ATTRIB_STATE_DIR": str(state), "REDIS_URL": ""}).stdout
    secret = attrib("keys", "secret", key_id, cwd=sub, env=clean)
    assert secret.stdout.strip() == json.loads(created.stdout)["signing_secret"]

    (state / "service.json").write_text(json.dumps({"base_url": api_server, "redis_url": "x", "pid": 2**22 + 7}))
    stale = attrib("jobs", cwd=sub, env=clean)
    assert stale.returncode == 2, "a service.json whose process is gone is not used"


def test_keys_without_a_redis_is_one_line_and_exit_1(tmp_path):
    out = attrib("keys", "list", cwd=tmp_path, env={"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"})
    assert out.returncode == 1
    assert len(out.stderr.strip().splitlines()) == 1 and out.stderr.startswith("attrib keys: no Redis at")


def test_a_reader_that_stops_early_gets_no_traceback(target, tmp_path):
    """`attrib submit … | head -1`: the reader is gone before the rows are written."""
    path = tmp_path / "s.txt"
    path.write_text(STORY, encoding="utf-8")
    env = {**{k: v for k, v in os.environ.items() if k != "ATTRIB_STATE_DIR"}, **target}
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "submit", str(path), "--wait", "--format", "table"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
    )
    os.close(write_end)
    os.close(read_end)  # nobody reads: every write fails with EPIPE
    _, err = proc.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()
    assert proc.returncode == 1
