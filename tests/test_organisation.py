"""The organisation settings: the admin page, the audit trail, and the names every
document and the sign-in page print (with sensible defaults before anyone set them)."""

import io
import re

import pytest
from docx import Document
from sqlalchemy import select

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Event, Organisation, User
from rectify.services.setup import organisation

SETTINGS = {"full_name": "青州市人民代表大会常务委员会", "short_name": "青州市人大常委会",
            "name_en": "Standing Committee of the Qingzhou People's Congress", "city": "青州市",
            "sender_name": "青州市人大常委会办公室", "doc_prefix": "青人常函"}


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(content)).paragraphs if p.text]


def save_on_page(client, **changes):
    token = csrf_token(client, "/admin/organisation")
    return client.post("/admin/organisation", data={"csrf_token": token, **SETTINGS, **changes})


def feedback(client, world) -> list[str]:
    raise_item(world, lead="a")
    response = client.get(f"/reports/{world.campaign.id}/feedback/{world.units['a'].id}.docx")
    assert response.status_code == 200
    return paragraphs(response.data)


def test_defaults_read_sensibly_before_anything_is_set(world, login):
    text = feedback(login("committee"), world)
    assert text[0].startswith("关于市甲局")  # no 文号 line without a prefix
    assert text[3].startswith("市人大常委会在测试评议活动中")
    assert "市人大常委会将跟踪问效" in text[-3] and text[-2] == "市人大常委会"


def test_sign_in_page_names_the_committee(app, world):
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "市人大常委会检查评议整改跟踪系统" in page
    organisation.save_organisation(None, **SETTINGS)
    page = app.test_client().get("/login").get_data(as_text=True)
    assert "青州市人大常委会检查评议整改跟踪系统" in page


def test_admin_sets_the_organisation_and_documents_use_it(world, login):
    admin = login("admin")
    response = save_on_page(admin)
    assert response.status_code == 302
    row = db.session.scalar(select(Organisation))
    assert (row.full_name, row.city, row.doc_prefix) == (
        "青州市人民代表大会常务委员会", "青州市", "青人常函")
    page = admin.get("/admin/organisation").get_data(as_text=True)
    assert 'value="青州市人大常委会办公室"' in page and "青人常函〔2026〕　号" in page

    text = feedback(login("committee"), world)
    assert text[0] == "青人常函〔2026〕　号"
    assert text[4].startswith("青州市人民代表大会常务委员会在测试评议活动中")
    assert "青州市人大常委会将跟踪问效" in text[-3]
    assert text[-2] == "青州市人大常委会办公室"  # the 落款
    assert not any(line == "市人大常委会" for line in text)

    progress = login("leader").get(f"/reports/{world.campaign.id}/progress.docx")
    lines = paragraphs(progress.data)
    assert "青州市人大常委会将对逾期事项进行催办" in "".join(lines)
    assert lines[-2] == "青州市人大常委会办公室"


def test_english_readers_get_the_english_name(world, login):
    organisation.save_organisation(None, **SETTINGS)
    committee = login("committee")
    db.session.get(User, world.users["committee"].id).locale = "en"
    db.session.commit()
    text = feedback(committee, world)
    assert "evaluated by Standing Committee of the Qingzhou People's Congress" in text[4]
    assert text[-2] == "Standing Committee of the Qingzhou People's Congress"


def test_a_change_is_audited_with_old_and_new_values(world, login):
    admin = login("admin")
    save_on_page(admin)
    save_on_page(admin, city="潍坊市青州市", doc_prefix="")
    events = db.session.scalars(select(Event).where(Event.kind == "organisation_changed")
                                .order_by(Event.id)).all()
    assert len(events) == 2 and all(e.item_id is None for e in events)
    assert events[0].actor_id == world.users["admin"].id
    assert events[1].old == {"city": "青州市", "doc_prefix": "青人常函"}
    assert events[1].new == {"city": "潍坊市青州市", "doc_prefix": ""}
    save_on_page(admin, city="潍坊市青州市", doc_prefix="")  # nothing changed: no event
    assert db.session.scalar(select(db.func.count(Event.id))
                             .where(Event.kind == "organisation_changed")) == 2


@pytest.mark.parametrize("changes, field", [
    ({"full_name": ""}, "full_name"),
    ({"short_name": "市人大\x1b常委会"}, "short_name"),
    ({"doc_prefix": "函" * 31}, "doc_prefix"),
])
def test_bad_input_is_refused_at_the_field_and_changes_nothing(world, login, changes, field):
    admin = login("admin")
    save_on_page(admin)
    response = save_on_page(admin, **changes)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(f'has-error">\\s*<label for="{field}"', page), page
    row = db.session.scalar(select(Organisation))
    assert (row.full_name, row.short_name, row.doc_prefix) == (
        SETTINGS["full_name"], SETTINGS["short_name"], SETTINGS["doc_prefix"])


def test_the_service_refuses_an_empty_full_name(world):
    with pytest.raises(organisation.OrganisationError) as refused:
        organisation.save_organisation(None, full_name="  ")
    assert refused.value.code == "full_name_required"
    assert db.session.scalar(select(Organisation)) is None


def test_mails_are_signed_with_the_committees_short_name(world):
    from rectify.models import Notification
    from rectify.services.notices.mailer import compose

    organisation.save_organisation(None, **SETTINGS)
    item = raise_item(world)
    for username, signature in (("dept-a", "青州市人大常委会"),
                                ("dept-b", "Standing Committee of the Qingzhou People's Congress")):
        user = world.users[username]
        user.email = f"{username}@example.gov.cn"
        user.locale = "en" if username == "dept-b" else "zh_Hans_CN"
        notice = Notification(user_id=user.id, item_id=item.id, kind="chased",
                              params={"code": item.code, "problem": item.problem})
        db.session.add(notice)
        db.session.commit()
        body = compose(notice).get_body(preferencelist=("plain",)).get_content()
        assert f"-- \n{signature}\n" in body, body
