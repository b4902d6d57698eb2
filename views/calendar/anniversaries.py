"""Anniversaries (ngày kỷ niệm): "kỷ niệm N năm" for a chosen year, round years flagged.

Everyone reads; admins add, edit and delete; whoever may create events (admins, unit officers)
turns a row into a draft commemoration ceremony.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response

from models import Anniversary, db
from views.calendar import bp
from views.forms.anniversaries import AnniversaryForm, CommemorationForm
from views.rendering import form_errors_response, htmx_redirect, is_htmx, oob_template, render, render_partial
from webapp import anniversaries as service
from webapp import permissions
from webapp.dates import now_local

LIST = "calendar/anniversaries/index.html"
FORM = "calendar/anniversaries/_form.html"
ROW = "calendar/anniversaries/_row.html"
EDIT = "calendar/anniversaries/edit.html"
COMMEMORATE = "calendar/anniversaries/_commemorate.html"
COMMEMORATE_PAGE = "calendar/anniversaries/commemorate.html"


def _require_admin() -> None:
    if not permissions.is_admin(current_user):
        abort(403)


def _anniversary_or_404(anniversary_id: int) -> Anniversary:
    return db.session.get(Anniversary, anniversary_id) or abort(404)


def _year() -> int:
    """The year shown: ?year= when it is one date() can hold, else this year in Hà Nội."""
    year = request.args.get("year", type=int)
    if year is None or not service.MIN_YEAR <= year <= service.MAX_YEAR:
        return now_local().year
    return year


def list_url(year: int, q: str = "", notable: bool = False) -> str:
    params = {"year": year, "q": q, "notable": "1" if notable else ""}
    return url_for("calendar.anniversaries") + "?" + urlencode({k: v for k, v in params.items() if v})


def _may_commemorate() -> bool:
    return permissions.can_create_event(current_user)


def _row_context(anniversary: Anniversary, year: int, **extra) -> dict:
    return {"occ": service.occurrence_in(anniversary, year), "year": year,
            "can_commemorate": _may_commemorate(), **extra}


def _list_context(year: int, q: str = "", notable: bool = False) -> dict:
    found = service.year_overview(year, q, notable)
    return {
        "year": year, "q": q, "notable": notable, "occurrences": found, "total": service.count(),
        "rounds": sum(1 for o in found if o.roundness == service.ROUND),
        "halves": sum(1 for o in found if o.roundness == service.HALF),
        "this_year": now_local().year, "can_commemorate": _may_commemorate(),
        "year_url": lambda other: list_url(other, q, notable),
    }


def _count_oob() -> str:
    return f'<span id="anniversary-count" hx-swap-oob="true">{service.count()}</span>'


def _duplicate(form: AnniversaryForm, exclude_id: int | None) -> bool:
    if service.duplicate_exists(form.name.data, form.day, form.month, form.base_year.data, exclude_id):
        form.name.errors.append("Đã có ngày kỷ niệm này (cùng tên, cùng ngày gốc).")
        return True
    return False


# --------------------------------------------------------------------------- read


@bp.get("/anniversaries")
def anniversaries():
    context = _list_context(_year(), request.args.get("q", "").strip(), request.args.get("notable") == "1")
    return render(LIST, block="list", form=AnniversaryForm(formdata=None), **context)


@bp.get("/anniversaries/<int:anniversary_id>/row")
def anniversary_row(anniversary_id: int):
    return render_partial(ROW, **_row_context(_anniversary_or_404(anniversary_id), _year()))


# --------------------------------------------------------------------------- change (admins)


@bp.post("/anniversaries")
def anniversary_create():
    _require_admin()
    year = _year()
    form = AnniversaryForm()
    anniversary = Anniversary()
    if form.validate() and not _duplicate(form, None):
        form.apply(anniversary)
        db.session.add(anniversary)
        db.session.commit()
        if is_htmx():
            fresh = render_partial(FORM, form=AnniversaryForm(formdata=None), anniversary=None, mode="add",
                                   year=year, oob=True)
            return make_response(render_partial(ROW, **_row_context(anniversary, year, added=True))
                                 + oob_template(fresh, _count_oob()))
        flash(f"Đã thêm “{anniversary.name}”.", "success")
        return redirect(list_url(year), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, form=form, anniversary=None, mode="add", year=year),
                                    "#anniversary-form")
    return render(LIST, form=form, **_list_context(year)), 422


@bp.route("/anniversaries/<int:anniversary_id>/edit", methods=["GET", "POST"])
def anniversary_edit(anniversary_id: int):
    _require_admin()
    anniversary = _anniversary_or_404(anniversary_id)
    year = _year()
    form = AnniversaryForm.for_anniversary(anniversary)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit() and not _duplicate(form, anniversary.id):
        form.apply(anniversary)
        db.session.commit()
        if is_htmx():
            return render_partial(ROW, **_row_context(anniversary, year))
        flash(f"Đã lưu “{anniversary.name}”.", "success")
        return redirect(list_url(year), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, form=form, anniversary=anniversary, mode=mode, year=year), status
    return render(EDIT, form=form, anniversary=anniversary, mode=mode, year=year), status


@bp.route("/anniversaries/<int:anniversary_id>/delete", methods=["GET", "POST"])
def anniversary_delete(anniversary_id: int):
    _require_admin()
    anniversary = _anniversary_or_404(anniversary_id)
    year = _year()
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa ngày kỷ niệm", name=anniversary.name,
                      notes=["Các sự kiện kỷ niệm đã tạo từ ngày này vẫn được giữ nguyên."],
                      action=url_for("calendar.anniversary_delete", anniversary_id=anniversary.id, year=year),
                      back=list_url(year))
    name = anniversary.name
    db.session.delete(anniversary)
    db.session.commit()
    if is_htmx():
        return make_response(_count_oob())
    flash(f"Đã xóa “{name}”.", "success")
    return redirect(list_url(year), 303)


# --------------------------------------------------------------------------- commemoration


@bp.route("/anniversaries/<int:anniversary_id>/event", methods=["GET", "POST"])
def anniversary_event(anniversary_id: int):
    """A draft ceremony for the anniversary in the year asked, then its page to fill in."""
    if not _may_commemorate():
        abort(403)
    anniversary = _anniversary_or_404(anniversary_id)
    form = CommemorationForm(year=_year())
    if form.validate_on_submit() and form.check_year(anniversary.base_year):
        event = service.commemoration_event(anniversary, form.year.data, current_user._get_current_object())
        db.session.commit()
        flash(f"Đã tạo bản nháp “{event.title}”. Hãy bổ sung giờ, địa điểm, chương trình và đại biểu.", "success")
        target = url_for("events.detail", event_id=event.id)
        return htmx_redirect(target) if is_htmx() else redirect(target, 303)
    context = {"anniversary": anniversary, "form": form, "year": form.year.data or _year()}
    if is_htmx():
        html = render_partial(COMMEMORATE, **context)
        return form_errors_response(html, f"#commemorate-{anniversary.id}") if form.errors else html
    return render(COMMEMORATE_PAGE, **context), 422 if form.errors else 200
