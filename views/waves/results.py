"""A wave's results: the awarded collectives and individuals by award form (everyone logged in reads
them: results are public within the app), every nomination with every reviewer's scores as XLSX
(the office, the departments and the award council), and the certificates as one PDF (the office).
"""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, request, url_for
from flask_login import current_user

from models import NominationStatus, OrgSettings, Role, Wave, db
from views.campaigns.exports import PDF, XLSX, ascii_slug, content_disposition
from views.rendering import pdf_font_family, render
from views.waves import bp, is_admin, require_admin, wave_or_404
from webapp import wave_exports as service
from webapp import waves
from webapp.documents.certificates import certificate_for, certificates_pdf, issuer_from

PAGE = "waves/results/index.html"
READ_SCORES = (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)


def _may_read_scores() -> bool:
    return current_user.role in READ_SCORES


def _download(data: bytes, mimetype: str, ascii_stem: str, display_stem: str, extension: str, inline: bool):
    response = make_response(data)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = content_disposition(
        f"{ascii_stem}.{extension}", f"{display_stem}.{extension}", inline)
    response.headers["Cache-Control"] = "private, no-store"  # scores are not for shared caches
    return response


def _settings(campaign) -> Wave | None:
    """The wave's settings row, read only (a GET writes nothing)."""
    return db.session.get(Wave, campaign.id)


@bp.get("/<int:campaign_id>/results")
def results(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    awards = service.awards(campaign.id)
    awarded = service.awarded(campaign.id)
    groups = {award.id: [] for award in awards}
    for nomination in awarded:
        groups.setdefault(nomination.award_id, []).append(nomination)
    counts = service.status_counts(campaign.id)
    return render(PAGE, campaign=campaign, awards=awards, groups=groups, counts=counts,
                  total=sum(counts.values()), awarded_count=len(awarded), wave=_settings(campaign),
                  achievement=service.achievement, statuses=list(NominationStatus),
                  may_read_scores=_may_read_scores(), may_print=is_admin())


@bp.get("/<int:campaign_id>/results.xlsx")
def results_xlsx(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    if not _may_read_scores():
        abort(403)
    data = service.results_xlsx(campaign, service.all_nominations(campaign.id), service.review_sheet(campaign.id))
    stem = f"ket-qua-{campaign.id}-{ascii_slug(campaign.name)}".rstrip("-")
    return _download(data, XLSX, stem, f"Kết quả xét khen thưởng – {campaign.name}", "xlsx", inline=False)


@bp.get("/<int:campaign_id>/certificates.pdf")
def results_certificates(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    require_admin()
    awards = {award.id: award for award in service.awards(campaign.id)}
    only = request.args.get("award", type=int)
    if request.args.get("award") and only not in awards:
        abort(404)
    awarded = [n for n in service.awarded(campaign.id) if only is None or n.award_id == only]
    if not awarded:
        flash("Chưa có tập thể, cá nhân nào được khen thưởng" + (f" “{awards[only].name}”" if only else "")
              + ": chưa có gì để in.", "warning")
        return redirect(url_for("waves.results", campaign_id=campaign.id))
    wave = _settings(campaign)
    day = (wave.commend_on if wave else None) or waves.today()
    certificates = [certificate_for(n, day) for n in awarded]
    title = awards[only].name if only else "Giấy chứng nhận, Bằng khen"
    data = certificates_pdf(certificates, issuer_from(OrgSettings.load()), campaign.name, fonts=pdf_font_family(),
                            title=f"{title} – {campaign.name}")
    stem = f"khen-thuong-{campaign.id}" + (f"-{ascii_slug(awards[only].name)}" if only else "")
    return _download(data, PDF, stem, f"{title} – {campaign.name}", "pdf", inline=True)
