"""Organisation area: units, clusters, departments, accounts and settings."""
from typing import Callable

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user
from htmx_flask import make_response

from models import db
from views.rendering import is_htmx, render_partial
from webapp import permissions
from webapp.organisation import OrganisationError

bp = Blueprint("org", __name__, url_prefix="/org")


def require_admin() -> None:
    if not permissions.is_admin(current_user):
        abort(403)


def delete_response(delete: Callable[[], None], *, done: str, list_url: str, count_oob: Callable[[], str]):
    """Run a deletion the rules may refuse; answer HTMX with the counter, or redirect (303).

    A refusal is a 409 with the reason, which app.js shows, since htmx does not swap errors.
    """
    try:
        delete()
        db.session.commit()
    except OrganisationError as error:
        db.session.rollback()
        if is_htmx():
            return render_partial("errors/_message.html", message=str(error)), 409
        flash(str(error), "danger")
        return redirect(list_url, 303)
    if is_htmx():
        return make_response(count_oob())
    flash(done, "success")
    return redirect(list_url, 303)


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
