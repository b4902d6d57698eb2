"""The event a confirmed plan becomes (with its groups, programme, budget lines and tasks, departments
mapped or created), and the calendar entries of a year's work plan."""
from __future__ import annotations

import re
from typing import Optional

from sqlalchemy import select

from models import Anniversary, BudgetLine, DelegateGroup, Department, Event, EventKind, EventStatus, ProgramItem, Task, db
from models.text import clean, fold
from webapp.dates import to_utc
from webapp.plan_build_base import BuildError, BuilderBase, WorkPlanResult, cut, event_kind, parse_time
from webapp.plan_import import NEW, NONE, DepartmentMatcher, UnitMatcher, task_departments
from webapp.plans import draft as shapes

_PROGRAMME_TIME = re.compile(r"^\s*(\d{1,2})\s*[h:g]\s*(\d{2})?\s*(?:[-–]\s*\d{1,2}\s*[h:g]\s*\d{0,2})?\s*[:.\-–]?\s+")


class EventParts(BuilderBase):
    """Events, their parts and tasks; the calendar entries of a work plan."""

    def event(self) -> Event:
        part = self.draft.event or shapes.EventPart()
        title = cut(part.title or self.draft.document.title, 300)
        if not title:
            raise BuildError("chưa có tên sự kiện (phần Sự kiện).")
        if part.date is None:
            raise BuildError("chưa có ngày tổ chức sự kiện: hãy nhập ngày ở phần Sự kiện.")
        if part.end_date and part.end_date < part.date:
            raise BuildError("ngày kết thúc của sự kiện trước ngày bắt đầu.")
        if part.delegates is not None and part.delegates < 0:
            raise BuildError("số lượng đại biểu không hợp lệ.")
        at = parse_time(part.time)
        campaign = self.draft.campaign
        officer = self.user is not None and self.user.role == "unit_officer"
        event = Event(
            title=title, kind=EventKind.CONFERENCE.value,
            status=EventStatus.TENTATIVE.value if part.tentative else EventStatus.DRAFT.value,
            starts_at=to_utc(part.date, at), all_day=at is None,
            ends_at=to_utc(part.end_date) if part.end_date and at is None else None,
            venue_name=cut(part.venue_name, 300), venue_address=cut(part.venue_address, 500),
            expected_attendance=part.delegates,
            purpose="\n".join(clean(p) for p in (campaign.purposes if campaign else []) if clean(p)),
            requirements="\n".join(clean(r) for r in (campaign.requirements if campaign else []) if clean(r)),
            organiser_unit_id=self.user.unit_id if officer else None,
            created_by_id=self.user.id if self.user else None,
        )
        db.session.add(event)
        db.session.flush()
        seen: set[str] = set()
        for name in part.groups:
            name = cut(name, 500)
            if name and name not in seen:
                seen.add(name)
                db.session.add(DelegateGroup(event_id=event.id, name=name, position=len(seen) - 1))
        for position, line in enumerate(line for line in part.programme if clean(line)):
            match = _PROGRAMME_TIME.match(line)
            start = parse_time(line) if match else None
            title_text = line[match.end():] if match and start else line
            db.session.add(ProgramItem(event_id=event.id, position=position, start_time=start,
                                       title=cut(title_text, 500), presenter=""))
        for position, source in enumerate(s for s in part.budget_sources if clean(s)):
            db.session.add(BudgetLine(event_id=event.id, position=position, source=cut(source, 300), note=""))
        self.tasks(event, part.tasks)
        return event

    def department(self, name: str) -> Optional[Department]:
        if not name:
            return None
        if self._departments is None:
            self._departments = DepartmentMatcher()
        resolved = self._departments.resolve(name, self.mapping)
        if resolved == NONE:
            return None
        if resolved == NEW:
            key = fold(name)
            if key not in self.new_departments:
                existing = db.session.scalar(select(Department).where(Department.name == cut(name, 200)))
                if existing is None:
                    existing = Department(name=cut(name, 200), short_name="", is_secretariat=False,
                                          description="Tạo khi nhập kế hoạch.", sort_order=0)
                    db.session.add(existing)
                    db.session.flush()
                    self.created.append(existing.name)
                self.new_departments[key] = existing
            return self.new_departments[key]
        return resolved

    def tasks(self, event: Event, tasks: list[shapes.Task]) -> None:
        units = UnitMatcher() if any(t.units for t in tasks) else None
        for position, task in enumerate(tasks):
            text = clean(task.text)
            if not text:
                continue
            lead_name, support_names = task_departments(
                {"units": task.units, "lead": task.lead, "department": task.department, "support": task.support})
            lead = self.department(lead_name)
            supports = [d for d in (self.department(n) for n in support_names) if d is not None and d is not lead]
            matched_units = units.match(task.units) if units and task.units else []
            details = [] if len(text) <= 500 else [text]
            if task.units and not matched_units:
                details.append(f"Đơn vị thực hiện: {clean(task.units)}")
            row = Task(event_id=event.id, title=cut(text, 500), details="\n".join(details),
                       lead_department_id=lead.id if lead else None, due_date=task.due, position=position,
                       status="todo", priority="normal", created_by_id=self.user.id if self.user else None)
            row.support_departments = list({d.id: d for d in supports}.values())
            row.units = matched_units
            db.session.add(row)

    # ------------------------------------------------------------------ work plans

    def work_plan(self) -> WorkPlanResult:
        result = WorkPlanResult()
        existing = set(db.session.execute(select(Anniversary.day, Anniversary.month, Anniversary.base_year)).all())
        for ref in self.draft.anniversaries:
            key = (ref.base.day, ref.base.month, ref.base.year)
            if key in existing:
                continue
            existing.add(key)
            name = cut(ref.name, 300)
            folded = fold(name)
            kind = "international" if "quoc te" in folded else "union" if "phu nu" in folded else "national"
            row = Anniversary(name=name, day=ref.base.day, month=ref.base.month, base_year=ref.base.year, kind=kind,
                              note="")
            db.session.add(row)
            result.anniversaries.append(row)
        for planned in self.draft.planned_events:
            if planned.date is None:
                self.notes.append(f"Bỏ qua “{cut(planned.title, 80)}”: kế hoạch chỉ ghi tháng, chưa có ngày.")
                continue
            event = Event(title=cut(planned.title, 300), kind=event_kind(planned.title),
                          status=EventStatus.DRAFT.value, starts_at=to_utc(planned.date), all_day=True,
                          venue_name="", venue_address="", purpose="", requirements="",
                          created_by_id=self.user.id if self.user else None)
            db.session.add(event)
            result.events.append(event)
        db.session.flush()
        if not result.anniversaries and not result.events:
            raise BuildError("chương trình công tác không có ngày kỷ niệm mới hay sự kiện có ngày cụ thể nào.")
        return result
