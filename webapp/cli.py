"""Command-line commands: `flask --app wsgi seed-demo`, `seed-scale`, `create-user`, `import-plan FILE`,
`backup PATH` and `restore PATH`."""
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


class Unsupported(Refused):
    """Not something this command does here (backup on PostgreSQL): exit code 2, with the tool to use."""

    exit_code = 2


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

    @app.cli.command("seed-scale")
    @click.option("--units", type=click.IntRange(1), default=3500, show_default=True,
                  help="Số đơn vị cấp xã mới (chia cụm theo tỉ lệ 58 đơn vị một cụm, tối đa 60 cụm).")
    @click.option("--participants", type=click.IntRange(1), default=5000, show_default=True,
                  help="Số đại biểu của sự kiện lớn.")
    @click.option("--tasks", type=click.IntRange(1), default=3000, show_default=True,
                  help="Số nhiệm vụ (trên tối đa 200 sự kiện).")
    @click.option("--works", type=click.IntRange(1), default=20000, show_default=True,
                  help="Số công trình của đợt thi đua đặc biệt.")
    @click.option("--nominations", type=click.IntRange(1), default=3000, show_default=True,
                  help="Số hồ sơ đề nghị (mỗi hồ sơ 5 lượt chấm).")
    def seed_scale_command(units: int, participants: int, tasks: int, works: int, nominations: int) -> None:
        """Nạp dữ liệu quy mô toàn quốc (sau dữ liệu demo) để thử tải; chỉ nạp một lần."""
        if current_app.config["NAME"] == "production":
            raise click.ClickException("seed-scale bị chặn trong cấu hình production (APP_CONFIG=production).")
        from webapp.seed.scale import ScaleDataPresent, ScaleSizes, seed_scale

        try:
            sizes = ScaleSizes.scaled(units=units, participants=participants, tasks=tasks, works=works,
                                      nominations=nominations)
        except ValueError as error:
            raise Refused(str(error)) from None
        try:
            seed_scale(sizes, echo=click.echo)
        except ScaleDataPresent as error:
            click.echo(str(error))  # not a failure: the data asked for is there

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
        from webapp.security import password_problems
        if problems := password_problems(password, username, clean(full_name)):
            raise Refused(" ".join(problems))
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

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--force", is_flag=True, help="Ghi đè PATH (và PATH.uploads/) nếu đã có.")
    def backup_command(path: Path, force: bool) -> None:
        """Sao lưu CSDL SQLite (an toàn khi ứng dụng đang chạy) vào PATH, kèm thư mục tệp tải lên ở PATH.uploads/."""
        from webapp import backup

        try:
            result = backup.backup(path, force=force)
        except backup.NotSqlite:
            raise Unsupported(backup.postgres_hint("backup", path)) from None
        except backup.BackupError as error:
            raise Refused(str(error)) from None
        done = result.inspection
        click.echo(f"Đã sao lưu CSDL vào {done.path}: {backup.size_text(done.size)}, phiên bản lược đồ {done.revision}, "
                   f"kiểm tra toàn vẹn: ok; {backup.counts_text(done.counts)}.")
        click.echo(f"Tệp tải lên: {backup.number(result.files)} tệp ({backup.size_text(result.files_bytes)}) "
                   f"chép vào {result.uploads_path}/.")
        if result.missing:
            click.echo(f"Chú ý: {len(result.missing)} tệp có trong CSDL nhưng không có trong thư mục tệp tải lên "
                       f"(bị xóa trong lúc sao lưu hoặc đã mất từ trước): {', '.join(result.missing[:10])}", err=True)

    @app.cli.command("restore")
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--yes", is_flag=True, help="Không hỏi xác nhận.")
    def restore_command(path: Path, yes: bool) -> None:
        """Khôi phục CSDL SQLite (và thư mục tệp tải lên, nếu có PATH.uploads/) từ một bản sao lưu, rồi nâng cấp lược đồ."""
        from webapp import backup

        try:
            target = backup.database_path()
            if Path(path).absolute().resolve() == target:
                raise backup.BackupError("PATH là chính CSDL đang dùng: hãy chỉ tới một bản sao lưu.")
            found = backup.check_restorable(path)
        except backup.NotSqlite:
            raise Unsupported(backup.postgres_hint("restore", path)) from None
        except backup.BackupError as error:
            raise Refused(str(error)) from None
        uploads = backup.uploads_beside(Path(path).absolute())
        click.echo(f"Bản sao lưu {path}: {backup.size_text(found.size)}, phiên bản lược đồ {found.revision}; "
                   f"{backup.counts_text(found.counts)}.")
        click.echo(f"Thư mục tệp tải lên kèm theo: {uploads}/." if uploads.is_dir()
                   else f"Không có {uploads}/: thư mục tệp tải lên hiện tại giữ nguyên.")
        if not yes and not click.confirm(f"Thay toàn bộ CSDL {target} bằng bản sao lưu này?", default=False):
            raise Refused("Đã hủy: không khôi phục gì.")
        try:
            result = backup.restore(path, found)
        except backup.BackupError as error:
            raise Refused(str(error)) from None
        if result.kept:
            click.echo(f"CSDL trước khi khôi phục được giữ tại {result.kept}.")
        upgraded = f", đã nâng cấp lên {result.revision}" if result.revision != found.revision else ""
        click.echo(f"Đã khôi phục CSDL {result.database} từ {path} (phiên bản lược đồ {found.revision}{upgraded}): "
                   f"{backup.counts_text(result.counts)}.")
        if result.uploads_restored is not None:
            kept = f"; thư mục cũ giữ tại {result.uploads_kept}/" if result.uploads_kept else ""
            click.echo(f"Đã khôi phục {backup.number(result.uploads_restored)} tệp tải lên vào "
                       f"{backup.upload_folder()}/{kept}.")
