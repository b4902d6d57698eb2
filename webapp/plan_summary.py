"""A draft told in plain Vietnamese lines, for `flask import-plan` (no database, no request)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Optional

from models.plan_import import PLAN_KIND_LABELS
from webapp import plan_preview
from webapp.campaigns import points_text
from webapp.plan_edits import ROLES
from webapp.plan_import import Saved, names_to_map, task_departments
from webapp.targets import quantity_text

MAX_LISTED = 12  # lines listed per part before "… và N nữa"


def _day(value: Optional[str]) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y") if value else "…"


def _points(value) -> str:
    return points_text(Decimal(str(value))) if value is not None else "—"


def _listed(items: list[str], indent: str = "    ") -> list[str]:
    lines = [f"{indent}- {item}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"{indent}… và {len(items) - MAX_LISTED} dòng nữa")
    return lines


def summary(draft: dict) -> list[str]:
    doc = draft.get("document") or {}
    where = ", ".join(part for part in (doc.get("place"), f"ngày {_day(doc['date'])}" if doc.get("date") else "") if part)
    lines = [f"Văn bản: {doc.get('type') or '(không rõ loại)'}"
             + (f" số {doc['number']}" if doc.get("number") else "") + (f", {where}" if where else "")
             + (f" — {doc['issuing_body']}" if doc.get("issuing_body") else "")]
    if doc.get("title"):
        lines.append(f"Trích yếu: {doc['title']}")
    lines.append(f"Nhận diện là: {PLAN_KIND_LABELS.get(draft.get('kind'), draft.get('kind'))}")
    if draft.get("campaign"):
        lines += _campaign(draft)
    if draft.get("event"):
        lines += _event(draft)
    planned = draft.get("planned_events") or []
    if planned:
        lines.append(f"Sự kiện trong năm: {len(planned)}")
        lines += _listed([f"{_day(p['date']) if p.get('date') else 'tháng ' + str(p.get('month') or '?')}: {p['title']}"
                          for p in planned], "  ")
    deadlines = draft.get("deadlines") or []
    lines.append(f"Mốc thời gian: {len(deadlines)}")
    for item in deadlines[:MAX_LISTED]:
        when = f"{_day(item['start'])} – {_day(item['due'])}" if item.get("start") else f"trước {_day(item['due'])}"
        label = item.get("label") or ROLES.get(item.get("role"), "Mốc")
        lines.append(f"  {when}: {label}" + (f" ({item['who']})" if item.get("who") else ""))
    anniversaries = draft.get("anniversaries") or []
    if anniversaries:
        lines.append(f"Ngày kỷ niệm: {len(anniversaries)}")
        lines += _listed([f"{_day(a['base'])}: {a['name']} (kỷ niệm {a['years']} năm vào {a['year']})"
                          for a in anniversaries], "  ")
    unrecognised = draft.get("unrecognised") or []
    lines.append(f"Chưa nhận diện được: {len(unrecognised)} dòng")
    lines += _listed(unrecognised, "  ")
    if draft.get("warnings"):
        lines.append("Cần kiểm tra:")
        lines += _listed(draft["warnings"], "  ")
    return lines


def _campaign(draft: dict) -> list[str]:
    c = draft["campaign"]
    lines = [f"Phong trào: {c.get('name') or (draft.get('document') or {}).get('title') or '(chưa có tên)'}"]
    if c.get("theme"):
        lines.append(f"  Chủ đề: {c['theme']}")
    if c.get("starts_on") or c.get("ends_on"):
        lines.append(f"  Thời gian: {_day(c.get('starts_on'))} – {_day(c.get('ends_on'))}")
    basis = [doc for item in draft.get("legal_basis") or [] for doc in (item.get("documents") or [item.get("text")])]
    if basis:
        lines.append(f"  Căn cứ: {len(basis)} văn bản")
        lines += _listed(basis)
    table = plan_preview.scoring_table(draft)
    totals = c.get("totals") or {}
    declared = (f" (công bố: chuẩn {_points(totals.get('standard'))}, thưởng {_points(totals.get('bonus'))}, "
                f"tổng {_points(totals.get('total'))})") if any(v is not None for v in totals.values()) else ""
    lines.append(f"  Bảng điểm: {len(table.rows)} mục; điểm chuẩn {points_text(table.standard)}, "
                 f"điểm thưởng {points_text(table.bonus)}{declared}")
    for row in table.rows:
        flag = " [thưởng]" if row.node.get("bonus") else " [cụm chọn]" if row.node.get("cluster_choice") else ""
        mismatch = f" ≠ {points_text(row.children_sum)} các mục con" if row.mismatch else ""
        text = row.node.get("text") or ""
        text = text if len(text) <= 90 else text[:89] + "…"
        points = f" — {points_text(row.points)} điểm" if row.points is not None else ""
        lines.append(f"    {'  ' * row.depth}{row.node.get('number') or '•'}. {text}{points}{mismatch}{flag}")
    targets = c.get("targets") or []
    if targets:
        lines.append(f"  Chỉ tiêu: {len(targets)}")
        lines += _listed([", ".join(f"{quantity_text(Decimal(str(f['value'])))} {f['unit']}".strip()
                                    for f in t.get("figures") or []) + f" — {t['text']}"
                          + (f" (tiêu chí {t['criterion']})" if t.get("criterion") else " (chưa rõ tiêu chí)")
                          for t in targets])
    if c.get("categories"):
        lines.append(f"  Nhóm công trình: {len(c['categories'])}")
        lines += _listed(c["categories"])
    if c.get("awards"):
        lines.append("  Khen thưởng: " + "; ".join(
            a["name"] + (f" ({a['quota']})" if a.get("quota") is not None else "") for a in c["awards"]))
    return lines


def _event(draft: dict) -> list[str]:
    e = draft["event"]
    when = (f"{e['weekday'] + ', ' if e.get('weekday') else ''}{_day(e['date'])}" if e.get("date") else "chưa có ngày")
    when += f" lúc {e['time']}" if e.get("time") else ""
    when += " (dự kiến)" if e.get("tentative") else ""
    lines = [f"Sự kiện: {e.get('title') or '(chưa có tên)'}", f"  Thời gian: {when}"]
    if e.get("venue_name"):
        lines.append(f"  Địa điểm: {e['venue_name']}" + (f" — {e['venue_address']}" if e.get("venue_address") else ""))
    if e.get("delegates") is not None:
        lines.append(f"  Số đại biểu: {e['delegates']}")
    for key, label in (("groups", "Thành phần"), ("programme", "Chương trình"), ("budget_sources", "Kinh phí")):
        if e.get(key):
            lines.append(f"  {label}: {len(e[key])}")
            lines += _listed(e[key])
    tasks = e.get("tasks") or []
    lines.append(f"  Phân công: {len(tasks)} nhiệm vụ")
    for task in tasks[:MAX_LISTED * 2]:
        lead, supports = task_departments(task)
        who = task.get("units") or lead or "?"
        support = f" + {', '.join(supports)}" if supports else ""
        due = f" (hạn {_day(task['due'])})" if task.get("due") else ""
        text = task["text"] if len(task["text"]) <= 80 else task["text"][:79] + "…"
        lines.append(f"    [{who}{support}] {text}{due}")
    names = names_to_map(draft)
    if names:
        lines.append(f"  Các ban được nêu: {', '.join(names)}")
    return lines


def created(saved: Saved) -> list[str]:
    """What a save created, with the path of the page to check it on."""
    obj = saved.object
    if saved.kind == "campaign":
        wave = obj.kind == "special"
        path = f"/waves/{obj.id}" if wave else f"/campaigns/{obj.id}/table"
        lines = [f"Đã tạo {'đợt thi đua' if wave else 'phong trào'} “{obj.name}” (bản nháp): {path}"]
    elif saved.kind == "event":
        lines = [f"Đã tạo sự kiện “{obj.title}” ({'dự kiến' if obj.status == 'tentative' else 'bản nháp'}): "
                 f"/events/{obj.id}"]
    else:
        lines = [f"Đã thêm {len(obj.anniversaries)} ngày kỷ niệm: /calendar/anniversaries"]
        lines += [f"Đã tạo sự kiện nháp “{event.title}”: /events/{event.id}" for event in obj.events]
    if saved.new_departments:
        lines.append(f"Đã tạo {len(saved.new_departments)} ban mới cho các tên không khớp ban nào: "
                     + ", ".join(saved.new_departments))
    lines += [f"Lưu ý: {note}" for note in saved.notes]
    return lines
