"""Downloading the ledger (整改台账) as Excel, with the item list's filters."""

from __future__ import annotations

import os

from flask import Blueprint, after_this_request, current_app, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock
from ..hookspecs import Reason
from ..labels import (
    FIELD_LABELS,
    LEDGER_ONLY_LABELS,
    PRIORITY_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
)
from ..models import Unit
from ..plugins import check_types
from ..services.documents.ledger import LedgerWording, write_ledger
from ..services.reads.queries import item_list_query
from .i18n import language
from .items import filters_from, list_filter_form

bp = Blueprint("exports", __name__, url_prefix="/items")


def _wording() -> LedgerWording:
    headers = {key: str(label) for key, label in {**FIELD_LABELS, **LEDGER_ONLY_LABELS}.items()}
    headers["sheet"] = _("Ledger")
    locale = language()
    titles = {cid: ct.title(locale) for cid, ct in check_types(current_app).items()}
    codes = {"source": SOURCE_LABELS, "status": STATUS_LABELS, "priority": PRIORITY_LABELS,
             "check_type": titles}

    def check_state(reasons: list[Reason] | None) -> str:
        if reasons is None:
            return ""
        if not reasons:
            return _("Passed")
        return _("Not passed: %(reasons)s", reasons="；".join(r.text(locale) for r in reasons))

    # Categories are named by the same rule as units (Category.display_name).
    return LedgerWording(headers, label=lambda kind, code: str(codes[kind].get(code, code)),
                         unit_name=lambda name, name_en: Unit.name_for(name, name_en, locale),
                         check_state=check_state)


@bp.get("/export.xlsx")
@login_required
def export_ledger():
    """The filtered items the user may see, one row each; departments get only theirs."""
    filters = filters_from(list_filter_form())
    today = clock.today()
    path = write_ledger(item_list_query(current_user, filters, today), today, _wording())

    @after_this_request
    def _remove_file(response):
        os.remove(path)
        return response

    return send_file(path, as_attachment=True, download_name=f"{_('Ledger')}-{today:%Y%m%d}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
