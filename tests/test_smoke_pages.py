"""Every main page renders for the roles that may see it."""

from conftest import raise_item


def test_pages_render_for_each_role(world, login):
    item = raise_item(world, co=("b",))
    for username in ("admin", "committee", "leader", "dept-a", "dept-b"):
        client = login(username)
        assert client.get("/items/").status_code == 200
        page = client.get(f"/items/{item.id}")
        assert page.status_code == 200, username
        assert item.code in page.get_data(as_text=True)
    committee = login("committee")
    assert committee.get("/items/new").status_code == 200
    assert committee.get(f"/items/{item.id}/edit").status_code == 200
    admin = login("admin")
    for url in ("/admin/users", "/admin/users/new", "/admin/units", "/admin/units/new",
                f"/admin/users/{world.users['dept-a'].id}", f"/admin/units/{world.units['a'].id}",
                "/admin/categories", "/admin/categories/new",
                f"/admin/categories/{world.category.id}", "/admin/organisation"):
        assert admin.get(url).status_code == 200, url


def test_every_page_has_the_apps_icon(app, world, login):
    """/favicon.ico (which browsers ask for on every site) answers with the icon, signed in
    or not, and the pages and dashboards link the same SVG."""
    client = app.test_client()
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.data.startswith(b"<svg") and icon.cache_control.max_age
    link = '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">'
    assert link in client.get("/login").get_data(as_text=True)
    committee = login("committee")
    assert link in committee.get("/items/").get_data(as_text=True)
    dashboard = committee.get("/dashboard/").get_data(as_text=True)
    assert link in dashboard and "_favicon.ico" not in dashboard
    assert committee.get("/static/favicon.svg").data == icon.data
