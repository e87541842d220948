"""Mailing notices, when a mail server is configured (``RECTIFY_SMTP_HOST``).

Each notice goes to its user's address in the user's own language. Mail is a courtesy:
the notice is already in the notification centre, so a mail server that is down or
refuses a message is logged and never fails the request or command that notified.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ...models import Notification
from ...web.i18n import language
from ..setup import organisation
from . import notice_texts

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


def mail_enabled() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))


def compose(notice: Notification) -> EmailMessage | None:
    """The mail for ``notice`` in its user's language; ``None`` if the user has no address."""
    user = notice.user
    if not user.email or not user.active:
        return None
    config = current_app.config
    with force_locale(user.locale or config["BABEL_DEFAULT_LOCALE"]):
        title = notice_texts.title(notice)
        lines = [_("Dear %(name)s,", name=user.name), "", title]
        if notice_texts.detail(notice):
            lines += ["", notice_texts.detail(notice)]
        if notice.item_id:
            lines += ["", _("Problem: %(problem)s", problem=notice.params.get("problem", ""))]
        if config.get("PUBLIC_URL") and notice.item_id:
            lines += ["", _("Open the item: %(url)s",
                            url=f"{config['PUBLIC_URL']}/items/{notice.item_id}")]
        if config.get("PUBLIC_URL") and notice.deliverable_id:
            lines += ["", _("Open the document: %(url)s",
                            url=f"{config['PUBLIC_URL']}/deliverables/{notice.deliverable_id}")]
        lines += ["", "-- ", organisation.current().short(language()),
                  _("Rectify, the rectification tracking system")]
        message = EmailMessage()
        message["Subject"] = f"[{_('Rectify')}] {title}"
        message["From"] = config["SMTP_FROM"]
        message["To"] = formataddr((user.name, user.email))
        message["Message-ID"] = make_msgid(domain="rectify")
        message.set_content("\n".join(lines))
    return message


def _connect() -> smtplib.SMTP:
    config = current_app.config
    smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=TIMEOUT_SECONDS)
    if config.get("SMTP_TLS"):
        smtp.starttls()
    if config.get("SMTP_USER"):
        smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
    return smtp


def mail_notices(notices: list[Notification]) -> int:
    """Send the committed ``notices`` by mail over one connection; returns how many went."""
    if not notices or not mail_enabled():
        return 0
    sent = 0
    try:
        messages = [m for m in (compose(n) for n in notices) if m is not None]
        if not messages:
            return 0
        with _connect() as smtp:
            for message in messages:
                try:
                    smtp.send_message(message)
                    sent += 1
                except smtplib.SMTPException:
                    log.exception("Mail to %s was refused", message["To"])
    except Exception:  # a mail problem must never break what notified
        log.exception("Mailing %d notice(s) failed", len(notices))
    return sent
