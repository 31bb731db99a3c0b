"""The public shape of jobs and batches (openapi.yaml: Job, Batch), for the API and webhooks."""

from __future__ import annotations

from typing import Any

STATUSES = ("queued", "running", "succeeded", "failed", "canceled")


def job_resource(record: dict[str, Any], base_url: str, *, include_result: bool = True) -> dict[str, Any]:
    job_id = record["id"]
    out: dict[str, Any] = {
        "id": job_id,
        "status": record["status"],
        "created_at": record["created_at"],
        "started_at": record["started_at"],
        "finished_at": record["finished_at"],
        "attempts": record["attempts"],
        "metadata": record.get("metadata") or {},
        "batch_id": record.get("batch_id"),
        "links": {
            "self": f"{base_url}/v1/jobs/{job_id}",
            "deliveries": f"{base_url}/v1/jobs/{job_id}/deliveries",
        },
    }
    if record.get("batch_id"):
        out["links"]["batch"] = f"{base_url}/v1/batches/{record['batch_id']}"
    if record["status"] == "succeeded" and include_result:
        out["result"] = record["result"]
    if record["status"] == "failed":
        out["error"] = record.get("error")
    return out


def batch_resource(batch: dict[str, Any], jobs: list[dict[str, Any] | None], base_url: str) -> dict[str, Any]:
    counts = dict.fromkeys(STATUSES, 0)
    for rec in jobs:
        if rec is not None:
            counts[rec["status"]] += 1
    done = sum(counts[s] for s in ("succeeded", "failed", "canceled"))
    return {
        "id": batch["id"],
        "created_at": batch["created_at"],
        "metadata": batch.get("metadata") or {},
        "total": len(batch["job_ids"]),
        "counts": counts,
        "completed": done == len(batch["job_ids"]),
        "jobs": [{"id": j, "links": {"self": f"{base_url}/v1/jobs/{j}"}} for j in batch["job_ids"]],
        "links": {"self": f"{base_url}/v1/batches/{batch['id']}"},
    }
