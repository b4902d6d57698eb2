"""Import of a plan (kế hoạch) as drafts: read, recognise, preview and edit the draft, then save it
all or nothing. No Flask request in here: the views, the `import-plan` command and the tests call
these functions directly.

- `start(text, filename, user)` recognises the text and keeps the result in a new PlanImport row
  (status preview); nothing else is written.
- `draft_from_dict(data)` rebuilds the recogniser's dataclasses from the JSON kept in that row.
- `DepartmentMatcher` finds our department for a name as a plan writes it ("VP", "Tuyên giáo",
  "Ban Gia đình - Xã hội"), accent- and case-insensitively; `UnitMatcher` the same for units.
- `save(plan_import, user)` creates the campaign (with its scoring table, targets and, for a wave,
  its settings, categories and awards), the event (with groups, programme, budget and tasks) or the
  calendar entries of a work plan, in one transaction, and marks the row saved.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from models import Department, PlanImport, PlanImportStatus, Unit, User, db
from models.text import clean, fold
from webapp.plans import draft as shapes

SAVEABLE = ("campaign", "wave", "event", "work_plan")
UNKNOWN_KIND = ("Không nhận ra loại văn bản: chỉ tạo được bản nháp từ kế hoạch phong trào thi đua, "
                "đợt thi đua đặc biệt, kế hoạch tổ chức sự kiện hoặc chương trình công tác.")
NEW, NONE = "new", "none"  # mapping values besides a department id


class PlanSaveError(Exception):
    """Saving was refused or failed and nothing was written; the message is for the user."""


# --------------------------------------------------------------------------- recognising


def recognise(text: str) -> shapes.Draft:
    # Imported here: the recogniser is its own package, and a view module importing this one
    # should not need it until a text is actually read.
    from webapp.plans import recognise as recognise_text

    return recognise_text(text)


def start(text: str, filename: str, user: Optional[User], draft: Optional[shapes.Draft] = None) -> PlanImport:
    """A new preview of `text` (recognised unless `draft` is given), added to the session."""
    draft = draft if draft is not None else recognise(text)
    plan = PlanImport(user_id=user.id if user else None, filename=clean(filename)[:255], source_text=text,
                      kind=draft.kind if draft.kind in shapes.KINDS else shapes.UNKNOWN, draft=draft.to_dict(),
                      mapping={}, status=PlanImportStatus.PREVIEW.value, result_kind="")
    db.session.add(plan)
    return plan


# --------------------------------------------------------------------------- JSON → dataclasses


def draft_from_dict(data: dict) -> shapes.Draft:
    """The Draft of `Draft.to_dict()` output (as stored and edited): unknown keys are ignored,
    missing ones take their defaults, ISO dates become dates again."""
    return _build(shapes.Draft, data or {})


def _build(cls, data: dict):
    # Module names as locals too: a field called `date` would otherwise shadow the type in the class.
    hints = typing.get_type_hints(cls, vars(shapes), vars(shapes))
    values = {}
    for item in dataclasses.fields(cls):
        if item.name in data:
            values[item.name] = _convert(hints[item.name], data[item.name])
        elif item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING:
            values[item.name] = _empty(hints[item.name])  # an item added on the preview without it
    return cls(**values)


def _empty(hint):
    return {str: "", list: [], int: 0, float: 0.0, bool: False}.get(typing.get_origin(hint) or hint)


def _convert(hint, value):
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _convert(inner[0], value)
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_convert(inner, item) for item in value or []]
    if dataclasses.is_dataclass(hint):
        return _build(hint, value)
    if hint is date:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if hint is float:
        return float(value)
    if hint is int:
        return int(value)
    if hint is bool:
        return bool(value)
    if hint is str:
        return str(value)
    return value


# --------------------------------------------------------------------------- matching names


def _key(name: str) -> str:
    """Folded, punctuation as spaces: "Ban Gia đình - Xã hội" → "ban gia dinh xa hoi"."""
    return " ".join("".join(ch if ch.isalnum() else " " for ch in fold(name)).split())


def _without_ban(key: str) -> str:
    return key[4:] if key.startswith("ban ") else key


_SECRETARIAT = {"vp", "van phong", "vpth", "van phong tong hop"}


def name_parts(name: str) -> list[str]:
    """A heading may name several: "Ban Tuyên giáo, báo Phụ nữ Thủ đô" → both, in order."""
    parts = [name]
    for separator in (",", ";", " và ", " với "):
        parts = [piece for part in parts for piece in part.split(separator)]
    return [clean(part) for part in parts if clean(part)]


class DepartmentMatcher:
    """Our departments by every name a plan may use for them. One statement, then in memory."""

    def __init__(self, departments: Optional[list[Department]] = None):
        if departments is None:
            departments = list(db.session.scalars(select(Department).order_by(Department.sort_order,
                                                                                Department.name)))
        self.departments = departments
        self.by_id = {d.id: d for d in departments}
        self.keys: dict[str, Department] = {}
        for department in departments:
            for name in (department.name, department.short_name):
                key = _key(name)
                if key:
                    self.keys.setdefault(key, department)
                    self.keys.setdefault(_without_ban(key), department)
        self.secretariat = next((d for d in departments if d.is_secretariat), None) or next(
            (d for d in departments if _key(d.name).startswith("van phong")), None)

    def match(self, name: str) -> Optional[Department]:
        """The department `name` means, or None. The whole name first, then its first part that
        matches; "Văn phòng Thành Hội" and "VP" are the secretariat."""
        for part in [name, *name_parts(name)]:
            found = self._match_one(part)
            if found is not None:
                return found
        return None

    def _match_one(self, name: str) -> Optional[Department]:
        key = _key(name)
        if not key:
            return None
        bare = _without_ban(key)
        if key in self.keys or bare in self.keys:
            return self.keys.get(key) or self.keys[bare]
        if self.secretariat is not None and (bare in _SECRETARIAT or bare.startswith("van phong ")):
            return self.secretariat
        # "Ban Tuyên giáo Thành Hội": one of our names followed by more words; the longest wins.
        best = max((k for k in self.keys if len(k) > 3 and bare.startswith(k + " ")), key=len, default=None)
        return self.keys[best] if best else None

    def resolve(self, name: str, mapping: dict) -> Any:
        """What `name` becomes on saving: a Department, NEW, NONE; the user's choice wins."""
        chosen = mapping.get(name)
        if chosen in (NEW, NONE):
            return chosen
        if chosen is not None and str(chosen).isdigit() and int(chosen) in self.by_id:
            return self.by_id[int(chosen)]
        return self.match(name) or NEW


class UnitMatcher:
    """Units named one by one ("Hội LHPN quận Ba Đình"); plural headings ("các quận, huyện") name
    no unit and match nothing, so their tasks keep the text."""

    def __init__(self):
        self.keys: dict[str, Optional[Unit]] = {}
        for unit in db.session.scalars(select(Unit)):
            for name in (unit.name, unit.short_name):
                key = _key(name)
                if key:
                    # Two units of one name (two "phường 1" in different districts) match neither.
                    self.keys[key] = None if key in self.keys and self.keys[key] is not unit else unit

    def match(self, text: str) -> list[Unit]:
        if not text or " cac " in f" {_key(text)} ":
            return []
        found = [self.keys.get(_key(part)) for part in name_parts(text)]
        return [unit for unit in found if unit is not None] if all(found) else []


def task_departments(task: dict) -> tuple[str, list[str]]:
    """The lead (as written) and supports of a task of the draft; units' tasks have none."""
    if task.get("units"):
        return "", []
    lead = task.get("lead") or task.get("department") or ""
    supports = [name for name in task.get("support") or [] if name and name != lead]
    return lead, supports


def names_to_map(draft: dict) -> list[str]:
    """Every department name the saved draft will use, in order of first use, once each."""
    names: list[str] = []
    if draft.get("kind") == "event":
        for task in (draft.get("event") or {}).get("tasks") or []:
            lead, supports = task_departments(task)
            for name in [lead, *supports]:
                if name and name not in names:
                    names.append(name)
    return names


@dataclass
class MappingRow:
    name: str
    choice: str  # a department id as text, NEW or NONE
    matched: Optional[Department] = None  # found by name, when the user has not chosen


def mapping_rows(draft: dict, mapping: dict, matcher: DepartmentMatcher) -> list[MappingRow]:
    rows = []
    for name in names_to_map(draft):
        chosen = mapping.get(name)
        matched = matcher.match(name) if chosen is None else None
        choice = str(chosen) if chosen is not None else (str(matched.id) if matched else NEW)
        rows.append(MappingRow(name=name, choice=choice, matched=matched))
    return rows


# --------------------------------------------------------------------------- saving


@dataclass
class Saved:
    """What a confirmed import created. Unpacks as (kind, object) for the simple callers."""
    kind: str  # "campaign", "event" or "calendar"
    object: Any  # the Campaign, the Event, or the WorkPlanResult
    notes: list[str] = field(default_factory=list)  # what was skipped, and why
    new_departments: list[str] = field(default_factory=list)

    def __iter__(self):
        return iter((self.kind, self.object))


def save(plan_import: PlanImport, user: Optional[User]) -> Saved:
    """Create the drafts the preview describes, in one transaction, and mark the row saved.

    Any failure rolls everything back (the row stays a preview) and raises PlanSaveError with what
    went wrong; on success the session is committed.
    """
    from webapp import plan_builders

    if plan_import.status != PlanImportStatus.PREVIEW.value:
        raise PlanSaveError("Bản xem trước này đã được xác nhận hoặc đã hủy; không tạo lại lần nữa.")
    kind = plan_import.kind
    if kind not in SAVEABLE:
        raise PlanSaveError(UNKNOWN_KIND)
    draft = draft_from_dict(plan_import.draft)
    draft.kind = kind
    builder = plan_builders.Builder(draft, dict(plan_import.mapping or {}), user)
    try:
        saved = builder.build()
        plan_import.status = PlanImportStatus.SAVED.value
        plan_import.result_kind = saved.kind
        plan_import.result_id = getattr(saved.object, "id", None)
        db.session.flush()
        db.session.commit()
    except plan_builders.BuildError as error:
        db.session.rollback()
        raise PlanSaveError(f"Chưa tạo được bản nháp: {error} Chưa có gì được lưu.") from None
    except StaleDataError:
        db.session.rollback()
        raise PlanSaveError("Bản xem trước vừa được xác nhận hoặc sửa ở nơi khác. Chưa có gì được lưu; "
                            "hãy tải lại trang.") from None
    except SQLAlchemyError as error:
        db.session.rollback()
        raise PlanSaveError("Chưa tạo được bản nháp: có lỗi khi lưu vào cơ sở dữ liệu. Chưa có gì được lưu; "
                            "vui lòng thử lại.") from error
    return saved
