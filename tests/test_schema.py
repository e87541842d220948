"""The committed migrations build exactly the models' schema, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import bindparam, create_engine, text

from rectify import create_app
from rectify.extensions import db
from rectify.models.items import DDL_ONLY_INDEXES, compared_in_schema

SCHEMA = "schema_check"


def empty_database_url(db_url: str, tmp_path) -> str:
    if db_url.startswith("sqlite"):
        return "sqlite:///" + str(tmp_path / "migrated.sqlite")
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    separator = "&" if "?" in db_url else "?"
    return f"{db_url}{separator}options=-csearch_path%3D{SCHEMA}"


def test_upgrade_on_an_empty_database_gives_the_models_schema(db_url, tmp_path):
    url = empty_database_url(db_url, tmp_path)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": compared_in_schema})
            differences = compare_metadata(context, db.metadata)
            ddl_indexes = index_names(connection, DDL_ONLY_INDEXES)
        db.engine.dispose()
    assert differences == []
    # The indexes the models write as DDL (left out above) are the migrations' too; that
    # the queries use them is tests/test_query_plans.py's part.
    assert ddl_indexes == DDL_ONLY_INDEXES


def index_names(connection, names) -> set[str]:
    if connection.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN :names"
    else:
        query = ("SELECT indexname FROM pg_indexes "
                 "WHERE schemaname = current_schema() AND indexname IN :names")
    rows = connection.execute(text(query).bindparams(bindparam("names", expanding=True)),
                              {"names": list(names)})
    return set(rows.scalars())


def test_existing_campaigns_evaluate_every_active_unit_after_the_upgrade(db_url, tmp_path):
    """Migration 8d4f1a6c2e07 gives campaigns that predate it the units they implicitly
    evaluated: every active one."""
    url = empty_database_url(db_url, tmp_path)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="6c2e8f4a9b13")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO campaign (id, title, year, stage, default_due_date, code_prefix) "
                "VALUES (1, '旧评议', 2025, 'rectification', '2025-12-31', 'Z25')"))
            for unit_id, active in ((1, True), (2, True), (3, False)):
                connection.execute(text(
                    "INSERT INTO unit (id, code, name, name_en, kind, sort_key, active) "
                    "VALUES (:id, :code, :name, '', 'department', '', :active)"),
                    {"id": unit_id, "code": f"u{unit_id}", "name": f"单位{unit_id}",
                     "active": active})
        upgrade()
        with db.engine.connect() as connection:
            pairs = connection.execute(text(
                "SELECT campaign_id, unit_id FROM campaign_unit ORDER BY unit_id")).all()
            theme = connection.execute(text("SELECT theme FROM campaign")).scalar_one()
        db.engine.dispose()
    assert [tuple(p) for p in pairs] == [(1, 1), (1, 2)]
    assert theme == ""
