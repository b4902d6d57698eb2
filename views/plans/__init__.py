"""Plans area (/plans): read a plan (kế hoạch) pasted or uploaded, preview and correct what was
recognised, then confirm to create the drafts (a campaign, a wave, an event, calendar entries).

Only admins and unit officers may import (a unit officer only event plans); everyone else gets
403 on every route. A preview is its author's: another user's is a 404 (admins see all).
"""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import PlanImport, db
from webapp import permissions

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.before_request
def _only_importers():
    if current_user.is_authenticated and not permissions.can_import_plans(current_user):
        abort(403)


def import_or_404(import_id: int) -> PlanImport:
    plan = db.session.scalar(select(PlanImport).options(joinedload(PlanImport.user)).where(PlanImport.id == import_id))
    if plan is None or not permissions.can_see_plan_import(current_user, plan):
        abort(404)
    return plan


def refuse(status: int, title: str, message: str):
    """Stop the request with a Vietnamese message: the error page, or for HTMX the bare message
    that static/app.js shows as a toast."""
    from flask import make_response, render_template

    from views.rendering import is_htmx

    template = "errors/_message.html" if is_htmx() else "errors/error.html"
    abort(make_response(render_template(template, status=status, title=title, message=message), status))


def require_preview(plan: PlanImport) -> None:
    """Edits and confirmation only while it is a preview: afterwards the drafts are the truth."""
    if not plan.is_preview:
        refuse(409, "Bản xem trước đã đóng", "Bản xem trước này đã được xác nhận hoặc đã hủy; không sửa được nữa.")


@bp.app_template_filter("iso_vn")
def iso_vn(value) -> str:
    """An ISO date of the draft's JSON as dd/mm/yyyy ("" for none; what is not a date as it is)."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


@bp.app_context_processor
def plan_helpers():
    return {"can_import_plans": lambda: current_user.is_authenticated and permissions.can_import_plans(current_user)}


# Each module adds its routes to `bp`.
from views.plans import confirm, edits, preview, upload  # noqa: E402,F401
