"""Works (công trình, phần việc) of a special wave: who reads and who changes which, the filtered list
a page at a time, the deadline for new ones, their files, and the progress toward the wave's goal
(overall, per category, per unit). No Flask request in here.

Who reads: the secretariat (admins), department members and the award council read every work; a
unit officer reads the works of their unit and of the units beneath it (a district reads its
communes'); nobody else. Who changes: admins any work of a participating unit; a unit officer only
their own unit's works. New works are refused after the wave's `works_by` (the day itself is still
open); existing ones can be updated until the campaign is closed.

Progress counts every registered work, whatever its status (đăng ký, đang thực hiện, hoàn thành);
the completed ones are shown beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from math import ceil
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from models import Campaign, Role, Unit, User, Wave, Work, WorkCategory, WorkFile, WorkStatus, db
from models.attachment import Attachment
from models.campaign import campaign_unit
from models.text import like_pattern
from webapp.campaigns import log
from webapp.dates import date_vn, now_local
from webapp.organisation import build_tree, flatten, unit_subtree_ids

PER_PAGE = 50
READ_ALL_ROLES = (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)
COUNTING_RULE = ("Tính mọi công trình, phần việc đã đăng ký, ở cả ba trạng thái (đăng ký, đang thực hiện, "
                 "hoàn thành); số đã hoàn thành ghi bên cạnh.")


class WorkRefused(Exception):
    """The change is not allowed now; the message is for the user, in Vietnamese."""


# --------------------------------------------------------------------------- who


def readable_unit_ids(user: User) -> Optional[set[int]]:
    """Units whose works the user reads: None for all, a set (maybe empty) otherwise."""
    if user.role in READ_ALL_ROLES:
        return None
    if user.role == Role.UNIT_OFFICER.value and user.unit_id is not None:
        return unit_subtree_ids(user.unit_id)
    return set()


def may_read(user: User, work: Work, scope: Optional[set[int]] = ...) -> bool:  # type: ignore[assignment]
    if scope is ...:
        scope = readable_unit_ids(user)
    return scope is None or work.unit_id in scope


def may_edit(user: User, work: Work) -> bool:
    """Admins change any work; a unit officer only the works of their own unit."""
    if user.role == Role.ADMIN.value:
        return True
    return user.role == Role.UNIT_OFFICER.value and user.unit_id is not None and work.unit_id == user.unit_id


def creatable_unit_ids(user: User, campaign_id: int) -> list[int]:
    """The participating units the user may register works for (admins: all of them)."""
    participants = participant_ids(campaign_id)
    if user.role == Role.ADMIN.value:
        return sorted(participants)
    if user.role == Role.UNIT_OFFICER.value and user.unit_id in participants:
        return [user.unit_id]
    return []


def participant_ids(campaign_id: int) -> set[int]:
    return set(db.session.scalars(select(campaign_unit.c.unit_id).where(campaign_unit.c.campaign_id == campaign_id)))


def _participants(campaign_id: int, scope: Optional[set[int]]):
    stmt = select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id).where(
        campaign_unit.c.campaign_id == campaign_id)
    if scope is not None:
        stmt = stmt.where(Unit.id.in_(scope or {-1}))
    return stmt


def participant_units(campaign_id: int, scope: Optional[set[int]] = None, tree_order: bool = True) -> list[Unit]:
    """Participating units (within `scope` when given); one statement. In tree order for a list a
    person reads; otherwise in the database's order, which costs nothing for thousands of units."""
    stmt = _participants(campaign_id, scope)
    if not tree_order:
        return list(db.session.scalars(stmt.order_by(Unit.sort_order, Unit.id)))
    return [node.unit for node in flatten(build_tree(list(db.session.scalars(stmt))))]


def participant_count(campaign_id: int, scope: Optional[set[int]] = None) -> int:
    return db.session.scalar(select(func.count()).select_from(_participants(campaign_id, scope).subquery()))


def is_participant(campaign_id: int, unit_id: int, scope: Optional[set[int]] = None) -> bool:
    return db.session.scalar(_participants(campaign_id, scope).where(Unit.id == unit_id).limit(1)) is not None


def categories(campaign_id: int) -> list[WorkCategory]:
    return list(db.session.scalars(select(WorkCategory).where(WorkCategory.campaign_id == campaign_id)
                                   .order_by(WorkCategory.position, WorkCategory.id)))


# --------------------------------------------------------------------------- rules of time


def check_open(campaign: Campaign) -> None:
    if campaign.status == "closed":
        raise WorkRefused("Đợt thi đua đã kết thúc: công trình, phần việc không thay đổi được nữa.")


def check_new(campaign: Campaign, wave: Wave, today: Optional[date] = None) -> None:
    """A new work: refused once the campaign is closed or after the registration deadline."""
    check_open(campaign)
    today = today or now_local().date()
    if wave.works_by is not None and today > wave.works_by:
        raise WorkRefused(f"Đã hết hạn đăng ký công trình, phần việc (hạn cuối ngày {date_vn(wave.works_by)}): "
                          "không đăng ký thêm được. Các công trình đã đăng ký vẫn cập nhật tiến độ được.")


def registration_open(campaign: Campaign, wave: Wave) -> bool:
    try:
        check_new(campaign, wave)
    except WorkRefused:
        return False
    return True


# --------------------------------------------------------------------------- the list


@dataclass
class WorkFilters:
    unit_id: Optional[int] = None
    category_id: Optional[int] = None
    status: str = ""
    q: str = ""
    unit_q: str = ""  # a unit's name, typed, where there are too many units for a list


def _filtered(campaign_id: int, filters: WorkFilters, scope: Optional[set[int]]):
    stmt = select(Work).where(Work.campaign_id == campaign_id)
    if scope is not None:
        stmt = stmt.where(Work.unit_id.in_(scope or {-1}))
    if filters.unit_id:
        stmt = stmt.where(Work.unit_id == filters.unit_id)
    if filters.category_id:
        stmt = stmt.where(Work.category_id == filters.category_id)
    if filters.status:
        stmt = stmt.where(Work.status == filters.status)
    if filters.q:
        stmt = stmt.where(Work.search_key.like(like_pattern(filters.q), escape="\\"))
    if filters.unit_q:
        named = select(Unit.id).where(Unit.search_key.like(like_pattern(filters.unit_q), escape="\\"))
        stmt = stmt.where(Work.unit_id.in_(named))
    return stmt


def list_page(campaign_id: int, filters: WorkFilters, scope: Optional[set[int]], page: int = 1,
              per_page: int = PER_PAGE):
    """(rows, total, page, pages), rows being (work, number of files); two statements."""
    stmt = _filtered(campaign_id, filters, scope)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    pages = max(ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    files = (select(func.count(WorkFile.id)).where(WorkFile.work_id == Work.id).correlate(Work)
             .scalar_subquery().label("files"))
    rows = db.session.execute(
        stmt.add_columns(files).options(joinedload(Work.unit), joinedload(Work.category))
        .order_by(Work.created_at.desc(), Work.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return [(work, count) for work, count in rows], total, page, pages


def work_or_none(campaign_id: int, work_id: int) -> Optional[Work]:
    return db.session.scalar(select(Work).options(joinedload(Work.unit), joinedload(Work.category))
                             .where(Work.id == work_id, Work.campaign_id == campaign_id))


def files_of(work_id: int) -> list[WorkFile]:
    return list(db.session.scalars(select(WorkFile).options(joinedload(WorkFile.attachment))
                                   .where(WorkFile.work_id == work_id).order_by(WorkFile.id)))


# --------------------------------------------------------------------------- changes


def describe(work: Work) -> str:
    owner = f"{work.person_name} ({work.unit.name})" if work.owner_kind == "individual" else work.unit.name
    return f"“{work.title}” của {owner}"


FIELD_LABELS = {
    "title": "Tên công trình", "category": "Nhóm công trình", "owner_kind": "Chủ thể", "person_name": "Họ và tên",
    "person_position": "Chức vụ", "description": "Mô tả", "starts_on": "Bắt đầu", "ends_on": "Kết thúc",
    "women": "Phụ nữ được hưởng lợi", "children": "Trẻ em được hưởng lợi", "value_vnd": "Giá trị (đồng)",
    "status": "Trạng thái", "unit": "Đơn vị",
}


def snapshot(work: Work, category_names: dict[int, str], unit_names: dict[int, str]) -> dict[str, str]:
    return {
        "title": work.title, "category": category_names.get(work.category_id, "") if work.category_id else "",
        "owner_kind": {"collective": "Tập thể", "individual": "Cá nhân"}.get(work.owner_kind, ""),
        "person_name": work.person_name or "", "person_position": work.person_position or "",
        "description": (work.description or "")[:200], "starts_on": date_vn(work.starts_on) if work.starts_on else "",
        "ends_on": date_vn(work.ends_on) if work.ends_on else "", "women": str(work.women or 0),
        "children": str(work.children or 0),
        "value_vnd": f"{int(work.value_vnd):,}".replace(",", ".") if work.value_vnd is not None else "",
        "status": WorkStatus(work.status).label if work.status else "", "unit": unit_names.get(work.unit_id, ""),
    }


def log_change(campaign_id: int, user: User, summary: str, before: dict | None = None,
               after: dict | None = None) -> None:
    changes = []
    if before is not None and after is not None:
        changes = [[FIELD_LABELS[k], before[k], after[k]] for k in before if before[k] != after[k]]
    log(campaign_id, user, summary, changes)


def delete_work(campaign: Campaign, work: Work, user: User) -> list[Attachment]:
    """Delete a work with its files' rows; returns the attachments whose files to remove after the
    commit. Refused while a nomination is made for it."""
    from models import Nomination
    check_open(campaign)
    used = db.session.scalar(select(func.count()).select_from(Nomination).where(Nomination.work_id == work.id))
    if used:
        raise WorkRefused("Công trình đã có hồ sơ đề nghị khen thưởng: không xoá được. "
                          "Hãy xoá hoặc sửa hồ sơ đề nghị trước.")
    attachments = [f.attachment for f in files_of(work.id)]
    log(campaign.id, user, f"Xoá công trình, phần việc {describe(work)}")
    db.session.delete(work)
    for attachment in attachments:
        db.session.delete(attachment)
    return attachments


# --------------------------------------------------------------------------- progress


@dataclass
class Bar:
    label: str
    count: int = 0
    done: int = 0
    in_progress: int = 0
    collective: int = 0
    individual: int = 0
    target: Optional[int] = None  # what the bar is measured against (the goal, a unit's minimum)
    key: Optional[int] = None

    @property
    def registered(self) -> int:
        return self.count - self.done - self.in_progress

    @property
    def percent(self) -> int:
        if not self.target:
            return 0
        return min(100, round(self.count * 100 / self.target))

    @property
    def done_percent(self) -> int:
        if not self.target:
            return 0
        return min(100, round(self.done * 100 / self.target))


@dataclass
class UnitBar(Bar):
    grassroots: bool = False
    min_collective: int = 0
    min_individual: int = 0

    @property
    def meets_minimum(self) -> bool:
        return self.collective >= self.min_collective and self.individual >= self.min_individual

    @property
    def minimum_percent(self) -> int:
        wanted = self.min_collective + self.min_individual
        if not wanted:
            return 100
        got = min(self.collective, self.min_collective) + min(self.individual, self.min_individual)
        return round(got * 100 / wanted)


@dataclass
class Progress:
    overall: Bar
    by_category: list[Bar] = field(default_factory=list)
    by_unit: list[UnitBar] = field(default_factory=list)
    goal: Optional[int] = None
    units_total: int = 0  # by_unit shows at most UNIT_ROWS of them

    @property
    def chart_max(self) -> int:
        return max([b.count for b in self.by_category] + [1])


UNIT_ROWS = 40


def progress(campaign: Campaign, wave: Wave, unit_scope: Optional[set[int]] = None,
             with_units: bool = True) -> Progress:
    """Overall and per category over every work of the wave (numbers only, nothing of a unit's
    drafts); per unit for the participating units in `unit_scope` (None: all). Constant statements:
    one GROUP BY per category and status, one per unit, owner kind and status, one for the units."""
    done, in_progress = WorkStatus.DONE.value, WorkStatus.IN_PROGRESS.value
    cats = categories(campaign.id)
    rows = db.session.execute(
        select(Work.category_id, Work.status, func.count()).where(Work.campaign_id == campaign.id)
        .group_by(Work.category_id, Work.status)).all()
    overall = Bar("Toàn đợt thi đua", target=wave.goal)
    by_category = {c.id: Bar(c.name, key=c.id, target=None) for c in cats}
    uncategorised = Bar("Chưa chọn nhóm", key=0)
    for category_id, status, count in rows:
        for bar in (overall, by_category.get(category_id, uncategorised)):
            bar.count += count
            bar.done += count if status == done else 0
            bar.in_progress += count if status == in_progress else 0
    bars = list(by_category.values()) + ([uncategorised] if uncategorised.count else [])
    for bar in bars:
        bar.target = overall.count or None  # a category's share of all works
    result = Progress(overall=overall, by_category=bars, goal=wave.goal)
    if not with_units:
        return result
    # Plain rows, not ORM units: a national wave has thousands of them.
    units = db.session.execute(
        _participants(campaign.id, unit_scope).with_only_columns(Unit.id, Unit.name, Unit.parent_id, Unit.sort_order)
    ).all()
    if not units:
        return result
    parents_of_participants = set(db.session.scalars(
        select(Unit.parent_id).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
        .where(campaign_unit.c.campaign_id == campaign.id, Unit.parent_id.is_not(None))))
    counts = (select(Work.unit_id, Work.owner_kind, Work.status, func.count()).where(Work.campaign_id == campaign.id)
              .group_by(Work.unit_id, Work.owner_kind, Work.status))
    if unit_scope is not None:
        counts = counts.where(Work.unit_id.in_(unit_scope or {-1}))
    by_unit = {u.id: UnitBar(u.name, key=u.id, grassroots=u.id not in parents_of_participants,
                             min_collective=wave.min_collective or 0, min_individual=wave.min_individual or 0)
               for u in units}
    for unit_id, owner_kind, status, count in db.session.execute(counts):
        bar = by_unit.get(unit_id)
        if bar is None:  # a unit that no longer takes part keeps its works, outside these rows
            continue
        bar.count += count
        bar.done += count if status == done else 0
        bar.in_progress += count if status == in_progress else 0
        if owner_kind == "individual":
            bar.individual += count
        else:
            bar.collective += count
    for bar in by_unit.values():
        bar.target = max(bar.min_collective + bar.min_individual, 1) if bar.grassroots else None
    result.units_total = len(units)
    if len(units) <= UNIT_ROWS:
        order = [node.id for node in flatten(build_tree(units))]  # rows have what the tree needs
        result.by_unit = [by_unit[unit_id] for unit_id in order]
    else:
        # Thousands of units do not fit a page: those short of the minimum first, then the busiest.
        ranked = sorted(by_unit.values(), key=lambda b: (b.meets_minimum if b.grassroots else True, -b.count))
        result.by_unit = ranked[:UNIT_ROWS]
    return result


def chart(bars: list[Bar], width: int = 560, row: int = 34, label_width: int = 0) -> dict:
    """Geometry of a horizontal stacked bar chart (done, in progress, registered) drawn in SVG by the
    template: one row per bar, lengths proportional to the largest count."""
    peak = max([b.count for b in bars] + [1])
    left, right = 8, 60
    span = width - left - right
    rows = []
    for index, bar in enumerate(bars):
        y = 24 + index * row
        segments, x = [], float(left)
        for css, value, label in (("done", bar.done, "Hoàn thành"), ("in_progress", bar.in_progress, "Đang thực hiện"),
                                  ("registered", bar.registered, "Đăng ký")):
            length = round(value * span / peak, 1)
            if value:
                segments.append({"css": css, "x": round(x, 1), "w": length, "value": value, "label": label})
            x += length
        rows.append({"bar": bar, "y": y, "label_y": y - 4, "end": round(x, 1), "segments": segments})
    return {"width": width, "height": 24 + len(bars) * row + 4, "rows": rows, "left": left, "peak": peak}
