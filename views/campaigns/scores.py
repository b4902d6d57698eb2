"""Scoring a campaign: each unit's score sheet (its own scores with evidence notes, the appraised
scores with comments, entered inline) and the results of every unit with its grade.

A unit officer scores their own unit in the self-assessment window; the department in charge of a
criterion, or the leader of the unit's cluster, appraises in the appraisal window; admins at any
time while the campaign is at the scoring stage. Once it is closed, nothing changes.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy.orm import joinedload

from models import Campaign, Criterion, Role, Score, Unit, db
from models.text import fold, nfc
from views.campaigns import bp, campaign_or_404
from views.forms.campaigns import ScoreForm
from views.rendering import is_htmx, oob_template, render, render_partial
from webapp import scoring as service
from webapp import uploads
from webapp.campaigns import participant_ids

SHEET = "campaigns/scores/sheet.html"
ROW = "campaigns/scores/_row.html"
TOTALS = "campaigns/scores/_totals.html"


def _campaign(campaign_id: int) -> Campaign:
    campaign = campaign_or_404(campaign_id)
    if campaign.is_template:
        abort(404)
    return campaign


def _unit(campaign: Campaign, unit_id: int) -> Unit:
    if unit_id not in participant_ids(campaign.id):
        abort(404)
    return db.session.get(Unit, unit_id) or abort(404)


def _may_read(unit: Unit, leader_id) -> bool:
    user = current_user
    if user.role in (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value):
        return True
    return user.role == Role.UNIT_OFFICER.value and user.unit_id in (unit.id, leader_id)


@bp.get("/<int:campaign_id>/scores")
def scores(campaign_id: int):
    campaign = _campaign(campaign_id)
    if current_user.role == Role.UNIT_OFFICER.value:
        if current_user.unit_id in participant_ids(campaign.id):
            return redirect(url_for("campaigns.score_sheet", campaign_id=campaign.id, unit_id=current_user.unit_id), 303)
        abort(403)
    return render("campaigns/scores/index.html", campaign=campaign, results=service.results(campaign))


SORTS = {"rank": None, "name": "name", "standard": "standard", "bonus": "bonus", "self": "self"}
PER_PAGE = 100  # rows of the overall ranking per page; the exports hold them all
CLUSTERS_PER_PAGE = 5


def _sorted(rows, sort: str):
    if sort == "name":
        return sorted(rows, key=lambda r: service.name_key(r.unit.name))
    if sort in ("standard", "bonus", "self"):
        attribute = {"standard": "standard", "bonus": "capped_bonus", "self": "self_total"}[sort]
        return sorted(rows, key=lambda r: -getattr(r.totals, attribute))
    return rows


@bp.get("/<int:campaign_id>/ranking")
def ranking(campaign_id: int):
    """The ranking, overall (a page of rows at a time, searchable) or by cluster (a few clusters a
    page, or one); every unit is ranked on every page, only the rows shown are drawn."""
    campaign = _campaign(campaign_id)
    if current_user.role == Role.UNIT_OFFICER.value and current_user.unit_id not in participant_ids(campaign.id):
        abort(403)
    outcome = service.ranking(campaign)
    sort = request.args.get("sort", "rank")
    sort = sort if sort in SORTS else "rank"
    view = "clusters" if request.args.get("view") == "clusters" else "overall"
    query = nfc(request.args.get("q", "")).strip()[:100]
    requested = max(request.args.get("page", 1, type=int) or 1, 1)
    own = current_user.unit_id if current_user.role == Role.UNIT_OFFICER.value else None
    context: dict = {}
    if view == "clusters":
        cluster_id = request.args.get("cluster", type=int)
        groups = [g for g in outcome.clusters if cluster_id is None or (g[0].id if g[0] else 0) == cluster_id]
        pages = max(1, -(-len(groups) // CLUSTERS_PER_PAGE))
        page = min(requested, pages)
        context["groups"] = [(c, _sorted(m, sort)) for c, m in
                             groups[(page - 1) * CLUSTERS_PER_PAGE:page * CLUSTERS_PER_PAGE]]
        context["cluster_id"] = cluster_id
    else:
        rows = _sorted(outcome.rows, sort)
        if query:
            needle = fold(query)
            rows = [r for r in rows if needle in service.name_fold(r.unit.name)]
        pages = max(1, -(-len(rows) // PER_PAGE))
        page = min(requested, pages)
        context["rows"] = rows[(page - 1) * PER_PAGE:page * PER_PAGE]
        context["matched"] = len(rows)
        if own is not None and not query:
            position = next((i for i, r in enumerate(rows) if r.unit.id == own), None)
            if position is not None:
                context["own_row"], context["own_page"] = rows[position], position // PER_PAGE + 1
    peak = max((count for _, count in outcome.bins), default=0)

    def page_url(number: int) -> str:
        return url_for("campaigns.ranking", campaign_id=campaign.id, view="clusters" if view == "clusters" else None,
                       sort=sort, q=query or None, cluster=context.get("cluster_id"), page=number)

    return render("campaigns/scores/ranking.html", block="ranking_body", campaign=campaign, ranking=outcome,
                  sort=sort, view=view, query=query, page=page, pages=pages, peak=peak, own=own, page_url=page_url,
                  per_page=PER_PAGE, tie_rule=service.TIE_RULE, **context)


def _sheet_context(campaign: Campaign, unit: Unit, leader_id) -> dict:
    by_unit, table = service.totals(campaign, [unit.id])
    nodes = service.scored_nodes(table)
    totals = by_unit.get(unit.id) or service.Totals(expected=len(nodes), bonus_cap=campaign.bonus_points)
    return {"campaign": campaign, "unit": unit, "nodes": nodes, "scores": service.scores_of(campaign.id, unit.id),
            "totals": totals, "grade": service.grade(campaign, totals.total) if totals.complete else "",
            # Forms only where a save would be accepted now: the stage, the window, the person.
            "may_self": service.may_self_score(current_user, unit.id) and service.is_open(campaign, "self", current_user),
            "appraisable": ({n.id for n in nodes if service.may_appraise(current_user, unit, n.criterion, leader_id)}
                            if service.is_open(campaign, "appraisal", current_user) else set())}


@bp.get("/<int:campaign_id>/scores/<int:unit_id>")
def score_sheet(campaign_id: int, unit_id: int):
    campaign = _campaign(campaign_id)
    unit = _unit(campaign, unit_id)
    leader_id = service.cluster_leader_of(unit)
    if not _may_read(unit, leader_id):
        abort(403)
    return render(SHEET, **_sheet_context(campaign, unit, leader_id))


def _save(campaign_id: int, unit_id: int, criterion_id: int, part: str):
    campaign = _campaign(campaign_id)
    unit = _unit(campaign, unit_id)
    criterion = db.session.scalar(db.select(Criterion).where(Criterion.id == criterion_id,
                                                             Criterion.campaign_id == campaign.id)) or abort(404)
    leader_id = service.cluster_leader_of(unit)
    allowed = (service.may_self_score(current_user, unit.id) if part == "self"
               else service.may_appraise(current_user, unit, criterion, leader_id))
    if not allowed:
        abort(403)
    context = _sheet_context(campaign, unit, leader_id)
    node = next((n for n in context["nodes"] if n.id == criterion.id), None)
    if node is None:
        abort(404)  # a group whose points its criteria share is not scored itself
    try:
        service.check_open(campaign, part, current_user)
    except service.ScoringRefused as refusal:
        if not is_htmx():
            return render(SHEET, refusal=str(refusal), **context), 409
        return render_partial("errors/_message.html", message=str(refusal)), 409
    form = ScoreForm()
    valid = form.validate() and form.check_max(criterion.max_points)
    upload = request.files.get("evidence") if part == "self" else None
    chosen = upload is not None and bool(upload.filename)
    evidence_error, stored = "", None
    if valid and chosen:
        try:
            stored = uploads.store(upload.read(uploads.max_bytes() + 1), upload.filename, current_user.id)
        except uploads.UploadRefused as refusal:
            evidence_error = f"{refusal} Điểm và giải trình chưa được lưu."
    elif chosen:
        evidence_error = "Tệp chưa được lưu vì điểm chưa hợp lệ: sửa điểm rồi chọn lại tệp."
    if valid and not evidence_error:
        replaced: list = []
        try:
            if part == "self":
                service.set_self(campaign, unit, criterion, form.points.data, form.note.data or "", current_user,
                                 evidence=stored.attachment if stored else None,
                                 drop_evidence=request.form.get("drop_evidence") == "1", replaced=replaced)
            else:
                service.set_appraisal(campaign, unit, criterion, form.points.data, form.note.data or "", current_user)
            db.session.commit()
        except Exception:
            if stored is not None:
                stored.discard()
            raise
        for old in replaced:
            uploads.remove_file(old)
        if not is_htmx():
            flash("Đã lưu điểm.", "success")
            return redirect(url_for("campaigns.score_sheet", campaign_id=campaign.id, unit_id=unit.id)
                            + f"#score-{criterion.id}", 303)
        context = _sheet_context(campaign, unit, leader_id)
        return make_response(render_partial(ROW, node=node, **context)
                             + oob_template(render_partial(TOTALS, oob=True, **context)))
    # Refused: the row comes back with the message next to the field and what was typed.
    failed = {"id": node.id, "part": part, "form": form, "evidence_error": evidence_error}
    if is_htmx():
        return make_response(render_partial(ROW, node=node, failed=failed, **context), 422)
    return render(SHEET, failed=failed, **context), 422


@bp.post("/<int:campaign_id>/scores/<int:unit_id>/<int:criterion_id>/self")
def score_self(campaign_id: int, unit_id: int, criterion_id: int):
    return _save(campaign_id, unit_id, criterion_id, "self")


@bp.post("/<int:campaign_id>/scores/<int:unit_id>/<int:criterion_id>/appraisal")
def score_appraisal(campaign_id: int, unit_id: int, criterion_id: int):
    return _save(campaign_id, unit_id, criterion_id, "appraisal")


@bp.get("/<int:campaign_id>/scores/<int:unit_id>/<int:criterion_id>/evidence")
def score_evidence(campaign_id: int, unit_id: int, criterion_id: int):
    """The unit's evidence file, for those who may read its score sheet."""
    campaign = _campaign(campaign_id)
    unit = _unit(campaign, unit_id)
    if not _may_read(unit, service.cluster_leader_of(unit)):
        abort(403)
    score = db.session.scalar(db.select(Score).options(joinedload(Score.evidence)).where(
        Score.campaign_id == campaign.id, Score.unit_id == unit.id, Score.criterion_id == criterion_id))
    return uploads.serve(score.evidence if score else None)
