"""Issuing, revoking and checking personal API tokens.

A token reads ``rct_<8 hex>_<secret>``. The first part is its prefix, stored in clear and
unique, so a request's token is found by one indexed look-up; the whole token is stored
only as a SHA-256 hash (the secret is 256 random bits, so a plain hash is enough — no
password-style slow hash is needed) and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update

from ... import clock
from ...extensions import db
from ...models import ApiToken, User
from ..tracking.audit import record_event

TOKEN_START = "rct_"
# Recording every request's use would write on every read; once a minute is enough to
# tell the user whether a token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def _unused_prefix() -> str:
    while True:
        prefix = TOKEN_START + secrets.token_hex(4)
        if db.session.scalar(select(ApiToken.id).where(ApiToken.prefix == prefix)) is None:
            return prefix


def max_days() -> int:
    """The longest a token may live (``API_TOKEN_MAX_DAYS``): every token expires."""
    days: int = current_app.config["API_TOKEN_MAX_DAYS"]
    return days


def expiry_choices() -> list[int]:
    """The lifetimes offered, in days, none longer than the maximum."""
    return sorted({days for days in (30, 90, 365) if days < max_days()} | {max_days()})


def issue_token(user: User, name: str, expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``user``; return it and the plain token, which is never stored.
    It expires after ``expires_in_days``, at most (and by default) after the maximum."""
    prefix = _unused_prefix()
    plain = f"{prefix}_{secrets.token_urlsafe(32)}"
    now = clock.now()
    days = min(expires_in_days or max_days(), max_days())
    token = ApiToken(
        user_id=user.id, name=name.strip(), prefix=prefix, token_hash=hash_token(plain),
        created_at=now, expires_at=now + timedelta(days=days),
    )
    db.session.add(token)
    db.session.commit()
    return token, plain


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they show as revoked)."""
    query = (select(ApiToken).where(ApiToken.user_id == user.id)
             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))
    return list(db.session.scalars(query))


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of ``user``'s own tokens; False if it is not theirs or not found."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return False
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        db.session.commit()
    return True


def revoke_all(user: User) -> None:
    """Revoke every token of ``user``, in the caller's transaction: a new password (the
    user's own, or an admin's reset) ends the programs' access as it ends the sessions,
    since whoever knew the old password could have made a token with it."""
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id,
                                              ApiToken.revoked_at.is_(None))
                       .values(revoked_at=clock.now()).execution_options(synchronize_session=False))


def revoke_for_admin(admin: User, owner: User, token_id: int) -> bool:
    """An administrator revokes one of ``owner``'s tokens; False if it is not theirs."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != owner.id:
        return False
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        record_event(None, admin, "token_revoked", new={"user": owner.username,
                                                       "token": token.prefix})
        db.session.commit()
    return True


def _prefix_of(plain: str) -> str | None:
    if not plain.startswith(TOKEN_START):
        return None
    head, separator, secret = plain[len(TOKEN_START):].partition("_")
    return TOKEN_START + head if separator and head and secret else None


def user_for_token(plain: str) -> User | None:
    """The active user a presented token belongs to, or None if it is unknown, wrong,
    revoked or expired, or its user has been disabled."""
    prefix = _prefix_of(plain)
    if prefix is None:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.prefix == prefix))
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(plain)):
        return None
    now = clock.now()
    if not token.is_usable(now):
        return None
    _note_use(token, now)
    return token.user


def _note_use(token: ApiToken, now: datetime) -> None:
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
