"""`flask import-plan FILE [--dry-run] [--json]`: the summary or the JSON, the drafts created, refusals."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from models import Campaign, Department, Event, PlanImport, Task, db
from tests import factories
from tests.test_plan_sources import docx_bytes
from tests.test_plan_import_views import EVENT_PLAN


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def run(app, *args):
    # Click 8.2 keeps stderr apart from stdout in the result; older versions need mix_stderr=False.
    try:
        runner = app.test_cli_runner(mix_stderr=False)
    except TypeError:
        runner = app.test_cli_runner()
    return runner.invoke(args=["import-plan", *map(str, args)])


def test_dry_run_json_prints_only_the_draft(app, tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(EVENT_PLAN, encoding="utf-8")
    result = run(app, plan, "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["kind"] == "event"
    assert data["event"]["date"] == "2025-07-15"
    assert "chưa tạo gì" in result.stderr
    assert count(PlanImport) == 0 and count(Event) == 0


def test_dry_run_prints_a_readable_summary(app, tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(EVENT_PLAN, encoding="utf-8")
    result = run(app, plan, "--dry-run")
    assert result.exit_code == 0, result.output
    for words in ("Nhận diện là: Kế hoạch tổ chức sự kiện, hội nghị", "Thời gian: Thứ Ba, 15/07/2025 lúc 08:00",
                  "Số đại biểu: 120", "Phân công: 1 nhiệm vụ", "[Văn phòng] Chủ trì chuẩn bị hội trường"):
        assert words in result.stdout, words
    assert count(Event) == 0


def test_without_dry_run_the_drafts_are_created_and_unknown_departments_too(app, tmp_path):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(EVENT_PLAN, encoding="utf-8")
    result = run(app, plan)
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(Event))
    assert f"Đã tạo sự kiện “{event.title}” (bản nháp): /events/{event.id}" in result.stdout
    assert "Đã tạo 1 ban mới cho các tên không khớp ban nào: Văn phòng" in result.stdout
    task = db.session.scalar(select(Task))
    assert task.lead_department_id == db.session.scalar(select(Department.id).where(Department.name == "Văn phòng"))
    assert db.session.scalar(select(PlanImport.status)) == "saved"


def test_existing_departments_are_used(app, tmp_path):
    secretariat = factories.make_department("Văn phòng Thành Hội", short_name="VP", secretariat=True)
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(EVENT_PLAN, encoding="utf-8")
    result = run(app, plan)
    assert result.exit_code == 0 and "ban mới" not in result.stdout
    assert db.session.scalar(select(Task.lead_department_id)) == secretariat.id
    assert count(Department) == 1


def test_unreadable_file_and_unknown_kind_fail_with_a_message(app, tmp_path):
    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(b"%PDF-1.7 ...")
    result = run(app, pdf)
    assert result.exit_code != 0 and "Tệp không đọc được" in result.stderr and result.stdout == ""
    missing = run(app, tmp_path / "khong-co.txt")
    assert missing.exit_code != 0 and "Không mở được tệp" in missing.stderr
    other = tmp_path / "thu-moi.txt"
    other.write_text("Kính gửi các chị,\nXin mời các chị đến dự buổi gặp mặt thân mật.\n", encoding="utf-8")
    result = run(app, other, "--json")
    assert result.exit_code != 0 and "Không nhận ra loại văn bản" in result.stderr
    assert json.loads(result.stdout)["kind"] == "unknown"
    assert count(PlanImport) == 0 and count(Campaign) == 0


def test_a_docx_is_read(app, tmp_path):
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(docx_bytes())
    result = run(app, plan, "--dry-run", "--json")
    assert json.loads(result.stdout)["version"] == 1
