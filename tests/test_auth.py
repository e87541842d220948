"""Signing in and out, CSRF, inactive accounts, and the language choice."""

from conftest import PASSWORD, csrf_token, raise_item, sign_in
from rectify.extensions import db
from rectify.models import User

MESSAGE = "用户名或密码错误，或账号已停用"


def test_sign_in_and_out(world, app):
    client = app.test_client()
    response = sign_in(client, "committee")
    assert response.status_code == 302
    assert client.get("/items/").status_code == 200
    token = csrf_token(client, "/items/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/items/").status_code == 302


def test_wrong_password_and_unknown_user_get_the_same_message(world, app):
    pages = []
    for username, password in (("committee", "wrong password"), ("nobody", PASSWORD)):
        response = sign_in(app.test_client(), username, password)
        assert response.status_code == 200
        pages.append(response.get_data(as_text=True))
    assert all(MESSAGE in page for page in pages)


def test_inactive_user_cannot_sign_in_and_is_signed_out(world, app, login):
    client = login("dept-a")
    user = db.session.get(User, world.users["dept-a"].id)
    user.active = False
    db.session.commit()
    assert client.get("/items/").status_code == 302  # the running session ends too
    response = sign_in(app.test_client(), "dept-a")
    assert response.status_code == 200 and MESSAGE in response.get_data(as_text=True)


def test_passwords_are_hashed(world):
    user = db.session.get(User, world.users["committee"].id)
    assert PASSWORD not in user.password_hash and user.check_password(PASSWORD)


def test_post_without_csrf_token_is_refused(world, login):
    item = raise_item(world)
    client = login("dept-a")
    response = client.post(f"/items/{item.id}/transition/sign_for", data={})
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert db.session.get(type(item), item.id).status == "open"
    response = client.post("/login", data={"username": "committee", "password": PASSWORD})
    assert response.status_code == 400


def test_next_parameter_cannot_leave_the_site(world, app):
    client = app.test_client()
    token = csrf_token(client)
    response = client.post("/login?next=https://evil.example/", data={
        "username": "committee", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_interface_is_chinese_by_default_and_english_on_request(world, login):
    client = login("committee")
    assert "整改事项" in client.get("/items/").get_data(as_text=True)
    token = csrf_token(client, "/preferences")
    client.post("/preferences", data={"csrf_token": token, "locale": "en"})
    page = client.get("/items/").get_data(as_text=True)
    assert "Rectification items" in page and "整改事项" not in page
    assert db.session.get(User, world.users["committee"].id).locale == "en"


def test_anonymous_visitor_can_switch_the_sign_in_page_to_english(world, app):
    client = app.test_client()
    assert "登录" in client.get("/login").get_data(as_text=True)
    client.post("/language/en", data={"csrf_token": csrf_token(client)})
    assert "Sign in" in client.get("/login").get_data(as_text=True)
