"""The JSON API under ``/api/v1``: the blueprint, token authentication and the route table.

Authentication is by personal token only (``Authorization: Bearer rct_...``, created on
the user's "API tokens" page). The session cookie of the web pages is never read here, so
a browser that happens to be signed in cannot be made to call the API by another site:
that is why the blueprint is exempt from CSRF protection, which guards cookie-based forms.

Every route is declared with :func:`route`, which records it in :data:`OPERATIONS` with
its query, body and answer models. The wrapper validates the request against those models
before the view runs and serialises the view's answer model; :mod:`rectify.api.openapi`
writes the OpenAPI document from the same table, so the two cannot drift apart. A route
taking files declares ``upload`` (its body is then ``multipart/form-data``: the model's
fields plus that file part); a route answering a file declares ``response=Download``.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from flask import Blueprint, Flask, g, jsonify, request
from pydantic import BaseModel, ValidationError

from ..extensions import csrf
from ..models import User
from ..services.accounts import tokens
from ..text import has_control_characters, was_not_utf8
from . import errors

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.register_handlers(bp)


@dataclass(frozen=True)
class Operation:
    """One route of the API, as the OpenAPI document describes it."""

    method: str
    rule: str
    endpoint: str
    summary: str
    response: type[BaseModel]
    status: int = 200
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    failures: tuple[int, ...] = ()
    public: bool = False
    description: str = ""
    path_enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    upload: str | None = None


class Download(BaseModel):
    """Marks a route whose answer is a file's bytes (the view returns the response)."""


OPERATIONS: list[Operation] = []
PUBLIC_ENDPOINTS: set[str] = set()


def route(method: str, rule: str, *, summary: str, response: type[BaseModel],
          status: int = 200, query: type[BaseModel] | None = None,
          body: type[BaseModel] | None = None, failures: tuple[int, ...] = (),
          public: bool = False, description: str = "",
          guard: Callable[[User], bool] | None = None,
          path_enums: dict[str, tuple[str, ...]] | None = None,
          upload: str | None = None) -> Callable:
    """Declare an API route. The view receives the path arguments, plus ``query`` and
    ``body`` (validated models) when declared, and returns a ``response`` model.
    ``failures`` lists the error statuses it may answer besides the ones every route
    may (401, and 400/422 when it takes input). ``guard`` asks the workflow whether the
    caller's role may use the route at all, so a refused role gets 403 whatever it sent.
    ``upload`` names the file part of a multipart body; the view then also receives
    ``files``, the uploaded files of that part."""

    def decorate(view: Callable) -> Callable:
        if upload is not None and body is None:
            raise TypeError(f"{view.__name__} takes files: declare its body model too")
        description_ = description or inspect.cleandoc(view.__doc__ or "")
        failures_ = tuple(sorted(set(failures) | ({403} if guard else set())))
        operation = Operation(method, rule, view.__name__, summary, response, status, query,
                              body, failures_, public, description_, path_enums or {},
                              upload)
        OPERATIONS.append(operation)
        if public:
            PUBLIC_ENDPOINTS.add(f"{bp.name}.{view.__name__}")

        @wraps(view)
        def endpoint(**path_args):
            if guard is not None and not guard(api_user()):
                raise errors.ApiError(403, "forbidden", "Your role may not do this.")
            if query is not None:
                path_args["query"] = _parse_query(query)
            if upload is not None and body is not None:
                path_args["body"] = _parse_form(body)
                path_args["files"] = request.files.getlist(upload)
            elif body is not None:
                path_args["body"] = _parse_body(body)
            answer = view(**path_args)
            if response is Download:
                return answer
            if not isinstance(answer, response):
                raise TypeError(f"{view.__name__} must answer a {response.__name__}")
            return jsonify(answer.model_dump(mode="json")), status

        bp.add_url_rule(rule, endpoint=view.__name__, view_func=endpoint, methods=[method])
        return view

    return decorate


def _parse_query(model: type[BaseModel]) -> BaseModel:
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as error:
        raise errors.invalid_input(error, "query") from None


def _parse_body(model: type[BaseModel]) -> BaseModel:
    """A JSON object, validated whole: 400 if it is not JSON at all, 422 if its fields are
    wrong. Nothing is written before this passes."""
    if not request.is_json:
        raise errors.ApiError(400, "bad_request",
                              "Send a JSON body (Content-Type: application/json).")
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than Python's json parser goes: not for us
        data = None
    if not isinstance(data, dict):
        raise errors.ApiError(400, "bad_request", "The body must be a JSON object.")
    try:
        return model.model_validate_json(request.get_data())
    except ValidationError as error:
        raise errors.invalid_input(error, "body") from None


def _parse_form(model: type[BaseModel]) -> BaseModel:
    """The text fields of a multipart body, validated whole like a JSON body (as text:
    the model is validated leniently, so ``"5"`` may be a number here)."""
    if request.mimetype != "multipart/form-data":
        raise errors.ApiError(400, "bad_request",
                              "Send a multipart body (Content-Type: multipart/form-data).")
    fields = request.form.to_dict()
    broken = sorted(name for name, value in fields.items()
                    if has_control_characters(value) or was_not_utf8(value))
    if broken:  # e.g. bytes that are not UTF-8, which werkzeug keeps as lone surrogates
        raise errors.ApiError(422, "invalid_input", "Control characters or bytes that are "
                              "not UTF-8 in: " + ", ".join(broken) + ".")
    try:
        return model.model_validate(fields, strict=False)
    except ValidationError as error:
        raise errors.invalid_input(error, "body") from None


# Authentication ------------------------------------------------------------------------

BEARER = re.compile(r"Bearer\s+(\S+)\s*$", re.IGNORECASE)


@bp.before_request
def authenticate():
    """Every route but the public ones needs a valid token of an active user."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    match = BEARER.match(request.headers.get("Authorization", ""))
    user = tokens.user_for_token(match.group(1)) if match else None
    if user is None:
        return errors.error_response(
            401, "unauthenticated",
            "Send a valid API token: Authorization: Bearer <token>." if match is None else
            "The token is unknown, revoked or expired, or its user is disabled.")
    g.api_user = user
    return None


def api_user() -> User:
    """The user whose token authenticated this request."""
    return g.api_user


def register(app: Flask) -> None:
    """Attach the API to ``app`` (called once by the factory)."""
    # Their routes join the table.
    from . import (  # noqa: F401
        attachments,
        batch,
        chases,
        check_records,
        deliverables,
        extensions,
        followup,
        items,
        notifications,
        openapi,
        reference,
    )

    csrf.exempt(bp)
    app.register_blueprint(bp)
    errors.register_routing_fallbacks(app)
