"""Administering users and units, on the pages and on the command line."""

from sqlalchemy import select

from conftest import csrf_token, sign_in
from rectify.extensions import db
from rectify.models import Unit, User


def test_admin_creates_binds_deactivates_and_resets_a_user(world, login, app):
    admin = login("admin")
    token = csrf_token(admin, "/admin/users/new")
    response = admin.post("/admin/users/new", data={
        "csrf_token": token, "username": "dept-a2", "display_name": "甲局新联络员",
        "role": "department", "unit_id": world.units["a"].id, "password": "s3cret-pass"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "dept-a2"))
    assert user.unit_id == world.units["a"].id and user.check_password("s3cret-pass")
    assert sign_in(app.test_client(), "dept-a2", "s3cret-pass").status_code == 302

    token = csrf_token(admin, f"/admin/users/{user.id}")
    admin.post(f"/admin/users/{user.id}/password",
               data={"csrf_token": token, "password": "another-pass"})
    assert db.session.get(User, user.id).check_password("another-pass")

    admin.post(f"/admin/users/{user.id}", data={
        "csrf_token": token, "display_name": "甲局新联络员", "role": "department",
        "unit_id": world.units["b"].id})  # 'active' unchecked
    user = db.session.get(User, user.id)
    assert user.unit_id == world.units["b"].id and not user.active
    assert sign_in(app.test_client(), "dept-a2", "another-pass").status_code == 200


def test_department_user_needs_a_unit_and_usernames_are_unique(world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/users/new")
    response = admin.post("/admin/users/new", data={
        "csrf_token": token, "username": "orphan", "role": "department", "unit_id": 0,
        "password": "s3cret-pass"})
    assert "部门联络员必须绑定一个单位" in response.get_data(as_text=True)
    response = admin.post("/admin/users/new", data={
        "csrf_token": token, "username": "committee", "role": "committee", "unit_id": 0,
        "password": "s3cret-pass"})
    assert "用户名已被使用" in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "orphan")) is None


def test_admin_creates_and_edits_units(world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/units/new")
    admin.post("/admin/units/new", data={"csrf_token": token, "code": "dz", "name": "东镇",
                                         "kind": "town", "parent_id": 0, "active": "y"})
    town = db.session.scalar(select(Unit).where(Unit.code == "dz"))
    admin.post("/admin/units/new", data={"csrf_token": token, "code": "dz-cs", "name": "东镇财政所",
                                         "kind": "station", "parent_id": town.id, "active": "y"})
    station = db.session.scalar(select(Unit).where(Unit.code == "dz-cs"))
    assert station.parent_id == town.id and station.sort_key.startswith("dong zhen")
    response = admin.post("/admin/units/new", data={"csrf_token": token, "code": "dz2",
                                                    "name": "东镇", "kind": "town",
                                                    "parent_id": 0})
    assert "已有单位使用此名称" in response.get_data(as_text=True)
    page = admin.get("/admin/units").get_data(as_text=True)
    # The official order, not pinyin (dong < shi): new units come after the existing ones.
    assert page.index("市甲局") < page.index("东镇") < page.index("东镇财政所")


def test_create_user_command(world, app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "dept-c2", "--role", "department", "--unit", "c",
                                 "--name", "丙局联络员", "--password", "cli-password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "dept-c2"))
    assert user.unit_id == world.units["c"].id and user.check_password("cli-password")
    result = runner.invoke(args=["create-user", "x", "--role", "department", "--unit", "nope",
                                 "--password", "cli-password"])
    assert result.exit_code != 0 and "nope" in result.output
    result = runner.invoke(args=["create-user", "y", "--role", "department",
                                 "--password", "cli-password"])
    assert result.exit_code != 0
    assert db.session.scalar(select(User).where(User.username.in_(["x", "y"]))) is None
