"""The load: liaisons, committee staff and leaders using Rectify at the same time.

Run by :mod:`loadtest.run` (``make loadtest``), which writes the plan this file reads
from ``RECTIFY_LOAD_PLAN``: who signs in with which password, which item each liaison
works on, every item id, and the file where acknowledged records are listed.

The mix: sign-ins (and sign-outs), the item list with filters, item pages, records
logged with a small photo, and dashboard callbacks posted the way the Dash renderer
does. A record counts as acknowledged when the page after the POST says it was saved;
:mod:`loadtest.run` then checks each acknowledged record is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["RECTIFY_LOAD_PLAN"]).read_text())
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RECORD_SAVED = ("记录已保存", "Record added.")
DASH = "/dashboard/"
DASH_OUTPUTS = ("ov-cards.children", "ov-units.figure", "ov-category.figure",
                "od-table.children", "mt-kpis.children")
LIST_FILTERS = ("", "?status=in_progress", "?status=submitted", "?overdue=1", "?page=2",
                "?q=%E6%95%B4%E6%94%B9")
PHOTO = bytes.fromhex(PLAN["photo_hex"])
_liaisons = itertools.count()
_readers = itertools.count()


def acknowledge(body: str) -> None:
    with open(PLAN["acknowledged"], "a", encoding="utf-8") as handle:
        handle.write(body + "\n")


class RectifyUser(HttpUser):
    """Signs in on start; shared tasks: lists, item pages, sign out and in again."""

    abstract = True
    wait_time = between(0.5, 2.0)
    username = ""
    csrf = ""

    def sign_in(self) -> None:
        page = self.client.get("/login", name="/login")
        self.csrf = _token(page.text)
        with self.client.post("/login", name="sign in", allow_redirects=False,
                              catch_response=True,
                              data={"username": self.username, "password": PLAN["password"],
                                    "csrf_token": self.csrf}) as response:
            if response.status_code != 302:
                response.failure(f"sign-in as {self.username}: {response.status_code}")
                return
        # Signing in issues a fresh CSRF secret: read the token again from the page the
        # sign-in leads to, as a browser would.
        page = self.client.get(response.headers["Location"], name="home")
        self.csrf = _token(page.text) or self.csrf

    @task(1)
    def sign_out_and_in(self) -> None:
        self.client.post("/logout", name="sign out", data={"csrf_token": self.csrf})
        self.sign_in()

    @task(4)
    def item_list(self) -> None:
        page = self.client.get("/items/" + random.choice(LIST_FILTERS), name="/items/")
        self.csrf = _token(page.text) or self.csrf

    def item_page(self, item_id: int) -> str:
        page = self.client.get(f"/items/{item_id}", name="/items/[id]")
        self.csrf = _token(page.text) or self.csrf
        return page.text

    def log_record(self, item_id: int, kind: str) -> None:
        """Log a record with a photo; list it as acknowledged when the app says so."""
        body = f"压测{kind} {uuid.uuid4().hex}"
        with self.client.post(f"/items/{item_id}/actions", name=f"log {kind}",
                              catch_response=True,
                              data={"csrf_token": self.csrf, "kind": kind, "body": body},
                              files={"files": ("现场照片.png", PHOTO, "image/png")}) as response:
            if response.status_code == 200 and any(t in response.text for t in RECORD_SAVED):
                acknowledge(body)
            else:
                response.failure(f"record not saved ({response.status_code})")


class Liaison(RectifyUser):
    """A department liaison working on one of its unit's items (整改中)."""

    weight = 3

    def on_start(self) -> None:
        target = PLAN["targets"][next(_liaisons) % len(PLAN["targets"])]
        self.username, self.item_id = target["username"], target["item_id"]
        self.sign_in()

    @task(4)
    def own_item(self) -> None:
        self.item_page(self.item_id)

    @task(3)
    def log_progress(self) -> None:
        self.log_record(self.item_id, random.choice(("measure", "progress", "evidence")))


class CommitteeOrLeader(RectifyUser):
    """Committee staff and leaders: read any item, comment or instruct, watch dashboards."""

    weight = 2

    def on_start(self) -> None:
        self.username = PLAN["readers"][next(_readers) % len(PLAN["readers"])]
        self.sign_in()
        graph = self.client.get(DASH + "_dash-dependencies", name="dash dependencies").json()
        self.callbacks = {output: callback for callback in graph
                          for output in _outputs(callback["output"]) if output in DASH_OUTPUTS}

    def sign_in(self) -> None:
        super().sign_in()
        self.client.get(DASH, name=DASH)  # the dashboard's CSRF cookie, for this session

    @task(3)
    def any_item(self) -> None:
        self.item_page(random.choice(PLAN["item_ids"]))

    @task(1)
    def comment(self) -> None:
        kind = "instruction" if self.username == "leader" else "comment"
        item_id = random.choice(PLAN["item_ids"])
        self.item_page(item_id)
        self.log_record(item_id, kind)

    @task(3)
    def dashboard(self) -> None:
        if random.random() < 0.2:
            self.client.get(DASH + "_dash-layout", name="dash layout")
        output = random.choice(sorted(self.callbacks))
        token = self.client.cookies.get("rectify_dash_csrf", path=DASH) or ""
        self.client.post(DASH + "_dash-update-component", name=f"dash {output}",
                         json=_callback_body(self.callbacks[output]),
                         headers={"X-CSRFToken": token})


def _token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    return match.group(1) if match else ""


def _outputs(key: str) -> list[str]:
    """"..a.children...b.figure.." or "a.children" -> ["a.children", "b.figure"]."""
    if key.startswith(".."):
        return [part for part in key.strip(".").split("...") if part]
    return [key.split("@")[0]]


def _callback_body(callback: dict) -> dict:
    """A callback request with every input and state empty (the filters' defaults)."""
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
               for o in _outputs(callback["output"])]

    def empty(spec: dict) -> dict:
        return {"id": spec["id"], "property": spec["property"], "value": None}

    return {"output": callback["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [empty(spec) for spec in callback["inputs"]],
            "state": [empty(spec) for spec in callback["state"]],
            "changedPropIds": []}
