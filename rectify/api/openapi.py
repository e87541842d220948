"""The OpenAPI 3.1 document at ``/api/v1/openapi.json``, written from the route table.

Paths, parameters, bodies and answers all come from :data:`rectify.api.OPERATIONS` and the
pydantic models it names, so adding a route documents it. JSON Schema 2020-12, which
pydantic produces, is OpenAPI 3.1's schema language, so the schemas go in unchanged.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from ..plugins import rectify_version
from . import OPERATIONS, Download, Operation, bp, route
from .schemas import ErrorOut

REF_TEMPLATE = "#/components/schemas/{model}"
RULE_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
CONVERTER_TYPES = {"int": "integer", "float": "number"}

DESCRIPTION = """\
Rectify's JSON API: the items the caller may see, their records and workflow moves, the
reference lists and the dashboard's aggregates. The same rules apply as on the web pages.

**Authentication.** Create a personal token on the "API tokens" page (the user menu,
Preferences → API tokens) and send it as `Authorization: Bearer <token>`. Session cookies
are not accepted here, so no CSRF token is needed.

**Errors** are `{"error": {"code", "message", "details"}}`; `code` is the stable part
(`unauthenticated`, `forbidden`, `not_found`, `bad_request`, `invalid_input`,
`version_conflict`, and the workflow's `wrong_status`, `not_signed`, `reason_required`,
`checks_failed`, ...). Input is validated whole before anything is written.

**Optimistic locking.** Items carry a `version`; send the one you read when changing or
moving an item, and a stale one gives 409 `version_conflict` with nothing changed.
"""

ERROR_TEXTS = {
    400: "Not a JSON object (or, where files are sent, not a multipart body)",
    401: "No valid token", 403: "The caller's role may not do this",
    404: "Not found, or not visible to the caller", 409: "The item's state or version "
    "does not allow this now", 413: "The request is larger than the server accepts",
    422: "Invalid input, or a workflow rule refused it",
}


class OpenApiDocument(BaseModel):
    """The document itself (its parts are free-form JSON)."""

    model_config = ConfigDict(extra="allow")
    openapi: str
    info: dict
    paths: dict
    components: dict


@route("GET", "/openapi.json", summary="This OpenAPI document", response=OpenApiDocument,
       public=True)
def openapi_document() -> OpenApiDocument:
    return OpenApiDocument(**build_document())


@cache
def build_document() -> dict:
    """The document; the route table is fixed once the modules are imported, so it is
    built once per process. Callers must not change it."""
    refs, schemas = _component_schemas()
    paths: dict[str, dict] = {}
    for operation in OPERATIONS:
        paths.setdefault(openapi_path(operation.rule), {})[operation.method.lower()] = \
            _operation(operation, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Rectify (整改通) API", "version": rectify_version(),
                 "description": DESCRIPTION},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer",
                                                "description": "A personal API token"}},
        },
        "security": [{"bearerToken": []}],
    }


def openapi_path(rule: str) -> str:
    """``/items/<int:item_id>`` → ``/api/v1/items/{item_id}``."""
    return (bp.url_prefix or "") + RULE_ARGUMENT.sub(r"{\2}", rule)


def _component_schemas() -> tuple[dict, dict]:
    """Every model the table names, under ``components/schemas``; refs by (model, mode)."""
    wanted: set[tuple[type[BaseModel], JsonSchemaMode]] = {(ErrorOut, "serialization")}
    for operation in OPERATIONS:
        if operation.response is not Download:
            wanted.add((operation.response, "serialization"))
        if operation.body is not None:
            wanted.add((operation.body, "validation"))
    refs, top = models_json_schema(sorted(wanted, key=lambda pair: pair[0].__name__),
                                   ref_template=REF_TEMPLATE)
    return refs, top.get("$defs", {})


def _operation(operation: Operation, refs: dict) -> dict:
    answer = {
        "operationId": operation.endpoint,
        "summary": operation.summary,
        "description": operation.description,
        "parameters": _path_parameters(operation) + _query_parameters(operation),
        "responses": _responses(operation, refs),
    }
    if operation.upload is not None and operation.body is not None:
        answer["requestBody"] = {"required": True, "content": {
            "multipart/form-data": {"schema": _multipart_schema(operation.body,
                                                                operation.upload)}}}
    elif operation.body is not None:
        answer["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": refs[(operation.body, "validation")]}}}
    if operation.public:
        answer["security"] = []
    return answer


BINARY = {"type": "string", "format": "binary"}


def _multipart_schema(body: type[BaseModel], upload: str) -> dict:
    """The body model's fields as form fields, plus the file part ``upload`` (one or more
    files)."""
    schema = body.model_json_schema(ref_template=REF_TEMPLATE)
    schema.pop("title", None)
    schema["properties"][upload] = {"type": "array", "items": BINARY, "minItems": 1}
    schema["required"] = [*schema.get("required", []), upload]
    return schema


def _path_parameters(operation: Operation) -> list[dict]:
    parameters = []
    for converter, name in RULE_ARGUMENT.findall(operation.rule):
        schema: dict = {"type": CONVERTER_TYPES.get(converter, "string")}
        if name in operation.path_enums:
            schema["enum"] = list(operation.path_enums[name])
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema})
    return parameters


def _query_parameters(operation: Operation) -> list[dict]:
    if operation.query is None:
        return []
    schema = operation.query.model_json_schema(ref_template=REF_TEMPLATE)
    required = set(schema.get("required", []))
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        parameter = {"name": name, "in": "query", "required": name in required,
                     "schema": prop}
        if "description" in prop:
            parameter["description"] = prop["description"]
        parameters.append(parameter)
    return parameters


def _without_null(prop: dict) -> dict:
    """``anyOf: [X, null]`` → X: an absent query parameter is how one says 'none'."""
    options = [option for option in prop.get("anyOf", []) if option != {"type": "null"}]
    if len(options) != 1:
        return prop
    rest = {key: value for key, value in prop.items()
            if key != "anyOf" and not (key == "default" and value is None)}
    return {**options[0], **rest}


def _responses(operation: Operation, refs: dict) -> dict:
    if operation.response is Download:
        content = {"application/octet-stream": {"schema": BINARY}}
    else:
        content = {"application/json": {"schema": refs[(operation.response, "serialization")]}}
    responses = {str(operation.status): {"description": operation.summary, "content": content}}
    statuses = set(operation.failures)
    if not operation.public:
        statuses.add(401)
    if operation.body is not None:
        statuses |= {400, 422}
    if operation.query is not None:
        statuses.add(422)
    error = {"application/json": {"schema": refs[(ErrorOut, "serialization")]}}
    for status in sorted(statuses):
        responses[str(status)] = {"description": ERROR_TEXTS[status], "content": error}
    return responses
