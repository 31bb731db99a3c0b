"""Check responses against openapi.yaml with openapi-core (an independent validator)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"


@cache
def _spec_for(host_url: str) -> OpenAPI:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": host_url.rstrip("/")}]
    # problem+json is JSON; yaml is served as text
    config = Config(
        extra_media_type_deserializers={
            "application/problem+json": lambda data: json.loads(data),
            "application/yaml": lambda data: data.decode() if isinstance(data, bytes) else data,
        }
    )
    return OpenAPI.from_dict(spec, config=config)


class _SentRequest(WerkzeugOpenAPIRequest):
    """The request as sent; its body stream was consumed by the app, and a response
    check needs only its method, path and parameters."""

    @property
    def body(self) -> bytes | None:
        return None


def conforms(resp) -> None:
    """Raise unless the Flask test response matches the contract for its request."""
    req = resp.request
    _spec_for(req.host_url).validate_response(_SentRequest(req), WerkzeugOpenAPIResponse(resp))
