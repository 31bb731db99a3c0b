"""Request validation (marshmallow). Responses are shaped in workers/resource.py."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates, validates_schema

from workers.netguard import UnsafeURL, check_url_syntax, vet_url
from workers.settings import Settings
from workers.webhooks import EVENTS

MAX_METADATA_BYTES = 16 * 1024
MAX_METADATA_DEPTH = 8


def _settings() -> Settings:
    return current_app.config["ATTRIB_SETTINGS"]


def check_callback_url(url: str) -> None:
    """SSRF check at submission: scheme, host, every resolved address."""
    try:
        check_url_syntax(url, _settings())
        vet_url(url, _settings())
    except UnsafeURL as exc:
        raise ValidationError(str(exc)) from exc


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


def _depth(value: Any) -> int:
    """Levels of objects and arrays (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            d += 1
            deepest = max(deepest, d)
            stack.extend((c, d) for c in (v.values() if isinstance(v, dict) else v))
    return deepest


class Metadata(fields.Dict):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        out = super()._deserialize(value, attr, data, **kwargs)
        if _depth(out) > MAX_METADATA_DEPTH:
            raise ValidationError(f"metadata may nest at most {MAX_METADATA_DEPTH} levels")
        if len(json.dumps(out)) > MAX_METADATA_BYTES:
            raise ValidationError(f"metadata must be at most {MAX_METADATA_BYTES} bytes as JSON")
        return out


class ArticleSchema(StrictSchema):
    text = fields.String(required=True)
    title = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"}, require_tld=False)
    published_at = fields.AwareDateTime(load_default=None, allow_none=True, format="iso")
    metadata = Metadata(keys=fields.String(), load_default=dict)
    keep_text = fields.Boolean(load_default=False)

    @validates("text")
    def _text(self, value: str, **_: Any) -> None:
        if not value.strip():
            raise ValidationError("text must not be empty or whitespace only")


class JobCreateSchema(ArticleSchema):
    callback_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"}, require_tld=False)

    @validates("callback_url")
    def _callback(self, value: str | None, **_: Any) -> None:
        if value:
            check_callback_url(value)


class BatchArticleSchema(ArticleSchema):
    pass


class BatchCreateSchema(StrictSchema):
    articles = fields.List(fields.Nested(BatchArticleSchema), required=True)
    callback_url = fields.Url(load_default=None, allow_none=True, schemes={"http", "https"}, require_tld=False)
    metadata = Metadata(keys=fields.String(), load_default=dict)

    @validates("articles")
    def _articles(self, value: list, **_: Any) -> None:
        limit = _settings().max_batch
        if not 1 <= len(value) <= limit:
            raise ValidationError(f"a batch holds 1 to {limit} articles")

    @validates("callback_url")
    def _callback(self, value: str | None, **_: Any) -> None:
        if value:
            check_callback_url(value)


class ListJobsQuery(StrictSchema):
    status = fields.String(
        load_default=None, validate=validate.OneOf(["queued", "running", "succeeded", "failed", "canceled"])
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^\d+(\.\d+)?(e[+-]?\d+)?:job_[0-9a-f]{32}$", error="not a cursor from this API"),
    )


class WaitQuery(StrictSchema):
    wait = fields.Integer(load_default=0, validate=validate.Range(min=0, max=30))
    include = fields.String(load_default=None, validate=validate.OneOf(["text"]))


class WebhookCreateSchema(StrictSchema):
    url = fields.Url(required=True, schemes={"http", "https"}, require_tld=False)
    events = fields.List(
        fields.String(validate=validate.OneOf(EVENTS)),
        load_default=lambda: list(EVENTS),
        validate=validate.Length(min=1),
    )
    description = fields.String(load_default="", validate=validate.Length(max=500))

    @validates("url")
    def _url(self, value: str, **_: Any) -> None:
        check_callback_url(value)


class WebhookPatchSchema(StrictSchema):
    url = fields.Url(schemes={"http", "https"}, require_tld=False)
    events = fields.List(fields.String(validate=validate.OneOf(EVENTS)), validate=validate.Length(min=1))
    description = fields.String(validate=validate.Length(max=500))
    disabled = fields.Boolean()

    @validates("url")
    def _url(self, value: str, **_: Any) -> None:
        check_callback_url(value)

    @validates_schema
    def _not_empty(self, data: dict, **_: Any) -> None:
        if not data:
            raise ValidationError("give at least one field to change")


# Schemas are stateless once built, and building one deep-copies its fields: build each once.
JOB_CREATE = JobCreateSchema()
BATCH_CREATE = BatchCreateSchema()
LIST_JOBS = ListJobsQuery()
WAIT = WaitQuery()
WEBHOOK_CREATE = WebhookCreateSchema()
WEBHOOK_PATCH = WebhookPatchSchema()
