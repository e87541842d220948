"""The error page itself must not fail (issue 14, point 3): a request whose database
flush failed leaves a session that refuses every query until it is rolled back, and the
page (its header reads the signed-in user's notices) rendered with it crashed."""

from __future__ import annotations

from conftest import make_user, sign_in
from rectify.extensions import db


def test_the_server_error_page_renders_after_a_failed_write(app, world):
    def duplicate_user():
        make_user("committee", "committee")  # the username is taken: the flush fails
        db.session.flush()

    app.add_url_rule("/test/duplicate-user", view_func=duplicate_user)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: answer with the page
    client = app.test_client()
    assert sign_in(client, "committee").status_code == 302

    response = client.get("/test/duplicate-user")

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "服务器错误" in page
    assert "committee" in page  # the header still shows who is signed in
