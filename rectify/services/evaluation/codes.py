"""One-time rater codes (评议码): issued in batches per rater group, shown once (printed on
slips), stored only as a keyed hash. The committee sees per group how many were issued
and used; nothing records which sheet a code filled.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from ... import evaluation_rules as rules
from ... import workflow
from ...extensions import db
from ...models import RaterCode, RaterGroup, User
from ..tracking.audit import record_campaign_event

# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes, and wrong guesses are throttled
MAX_BATCH = 2000


class CodeError(Exception):
    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def normalise(typed: str) -> str:
    """What a rater typed, as the code it stands for: upper case, no spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def shown(code: str) -> str:
    """A code as printed: two groups of four (``ABCD-EFGH``)."""
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    """The stored form of a code: an HMAC keyed by the app's secret, so the table alone
    does not let anyone try all codes offline."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def issue_codes(user: User, group: RaterGroup, count: int) -> list[str]:
    """A batch of ``count`` new codes for the group's raters, returned in plain text this
    once. Codes may be issued in design and while collecting, never once closed."""
    evaluation = group.evaluation
    workflow.check_change_campaign(user.actor, evaluation.campaign.facts)
    if evaluation.status == rules.CLOSED:
        raise CodeError("evaluation_closed")
    if not 1 <= count <= MAX_BATCH:
        raise CodeError("batch_size", max=MAX_BATCH)
    codes = [_new_code() for _ in range(count)]
    db.session.add_all(RaterCode(rater_group_id=group.id, code_hash=code_hash(code))
                       for code in codes)
    record_campaign_event(evaluation.campaign, user, "rater_codes_issued",
                          new={"evaluation": evaluation.title, "group": group.name,
                               "count": count})
    db.session.commit()
    return codes


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


@dataclass(frozen=True)
class CodeCounts:
    issued: int
    used: int


def code_counts(group_ids: list[int]) -> dict[int, CodeCounts]:
    """Per rater group: codes issued and codes used (zero for a group without codes)."""
    rows = db.session.execute(
        select(RaterCode.rater_group_id, func.count(RaterCode.id),
               func.count(RaterCode.id).filter(RaterCode.used))
        .where(RaterCode.rater_group_id.in_(group_ids)).group_by(RaterCode.rater_group_id))
    counts = {group_id: CodeCounts(issued, used) for group_id, issued, used in rows}
    return {group_id: counts.get(group_id, CodeCounts(0, 0)) for group_id in group_ids}
