"""The ledger goes out and comes back: exporting the demo ledger and importing the file
into an empty campaign gives the same items, and importing it again creates nothing."""

import io
from datetime import datetime, timedelta

from conftest import csrf_token, sign_in
from rectify import clock
from rectify.demo import load_demo
from rectify.demo_data import CAMPAIGN_START, ITEMS
from rectify.extensions import db
from rectify.models import Campaign, Item

LOAD_MOMENT = datetime(2026, 6, 1, 2, 0)
PASSWORD = "demo password 1"


def problem_of(item: Item) -> tuple:
    """What an import must carry over: everything but the code, status and history."""
    return (item.lead_unit.code, tuple(sorted(u.code for u in item.co_units)),
            item.category.code, item.source, item.priority, item.problem, item.requirement,
            item.responsible_leader, item.responsible_person, item.due_date, item.check_type)


def items_of(campaign: Campaign) -> list[tuple]:
    return sorted(problem_of(item) for item in
                  db.session.scalars(db.select(Item).where(Item.campaign_id == campaign.id)))


def test_export_then_import_into_an_empty_campaign_gives_the_same_items(app):
    with clock.frozen_at(LOAD_MOMENT):
        load_demo(PASSWORD)
    demo = db.session.scalar(db.select(Campaign))
    copy = Campaign(title="整改“回头看”", year=2026, stage="rectification",
                    default_due_date=demo.default_due_date, code_prefix="HT26")
    db.session.add(copy)
    db.session.commit()
    client = app.test_client()
    # The ledger is re-entered as of the day the findings were fed back, when every
    # deadline still lay ahead (the import refuses deadlines already past).
    with clock.frozen_at(LOAD_MOMENT + timedelta(days=CAMPAIGN_START)):
        assert sign_in(client, "committee", PASSWORD).status_code == 302
        ledger = client.get(f"/items/export.xlsx?campaign={demo.id}").data
        for _attempt in range(2):
            response = client.post("/items/import/", data={
                "csrf_token": csrf_token(client, "/items/import/"), "campaign_id": copy.id,
                "new_codes": "y", "file": (io.BytesIO(ledger), "台账.xlsx")},
                content_type="multipart/form-data")
            assert response.status_code == 200, response.get_data(as_text=True)[-3000:]
    db.session.expire_all()
    assert items_of(copy) == items_of(demo) and len(items_of(demo)) == len(ITEMS)
    codes = db.session.scalars(db.select(Item.code).where(Item.campaign_id == copy.id)).all()
    assert all(code.startswith("HT26-") for code in codes) and len(set(codes)) == len(ITEMS)
    assert f"{len(ITEMS)} 行此前已导入，已跳过" in response.get_data(as_text=True)  # the 2nd upload
