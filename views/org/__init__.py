"""Organisation area: units, clusters, departments, accounts and settings."""
from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from webapp import permissions

bp = Blueprint("org", __name__, url_prefix="/org")


def require_admin() -> None:
    if not permissions.is_admin(current_user):
        abort(403)


@bp.get("/")
def index():
    return redirect(url_for("org.units"))


@bp.app_context_processor
def permission_helpers():
    return {
        "is_admin": permissions.is_admin(current_user) if current_user else False,
        "can_manage_unit": permissions.can_manage_unit,
        "can_delete_unit": permissions.can_delete_unit,
    }


from views.org import clusters, departments, settings, units, users  # noqa: E402,F401  (routes)
