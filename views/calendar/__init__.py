"""The calendar: the month grid and agenda of everything with a date, the anniversaries, and the
iCal feeds (per event, campaign, department, the whole organisation, and personal token feeds).

What each user sees is decided by webapp.calendar.Viewer: drafts stay with those who manage them.
"""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("calendar", __name__, url_prefix="/calendar")

# Each module adds its routes to `bp`.
from views.calendar import anniversaries, feeds, pages  # noqa: E402,F401
