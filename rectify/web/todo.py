"""The home page: the signed-in user's to-do queues (:mod:`rectify.services.reads.queues`),
and each queue's full list."""

from __future__ import annotations

from flask import Flask, abort, render_template
from flask_login import current_user, login_required

from .. import clock
from ..services.reads import queues


@login_required
def home():
    today = clock.today()
    return render_template("todo/home.html", queues=queues.queues_for(current_user, today),
                           today=today)


@login_required
def todo(key: str):
    """All rows of one of the user's queues (up to ``queues.FULL_ROWS``)."""
    today = clock.today()
    queue = queues.queue_for(current_user, key, today)
    if queue is None:
        abort(404)
    return render_template("todo/queue.html", queue=queue, today=today,
                           shown_max=queues.FULL_ROWS)


def register(app: Flask) -> None:
    app.add_url_rule("/", "home", home)
    app.add_url_rule("/todo/<key>", "todo", todo)
