"""Rectify (整改通): the application factory."""

from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, routing
from .extensions import babel, csrf, db, login_manager, migrate
from .private_files import create_private, private_folder

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class MissingSecretKey(RuntimeError):
    pass


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    routing.install(app)  # before any route: ids in paths are bounded (404, not 500)
    app.config.update(config.DEFAULTS)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    private_folder(app.instance_path)
    _require_secret_key(app)
    _trust_proxies(app)
    largest_mb = max(app.config["MAX_UPLOAD_MB"] * 5, app.config["MAX_IMPORT_MB"]) + 1
    app.config["MAX_CONTENT_LENGTH"] = largest_mb * 1024 * 1024

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(PROJECT_ROOT, "migrations"))
    csrf.init_app(app)
    from .web import i18n, session

    babel.init_app(app, locale_selector=i18n.select_locale)
    session.init_login(app, login_manager)
    with app.app_context():
        from .database import tune_sqlite

        tune_sqlite(db.engine)
        if app.config["PAGE_CACHE_SECONDS"]:
            from .models.generation import track_writes

            track_writes(db.engine)

    from dashboards import init_dashboards

    from . import api, cli, web
    from .plugins import init_plugins

    init_plugins(app)
    web.register(app)
    api.register(app)
    init_dashboards(app)
    cli.register(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies, take the client's address, scheme and
    host from their X-Forwarded-* headers (sign-in throttling needs the real address);
    with none, those headers are ignored, since any client could send them."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # Flask's documented way to add WSGI middleware; its types declare wsgi_app a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def _require_secret_key(app: Flask) -> None:
    """Production refuses to start without a secret key. Tests get a random one;
    development keeps one in the instance folder (never in the repository)."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("TESTING"):
        app.config["SECRET_KEY"] = os.urandom(32).hex()
        return
    if app.config["ENV_NAME"] == "development":
        key_file = os.path.join(app.instance_path, "secret_key")
        if not os.path.exists(key_file):
            with create_private(key_file) as handle:
                handle.write(os.urandom(32).hex().encode())
        with open(key_file) as handle:
            app.config["SECRET_KEY"] = handle.read().strip()
        return
    raise MissingSecretKey(
        "RECTIFY_SECRET_KEY is not set. Set it (e.g. `python -c 'import secrets; "
        "print(secrets.token_hex(32))'`) or use RECTIFY_ENV=development for a local run."
    )
