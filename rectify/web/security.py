"""Security headers on every response.

The Content-Security-Policy allows scripts only from this site, plus the hashes of the
few inline scripts Dash writes into its page (``Dash.csp_hashes``); Plotly sets inline
styles on its charts, so styles may be inline. Frames are refused everywhere
(``frame-ancestors 'none'``, and ``X-Frame-Options`` for old browsers). A response that
already has a stricter policy (attachments are sent with ``default-src 'none'; sandbox``)
keeps it.

Whatever a signed-in user or an API client is sent is ``Cache-Control: no-store`` (pages,
JSON, exports, files): after signing out on a shared computer, Back must not show it.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, g, request
from flask_login import current_user

SCRIPT_HASHES_KEY = "CSP_SCRIPT_HASHES"


def content_security_policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *(f"'{h}'" for h in script_hashes)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def allow_inline_scripts(app: Flask, hashes: Iterable[str]) -> None:
    """Add CSP hashes (``sha256-...``, quoted or not) of inline scripts a component writes
    into its pages (Dash's renderer bootstrap)."""
    known = set(app.config.get(SCRIPT_HASHES_KEY, []))
    app.config[SCRIPT_HASHES_KEY] = sorted(known | {h.strip("'") for h in hashes})


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy",
                       content_security_policy(current_app.config.get(SCRIPT_HASHES_KEY, [])))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if _is_private():
        headers["Cache-Control"] = "no-store"
    return response


def _is_private() -> bool:
    """Sent to a signed-in user or an API client (the site's static files are not)."""
    if request.endpoint == "static":
        return False
    return g.get("api_user") is not None or current_user.is_authenticated


def register(app: Flask) -> None:
    app.after_request(_add_headers)
