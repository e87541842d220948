"""Mail: with a mail server configured, notices also go by mail to the users who have an
address, each in the user's language; without one (or with one that is down) the app
works unchanged. A real SMTP server (aiosmtpd) listens on a loopback port in the test."""

from __future__ import annotations

import logging
import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from conftest import TODAY, csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Notification, User
from rectify.services.notices.reminders import remind
from rectify.services.tracking import chasing


class Inbox:
    """The aiosmtpd handler: keeps every message it is handed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for _sender, rcpts, m in self.messages if address in rcpts]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port,
                      SMTP_FROM="rectify@rd.example.gov.cn",
                      PUBLIC_URL="https://rectify.example.gov.cn")
    yield handler
    controller.stop()


@pytest.fixture
def addresses(world):
    """dept-a reads Chinese, dept-b English; dept-c and the others have no address."""
    world.users["dept-a"].email = "a@example.gov.cn"
    world.users["dept-b"].email = "b@example.gov.cn"
    world.users["dept-b"].locale = "en"
    world.users["committee"].email = "committee@example.gov.cn"
    db.session.commit()
    return world


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_raised_item_is_mailed_to_its_units_in_each_users_language(addresses, inbox):
    item = raise_item(addresses, lead="a", co=("b",), problem="早市占道经营")
    assert sorted(r for _s, rcpts, _m in inbox.messages for r in rcpts) == [
        "a@example.gov.cn", "b@example.gov.cn"]
    [chinese], [english] = inbox.to("a@example.gov.cn"), inbox.to("b@example.gov.cn")
    assert chinese["Subject"].startswith("[整改通] ") and item.code in chinese["Subject"]
    assert english["Subject"] == (f"[Rectify] New item {item.code} for your unit, "
                                  "due Aug 1, 2026")
    assert chinese["From"] == "rectify@rd.example.gov.cn"
    assert chinese["Subject"] == f"[整改通] 新交办事项 {item.code}，整改期限 2026年8月1日"
    assert "存在问题：早市占道经营" in body_of(chinese) and "查看事项：" in body_of(chinese)
    for message in (chinese, english):
        assert "早市占道经营" in body_of(message)
        assert f"https://rectify.example.gov.cn/items/{item.id}" in body_of(message)
    assert body_of(english).startswith("Dear dept-b,")
    assert "Open the item" in body_of(english)


def test_a_chase_is_mailed_to_that_units_users_only(addresses, inbox):
    item = raise_item(addresses, lead="b")
    inbox.messages.clear()
    chasing.chase_item(addresses.users["committee"], item, "Please report by Friday")
    [(_sender, rcpts, message)] = inbox.messages
    assert rcpts == ["b@example.gov.cn"]
    assert message["Subject"] == f"[Rectify] The committee chased item {item.code}"
    assert "committee: Please report by Friday" in body_of(message)


def test_reminders_are_mailed_once(addresses, inbox):
    item = raise_item(addresses, due_date=TODAY - timedelta(days=1))
    inbox.messages.clear()
    remind(TODAY)
    remind(TODAY)
    assert sorted(r for _s, rcpts, _m in inbox.messages for r in rcpts) == [
        "a@example.gov.cn", "committee@example.gov.cn"]
    assert all(item.code in m["Subject"] for _s, _r, m in inbox.messages)


def test_without_a_mail_server_nothing_is_mailed_and_notices_still_arrive(addresses, inbox, app):
    app.config["SMTP_HOST"] = None
    raise_item(addresses)
    assert inbox.messages == []
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 1


def test_a_mail_server_that_is_down_breaks_nothing(addresses, app, login, caplog):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())   # nobody listens
    client = login("committee")
    item = raise_item(addresses)
    token = csrf_token(client, f"/items/{item.id}")
    with caplog.at_level(logging.ERROR, logger="rectify.services.notices.mailer"):
        response = client.post(f"/items/{item.id}/chase",
                               data={"csrf_token": token, "message": "请抓紧"})
    assert response.status_code == 302
    assert any("Mailing" in r.message for r in caplog.records)
    kinds = db.session.scalars(db.select(Notification.kind).order_by(Notification.id)).all()
    assert kinds == ["raised", "chased"]


def test_the_administrator_sets_a_users_address(world, login):
    client = login("admin")
    user = world.users["dept-c"]
    token = csrf_token(client, f"/admin/users/{user.id}")
    response = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "display_name": "丙局联络员", "role": "department",
        "unit_id": world.units["c"].id, "active": "y", "email": "c@example.gov.cn"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "c@example.gov.cn"
    response = client.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "display_name": "丙局联络员", "role": "department",
        "unit_id": world.units["c"].id, "active": "y", "email": "not an address"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "c@example.gov.cn"
