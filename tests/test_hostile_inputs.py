"""Hostile input (tests/hostile/corpus.py) sent to every form and JSON endpoint.

For every POST/PATCH route of ``test_route_access.RULES`` that takes fields, the valid
request of a role that may use the route is sent again with each field in turn replaced
by each hostile value. Whatever comes back:

* never a server error;
* a value the corpus marks ``refused`` (control characters, 100,000 characters, broken
  UTF-8, wrong JSON types, ids no database column holds) is refused — a 4xx, or a page
  that shows the refusal — and nothing is written;
* a value the app may take as text (``<script>``, SQL, ``../..``) is either refused the
  same way, or stored verbatim and shown escaped.

Uploads, imports and malformed API bodies have their own tests below.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from hostile.corpus import JSON_ONLY, TEXT, Hostile
from sqlalchemy import JSON, String, func, select
from test_route_access import RULES, Caller, Objects, make_objects, url_of

from rectify.api import OPERATIONS, bp
from rectify.extensions import db
from rectify.models import User

# What "nothing was written" looks at: every table a request could change.
WATCHED_TABLES = ("item", "item_co_unit", "action", "attachment", "event", "check_record",
                  "chase", "notification", "rating", "recheck", "extension_request",
                  "api_token", "user", "unit", "campaign", "campaign_stage", "campaign_unit",
                  "inspection_group", "group_member")
VOLATILE_COLUMNS = {"last_used_at"}  # an API call notes when its token was used
# Fields whose value is never stored as typed: any text ticks a checkbox, the item's
# version is only compared (a move that does not change the item may ignore it).
NOT_STORED_FIELDS = {"active", "new_codes", "version", "confirmed"}
PASSWORD_FIELDS = {"password", "new_password", "confirm", "current_password"}
# The first of these roles that the table allows sends the requests.
ROLE_PREFERENCE = ("anon", "committee", "dept_own", "admin", "leader")



def takes_fields(key) -> bool:
    """Whether the route's valid request has fields (a form or body of constants
    builds without a world; one that names real ids needs it, so it has fields)."""
    build = RULES[key].data
    if build is None:
        return False
    try:
        return build(None, None) != {}
    except AttributeError:
        return True


FIELD_ROUTES = [key for key in RULES if key[0] in ("POST", "PATCH") and takes_fields(key)]


def role_for(key) -> str:
    return next(role for role in ROLE_PREFERENCE if RULES[key].expected[role] == "ok")


def snapshot() -> dict[str, list[str]]:
    """Every row of the watched tables (as text, sorted), to compare before and after."""
    rows = {}
    for name in WATCHED_TABLES:
        table = db.metadata.tables[name]
        columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
        rows[name] = sorted(repr(tuple(row)) for row in db.session.execute(select(*columns)))
    db.session.rollback()
    return rows


def stored_verbatim(text: str) -> bool:
    """Some text column of some table holds exactly ``text``, or some JSON column
    (a check record's values, an event's old and new values) holds it as a value."""
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, JSON):
                values = db.session.scalars(select(column)).all()
                if any(text in json_values(value) for value in values):
                    return True
            elif isinstance(column.type, String) and db.session.scalar(
                    select(func.count()).select_from(table).where(column == text)):
                return True
    return False


def json_values(value: Any) -> set[str]:
    """Every scalar in a JSON document, as text."""
    if isinstance(value, dict):
        return set().union(*map(json_values, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(json_values, value)) if value else set()
    return {str(value)}


def is_a_password(text: str) -> bool:
    return any(user.check_password(text) for user in db.session.scalars(select(User)))


# Sending requests ------------------------------------------------------------------------

def multipart(fields: dict[str, Any]) -> tuple[bytes, str]:
    """A multipart body by hand: the test client would send bytes as their repr."""
    boundary = "hostileboundary7c1a"
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f"--{boundary}\r\n".encode())
        if isinstance(value, tuple):
            stream, filename = value
            body.write(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"'
                       f"\r\nContent-Type: application/octet-stream\r\n\r\n".encode())
            body.write(stream.getvalue() if hasattr(stream, "getvalue") else stream)
        else:
            body.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            body.write(value if isinstance(value, bytes) else str(value).encode())
        body.write(b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def send(caller: Caller, method: str, rule: str, url: str, data: dict):
    """Forms go as multipart, where bytes that are not UTF-8 reach the form as U+FFFD
    (url-encoded, Werkzeug keeps them as the text "%FF": see the test below)."""
    if takes_json(rule):
        return caller.call(method, rule, url, data)
    if rule.startswith("/api/"):  # an API route taking files: multipart, with the token
        body, content_type = multipart(data)
        return caller.client.post(url, data=body, content_type=content_type,
                                  headers={"Authorization": f"Bearer {caller.api_token}"})
    body, content_type = multipart({**data, "csrf_token": caller.csrf})
    return caller.client.post(url, data=body, content_type=content_type)


def shows_refusal(client, response) -> bool:
    """A 4xx, or a page (directly or after the redirect) with an error message."""
    if 400 <= response.status_code < 500:
        return True
    page = client.get(response.headers["Location"]) if response.status_code in (302, 303) \
        else response
    html = page.get_data(as_text=True)
    return "flash-danger" in html or 'class="error"' in html


def pages_showing(caller: Caller, objects: Objects) -> list[str]:
    """Pages where accepted text may appear, for the caller."""
    urls = ["/items/", "/notifications/", "/account/tokens", f"/items/{objects.open_item.id}",
            f"/items/{objects.working.id}", f"/items/{objects.closed.id}"]
    if caller.role == "admin":
        urls += ["/admin/users", "/admin/units"]
    if caller.role in ("admin", "committee", "leader"):
        urls += ["/campaigns/", f"/campaigns/{objects.campaign_id}"]
    return [caller.client.get(url).get_data(as_text=True) for url in urls]


# The field matrix ----------------------------------------------------------------------

def takes_json(rule: str) -> bool:
    """API routes take JSON, except those taking files (a multipart body), whose fields
    are text as a form's are. (The API's table is filled once an app is created.)"""
    multipart = {f"{bp.url_prefix}{op.rule}" for op in OPERATIONS if op.upload}
    return rule.startswith("/api/") and rule not in multipart


def values_for(rule: str) -> list[Hostile]:
    return TEXT + JSON_ONLY if takes_json(rule) else TEXT


def sent_value(rule: str, hostile: Hostile) -> Any:
    return hostile.json_value() if takes_json(rule) else hostile.form


def as_text(hostile: Hostile) -> str | None:
    """The text the app would store for the value, or None if it is not text."""
    if isinstance(hostile.form, bytes):
        return None
    return hostile.form if hostile.json is None else None


def check_one(caller, world, key, objects, field, hostile) -> str | None:
    """Send one hostile value; the problem found, or None."""
    method, rule = key
    spec = RULES[key]
    url = url_of(rule, spec.params(world, objects))
    data = {**spec.data(world, objects), field: sent_value(rule, hostile)}
    before = snapshot()
    try:
        response = send(caller, method, rule, url, data)
    except Exception as error:  # the app raised: a 500 in production
        db.session.rollback()
        return f"server error: {error!r}"[:300]
    db.session.rollback()
    if response.status_code >= 500:
        return f"status {response.status_code}"
    if snapshot() == before:
        return None if shows_refusal(caller.client, response) else "refused silently"
    return accepted_problem(caller, objects, field, hostile)


def accepted_problem(caller, objects, field, hostile) -> str | None:
    """The value was written: that must be allowed, verbatim, and shown escaped."""
    text = as_text(hostile)
    if field in NOT_STORED_FIELDS:
        return None
    if hostile.refused or text is None:
        return "written, but must be refused"
    if field in PASSWORD_FIELDS:
        return None if is_a_password(text) else "password not set to the value"
    if not stored_verbatim(text):
        return "written, but not verbatim"
    if "<" in text and any(text in page for page in pages_showing(caller, objects)):
        return "shown unescaped"
    return None


def overdue_open_item(objects: Objects) -> None:
    """The batch chase acts on overdue items only: give it one to act on."""
    objects.open_item.due_date = objects.open_item.due_date.replace(year=2026, month=5, day=1)
    db.session.commit()


# What a route needs besides the fresh objects for a value to have an effect.
PREPARE = {("POST", "/items/chase-overdue"): overdue_open_item,
           ("POST", "/api/v1/items/chase-overdue"): overdue_open_item}


def fresh_objects(world, key) -> Objects:
    objects = make_objects(world)
    PREPARE.get(key, lambda _objects: None)(objects)
    return objects


@pytest.mark.parametrize("key", FIELD_ROUTES, ids=[f"{m} {r}" for m, r in FIELD_ROUTES])
def test_hostile_values_in_every_field(app, world, key):
    caller = Caller(app, world, role_for(key))
    objects = fresh_objects(world, key)
    problems = []
    for field in RULES[key].data(world, objects):
        for hostile in values_for(key[1]):
            before = snapshot()
            problem = check_one(caller, world, key, objects, field, hostile)
            if problem:
                problems.append(f"{field} = {hostile.name}: {problem}")
            if snapshot() != before:  # accepted: the next value gets fresh objects
                objects = fresh_objects(world, key)
    assert not problems, "\n".join(problems)


def test_the_matrix_covers_forms_uploads_and_the_api():
    rules = {rule for _method, rule in FIELD_ROUTES}
    assert {"/items/new", "/items/import/", "/api/v1/items",
            "/items/<int:item_id>/actions"} <= rules
    assert len(FIELD_ROUTES) >= 25
