"""Dashboard and health check."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from sqlalchemy import text
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from models import Role, UnitKind, db
from views.rendering import render
from webapp import calendar
from webapp import dashboard as service
from webapp.dates import now_local
from webapp.organisation import organisation_counts, units_by_kind
from webapp.tasks import department_condition, units_condition

bp = Blueprint("main", __name__)


def _routable(paths: set[str]) -> set[str]:
    """The paths this app answers: a calendar entry links to a page only once that page exists
    (the anniversaries page, say, may come later than the entries that point to it)."""
    adapter = current_app.url_map.bind("localhost")
    found = set()
    for path in paths:
        try:
            adapter.match(path, method="GET")
        except RequestRedirect:
            found.add(path)
        except HTTPException:
            continue
        else:
            found.add(path)
    return found


@bp.get("/")
def dashboard():
    now = now_local()
    today = now.date()
    role = current_user.role
    viewer = calendar.Viewer.of(current_user)
    upcoming = service.upcoming(viewer, today, reviewer=role == Role.REVIEWER.value)
    overdue_groups, overdue, registrations, waves = [], None, None, []
    if role == Role.ADMIN.value:
        overdue_groups = service.overdue_by_department(now)
        registrations = service.missing_registrations(today)
    elif role == Role.DEPARTMENT_MEMBER.value and current_user.department_id:
        overdue = service.overdue_where(department_condition(current_user.department_id),
                                        current_user.department.name, now, viewer=viewer)
    elif role == Role.UNIT_OFFICER.value and viewer.unit_scope:
        overdue = service.overdue_where(units_condition(viewer.unit_scope), current_user.unit.name, now,
                                        viewer=viewer)
        registrations = service.missing_registrations(today, viewer.unit_scope)
    elif role == Role.REVIEWER.value:
        waves = service.waves_to_review()
    kinds = dict(units_by_kind())
    unit_kinds = [(kind.label, kinds.get(kind.value, 0)) for kind in UnitKind]
    linked = _routable({entry.url for day in upcoming for entry in day.entries})
    return render("main/dashboard.html", counts=organisation_counts(), unit_kinds=unit_kinds, now=now, today=today,
                  last_day=today + timedelta(days=service.UPCOMING_DAYS - 1), upcoming=upcoming, linked=linked,
                  categories=calendar.CATEGORY, overdue_groups=overdue_groups, overdue=overdue,
                  registrations=registrations, waves=waves)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the point of a health check is to report, not to raise
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
