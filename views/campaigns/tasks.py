"""A campaign's checklist: the tasks of running it (guiding units, aggregating registrations,
appraisal…), ticked in place with the campaign's and each department's progress."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from views.campaigns import bp, campaign_or_404
from views.rendering import render
from webapp import permissions
from webapp.dates import now_local
from webapp.tasks import checklist, checklist_bars


@bp.get("/<int:campaign_id>/tasks")
def tasks(campaign_id: int):
    campaign = campaign_or_404(campaign_id)
    if campaign.is_template:
        abort(404)
    overall, bars = checklist_bars(campaign_id=campaign.id)
    return render("campaigns/tasks.html", campaign=campaign, tasks=checklist(campaign_id=campaign.id),
                  overall=overall, bars=bars, now=now_local(),
                  can_create=permissions.can_create_task(current_user))
