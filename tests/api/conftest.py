"""Helpers for the API tests (no tests here): a client that sends a user's token and
checks every answer against the OpenAPI document the API serves."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from jsonschema import Draft202012Validator, FormatChecker
from werkzeug.exceptions import HTTPException

from rectify.extensions import db
from rectify.services.accounts import tokens as token_service

API = "/api/v1"


def openapi_document(app: Flask) -> dict:
    response = app.test_client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def documented_schema(document: dict, app: Flask, method: str, path: str, status: int) -> dict:
    """The schema the document gives for this answer; fails if the answer is undocumented.
    Unrouted paths answer the generic error shape."""
    error_schema = {"$ref": "#/components/schemas/ErrorOut"}
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path, method=method)
    except HTTPException:
        return error_schema
    operation_id = endpoint.rsplit(".", 1)[-1]
    for operations in document["paths"].values():
        for operation in operations.values():
            if operation["operationId"] == operation_id:
                answers = operation["responses"]
                assert str(status) in answers, f"{method} {path}: {status} is not documented"
                return answers[str(status)]["content"]["application/json"]["schema"]
    raise AssertionError(f"{endpoint} is not in the OpenAPI document")


def assert_matches_document(document: dict, app: Flask, method: str, path: str, response) -> None:
    schema = documented_schema(document, app, method, path.split("?")[0], response.status_code)
    validator = Draft202012Validator({**schema, "components": document["components"]},
                                     format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(response.get_json()), key=str)
    assert not errors, f"{method} {path} → {response.status_code}: {errors[0]}"


@dataclass
class ApiClient:
    """Calls the API with a bearer token; every answer is checked against the document."""

    app: Flask
    token: str | None
    document: dict

    def call(self, method: str, path: str, json=None, query: dict | None = None,
             headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        if self.token is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        response = self.app.test_client().open(API + path, method=method, json=json,
                                               query_string=query, headers=headers, **kwargs)
        assert response.is_json, f"{method} {path}: not JSON ({response.status_code})"
        assert_matches_document(self.document, self.app, method, API + path, response)
        return response

    def get(self, path: str, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json=None, **kwargs):
        return self.call("POST", path, json=json, **kwargs)

    def patch(self, path: str, json=None, **kwargs):
        return self.call("PATCH", path, json=json, **kwargs)


def token_for(world, username: str, **kwargs) -> str:
    _token, plain = token_service.issue_token(world.users[username], "test", **kwargs)
    return plain


@pytest.fixture
def api(app, world):
    """api('dept-a') -> an ApiClient with a fresh token of that user; api(None) sends none."""
    document = openapi_document(app)

    def client(username: str | None, token: str | None = None) -> ApiClient:
        if token is None and username is not None:
            token = token_for(world, username)
        return ApiClient(app, token, document)

    yield client
    db.session.rollback()
