"""deploy/kubernetes, rendered as `kubectl kustomize` renders it, checked against the code:
grace periods, the queue KEDA watches, probe routes, and every setting it passes."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml
from rq import Queue

from tests.conftest import ROOT
from workers.queues import ATTRIBUTION_QUEUE

KUBECTL = shutil.which("kubectl")
ENV_READ = re.compile(r"""(?:environ\.get|environ\[|getenv|_int|_floats)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], dict]:
    if not KUBECTL:
        pytest.skip("kubectl is not installed: the kustomization cannot be rendered")
    out = subprocess.run(
        [KUBECTL, "kustomize", str(ROOT / "deploy" / "kubernetes")], capture_output=True, text=True, check=True
    ).stdout
    return {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(out) if d}


def containers(doc: dict) -> list[dict]:
    return doc["spec"]["template"]["spec"]["containers"]


def env_names(doc: dict, config: dict) -> set[str]:
    names = set()
    for c in containers(doc):
        names |= {e["name"] for e in c.get("env", [])}
        if any("configMapRef" in src for src in c.get("envFrom", [])):
            names |= set(config["data"])
    return names


def config_map(rendered) -> dict:
    return next(d for (kind, name), d in rendered.items() if kind == "ConfigMap" and name.startswith("attrib-config"))


def test_workers_finish_their_job_before_the_pod_goes(rendered):
    timeout = int(config_map(rendered)["data"]["ATTRIB_JOB_TIMEOUT"])
    worker = rendered[("Deployment", "attrib-worker")]
    assert worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > timeout


def test_keda_watches_the_queue_the_workers_take_jobs_from(rendered):
    scaled = rendered[("ScaledObject", "attrib-worker")]["spec"]
    assert scaled["scaleTargetRef"]["name"] == "attrib-worker" and scaled["minReplicaCount"] >= 1
    (trigger,) = scaled["triggers"]
    assert trigger["type"] in ("redis", "redis-sentinel")
    assert trigger["metadata"]["listName"] == Queue.redis_queue_namespace_prefix + ATTRIBUTION_QUEUE
    worker_env = env_names(rendered[("Deployment", "attrib-worker")], config_map(rendered))
    for key, value in trigger["metadata"].items():
        if key.endswith("FromEnv"):
            assert value in worker_env, f"KEDA reads {value} from the worker's environment"


def test_probes_point_at_routes_that_exist(rendered):
    from service import create_app
    from workers.settings import settings

    rules = {r.rule for r in create_app(settings()).url_map.iter_rules()}
    api = containers(rendered[("Deployment", "attrib-api")])[0]
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"/readyz", "/healthz"} <= rules
    port_names = {p["name"] for p in api["ports"]}
    assert {api["readinessProbe"]["httpGet"]["port"], api["livenessProbe"]["httpGet"]["port"]} <= port_names


def test_every_setting_passed_is_one_the_code_reads(rendered):
    read = set()
    for pkg in ("service", "workers", "attribution"):
        for path in (ROOT / pkg).rglob("*.py"):
            read |= set(ENV_READ.findall(path.read_text()))
    assert {"REDIS_URL", "ATTRIB_JOB_TIMEOUT", "ATTRIB_SECRET_KEY", "REDIS_SENTINELS"} <= read  # the scan works
    config = config_map(rendered)
    for kind, name in rendered:
        if kind == "Deployment":
            unknown = env_names(rendered[(kind, name)], config) - read
            assert not unknown, f"{name} sets {sorted(unknown)}, which nothing reads"


def test_the_secret_comes_from_a_secret_and_every_deployment_is_protected(rendered):
    deployments = [d for (kind, _), d in rendered.items() if kind == "Deployment"]
    pdbs = [d for (kind, _), d in rendered.items() if kind == "PodDisruptionBudget"]
    assert len(deployments) == 3
    images = {c["image"] for d in deployments for c in containers(d)}
    assert len(images) == 1, "API and workers run one image"
    for d in deployments:
        (secret,) = [e for c in containers(d) for e in c.get("env", []) if e["name"] == "ATTRIB_SECRET_KEY"]
        assert secret["valueFrom"]["secretKeyRef"]["name"] == "attrib-secret"
        labels = d["spec"]["template"]["metadata"]["labels"]
        assert any(p["spec"]["selector"]["matchLabels"].items() <= labels.items() for p in pdbs), d["metadata"]["name"]
    hpa = rendered[("HorizontalPodAutoscaler", "attrib-api")]["spec"]
    assert hpa["scaleTargetRef"]["name"] == "attrib-api" and hpa["metrics"][0]["resource"]["name"] == "cpu"
    ingress = rendered[("Ingress", "attrib")]["spec"]
    backend = ingress["rules"][0]["http"]["paths"][0]["backend"]["service"]
    service = rendered[("Service", backend["name"])]
    assert backend["port"]["name"] in {p["name"] for p in service["spec"]["ports"]}
    assert ingress["ingressClassName"] == "nginx"
