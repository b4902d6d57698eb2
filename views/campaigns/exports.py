"""A campaign's results to take away: the ranking as XLSX and PDF, each unit's score sheet as PDF.

Who may download is who may read the page: the ranking for everyone but the officers of units
outside the campaign, a score sheet for the unit, its cluster leader and the office's staff.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from flask import abort, make_response
from flask_login import current_user

from models import Role
from models.text import fold, nfc
from views.campaigns import bp
from views.campaigns.scores import _campaign, _may_read, _sheet_context, _unit
from views.rendering import pdf_font_family
from webapp import scoring as service
from webapp.campaign_exports import ranking_xlsx as build_ranking_xlsx
from webapp.campaigns import participant_ids
from webapp.documents.campaign_results import ranking_pdf as build_ranking_pdf
from webapp.documents.campaign_results import score_sheet_pdf as build_score_sheet_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def ascii_slug(text: str, limit: int = 60) -> str:
    """"Hội LHPN quận Đống Đa" -> "hoi-lhpn-quan-dong-da"."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:limit].rstrip("-")


def content_disposition(ascii_name: str, display_name: str, inline: bool) -> str:
    """An ASCII filename for every browser and the Vietnamese one (RFC 6266 filename*) for those that read it."""
    display = " ".join(_UNSAFE.sub(" ", nfc(display_name)).split())[:150]
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(display, safe='')}"


def _download(data: bytes, mimetype: str, ascii_stem: str, display_stem: str, extension: str, inline: bool):
    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = content_disposition(
        f"{ascii_stem}.{extension}", f"{display_stem}.{extension}", inline)
    # Scores and comments are not for shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _readable_ranking(campaign_id: int):
    campaign = _campaign(campaign_id)
    if current_user.role == Role.UNIT_OFFICER.value and current_user.unit_id not in participant_ids(campaign.id):
        abort(403)
    return campaign


def _ranking_names(campaign) -> tuple[str, str]:
    return f"xep-hang-{campaign.id}-{ascii_slug(campaign.name)}".rstrip("-"), f"Xếp hạng – {campaign.name}"


@bp.get("/<int:campaign_id>/ranking.xlsx")
def ranking_xlsx(campaign_id: int):
    campaign = _readable_ranking(campaign_id)
    data = build_ranking_xlsx(campaign, service.ranking(campaign))
    return _download(data, XLSX, *_ranking_names(campaign), "xlsx", inline=False)


@bp.get("/<int:campaign_id>/ranking.pdf")
def ranking_pdf(campaign_id: int):
    campaign = _readable_ranking(campaign_id)
    data = build_ranking_pdf(campaign, service.ranking(campaign), fonts=pdf_font_family())
    return _download(data, PDF, *_ranking_names(campaign), "pdf", inline=True)


@bp.get("/<int:campaign_id>/scores/<int:unit_id>.pdf")
def score_sheet_pdf(campaign_id: int, unit_id: int):
    campaign = _campaign(campaign_id)
    unit = _unit(campaign, unit_id)
    leader_id = service.cluster_leader_of(unit)
    if not _may_read(unit, leader_id):
        abort(403)
    context = _sheet_context(campaign, unit, leader_id)
    data = build_score_sheet_pdf(campaign, unit, context["nodes"], context["scores"], context["totals"],
                                 context["grade"], fonts=pdf_font_family())
    stem = f"phieu-diem-{campaign.id}-{ascii_slug(unit.name)}".rstrip("-")
    return _download(data, PDF, stem, f"Phiếu điểm – {unit.name} – {campaign.name}", "pdf", inline=True)
