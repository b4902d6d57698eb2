"""Blueprints and the request-wide rules: login required, Vary header, navigation, errors."""
from __future__ import annotations

from flask import Flask, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm import joinedload

from models import User, db
from webapp.extensions import login_manager

# Endpoints reachable without logging in.
PUBLIC_ENDPOINTS = {"auth.login", "main.healthz", "static", "calendar.token_feed"}

# The whole app's navigation; areas whose blueprint is not registered yet show as coming.
NAVIGATION = [
    ("Tổng quan", "main.dashboard", "main"),
    ("Phong trào thi đua", "campaigns.index", "campaigns"),
    ("Sự kiện", "events.index", "events"),
    ("Nhiệm vụ", "tasks.index", "tasks"),
    ("Lịch", "calendar.index", "calendar"),
    ("Tổ chức", "org.units", "org"),
]


def register_views(app: Flask) -> None:
    from views import auth, errors, filters, main
    from views.calendar import bp as calendar_bp
    from views.campaigns import bp as campaigns_bp
    from views.events import bp as events_bp
    from views.org import bp as org_bp
    from views.plans import bp as plans_bp
    from views.tasks import bp as tasks_bp
    from views.waves import bp as waves_bp

    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(org_bp)
    app.register_blueprint(campaigns_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(tasks_bp)
    app.register_blueprint(waves_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(plans_bp)
    errors.register(app)
    filters.register_filters(app)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.scalar(
            db.select(User)
            .options(joinedload(User.department), joinedload(User.unit))
            .where(User.id == int(user_id))
        )

    @login_manager.unauthorized_handler
    def unauthorized():
        login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
        if request.headers.get("HX-Request") == "true":
            return make_response("", 401, redirect=login_url)
        return redirect(login_url)

    @app.before_request
    def require_login():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return None

    @app.after_request
    def vary_on_htmx(response):
        if response.mimetype == "text/html":
            response.vary.add("HX-Request")
        return response

    @app.context_processor
    def navigation():
        area = request.blueprint or ""
        items = []
        for label, endpoint, item_area in NAVIGATION:
            available = endpoint in app.view_functions
            items.append({
                "label": label,
                "url": url_for(endpoint) if available else None,
                "active": area == item_area,
            })
        return {"navigation": items}

    @app.context_processor
    def endpoint_helpers():
        # Tabs show only the parts of an area that exist.
        return {"has_endpoint": lambda endpoint: endpoint in app.view_functions}
