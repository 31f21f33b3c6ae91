"""The OpenAPI 3 document of the open API (served at ``/api/openapi.json``).

Written by hand beside the routes (``bot.serve.api.routes``); the test suite checks the two
against each other with schemathesis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.serve.api.parse import IDS_PATTERN, KEY_HEADER, STATUS_PATTERN
from bot.services.open_requests import DESCRIPTION_PATTERN
from bot.services.report_filing import MAX_TEXT

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
OPEN311 = "/open311/v2"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(*codes: int) -> dict[str, Any]:
    meaning = {
        400: "the request is malformed (or names an unknown query parameter)",
        401: "no key, an unknown key or a revoked key",
        404: "no such request (or grid) in the key's areas",
        429: "too many requests for this key; see Retry-After",
    }
    found: dict[str, Any] = {}
    for code in sorted({400, 401, 429, *codes}):
        found[str(code)] = {
            "description": meaning[code],
            "content": {JSON: {"schema": _ref("Errors")}},
        }
    found["429"]["headers"] = {
        "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
    }
    return found


def _ok(description: str, schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, "content": {JSON: {"schema": schema}}}}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


def _schemas(codes: Sequence[str]) -> dict[str, Any]:
    text = {"type": "string"}
    instant = {"type": "string", "format": "date-time"}
    return {
        "Errors": {"type": "array", "items": {
            "type": "object", "required": ["code", "description"],
            "properties": {"code": {"type": "integer"}, "description": text}}},
        "Service": {"type": "object", "required": [
            "service_code", "service_name", "description", "metadata", "type", "keywords",
            "group"], "properties": {
            "service_code": {"type": "string", "enum": list(codes)}, "service_name": text,
            "description": text, "metadata": {"type": "boolean"},
            "type": {"type": "string", "enum": ["realtime"]}, "keywords": text, "group": text}},
        "Request": {"type": "object", "required": [
            "service_request_id", "status", "status_notes", "service_code", "service_name",
            "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "media_url"], "properties": {
            "service_request_id": text, "status": {"type": "string", "enum": ["open", "closed"]},
            "status_notes": text, "service_code": text, "service_name": text,
            "description": {"type": "string", "nullable": True}, "agency_responsible": text,
            "service_notice": text, "requested_datetime": instant,
            "updated_datetime": instant, "expected_datetime": {**instant, "nullable": True},
            "media_url": {"type": "string", "nullable": True}}},
        "Created": {"type": "array", "items": {"type": "object", "required": [
            "service_request_id", "service_notice", "account_id"], "properties": {
            "service_request_id": text, "service_notice": text,
            "account_id": {"type": "string", "nullable": True}}}},
        "NewRequest": {"type": "object", "required": ["service_code", "description"],
            "properties": {
            "service_code": {"type": "string", "enum": list(codes)},
            "description": {"type": "string", "maxLength": MAX_TEXT,
                            "pattern": DESCRIPTION_PATTERN},
            "grid": {"type": "string", "description": "a grid code of the key's areas"},
            "lat": {"type": "number", "minimum": -90, "maximum": 90},
            "long": {"type": "number", "minimum": -180, "maximum": 180}}},
        "Scope": {"type": "object", "required": ["name", "areas", "grids"], "properties": {
            "name": text,
            "areas": {"type": "array", "items": _ref("Area")},
            "grids": {"type": "array", "items": _ref("Area")}}},
        "Area": {"type": "object", "required": ["code", "name", "level"], "properties": {
            "code": text, "name": text, "level": text}},
    }  # fmt: skip


def _paths() -> dict[str, Any]:
    requests = {"type": "array", "items": _ref("Request")}
    paths: dict[str, Any] = {
        "/v1/scope": {"get": {
            "operationId": "scope", "summary": "the key's name, areas and grids",
            "responses": {**_ok("the key's scope", _ref("Scope")), **_errors()}}},
        f"{OPEN311}/services.json": {"get": {
            "operationId": "services", "summary": "Open311: the categories (service codes)",
            "responses": {**_ok("every service", {"type": "array", "items": _ref("Service")}),
                          **_errors()}}},
        f"{OPEN311}/requests.json": {
            "get": {
                "operationId": "requests", "summary": "Open311: requests of the key's areas",
                "parameters": [
                    _query("service_request_id", "comma-separated ids",
                           {"type": "string", "pattern": IDS_PATTERN}),
                    _query("service_code", "comma-separated service codes", {"type": "string"}),
                    _query("status", "open, closed or both", {"type": "string",
                                                              "pattern": STATUS_PATTERN}),
                    _query("start_date", "created at or after", {"type": "string",
                                                                 "format": "date-time"}),
                    _query("end_date", "created at or before", {"type": "string",
                                                                "format": "date-time"})],
                "responses": {**_ok("matching requests, newest first, at most 1000", requests),
                              **_errors(400)}},
            "post": {
                "operationId": "create_request",
                "summary": "Open311: file a request; it is dispatched to the grid at once",
                "requestBody": {"required": True, "content": {
                    FORM: {"schema": _ref("NewRequest")}, JSON: {"schema": _ref("NewRequest")}}},
                "responses": {**_ok("the new request's id", _ref("Created"), "201"),
                              **_errors(400, 404)}}},
        f"{OPEN311}/requests/{{service_request_id}}.json": {"get": {
            "operationId": "request", "summary": "Open311: one request",
            "parameters": [{"name": "service_request_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {**_ok("the request (a list of one)", requests), **_errors(404)}}},
    }  # fmt: skip
    jurisdiction = _query("jurisdiction_id", "accepted and ignored: one jurisdiction per server",
                          {"type": "string"})  # fmt: skip
    for item in paths.values():
        for operation in item.values():
            operation["parameters"] = [*operation.get("parameters", []), jurisdiction]
    return paths


def document(codes: Sequence[str]) -> dict[str, Any]:
    """The whole OpenAPI document; ``codes`` are the service codes (the categories)."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "gridbot open API (Open311 GeoReport v2)",
            "version": "1",
            "description": "Requests of the key's areas only; no personal data ever leaves.",
        },
        "servers": [{"url": "/api"}],
        "security": [{"apiKey": []}, {"apiKeyQuery": []}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(codes),
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": KEY_HEADER},
                "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
            },
        },
    }
