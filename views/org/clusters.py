"""Clusters (cụm/khối thi đua) with their leader and deputy units; admins change them."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from htmx_flask import make_response
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import Cluster, db
from models.text import like_pattern
from views.forms import options
from views.forms.org import NONE_CHOICE, ClusterForm
from views.org import bp, delete_response, require_admin
from views.rendering import form_errors_response, is_htmx, oob_template, render, render_partial
from webapp.organisation import name_in_use, apply_cluster_officers, check_cluster_officers, delete_cluster, load_units, unit_choices

LIST = "org/clusters/index.html"
FORM = "org/clusters/_form.html"


def _cluster_or_404(cluster_id: int) -> Cluster:
    stmt = select(Cluster).where(Cluster.id == cluster_id).options(*_eager())
    return db.session.scalar(stmt) or abort(404)


def _eager():
    return (selectinload(Cluster.leader_unit), selectinload(Cluster.deputy_unit), selectinload(Cluster.units))


def _form(cluster: Cluster | None, **kwargs) -> ClusterForm:
    form = ClusterForm(obj=cluster, **kwargs)
    choices = options([NONE_CHOICE] + unit_choices(load_units()))
    form.leader_unit_id.choices = choices
    form.deputy_unit_id.choices = choices
    return form


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Cluster))


def _count_oob() -> str:
    return f'<span id="cluster-count" hx-swap-oob="true">{_count()}</span>'


def _list_context(query: str = "") -> dict:
    stmt = select(Cluster).options(*_eager()).order_by(Cluster.sort_order, Cluster.name)
    if query:
        stmt = stmt.where(Cluster.search_key.like(like_pattern(query), escape="\\"))
    clusters = list(db.session.scalars(stmt))
    return {"clusters": clusters, "q": query, "total": _count()}


def _row(cluster: Cluster) -> str:
    return render_partial("org/clusters/_row.html", cluster=_cluster_or_404(cluster.id))


def _save(form: ClusterForm, cluster: Cluster) -> bool:
    """Validate the rules beyond the fields and save; False when the form carries errors."""
    others = select(Cluster.name)
    if cluster.id:
        others = others.where(Cluster.id != cluster.id)
    if name_in_use(others, form.name.data):
        form.name.errors.append("Đã có cụm/khối mang tên này.")
    for field_name, message in check_cluster_officers(
        cluster, form.leader_unit_id.data, form.deputy_unit_id.data
    ).items():
        getattr(form, field_name).errors.append(message)
    if form.errors:
        return False
    cluster.name = form.name.data
    cluster.description = form.description.data or ""
    cluster.sort_order = form.sort_order.data or 0
    if cluster.id is None:
        db.session.add(cluster)
    apply_cluster_officers(cluster, form.leader_unit_id.data, form.deputy_unit_id.data)
    db.session.commit()
    return True


@bp.get("/clusters")
def clusters():
    context = _list_context(request.args.get("q", "").strip())
    return render(LIST, block="list", form=_form(None, formdata=None), **context)


@bp.post("/clusters")
def cluster_create():
    require_admin()
    form = _form(None)
    cluster = Cluster()
    if form.validate() and _save(form, cluster):
        if is_htmx():
            html = (_row(cluster)
                    + oob_template(render_partial(FORM, form=_form(None, formdata=None), cluster=None, mode="add",
                                                  oob=True), _count_oob()))
            return make_response(html)
        flash(f"Đã thêm “{cluster.name}”.", "success")
        return redirect(url_for("org.clusters"), 303)
    if is_htmx():
        return form_errors_response(render_partial(FORM, form=form, cluster=None, mode="add"), "#cluster-form")
    return render(LIST, form=form, **_list_context()), 422


@bp.route("/clusters/<int:cluster_id>/edit", methods=["GET", "POST"])
def cluster_edit(cluster_id: int):
    require_admin()
    cluster = _cluster_or_404(cluster_id)
    form = _form(cluster)
    mode = "row" if is_htmx() else "standalone"
    if form.validate_on_submit() and _save(form, cluster):
        if is_htmx():
            return _row(cluster)
        flash(f"Đã lưu “{cluster.name}”.", "success")
        return redirect(url_for("org.clusters"), 303)
    status = 422 if form.errors else 200
    if is_htmx():
        return render_partial(FORM, form=form, cluster=cluster, mode=mode), status
    return render("org/clusters/edit.html", form=form, cluster=cluster, mode=mode), status


@bp.get("/clusters/<int:cluster_id>/row")
def cluster_row(cluster_id: int):
    return _row(_cluster_or_404(cluster_id))


@bp.route("/clusters/<int:cluster_id>/delete", methods=["GET", "POST"])
def cluster_delete(cluster_id: int):
    require_admin()
    cluster = _cluster_or_404(cluster_id)
    if request.method == "GET":
        return render("confirm_delete.html", title="Xóa cụm, khối thi đua", name=cluster.name,
                      action=url_for("org.cluster_delete", cluster_id=cluster.id), back=url_for("org.clusters"))
    return delete_response(lambda: delete_cluster(cluster),
                           done=f"Đã xóa “{cluster.name}”. Các đơn vị của cụm vẫn được giữ nguyên.",
                           list_url=url_for("org.clusters"), count_oob=_count_oob)
