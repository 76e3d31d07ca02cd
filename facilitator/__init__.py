"""Facilitator: a self-hosted, real-time workshop tool."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build and configure the application (load order documented in `config.py`)."""
    # Imports live here so that `facilitator serve` can monkey-patch for gevent or eventlet
    # before Flask and its dependencies are imported.
    import os
    import secrets
    from pathlib import Path

    from flask import Flask

    from . import cli, errors, i18n, security, static_files
    from .accounts.models import load_user
    from .accounts.views import bp as accounts_bp
    from .catalog import Catalog
    from .config import Defaults, instance_path
    from .db import engine_options, protect_sqlite_files, tune_sqlite
    from .extensions import babel, compress, csrf, db, login_manager, socketio
    from .kinds import KIND_SCRIPTS, KIND_STYLES, KINDS, LIVE_STRINGS
    from .live import message_queue
    from .live.broadcast import Broadcaster
    from .navigation import DatabaseId
    from .privacy import privacy_notice
    from .ratelimit import RateLimiter
    from .reports.views import bp as reports_bp
    from .sessions.identity import CookieOncePerConnection
    from .sessions.routes import bp as sessions_bp

    app = Flask(__name__, instance_path=instance_path(), instance_relative_config=True)
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config.from_prefixed_env("FACILITATOR")
    if test_config is not None:
        app.config.from_mapping(test_config)

    instance = Path(app.instance_path)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    instance.chmod(0o700)  # database, secret key and configuration: this user only
    if not app.config["SECRET_KEY"]:
        key_file = instance / "secret_key"
        if not key_file.exists():
            with os.fdopen(
                os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w"
            ) as f:
                f.write(secrets.token_hex(32))
        app.config["SECRET_KEY"] = key_file.read_text().strip()

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"],
        dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}),
        dict(app.config["DATABASE_POOL"]),
    )
    db.init_app(app)
    with app.app_context():
        protect_sqlite_files(db.engine)
        tune_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    csrf.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.user_loader(load_user)
    i18n.init_app(app, babel)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        # made here, not by Flask-SocketIO, for `emit_each` (see message_queue.py); always
        # given, because the SocketIO object keeps the options of the last app it served
        client_manager=message_queue.client_manager(
            app.config["SOCKETIO_MESSAGE_QUEUE"], app.config["SOCKETIO_CHANNEL"]
        ),
        cors_allowed_origins=app.config["SOCKETIO_ALLOWED_ORIGINS"],
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
        manage_session=False,
    )
    app.session_interface = CookieOncePerConnection()
    app.extensions["facilitator.catalog"] = Catalog.load(Path(app.config["EXERCISES_DIR"]), KINDS)
    app.extensions["facilitator.broadcaster"] = Broadcaster(app, socketio)
    app.extensions["facilitator.limiter"] = RateLimiter()

    app.url_map.converters["int"] = DatabaseId  # before any route is added
    app.register_blueprint(accounts_bp)
    app.register_blueprint(sessions_bp)
    app.register_blueprint(reports_bp)
    errors.register_error_handlers(app)
    static_files.init_app(app)  # innermost: a proxy's scheme is fixed before it (security)
    security.init_app(app)
    cli.register(app)
    app.jinja_env.globals["privacy_notice"] = privacy_notice
    app.jinja_env.globals["kind_scripts"] = KIND_SCRIPTS
    app.jinja_env.globals["kind_styles"] = KIND_STYLES
    app.jinja_env.globals["kind_strings"] = LIVE_STRINGS
    return app
