"""iCal feeds and the personal subscription links that open them without a session."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import Length

from models import CalendarToken, Campaign, Department, Event, User, db
from models.base import utcnow
from views.calendar import bp
from views.forms import BaseForm
from views.rendering import is_htmx, render
from webapp import calendar as service
from webapp import ical, permissions

# A subscribed calendar polls every hour or so; the last use is worth knowing, not worth a write
# on every poll.
LAST_USED_STEP = timedelta(hours=1)
MAX_ACTIVE_TOKENS = 10


class TokenForm(BaseForm):
    label = StringField("Tên gợi nhớ", validators=[Length(max=100, message="Tối đa 100 ký tự.")],
                        description="Ví dụ: Điện thoại, Outlook ở cơ quan.")


def _site() -> tuple[str, str]:
    """The site's host (for UIDs) and base URL (for links): SITE_URL when set, else this request's."""
    base = (current_app.config.get("SITE_URL") or request.host_url).rstrip("/")
    return urlsplit(base).netloc or request.host, base


def _respond(found: list[service.Entry], name: str, filename: str, description: str = ""):
    host, base = _site()
    body = ical.feed(found, name, host, base, description)
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Type"] = ical.CONTENT_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    tag = ical.etag(body)
    response.set_etag(tag)
    response.last_modified = service.last_change(found)
    # 304 only for a matching ETag. Last-Modified is the newest change among the entries shown,
    # which does not move when an entry is deleted or hidden: answering If-Modified-Since with 304
    # could keep a calendar stale, so that header alone gets the whole feed (RFC 9110 allows it).
    if request.if_none_match.contains_weak(tag):
        response.status_code = 304
        response.set_data(b"")
    return response


def _viewer() -> service.Viewer:
    return service.Viewer.of(current_user)


def _union_name() -> str:
    from models import OrgSettings
    return OrgSettings.load().union_name or "Hội LHPN"


@bp.get("/events/<int:event_id>.ics")
def event_feed(event_id: int):
    event = db.session.get(Event, event_id) or abort(404)
    viewer = _viewer()
    found = service.entries(service.Query(viewer=viewer, event_id=event.id, kinds=frozenset({service.EVENT}),
                                          with_programme=True))
    if not found:  # a draft its reader may not see
        abort(404)
    return _respond(found, event.title, f"su-kien-{event.id}.ics")


@bp.get("/campaigns/<int:campaign_id>.ics")
def campaign_feed(campaign_id: int):
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None or campaign.is_template:
        abort(404)
    if campaign.status == "draft" and not permissions.is_admin(current_user):
        abort(404)
    found = service.entries(service.Query(viewer=_viewer(), campaign_id=campaign.id,
                                          kinds=frozenset({service.DEADLINE, service.WINDOW})))
    return _respond(found, f"Các mốc thời gian: {campaign.name}", f"phong-trao-{campaign.id}.ics")


@bp.get("/departments/<int:department_id>.ics")
def department_feed(department_id: int):
    department = db.session.get(Department, department_id) or abort(404)
    found = service.entries(service.Query(viewer=_viewer(), department_id=department.id,
                                          kinds=frozenset({service.TASK})))
    return _respond(found, f"Hạn nhiệm vụ: {department.name}", f"ban-{department.id}.ics")


@bp.get("/all.ics")
def all_feed():
    found = service.entries(service.Query(viewer=_viewer()))
    return _respond(found, f"Lịch {_union_name()}", "lich-chung.ics",
                    "Sự kiện, hạn chót của các phong trào thi đua, hạn nhiệm vụ và các ngày kỷ niệm.")


@bp.get("/feed/<token>.ics")
def token_feed(token: str):
    """No session here: the token is the credential. What the owner may see, and of the tasks
    only their own work (their department's, their units'; all of them for the secretariat)."""
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token == token))
    if row is None or row.revoked_at is not None:
        abort(404)
    user = db.session.get(User, row.user_id)
    if user is None or not user.is_active:
        abort(404)
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_STEP:
        row.last_used_at = now
        db.session.commit()
    found = service.entries(service.Query(viewer=service.Viewer.of(user), mine=True))
    return _respond(found, f"Lịch của {user.full_name}", "lich-ca-nhan.ics")


# --------------------------------------------------------------------------- managing the links


def _tokens() -> list[CalendarToken]:
    return list(db.session.scalars(select(CalendarToken).where(
        CalendarToken.user_id == current_user.id, CalendarToken.revoked_at.is_(None))
        .order_by(CalendarToken.created_at.desc(), CalendarToken.id.desc())))


def feed_links(token: CalendarToken) -> dict[str, str]:
    https = url_for("calendar.token_feed", token=token.token, _external=True)
    site = current_app.config.get("SITE_URL")
    if site:
        https = site.rstrip("/") + url_for("calendar.token_feed", token=token.token)
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


def _page(form: TokenForm, status: int = 200, created: CalendarToken | None = None, notice: str = ""):
    return render("calendar/feeds.html", block="tokens", form=form, tokens=_tokens(), links=feed_links,
                  created=created, notice=notice, department=current_user.department), status


@bp.get("/feeds")
def feeds():
    return _page(TokenForm())


@bp.post("/feeds")
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    active = len(_tokens())
    if active >= MAX_ACTIVE_TOKENS:
        form.label.errors = [f"Mỗi tài khoản có tối đa {MAX_ACTIVE_TOKENS} liên kết; hãy thu hồi liên kết không dùng."]
        return _page(form, 422)
    token = CalendarToken(user_id=current_user.id, label=form.label.data or "")
    db.session.add(token)
    db.session.commit()
    if not is_htmx():
        flash("Đã tạo liên kết đăng ký lịch mới.", "success")
        return redirect(url_for("calendar.feeds"))
    return _page(TokenForm(formdata=None), created=token)


@bp.post("/feeds/<int:token_id>/revoke")
def revoke_token(token_id: int):
    token = db.session.get(CalendarToken, token_id) or abort(404)
    if token.user_id != current_user.id:
        abort(403)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    if not is_htmx():
        flash("Đã thu hồi liên kết: ứng dụng lịch nào dùng nó sẽ không nhận được lịch nữa.", "success")
        return redirect(url_for("calendar.feeds"))
    return _page(TokenForm(formdata=None), notice="Đã thu hồi liên kết: ứng dụng lịch nào dùng nó sẽ không nhận được lịch nữa.")



