"""Special waves (đợt thi đua đặc biệt): the wave's page and settings (categories of works, award
forms with quotas, review criteria), the works units register, the nominations that climb level by
level, the award council's reviews, and the results with their certificates.

A wave is a campaign of kind "special": `/waves/<campaign_id>/…`. Everyone logged in reads what
their role allows; each view checks role and ownership (unit, level) on the server.
"""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from models import Campaign, Role, db
from webapp import permissions
from webapp import waves as service

bp = Blueprint("waves", __name__, url_prefix="/waves")


def wave_or_404(campaign_id: int) -> Campaign:
    """The campaign, if it is a special wave (not a template)."""
    campaign = db.session.scalar(db.select(Campaign).options(joinedload(Campaign.organiser_unit))
                                 .where(Campaign.id == campaign_id))
    if campaign is None or not service.is_wave(campaign):
        abort(404)
    return campaign


def is_admin() -> bool:
    return permissions.can_manage_campaigns(current_user)


def require_admin() -> None:
    if not is_admin():
        abort(403)


def officer_unit_id() -> int | None:
    """The unit a unit officer acts for, else None."""
    return current_user.unit_id if current_user.role == Role.UNIT_OFFICER.value else None


# Each module adds its routes to `bp`.
from views.waves import nominations, results, reviews, settings, works  # noqa: E402,F401
