"""The baseline for bench/api.py: a bare Flask endpoint that answers 202, nothing else."""

from flask import Flask, jsonify

app = Flask(__name__)


@app.post("/v1/jobs")
def accept():
    return jsonify({"id": "job_bare", "status": "queued"}), 202
