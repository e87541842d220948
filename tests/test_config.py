"""Configuration: production refuses to run without a secret key; SQLite is tuned."""

import pytest
from sqlalchemy import create_engine, text

from rectify import MissingSecretKey, create_app
from rectify.database import tune_sqlite


def test_production_without_secret_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("RECTIFY_SECRET_KEY", raising=False)
    monkeypatch.setenv("RECTIFY_ENV", "production")
    with pytest.raises(MissingSecretKey):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    monkeypatch.setenv("RECTIFY_SECRET_KEY", "k" * 64)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.secret_key == "k" * 64


def test_development_key_is_kept_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("RECTIFY_SECRET_KEY", raising=False)
    monkeypatch.setenv("RECTIFY_ENV", "development")
    first = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert first.secret_key and first.secret_key == second.secret_key


def test_sqlite_uses_wal_a_busy_timeout_and_foreign_keys(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path}/tuned.sqlite")
    tune_sqlite(engine)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_plugin_lists_and_settings_come_from_the_environment(monkeypatch, tmp_path):
    from rectify.config import BadSetting
    from rectify.plugins import get_manager, plugin_settings

    monkeypatch.setenv("RECTIFY_PLUGINS_DENY", "market, traffic")
    monkeypatch.setenv("RECTIFY_PLUGIN_SETTINGS", '{"sand_mining": {"min_patrols": 10}}')
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    names = {name for name, _ in get_manager(app).list_name_plugin()}
    assert "sand_mining" in names and not names & {"market", "traffic"}
    assert plugin_settings(app, "sand_mining")["min_patrols"] == 10
    monkeypatch.setenv("RECTIFY_PLUGINS_ALLOW", "market")
    monkeypatch.setenv("RECTIFY_PLUGINS_DENY", "")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert {name for name, _ in get_manager(app).list_name_plugin()} == {"market"}
    monkeypatch.setenv("RECTIFY_PLUGIN_SETTINGS", "{not json")
    with pytest.raises(BadSetting):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_a_committee_names_the_units_of_a_check_type_in_the_environment(monkeypatch, tmp_path):
    from rectify.config import BadSetting
    from rectify.plugins import check_types

    url = f"sqlite:///{tmp_path}/x.sqlite"
    assert check_types(create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url}))[
        "river_patrol"].unit_codes == ("slj",)
    monkeypatch.setenv("RECTIFY_CHECK_TYPE_UNITS", '{"river_patrol": ["swj", "hhj"]}')
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    assert check_types(app)["river_patrol"].unit_codes == ("swj", "hhj")
    monkeypatch.setenv("RECTIFY_CHECK_TYPE_UNITS", '["swj"]')
    with pytest.raises(BadSetting):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
