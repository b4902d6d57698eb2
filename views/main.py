"""Dashboard and health check."""
from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import text

from models import UnitKind, db
from views.rendering import render
from webapp.organisation import organisation_counts, units_by_kind

bp = Blueprint("main", __name__)


@bp.get("/")
def dashboard():
    kinds = dict(units_by_kind())
    unit_kinds = [(kind.label, kinds.get(kind.value, 0)) for kind in UnitKind]
    return render("main/dashboard.html", counts=organisation_counts(), unit_kinds=unit_kinds)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the point of a health check is to report, not to raise
        db.session.rollback()
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")
