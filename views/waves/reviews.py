"""The award council's reviews of a wave's nominations: the reviewer's queue, the review page (the
report read-only, the criteria of its kind to score, and — once the reviewer has submitted — every
reviewer's total and the statistics), the shortlist sorted by mean weighted total, and the
secretariat's decision within the award quotas.

Reviewers and admins read; a reviewer scores within the wave's review window and never a nomination
of their own unit (403); admins score at any time until the wave is closed and alone decide (403 for
anyone else). Before submitting their own review, a reviewer sees no one else's scores.
"""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from models import Award, Campaign, Nomination, db
from views.forms.reviews import DecisionForm, field_name, review_form
from views.rendering import is_htmx, local_url, oob_template, render, render_partial
from views.waves import bp, wave_or_404
from webapp import reviews as service
from webapp import waves as waves_service

QUEUE = "waves/reviews/index.html"
FORM = "waves/reviews/form.html"
SHORTLIST = "waves/reviews/shortlist.html"
ROW = "waves/reviews/_row.html"
AWARDS = "waves/reviews/_awards.html"
DECISION = "waves/reviews/_decision.html"
QUEUE_PER_PAGE = 50
SHORTLIST_PER_PAGE = 100
SUBJECTS = (("", "Tập thể và cá nhân"), ("collective", "Tập thể"), ("individual", "Cá nhân"))
STATES = (("", "Tất cả"), ("todo", "Tôi chưa chấm"), ("done", "Tôi đã chấm"))


def _require_council() -> None:
    if not service.may_review(current_user):
        abort(403)


def _subject() -> str:
    value = request.args.get("subject", "")
    return value if value in ("collective", "individual") else ""


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


# --------------------------------------------------------------------------- the queue


@bp.get("/<int:campaign_id>/reviews")
def reviews(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    _require_council()
    subject = _subject()
    state = request.args.get("state", "")
    state = state if state in ("todo", "done") else ""
    found = service.queue(campaign, current_user, subject or None, state, _page_number(), QUEUE_PER_PAGE)
    wave = waves_service.settings(campaign)

    def page_url(number: int) -> str:
        return url_for("waves.reviews", campaign_id=campaign.id, subject=subject or None, state=state or None,
                       page=number)

    return render(QUEUE, block="queue_body", campaign=campaign, wave=wave, found=found, subject=subject,
                  state=state, subjects=SUBJECTS, states=STATES, page_url=page_url,
                  admin=service.is_admin(current_user))


# --------------------------------------------------------------------------- one nomination


def _nomination(campaign: Campaign, nomination_id: int) -> Nomination:
    nomination = service.nomination_in(campaign, nomination_id)
    if nomination is None:
        abort(404)
    if service.own_unit(current_user, nomination) and not service.is_admin(current_user):
        abort(403)
    return nomination


def _decision_form(nomination: Nomination, uses, formdata=None) -> DecisionForm:
    if formdata is None:
        form = DecisionForm(formdata=None, data={
            "award": str(nomination.award_id) if nomination.award_id else (
                "none" if nomination.status == waves_service.FAILED else ""),
            "number": nomination.decision_number, "decided_on": nomination.decision_date})
    else:
        form = DecisionForm(formdata=formdata)
    form.set_awards(uses)
    return form


def _award_choices(uses) -> list:
    form = DecisionForm(formdata=None)
    form.set_awards(uses)
    return form.award.choices


def _review_context(campaign: Campaign, nomination: Nomination, form=None, refusal: str = "",
                    decision_form: DecisionForm | None = None, decision_error: str = "", saved: str = "") -> dict:
    criteria = service.criteria_of(campaign.id).get(nomination.subject, [])
    review, points = service.review_of(nomination.id, current_user.id)
    submitted = review is not None and review.submitted_at is not None
    admin = service.is_admin(current_user)
    own = service.own_unit(current_user, nomination)
    try:
        service.check_open(campaign, current_user, nomination)
        closed = ""
    except service.ReviewRefused as why:
        closed = str(why)
    if form is None:
        form = review_form(criteria, points, review.comment if review else "")
    show_all = admin or submitted  # independence: nothing of the others before one's own is in
    context = {
        "campaign": campaign, "nomination": nomination, "criteria": criteria, "form": form,
        "field_name": field_name, "review": review, "submitted": submitted,
        "my_total": service.round2(service.weighted_total(points, criteria)) if points else None,
        "may_score": not own and not closed, "closed": closed, "own": own, "refusal": refusal,
        "show_all": show_all, "admin": admin, "formula": service.FORMULA, "saved": saved,
        "stats": service.review_totals([nomination.id])[nomination.id] if show_all else None,
        "averages": service.criterion_averages(nomination.id) if show_all else {},
        "drafts": service.others_drafts(nomination.id) if admin else 0,
    }
    if admin:
        uses = service.award_uses(campaign.id)
        context.update(uses=uses, decision_form=decision_form or _decision_form(nomination, uses),
                       decision_error=decision_error)
    return context


@bp.route("/<int:campaign_id>/reviews/<int:nomination_id>", methods=["GET", "POST"])
def reviews_form(campaign_id: int, nomination_id: int):
    campaign = wave_or_404(campaign_id)
    _require_council()
    nomination = _nomination(campaign, nomination_id)
    if request.method == "GET":
        return render(FORM, **_review_context(campaign, nomination))
    if service.own_unit(current_user, nomination):
        abort(403)
    criteria = service.criteria_of(campaign.id).get(nomination.subject, [])
    form = review_form(criteria, formdata=request.form)
    try:
        service.check_open(campaign, current_user, nomination)
    except service.ReviewRefused as refusal:
        if is_htmx():
            return render_partial("errors/_message.html", message=str(refusal)), 409
        return render(FORM, **_review_context(campaign, nomination, form=form, refusal=str(refusal))), 409
    if not form.validate():
        return render(FORM, block="review_body", **_review_context(campaign, nomination, form=form)), 422
    review = service.save_review(campaign, nomination, current_user, form.points(), form.comment.data or "", criteria)
    db.session.commit()
    message = ("Đã nộp phiếu chấm." if review.submitted_at is not None
               else "Đã lưu phiếu chấm nháp: chấm đủ các tiêu chí thì phiếu mới được tính.")
    if not is_htmx():
        flash(message, "success")
        return redirect(url_for("waves.reviews_form", campaign_id=campaign.id, nomination_id=nomination.id), 303)
    return render(FORM, block="review_body", **_review_context(campaign, nomination, saved=message))


# --------------------------------------------------------------------------- the shortlist


@bp.get("/<int:campaign_id>/reviews/shortlist")
def reviews_shortlist(campaign_id: int):
    campaign = wave_or_404(campaign_id)
    _require_council()
    subject = _subject()
    found = service.shortlist(campaign, current_user, subject or None, _page_number(), SHORTLIST_PER_PAGE)
    admin = service.is_admin(current_user)
    uses = service.award_uses(campaign.id)
    decision_options = _award_choices(uses) if admin else []

    def page_url(number: int) -> str:
        return url_for("waves.reviews_shortlist", campaign_id=campaign.id, subject=subject or None, page=number)

    return render(SHORTLIST, block="shortlist_body", campaign=campaign, found=found, subject=subject,
                  subjects=SUBJECTS, page_url=page_url, admin=admin, uses=uses, decision_options=decision_options,
                  formula=service.FORMULA)


# --------------------------------------------------------------------------- the decision


@bp.post("/<int:campaign_id>/nominations/<int:nomination_id>/decision")
def reviews_decide(campaign_id: int, nomination_id: int):
    campaign = wave_or_404(campaign_id)
    if not service.is_admin(current_user):
        abort(403)
    nomination = service.nomination_in(campaign, nomination_id)
    if nomination is None:
        abort(404)
    source = "shortlist" if request.form.get("source") == "shortlist" else "review"
    uses = service.award_uses(campaign.id)
    form = _decision_form(nomination, uses, formdata=request.form)
    error = ""
    if form.validate():
        award = None
        if form.award_id() is not None:
            award = db.session.scalar(db.select(Award).where(Award.id == form.award_id(),
                                                             Award.campaign_id == campaign.id))
            if award is None:
                form.award.errors.append("Hình thức khen thưởng không thuộc đợt thi đua này.")
        if not form.award.errors:
            try:
                waves_service.decide(campaign, nomination, current_user, award, form.number.data or "",
                                     form.decided_on.data)
            except waves_service.WaveRefused as refusal:
                db.session.rollback()
                error = str(refusal)
            else:
                db.session.commit()
                return _decided(campaign, nomination_id, source)
    else:
        error = "Quyết định chưa được lưu: xem thông báo bên cạnh từng ô."
    # Refused (a full quota, a bad date…): the form comes back with the message and what was typed.
    db.session.rollback()
    campaign = wave_or_404(campaign_id)
    nomination = service.nomination_in(campaign, nomination_id)
    uses = service.award_uses(campaign.id)
    form.set_awards(uses)
    if is_htmx() and source == "shortlist":
        return make_response(_row_html(campaign, nomination, uses, form, error), 422)
    if is_htmx():
        return make_response(render_partial(DECISION, campaign=campaign, nomination=nomination, decision_form=form,
                                             decision_error=error, uses=uses, source="review"), 422)
    return render(FORM, **_review_context(campaign, nomination, decision_form=form, decision_error=error)), 422


def _row_html(campaign: Campaign, nomination: Nomination, uses, form=None, error: str = "", saved: str = "") -> str:
    stats = service.review_totals([nomination.id])[nomination.id]
    position = request.form.get("position", type=int)
    decision_options = _award_choices(uses)
    next_url = local_url(request.form.get("next"), url_for("waves.reviews_shortlist", campaign_id=campaign.id))
    return render_partial(ROW, campaign=campaign, row=service.ShortRow(position or 0, nomination, stats), admin=True,
                          next_url=next_url,
                          decision_options=decision_options, failed_form=form, decision_error=error, saved=saved)


def _decided(campaign: Campaign, nomination_id: int, source: str):
    campaign = wave_or_404(campaign.id)
    nomination = service.nomination_in(campaign, nomination_id)
    uses = service.award_uses(campaign.id)
    message = (f"Đã quyết định: {nomination.award.name}." if nomination.award is not None
               else "Đã quyết định: Không đạt.")
    if not is_htmx():
        flash(message, "success")
        default = url_for("waves.reviews_form", campaign_id=campaign.id, nomination_id=nomination.id)
        return redirect(local_url(request.form.get("next"), default), 303)
    counters = render_partial(AWARDS, uses=uses, oob=True)
    if source == "shortlist":
        return make_response(_row_html(campaign, nomination, uses, saved=message) + oob_template(counters))
    return make_response(render_partial(DECISION, campaign=campaign, nomination=nomination,
                                        decision_form=_decision_form(nomination, uses), decision_error="",
                                        uses=uses, source="review", decision_saved=message) + counters)

