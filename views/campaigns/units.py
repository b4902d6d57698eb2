"""A campaign's participating units (đơn vị tham gia): the list in tree order with an
accent-insensitive search, and for the secretariat the ways to change it: add the units of a kind,
of a cluster, of a level (the units directly beneath one unit) or ticked one by one; remove one
unit or the ticked ones.

Every change answers HTMX with the list and, out of band, the counter and the add panel (whose
checklist holds the units not yet taking part and whose counts move); each change is logged and
committed with it. Without JavaScript every form posts and redirects (303). A template has no
participating units: its page does not exist.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from htmx_flask import make_response
from sqlalchemy import select

from models import Campaign, Cluster, Unit, UnitKind, db
from models.text import fold, vietnamese_key
from views.campaigns import bp, campaign_or_404, may_manage, require_manage
from views.rendering import is_htmx, render, render_partial
from webapp import campaigns as service
from webapp.organisation import UnitNode, build_tree, flatten, load_units

PAGE = "campaigns/units.html"
COUNT = "campaigns/units/_count.html"
PICKER = "campaigns/units/_picker.html"
KINDS = {kind.value: kind for kind in UnitKind}
NAMES_IN_LOG = 10


def _campaign(campaign_id: int) -> Campaign:
    campaign = campaign_or_404(campaign_id)
    if campaign.is_template:
        abort(404)
    return campaign


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _names(units: list[Unit]) -> str:
    names = ", ".join(unit.name for unit in units[:NAMES_IN_LOG])
    more = len(units) - NAMES_IN_LOG
    return names + (f" và {_number(more)} đơn vị khác" if more > 0 else "")


# --------------------------------------------------------------------------- what the page shows


@dataclass
class Row:
    unit: Unit
    parent: Unit | None
    depth: int  # how many of its ancestors take part too: the list indents like the tree


@dataclass
class Choice:
    value: int | str
    label: str
    total: int
    taking_part: int
    depth: int = 0


@dataclass
class Units:
    """Every unit in tree order and the ids of those taking part: two statements, whatever the size."""
    nodes: list[UnitNode]
    by_id: dict[int, Unit]
    taking_part: set[int]
    children: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls, campaign_id: int) -> Units:
        units = load_units()
        children: dict[int, list[int]] = {}
        for unit in units:
            if unit.parent_id is not None:
                children.setdefault(unit.parent_id, []).append(unit.id)
        return cls(nodes=flatten(build_tree(units)), by_id={u.id: u for u in units},
                   taking_part=service.participant_ids(campaign_id), children=children)

    def rows(self, query: str = "") -> list[Row]:
        needle = fold(query)
        rows = []
        for node in self.nodes:
            unit = node.unit
            if unit.id not in self.taking_part or (needle and needle not in (unit.search_key or "")):
                continue
            depth, parent_id, seen = 0, unit.parent_id, {unit.id}
            while parent_id in self.by_id and parent_id not in seen:
                seen.add(parent_id)
                depth += parent_id in self.taking_part
                parent_id = self.by_id[parent_id].parent_id
            rows.append(Row(unit=unit, parent=self.by_id.get(unit.parent_id), depth=depth))
        return rows

    def choice(self, value, label: str, ids: list[int], depth: int = 0) -> Choice:
        return Choice(value=value, label=label, total=len(ids),
                      taking_part=sum(1 for i in ids if i in self.taking_part), depth=depth)

    def kinds(self) -> list[Choice]:
        by_kind: dict[str, list[int]] = {}
        for unit in self.by_id.values():
            by_kind.setdefault(unit.kind, []).append(unit.id)
        return [self.choice(kind.value, kind.label, by_kind.get(kind.value, [])) for kind in UnitKind]

    def clusters(self) -> list[Choice]:
        by_cluster: dict[int, list[int]] = {}
        for unit in self.by_id.values():
            if unit.cluster_id is not None:
                by_cluster.setdefault(unit.cluster_id, []).append(unit.id)
        clusters = sorted(db.session.scalars(select(Cluster)), key=lambda c: (c.sort_order, vietnamese_key(c.name)))
        return [self.choice(c.id, c.name, by_cluster.get(c.id, [])) for c in clusters]

    def levels(self) -> list[Choice]:
        """The units with units beneath them, in tree order."""
        return [self.choice(node.id, node.unit.name, self.children[node.id], node.depth)
                for node in self.nodes if node.id in self.children]

    def candidates(self) -> list[UnitNode]:
        return [node for node in self.nodes if node.id not in self.taking_part]


def _list_url(campaign_id: int, query: str) -> str:
    return url_for("campaigns.units", campaign_id=campaign_id, q=query or None)


def _context(campaign: Campaign, data: Units, query: str, message: str = "", warning: bool = False) -> dict:
    return {"campaign": campaign, "rows": data.rows(query), "count": len(data.taking_part), "q": query,
            "message": message, "warning": warning, "manage": may_manage()}


def _picker_context(data: Units) -> dict:
    return {"kinds": data.kinds(), "clusters": data.clusters(), "levels": data.levels(),
            "candidates": data.candidates()}


# --------------------------------------------------------------------------- the page


@bp.get("/<int:campaign_id>/units")
def units(campaign_id: int):
    campaign = _campaign(campaign_id)
    query = request.args.get("q", "").strip()
    data = Units.load(campaign.id)
    context = _context(campaign, data, query)
    if is_htmx():
        # The address bar follows the search, so a reload or a shared link shows the same list.
        html = render(PAGE, block="list", **context) + render_partial(COUNT, count=context["count"], oob=True)
        return make_response(html, replace_url=_list_url(campaign.id, query))
    picker = _picker_context(data) if context["manage"] else {}
    return render(PAGE, **context, **picker)


# --------------------------------------------------------------------------- changes


def _query() -> str:
    """The search the list is showing: HTMX sends the search box, a plain form its action's query."""
    return (request.form["q"] if "q" in request.form else request.args.get("q", "")).strip()


def _answer(campaign_id: int, message: str, *, warning: bool = False, status: int = 200,
            changed: bool = False, open_pick: bool = False):
    """The list with the message and the counter (HTMX); else the message flashed and a redirect,
    or for a rejected form the whole page again (422)."""
    query = _query()
    if not is_htmx() and status < 400:
        flash(message, "warning" if warning else "success")
        return redirect(_list_url(campaign_id, query), 303)
    # After a commit everything loaded is expired: read the campaign and the units afresh.
    campaign = _campaign(campaign_id)
    data = Units.load(campaign_id)
    context = _context(campaign, data, query, message, warning)
    if not is_htmx():
        return render(PAGE, **context, **_picker_context(data), open_pick=open_pick), status
    html = render(PAGE, block="list", **context) + render_partial(COUNT, count=context["count"], oob=True)
    if changed:
        html += render_partial(PICKER, campaign=campaign, q=query, oob=True, open_pick=open_pick,
                               **_picker_context(data))
    return make_response(html, status)


def _chosen(by: str, data: Units) -> tuple[set[int], str, str]:
    """(unit ids, what the log says they are, error) for an add form."""
    form = request.form
    if by == "kind":
        kind = KINDS.get(form.get("kind", ""))
        if kind is None:
            return set(), "", "Vui lòng chọn loại đơn vị."
        return {u.id for u in data.by_id.values() if u.kind == kind.value}, f" (loại {kind.label})", ""
    if by == "cluster":
        cluster_id = form.get("cluster_id", type=int)
        cluster = db.session.get(Cluster, cluster_id) if cluster_id else None
        if cluster is None:
            return set(), "", "Vui lòng chọn cụm, khối thi đua."
        return ({u.id for u in data.by_id.values() if u.cluster_id == cluster.id},
                f" (cụm thi đua “{cluster.name}”)", "")
    if by == "level":
        parent = data.by_id.get(form.get("parent_id", type=int))
        if parent is None:
            return set(), "", "Vui lòng chọn đơn vị cấp trên."
        return set(data.children.get(parent.id, [])), f" (trực thuộc {parent.name})", ""
    if by == "pick":
        ids = {int(v) for v in form.getlist("unit_ids") if v.isdigit() and int(v) in data.by_id}
        if not ids:
            return set(), "", "Chưa chọn đơn vị nào để thêm."
        new = [node.unit for node in data.nodes if node.id in ids - data.taking_part]
        return ids, f": {_names(new)}", ""
    abort(400)


@bp.post("/<int:campaign_id>/units/add")
def units_add(campaign_id: int):
    require_manage()
    campaign = _campaign(campaign_id)
    by = request.form.get("by", "")
    data = Units.load(campaign.id)
    ids, described, error = _chosen(by, data)
    if error:
        return _answer(campaign.id, error, warning=True, status=422, open_pick=by == "pick")
    already = len(ids & data.taking_part)
    added = service.add_units(campaign.id, ids)
    if not added:
        return _answer(campaign.id, "Không có đơn vị mới nào để thêm."
                       + (f" {_number(already)} đơn vị này đã tham gia từ trước." if already else ""),
                       warning=True, open_pick=by == "pick")
    service.log(campaign.id, current_user, f"Thêm {_number(added)} đơn vị{described}")
    db.session.commit()
    message = f"Đã thêm {_number(added)} đơn vị." + (
        f" {_number(already)} đơn vị khác đã tham gia từ trước." if already else "")
    return _answer(campaign_id, message, changed=True, open_pick=by == "pick")


@bp.post("/<int:campaign_id>/units/remove")
def units_remove(campaign_id: int):
    require_manage()
    campaign = _campaign(campaign_id)
    ids = {int(v) for v in request.form.getlist("ids") if v.isdigit()}
    if not ids:
        return _answer(campaign.id, "Chưa chọn đơn vị nào để bỏ.", warning=True, status=422)
    data = Units.load(campaign.id)
    gone = [node.unit for node in data.nodes if node.id in ids & data.taking_part]
    removed = service.remove_units(campaign.id, [unit.id for unit in gone])
    if not removed:
        return _answer(campaign.id, "Các đơn vị đã chọn không còn trong danh sách tham gia.", warning=True)
    service.log(campaign.id, current_user, f"Bỏ {_number(removed)} đơn vị: {_names(gone)}")
    db.session.commit()
    return _answer(campaign_id, f"Đã bỏ {_number(removed)} đơn vị khỏi danh sách tham gia.", changed=True)
