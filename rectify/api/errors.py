"""Every API error is JSON: ``{"error": {"code": ..., "message": ..., "details": [...]}}``.

``code`` is the contract (the workflow's rule codes such as ``wrong_status`` or
``checks_failed``, plus ``unauthenticated``, ``not_found``, ``bad_request``,
``invalid_input`` and ``version_conflict``); ``message`` is English for developers.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request
from flask_babel import force_locale
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from .. import workflow
from ..labels import WORKFLOW_ERRORS
from ..services.tracking.audit import ConflictError
from ..services.tracking.item_fields import ItemFieldsInvalid

PREFIX = "/api/"

# Workflow refusals: the role may never do it (403), the item is in the wrong state for it
# (409, retrying after the state changes can succeed), else the input is unacceptable (422).
WORKFLOW_STATUS = {
    "forbidden": 403,
    "unknown_transition": 404,
    "wrong_status": 409,
    "not_signed": 409,
    "pending_exists": 409,
    "recheck_pending": 409,
    "wrong_document_status": 409,
    "campaign_archived": 409,
    "stage_closed": 409,
    "item_closed": 409,
    "record_withdrawn": 409,
}

HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large",
              415: "unsupported_media_type", 422: "invalid_input", 500: "server_error"}


class ApiError(Exception):
    """An error answer: HTTP status, a stable code, an English message, optional details."""

    def __init__(self, status: int, code: str, message: str, details: list[dict] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


def error_response(status: int, code: str, message: str, details: list[dict] | None = None):
    response = jsonify(error={"code": code, "message": message, "details": details or []})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="rectify"'
    return response


def not_found() -> ApiError:
    """One answer for 'no such item' and 'not yours': ids reveal nothing."""
    return ApiError(404, "not_found", "No such resource, or you may not see it.")


def invalid_input(error: ValidationError, where: str) -> ApiError:
    """Pydantic's field errors as details: ``{"field": "due_date", "code", "message"}``."""
    details = [{"field": ".".join(str(part) for part in e["loc"]) or where,
                "code": e["type"], "message": e["msg"]} for e in error.errors()]
    return ApiError(422, "invalid_input", f"The {where} is not valid.", details)


def from_workflow(error: workflow.WorkflowError) -> ApiError:
    with force_locale("en"):
        message = str(WORKFLOW_ERRORS.get(error.code, error.message))
    details = [{"code": getattr(d, "code", "reason"),
                "message": d.text("en") if hasattr(d, "text") else str(d),
                "message_zh": d.text("zh") if hasattr(d, "text") else str(d)}
               for d in error.details]
    return ApiError(WORKFLOW_STATUS.get(error.code, 422), error.code, message, details)


def from_item_fields(error: ItemFieldsInvalid) -> ApiError:
    """The item validation's refusals, one detail per field, as pydantic's are."""
    details = [{"field": name, "code": e.code, "message": e.message}
               for name, e in error.errors.items()]
    return ApiError(422, "invalid_input", "The body is not valid.", details)


def _http_error(error: HTTPException):
    status = error.code or 500
    response = error_response(status, HTTP_CODES.get(status, "http_error"),
                              error.description or error.name)
    for name, value in error.get_headers():
        if name.lower() != "content-type":  # keeps e.g. the Allow header of a 405
            response.headers[name] = value
    return response


def register_handlers(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, lambda e: error_response(e.status, e.code, e.message,
                                                                 e.details))
    bp.register_error_handler(workflow.WorkflowError, lambda e: _api_error(from_workflow(e)))
    bp.register_error_handler(ItemFieldsInvalid, lambda e: _api_error(from_item_fields(e)))
    bp.register_error_handler(ConflictError, lambda e: error_response(
        409, "version_conflict", "The item changed since you read it; read it again and retry."))
    # The web registers handlers for these codes app-wide, and Flask prefers a handler
    # registered for the code over one for the HTTPException class: name each code here.
    for status in (400, 403, 404, 405, 413, 500):
        bp.register_error_handler(status, _http_error)
    bp.register_error_handler(HTTPException, _http_error)


def _api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.details)


def register_routing_fallbacks(app: Flask) -> None:
    """An unknown URL or method under ``/api/`` matches no route, so no blueprint handler
    sees it: answer those in JSON here, and leave every other path to the web's pages."""
    for exception in (NotFound, MethodNotAllowed):
        previous = app.error_handler_spec[None][exception.code].get(exception)

        def handler(error, previous=previous):
            if request.path.startswith(PREFIX):
                return _http_error(error)
            return previous(error) if previous else error

        app.register_error_handler(exception, handler)
