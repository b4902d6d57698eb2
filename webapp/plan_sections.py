"""The editable sections of a plan preview: where each lives in the draft's JSON, its shape, the part
of the page that shows it, and its fields with their types (read by webapp.plan_edits)."""
from __future__ import annotations

from dataclasses import dataclass

ROLES = {"register": "Đăng ký", "aggregate": "Tổng hợp", "review": "Xét duyệt, chấm điểm",
         "commend": "Tổng kết, khen thưởng", "other": "Mốc khác"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "str"  # str, text, date, time, whole, points, quantity, bool, lines, names, role
    max: int = 500
    required: bool = False
    wide: bool = False  # takes a whole row of the inline form


@dataclass(frozen=True)
class Section:
    key: str  # in URLs
    part: str  # the block of the preview template that shows it
    path: tuple[str, ...]  # where it lives in the draft
    shape: str  # scalars, strings, items, tree
    label: str  # what one item is called, for buttons and messages
    fields: tuple[Field, ...] = ()


def _f(*args, **kwargs) -> Field:
    return Field(*args, **kwargs)


VALUE = (_f("value", "Nội dung", "text", 1000, True, True),)
SECTIONS = {s.key: s for s in (
    Section("document", "document", ("document",), "scalars", "văn bản", (
        _f("type", "Loại văn bản", max=100), _f("number", "Số, ký hiệu", max=100), _f("title", "Trích yếu", "text", 1000,
                                                                                     wide=True),
        _f("place", "Nơi ban hành", max=100), _f("date", "Ngày ban hành", "date"),
        _f("issuing_body", "Cơ quan ban hành", max=300), _f("signer_title", "Chức vụ người ký", max=100),
        _f("signer_name", "Người ký", max=100))),
    Section("legal_basis", "campaign", ("legal_basis",), "items", "căn cứ", (
        _f("documents", "Văn bản căn cứ (mỗi dòng một văn bản)", "lines", 2000, True, True),)),
    Section("campaign", "campaign", ("campaign",), "scalars", "phong trào", (
        _f("name", "Tên phong trào", "text", 300, True, True), _f("theme", "Chủ đề", "text", 2000, wide=True),
        _f("starts_on", "Từ ngày", "date"), _f("ends_on", "Đến ngày", "date"))),
    Section("subjects", "campaign", ("campaign", "subjects"), "strings", "đối tượng", VALUE),
    Section("purposes", "campaign", ("campaign", "purposes"), "strings", "mục đích", VALUE),
    Section("requirements", "campaign", ("campaign", "requirements"), "strings", "yêu cầu", VALUE),
    Section("totals", "criteria", ("campaign", "totals"), "scalars", "tổng điểm", (
        _f("standard", "Điểm chuẩn", "points"), _f("bonus", "Điểm thưởng", "points"),
        _f("total", "Tổng điểm", "points"))),
    Section("criteria", "criteria", ("campaign", "criteria"), "tree", "mục", (
        _f("number", "Số", max=20), _f("text", "Nội dung", "text", 3000, True, True), _f("points", "Điểm", "points"),
        _f("bonus", "Phần điểm thưởng", "bool"), _f("cluster_choice", "Cụm tự chọn", "bool"))),
    Section("targets", "targets", ("campaign", "targets"), "items", "chỉ tiêu", (
        _f("text", "Chỉ tiêu", "text", 500, True, True), _f("criterion", "Thuộc tiêu chí số", max=20),
        _f("figure_value", "Số liệu", "quantity"), _f("figure_unit", "Đơn vị tính", max=40))),
    Section("awards", "wave", ("campaign", "awards"), "items", "hình thức khen thưởng", (
        _f("name", "Hình thức", max=200, required=True), _f("quota", "Số lượng", "whole"),
        _f("given_by", "Cấp khen", max=300))),
    Section("categories", "wave", ("campaign", "categories"), "strings", "nhóm công trình", VALUE),
    Section("event", "event", ("event",), "scalars", "sự kiện", (
        _f("title", "Tên sự kiện", "text", 300, True, True), _f("date", "Ngày", "date"),
        _f("time", "Giờ bắt đầu", "time"), _f("end_date", "Đến ngày", "date"),
        _f("tentative", "Thời gian dự kiến", "bool"), _f("venue_name", "Địa điểm", max=300, wide=True),
        _f("venue_address", "Địa chỉ", max=500, wide=True), _f("delegates", "Số đại biểu", "whole"))),
    Section("groups", "event", ("event", "groups"), "strings", "thành phần", VALUE),
    Section("programme", "event", ("event", "programme"), "strings", "nội dung chương trình", VALUE),
    Section("budget_sources", "event", ("event", "budget_sources"), "strings", "nguồn kinh phí", VALUE),
    Section("tasks", "tasks", ("event", "tasks"), "items", "nhiệm vụ", (
        _f("text", "Nhiệm vụ", "text", 3000, True, True), _f("lead", "Ban chủ trì", max=200),
        _f("support", "Ban phối hợp (cách nhau bởi dấu phẩy)", "names", 500),
        _f("units", "Đơn vị thực hiện (khi giao cho đơn vị)", max=500), _f("due", "Hạn", "date"))),
    Section("deadlines", "deadlines", ("deadlines",), "items", "mốc thời gian", (
        _f("start", "Từ ngày", "date"), _f("due", "Hạn (ngày cuối)", "date", required=True),
        _f("label", "Việc", max=300), _f("role", "Loại mốc", "role"), _f("who", "Ai thực hiện", max=300))),
    Section("anniversaries", "anniversaries", ("anniversaries",), "items", "ngày kỷ niệm", (
        _f("name", "Tên ngày kỷ niệm", max=300, required=True, wide=True), _f("base", "Ngày gốc", "date", required=True))),
    Section("planned_events", "planned", ("planned_events",), "items", "sự kiện", (
        _f("title", "Sự kiện", "text", 300, True, True), _f("date", "Ngày", "date"), _f("lead", "Chủ trì", max=200))),
)}
