"""The lists: "Việc của ban tôi" (or of a unit, or of any department) and the secretariat's matrix."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from flask import request, url_for
from markupsafe import Markup, escape
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import select

from models import Campaign, Department, Event, Role, db
from views.forms.events import parse_date_vn
from views.rendering import is_htmx, render
from views.tasks import bp
from webapp import permissions
from webapp.dates import now_local
from webapp.task_overview import overview as build_overview
from webapp.tasks import TaskFilters, task_page

LIST = "tasks/index.html"
OVERVIEW = "tasks/overview.html"
STATE_LABELS = {"open": "Chưa xong", "overdue": "Quá hạn", "soon": "Đến hạn trong 7 ngày", "done": "Đã xong",
                "all": "Tất cả"}


def list_filters(args) -> tuple[TaskFilters, dict]:
    """Filters from the query string; with none, a department member sees their department and a unit
    officer their unit. Returns the filters and the parameters that rebuild the same URL."""
    department = args.get("department", "")
    event = args.get("event", "")
    state = args.get("state", "open")
    state = state if state in TaskFilters.STATES else "open"
    unit_mode = args.get("unit", "")
    filters = TaskFilters(state=state, q=args.get("q", "").strip())
    if department.isdigit():
        filters.department_id = int(department)
    elif department == "units":
        filters.units_only = True
    elif department != "all" and not unit_mode:
        if current_user.role == Role.DEPARTMENT_MEMBER.value and current_user.department_id:
            filters.department_id = current_user.department_id
        elif current_user.role == Role.UNIT_OFFICER.value and current_user.unit_id:
            unit_mode = "mine"
    if unit_mode == "mine" and current_user.unit_id and filters.department_id is None:
        filters.unit_ids = frozenset({current_user.unit_id})
    else:
        unit_mode = ""
    campaign = args.get("campaign", "")
    if event == "none":
        filters.standalone = True
    elif event.isdigit():
        filters.event_id = int(event)
    elif campaign.isdigit():
        filters.campaign_id = int(campaign)
    params = {"department": filters.department_id or (department if department in ("all", "units") else None),
              "unit": unit_mode or None, "event": event or None,
              "campaign": campaign if filters.campaign_id is not None else None,
              "state": state if state != "open" else None, "q": filters.q or None}
    return filters, {key: value for key, value in params.items() if value}


def list_url(params: dict, page: int = 1) -> str:
    query = urlencode({**params, **({"page": page} if page > 1 else {})})
    return url_for("tasks.index") + ("?" + query if query else "")


def _heading(filters: TaskFilters, departments: list[Department]) -> str:
    if filters.unit_ids is not None and current_user.unit is not None:
        return f"Việc của đơn vị — {current_user.unit.name}"
    if filters.units_only:
        return "Nhiệm vụ giao các đơn vị"
    if filters.department_id is not None:
        name = next((d.name for d in departments if d.id == filters.department_id), "")
        if filters.department_id == current_user.department_id:
            return f"Việc của ban tôi — {name}"
        return f"Nhiệm vụ — {name}"
    return "Nhiệm vụ của các ban"


@bp.get("")
def index():
    filters, params = list_filters(request.args)
    departments = list(db.session.scalars(select(Department).order_by(Department.sort_order, Department.name)))
    page = task_page(filters, request.args.get("page", 1, type=int))
    event = db.session.get(Event, filters.event_id) if filters.event_id else None
    campaign = db.session.get(Campaign, filters.campaign_id) if filters.campaign_id else None
    today = now_local().date()
    context = dict(
        filters=filters, params=params, page=page, departments=departments, event_filter=event,
        campaign_filter=campaign,
        heading=_heading(filters, departments), states=STATE_LABELS, today=today,
        soon_until=today + timedelta(days=7), now=now_local(),
        page_url=lambda number: list_url(params, number),
        clear_event_url=list_url({key: value for key, value in params.items() if key not in ("event", "campaign")}),
        can_create=permissions.is_admin(current_user),
    )
    if is_htmx():
        return make_response(render(LIST, block="list", **context), replace_url=list_url(params, page.number))
    return render(LIST, **context)


# --------------------------------------------------------------------------- overview


def _period(args) -> tuple[date, date, dict[str, str]]:
    """The period from the query string (dd/mm/yyyy), by default the last 90 days and the next 180."""
    today = now_local().date()
    start, end = today - timedelta(days=90), today + timedelta(days=180)
    errors = {}
    for name in ("from", "to"):
        raw = args.get(name, "").strip()
        if not raw:
            continue
        try:
            value = parse_date_vn(raw)
        except ValueError as error:
            errors[name] = str(error)
            continue
        if name == "from":
            start = value
        else:
            end = value
    if end < start:
        errors["to"] = "Ngày cuối phải sau ngày đầu của khoảng thời gian."
        start, end = end, start
    return start, end, errors


def _cell(progress, href: str) -> str:
    if progress is None or not progress.total:
        return '<td class="num"><span class="muted">·</span></td>'
    complete = " complete" if progress.done == progress.total else ""
    html = f'<td class="num"><a class="matrix-cell{complete}" href="{href}&amp;state=all">{progress.done}/{progress.total}</a>'
    if progress.overdue:
        html += f'<a class="matrix-overdue" href="{href}&amp;state=overdue" title="Quá hạn">{progress.overdue} quá hạn</a>'
    return html + "</td>"


@bp.app_template_global()
def matrix_cells(matrix, row, show_units: bool) -> Markup:
    """The cells of one matrix row: done/total linking to the filtered list, overdue in red.

    Written here rather than in Jinja: a matrix of 200 events has some 1,500 cells, and a template
    call per cell cost more than all the database work of the page. Only numbers and ids go in.
    """
    base = escape(url_for("tasks.index")) + "?department="
    owner = {"event": f"event={row.owner_id}", "campaign": f"campaign={row.owner_id}"}.get(row.kind, "event=none")
    parts = [_cell(row.cells.get(d.id), f"{base}{int(d.id)}&amp;{owner}") for d in matrix.departments]
    if show_units:
        parts.append(_cell(row.cells.get(None), f"{base}units&amp;{owner}"))
    parts.append(_cell(row.total, f"{base}all&amp;{owner}").replace('<td class="num">', '<td class="num total">', 1))
    return Markup("".join(parts))


@bp.get("/overview")
def overview():
    start, end, errors = _period(request.args)
    matrix = build_overview(start, end)
    today = now_local().date()
    presets = [("Năm nay", date(today.year, 1, 1), date(today.year, 12, 31)),
               ("Năm trước", date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
               ("Năm sau", date(today.year + 1, 1, 1), date(today.year + 1, 12, 31))]
    fmt = "%d/%m/%Y"
    context = dict(
        matrix=matrix, start=start, end=end, errors=errors,
        raw_from=request.args.get("from", start.strftime(fmt)), raw_to=request.args.get("to", end.strftime(fmt)),
        presets=[(label, url_for("tasks.overview", **{"from": a.strftime(fmt), "to": b.strftime(fmt)}))
                 for label, a, b in presets],
    )
    if is_htmx():
        query = urlencode({"from": start.strftime(fmt), "to": end.strftime(fmt)})
        return make_response(render(OVERVIEW, block="matrix", **context),
                             replace_url=url_for("tasks.overview") + "?" + query)
    return render(OVERVIEW, **context)
