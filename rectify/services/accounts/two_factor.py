"""Two-factor sign-in: a TOTP authenticator (RFC 6238, via pyotp) and recovery codes.

Any user may enrol; users of the roles in ``TOTP_REQUIRED_ROLES`` must. Enrolling is
two steps: a new secret is shown (as an ``otpauth://`` URI and a QR code), and it is
saved only once the user types a code it produced, so a mistyped scan cannot lock the
user out. Enrolling also issues recovery codes, shown once and stored as SHA-256 hashes,
each accepted once. A TOTP code is accepted for the current 30-second step or the one
either side (clock drift), and never twice: the last accepted step is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC

import pyotp
import segno
from flask import current_app
from sqlalchemy import select, update

from ... import clock
from ...extensions import db
from ...models import RecoveryCode, User
from .. import rows_changed
from ..tracking.audit import record_event

RECOVERY_CODE_COUNT = 10
ISSUER = "Rectify"


def is_enrolled(user: User) -> bool:
    return user.totp_secret is not None


def is_required(user: User) -> bool:
    """Whether ``user``'s role must sign in with a second factor."""
    return user.role in current_app.config["TOTP_REQUIRED_ROLES"]


def must_enrol(user: User) -> bool:
    return is_required(user) and not is_enrolled(user)


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` URI an authenticator app scans."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> str:
    """``uri`` as an inline SVG QR code."""
    return segno.make(uri, error="m").svg_inline(scale=4)


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, or one either side) whose code is ``code``, if later than
    ``after``."""
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().replace(tzinfo=UTC).timestamp()) // totp.interval
    code = code.strip().replace(" ", "")
    if not (code.isascii() and code.isdigit()):  # compare_digest takes ASCII only
        return None
    for step in (now_step - 1, now_step, now_step + 1):
        if (after is None or step > after) and hmac.compare_digest(
                totp.generate_otp(step), code):
            return step
    return None


def enrol(user: User, secret: str, code: str) -> list[str] | None:
    """Save ``secret`` as ``user``'s if ``code`` is one of its current codes; return the
    new recovery codes (to show once), or None when the code is wrong."""
    step = _matching_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    codes = _replace_recovery_codes(user)
    record_event(None, user, "two_factor_enrolled", new={"user": user.username})
    db.session.commit()
    return codes


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _replace_recovery_codes(user: User) -> list[str]:
    for old in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(old)
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return codes


def verify(user: User, code: str) -> bool:
    """Whether ``code`` is ``user``'s current TOTP code or an unused recovery code (which
    is then used up). Commits what it uses."""
    if user.totp_secret is None:  # not enrolled
        return False
    step = _matching_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        db.session.commit()
        return True
    return _use_recovery_code(user, code.strip().lower())


def _use_recovery_code(user: User, code: str) -> bool:
    """One UPDATE, so two simultaneous uses of a code cannot both succeed."""
    used = rows_changed(update(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash(code),
        RecoveryCode.used_at.is_(None)).values(used_at=clock.now()))
    if used != 1:
        db.session.rollback()
        return False
    record_event(None, user, "recovery_code_used", new={"user": user.username})
    db.session.commit()
    return True


def unused_recovery_codes(user: User) -> int:
    return len(db.session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))).all())


def reset(user: User, actor: User) -> None:
    """An administrator removes ``user``'s second factor (a lost phone and no recovery
    codes); a required role enrols again at the next sign-in."""
    user.totp_secret = user.totp_last_step = None
    for code in db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id)):
        db.session.delete(code)
    record_event(None, actor, "two_factor_reset", new={"user": user.username})
    db.session.commit()
