"""The administrators' plugin page: what is loaded, settings in force, and plugin errors."""

from rectify.hookspecs import CheckType, hookimpl
from rectify.plugins import check_types, registered_plugin


def test_admin_sees_every_plugin_with_its_check_types_and_settings(world, login, app):
    app.config["PLUGIN_SETTINGS"] = {"sand_mining": {"min_patrols": 12}}
    page = login("admin").get("/admin/plugins").get_data(as_text=True)
    for name, check_type in (("traffic", "speed_camera_sites"), ("sand_mining", "river_patrol"),
                             ("market", "market_inspection")):
        row = page[page.index(f'id="plugin-{name}"'):]
        row = row[:row.index("</tr>")]
        assert check_type in row and "内置" in row and "rectify_check_types" in row
    patrol_row = page[page.index('id="plugin-sand_mining"'):]
    assert "<code>min_patrols</code> = 12" in patrol_row[:patrol_row.index("</tr>")]
    assert "无插件错误" in page


class FailingTypes:
    @hookimpl
    def rectify_check_types(self):
        raise RuntimeError("declaration bug <script>")


def test_a_plugin_error_is_shown_to_admins_as_text(world, login, app):
    with registered_plugin(app, FailingTypes(), name="failing"):
        assert "river_patrol" in check_types(app)  # the others keep working
        page = login("admin").get("/admin/plugins").get_data(as_text=True)
    assert "failing" in page and "rectify_check_types" in page
    assert "declaration bug &lt;script&gt;" in page and "<script>" not in page


def test_only_admins_see_the_plugin_page(world, login):
    for username in ("committee", "leader", "dept-a"):
        assert login(username).get("/admin/plugins").status_code == 403


class SecondType:
    @hookimpl
    def rectify_check_types(self):
        return [CheckType(id="noise_check", title_zh="噪声检查", title_en="Noise check", fields=())]


def test_check_types_from_a_new_plugin_appear_in_the_item_form(world, login, app):
    with registered_plugin(app, SecondType(), name="noise"):
        page = login("committee").get("/items/new").get_data(as_text=True)
        assert 'value="noise_check"' in page and "噪声检查" in page
    page = login("committee").get("/items/new").get_data(as_text=True)
    assert 'value="noise_check"' not in page
