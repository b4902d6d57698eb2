"""Organisation settings: letterhead, place name and default signer that documents print."""
from __future__ import annotations

from flask import flash, redirect, url_for

from models import OrgSettings, db
from views.forms.org import SettingsForm
from views.org import bp, require_admin
from views.rendering import render


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    require_admin()
    current = OrgSettings.load()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        form.populate_obj(current)
        db.session.merge(current)
        db.session.commit()
        flash("Đã lưu thông tin văn bản.", "success")
        return redirect(url_for("org.settings"), 303)
    status = 422 if form.errors else 200
    return render("org/settings/index.html", form=form, settings=current), status
