"""Command-line commands: `flask --app wsgi seed-demo`, `create-user` and `import-plan FILE`."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from models import Department, Role, Unit, User, db
from models.text import clean


class Refused(click.ClickException):
    """Exit code 1 with the message on stderr, in Vietnamese ("Lỗi: …", not click's "Error: …")."""

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", err=True)


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--password", default="demo", show_default=True, help="Mật khẩu của các tài khoản demo mới tạo.")
    def seed_demo_command(password: str) -> None:
        """Nạp dữ liệu demo (chạy lại nhiều lần không tạo trùng)."""
        if current_app.config["NAME"] == "production":
            raise click.ClickException("seed-demo bị chặn trong cấu hình production (APP_CONFIG=production).")
        from webapp.seed import seed_demo

        accounts = seed_demo(password)
        click.echo("Đã nạp dữ liệu demo. Tài khoản (mật khẩu '%s' nếu tài khoản mới được tạo lần này):" % password)
        for username, full_name, role in accounts:
            click.echo(f"  {username:<10} {full_name} — {role}")

    @app.cli.command("create-user")
    @click.option("--username", prompt="Tên đăng nhập")
    @click.option("--full-name", prompt="Họ và tên")
    @click.option("--role", type=click.Choice([r.value for r in Role]), prompt="Vai trò", default=Role.ADMIN.value)
    @click.option("--department", default="", help="Tên ban (cho quản trị, cán bộ ban, hội đồng).")
    @click.option("--unit", default="", help="Tên đơn vị (cho cán bộ đơn vị).")
    @click.password_option("--password", prompt="Mật khẩu", confirmation_prompt="Nhập lại mật khẩu")
    def create_user_command(username, full_name, role, department, unit, password) -> None:
        """Tạo tài khoản (dùng khi triển khai thật)."""
        username = clean(username).lower()
        if len(password) < 8:
            raise click.ClickException("Mật khẩu cần ít nhất 8 ký tự.")
        if db.session.scalar(select(User.id).where(func.lower(User.username) == username)):
            raise click.ClickException(f"Tên đăng nhập '{username}' đã tồn tại.")
        user = User(username=username, full_name=clean(full_name), role=role, is_active_account=True)
        if department:
            found = db.session.scalar(select(Department).where(func.lower(Department.name) == clean(department).lower()))
            if found is None:
                raise click.ClickException(f"Không có ban '{department}'.")
            user.department_id = found.id
        if unit:
            found = db.session.scalars(select(Unit).where(func.lower(Unit.name) == clean(unit).lower())).all()
            if len(found) != 1:
                raise click.ClickException(f"Không tìm thấy đúng một đơn vị tên '{unit}'.")
            user.unit_id = found[0].id
        if role == Role.UNIT_OFFICER.value and not user.unit_id:
            raise click.ClickException("Cán bộ đơn vị cần --unit.")
        if role == Role.DEPARTMENT_MEMBER.value and not user.department_id:
            raise click.ClickException("Cán bộ ban cần --department.")
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        click.echo(f"Đã tạo tài khoản {username} ({Role(role).label}).")

    @app.cli.command("import-plan")
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="Chỉ đọc và in kết quả, không tạo gì.")
    @click.option("--json", "as_json", is_flag=True, help="In bản nháp dạng JSON (phiên bản 1) thay cho bản tóm tắt.")
    def import_plan_command(file: Path, dry_run: bool, as_json: bool) -> None:
        """Đọc một kế hoạch (.txt hoặc .docx) và tạo bản nháp phong trào, sự kiện hoặc ngày kỷ niệm."""
        from webapp import plan_import, plan_summary
        from webapp.plans.sources import PlanSourceError, max_bytes, read_text

        try:
            with file.open("rb") as handle:
                data = handle.read(max_bytes() + 1)
        except OSError as error:
            raise Refused(f"Không mở được tệp {file}: {error.strerror or error}.") from None
        try:
            text = read_text(file.name, data)
        except PlanSourceError as error:
            raise Refused(f"{file.name}: {error.message}") from None
        draft = plan_import.recognise(text)
        # With --json, stdout carries the JSON alone, so it can be piped; everything else goes to stderr.
        say = (lambda line: click.echo(line, err=True)) if as_json else click.echo
        if as_json:
            click.echo(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
        else:
            for line in plan_summary.summary(draft.to_dict()):
                click.echo(line)
        if draft.kind not in plan_import.SAVEABLE:
            raise Refused(plan_import.UNKNOWN_KIND)
        if dry_run:
            say("(--dry-run: chưa tạo gì.)")
            return
        plan = plan_import.start(text, file.name, None, draft=draft)
        db.session.commit()
        try:
            saved = plan_import.save(plan, None)
        except plan_import.PlanSaveError as error:
            raise Refused(str(error)) from None
        for line in plan_summary.created(saved):
            say(line)
