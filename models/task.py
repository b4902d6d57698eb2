"""Tasks (phân công nhiệm vụ): checklist items with a lead department, supporting departments and
assigned units; their comments and history; and checklist templates that events apply.

`version` is SQLAlchemy's version counter: every UPDATE of a task says WHERE version = the one read,
so two people saving the same task cannot overwrite each other without noticing.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import (
    JSON, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table, Text, Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db, utcnow
from models.organisation import Department, Unit, enum_check


class TaskStatus(str, enum.Enum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return TASK_STATUS_LABELS[self]


TASK_STATUS_LABELS = {
    TaskStatus.TODO: "Chưa làm",
    TaskStatus.IN_PROGRESS: "Đang làm",
    TaskStatus.DONE: "Xong",
}


class TaskPriority(str, enum.Enum):
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"

    @property
    def label(self) -> str:
        return TASK_PRIORITY_LABELS[self]


TASK_PRIORITY_LABELS = {
    TaskPriority.HIGH: "Cao",
    TaskPriority.NORMAL: "Bình thường",
    TaskPriority.LOW: "Thấp",
}

# Supporting departments (phối hợp) and assigned units, as plain association tables: the rows
# carry nothing but the pair, and the lists read them in one statement for a whole page.
task_support = Table(
    "task_support", db.metadata,
    Column("task_id", ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True, index=True),
)
task_unit = Table(
    "task_unit", db.metadata,
    Column("task_id", ForeignKey("task.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, index=True),
)
template_item_support = Table(
    "task_template_item_support", db.metadata,
    Column("item_id", ForeignKey("task_template_item.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)


class Task(SearchableMixin, TimestampMixin, db.Model):
    """One thing to do, for an event, for a campaign or standing alone, due on a local date (and
    maybe a time)."""

    __tablename__ = "task"
    __search_fields__ = ("title", "details")
    __table_args__ = (
        CheckConstraint(enum_check("status", TaskStatus), name="status"),
        CheckConstraint(enum_check("priority", TaskPriority), name="priority"),
        CheckConstraint("due_time IS NULL OR due_date IS NOT NULL", name="time_needs_date"),
        CheckConstraint("(status = 'done') = (completed_at IS NOT NULL)", name="completed_when_done"),
        CheckConstraint("event_id IS NULL OR campaign_id IS NULL", name="one_owner"),
        Index("ix_task_event_position", "event_id", "position", "id"),
        Index("ix_task_open_due", "status", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[Optional[int]] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    campaign_id: Mapped[Optional[int]] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    details: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(1200), default="", index=True)
    lead_department_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[Optional[date]] = mapped_column(Date)
    due_time: Mapped[Optional[time]] = mapped_column(Time)
    status: Mapped[str] = mapped_column(String(20), default=TaskStatus.TODO.value)
    priority: Mapped[str] = mapped_column(String(10), default=TaskPriority.NORMAL.value)
    position: Mapped[int] = mapped_column(Integer, default=0)
    completed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    completed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    lead_department: Mapped[Optional[Department]] = relationship(lazy="raise_on_sql")
    support_departments: Mapped[list[Department]] = relationship(
        secondary=task_support, order_by="Department.sort_order, Department.name", lazy="raise_on_sql"
    )
    units: Mapped[list[Unit]] = relationship(
        secondary=task_unit, order_by="Unit.sort_order, Unit.name", lazy="raise_on_sql"
    )
    completed_by = relationship("User", foreign_keys=[completed_by_id], lazy="raise_on_sql")
    event = relationship("Event", lazy="raise_on_sql")
    campaign = relationship("Campaign", lazy="raise_on_sql")

    @property
    def is_done(self) -> bool:
        return self.status == TaskStatus.DONE.value

    @property
    def status_label(self) -> str:
        return TaskStatus(self.status).label

    @property
    def priority_label(self) -> str:
        return TaskPriority(self.priority).label


class TaskComment(db.Model):
    __tablename__ = "task_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author = relationship("User", lazy="raise_on_sql")


class TaskChange(db.Model):
    """One entry of a task's history: who did what when; `changes` lists [field, before, after]
    as the user saw them (labels, not ids), so the history still reads right after renames."""

    __tablename__ = "task_change"
    __table_args__ = (Index("ix_task_change_task", "task_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[list] = mapped_column(JSON, default=list)

    user = relationship("User", lazy="raise_on_sql")

    ACTION_LABELS = {
        "created": "tạo nhiệm vụ", "updated": "sửa", "done": "đánh dấu xong", "reopened": "bỏ đánh dấu xong",
        "commented": "bình luận", "copied": "sao chép từ sự kiện năm trước",
    }

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS.get(self.action, self.action)


class TaskTemplate(TimestampMixin, db.Model):
    """A reusable checklist ("Hội nghị tổng kết năm"); applying it to an event creates its tasks."""

    __tablename__ = "task_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list["TaskTemplateItem"]] = relationship(
        back_populates="template", cascade="all, delete-orphan", passive_deletes=True,
        order_by="TaskTemplateItem.position, TaskTemplateItem.id", lazy="raise_on_sql",
    )


class TaskTemplateItem(db.Model):
    """A line of a template. `offset_days` counts from the event's day: −10 is ten days before.
    `for_child_units` gives the task to the units directly beneath the event's organiser, whatever
    level that is (districts before 2025, communes since)."""

    __tablename__ = "task_template_item"
    __table_args__ = (
        CheckConstraint(enum_check("priority", TaskPriority), name="priority"),
        CheckConstraint("offset_days BETWEEN -3650 AND 3650", name="offset"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("task_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(500))
    details: Mapped[str] = mapped_column(Text, default="")
    lead_department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"))
    offset_days: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[str] = mapped_column(String(10), default=TaskPriority.NORMAL.value)
    for_child_units: Mapped[bool] = mapped_column(default=False)

    template: Mapped[TaskTemplate] = relationship(back_populates="items", lazy="raise_on_sql")
    lead_department: Mapped[Optional[Department]] = relationship(lazy="raise_on_sql")
    support_departments: Mapped[list[Department]] = relationship(
        secondary=template_item_support, order_by="Department.sort_order, Department.name", lazy="raise_on_sql"
    )

    @property
    def offset_label(self) -> str:
        days = self.offset_days
        if days == 0:
            return "Ngày diễn ra"
        return f"{abs(days)} ngày {'trước' if days < 0 else 'sau'}"
