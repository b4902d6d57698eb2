"""Campaigns area: the list, each campaign with its settings and key dates, its scoring table
editor and its participating units; templates to start next year's campaign from.

Everyone logged in reads; the secretariat (admins) changes campaigns and their tables.
"""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from models import Campaign, db
from webapp import permissions

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


def campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.scalar(db.select(Campaign).options(joinedload(Campaign.organiser_unit))
                                 .where(Campaign.id == campaign_id))
    if campaign is None:
        abort(404)
    return campaign


def may_manage() -> bool:
    return permissions.can_manage_campaigns(current_user)


def require_manage() -> None:
    if not may_manage():
        abort(403)


@bp.app_context_processor
def campaign_helpers():
    return {"can_manage_campaigns": may_manage}


# Each module adds its routes to `bp`.
from views.campaigns import (  # noqa: E402,F401
    campaigns, exports, registrations, scores, table, targets, tasks, units,
)
