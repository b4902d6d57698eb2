"""Application factory."""
from __future__ import annotations

import gc
import os
from pathlib import Path

from flask import Flask

from webapp import config as config_module
from webapp.extensions import csrf, db, htmx, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    profile = config_module.load(config_name)
    app.config.from_object(profile)
    app.config.update(overrides)
    if app.config.get("PROXY_FIX_HOPS", 0) > 0:  # remote_addr must be the client, not the proxy
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_HOPS"], x_proto=app.config["PROXY_FIX_HOPS"])
    if app.config["NAME"] == "production" and not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in production (APP_CONFIG=production).")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        config_module.database_url(app.config.get("DATABASE_URL"), app.instance_path),
    )

    from models import user as user_model
    user_model.PASSWORD_METHOD["value"] = app.config["PASSWORD_METHOD"]

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    login_manager.init_app(app)

    from webapp.database import configure_engine
    with app.app_context():
        configure_engine(db.engine)

    from views import register_views
    register_views(app)

    from webapp.cli import register_commands
    register_commands(app)
    return app


def settle_memory() -> None:
    """Once the app is built (wsgi.py, the benchmarks): what it built lives as long as the process,
    so it is moved out of the collector's sight, and collections come less often. A ranking of
    3,500 units allocates some hundred thousand short-lived objects; at Python's default threshold
    (700) that triggers full collections in one request out of five, 35 ms each — the p95 tail."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
