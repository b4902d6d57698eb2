"""Events and conferences: programme, budget, delegate groups and participants."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime, time
from typing import Optional

from sqlalchemy import (
    BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint,
)
from sqlalchemy import event as sa_event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db
from models.organisation import Department, Unit, enum_check
from models.text import person_sort_key


class EventKind(str, enum.Enum):
    CONFERENCE = "conference"
    CEREMONY = "ceremony"
    WORKSHOP = "workshop"
    MEETING = "meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return EVENT_KIND_LABELS[self]


EVENT_KIND_LABELS = {
    EventKind.CONFERENCE: "Hội nghị",
    EventKind.CEREMONY: "Lễ kỷ niệm",
    EventKind.WORKSHOP: "Hội thảo",
    EventKind.MEETING: "Họp",
    EventKind.OTHER: "Khác",
}


class EventStatus(str, enum.Enum):
    DRAFT = "draft"
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return EVENT_STATUS_LABELS[self]


EVENT_STATUS_LABELS = {
    EventStatus.DRAFT: "Nháp",
    EventStatus.TENTATIVE: "Dự kiến",
    EventStatus.CONFIRMED: "Chính thức",
    EventStatus.HELD: "Đã tổ chức",
    EventStatus.CANCELLED: "Hủy",
}


class InvitationStatus(str, enum.Enum):
    NOT_INVITED = "not_invited"
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return INVITATION_STATUS_LABELS[self]


INVITATION_STATUS_LABELS = {
    InvitationStatus.NOT_INVITED: "Chưa mời",
    InvitationStatus.INVITED: "Đã mời",
    InvitationStatus.CONFIRMED: "Xác nhận",
    InvitationStatus.DECLINED: "Từ chối",
}


class Gender(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"

    @property
    def label(self) -> str:
        return GENDER_LABELS[self]


GENDER_LABELS = {Gender.FEMALE: "Nữ", Gender.MALE: "Nam"}


class Event(SearchableMixin, TimestampMixin, db.Model):
    """A conference, ceremony, workshop or meeting.

    Times are stored in UTC; an all-day event keeps local midnight of its first and last day.
    The invitation_* fields override the organisation settings for this event's letters.
    """

    __tablename__ = "event"
    __search_fields__ = ("title", "venue_name", "venue_address")
    __table_args__ = (
        CheckConstraint(enum_check("kind", EventKind), name="kind"),
        CheckConstraint(enum_check("status", EventStatus), name="status"),
        CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint("expected_attendance IS NULL OR expected_attendance >= 0", name="attendance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=EventKind.CONFERENCE.value)
    status: Mapped[str] = mapped_column(String(20), default=EventStatus.DRAFT.value, index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(default=False)
    venue_name: Mapped[str] = mapped_column(String(300), default="")
    venue_address: Mapped[str] = mapped_column(String(500), default="")
    expected_attendance: Mapped[Optional[int]] = mapped_column(Integer)
    organiser_unit_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    invitation_number: Mapped[str] = mapped_column(String(100), default="")
    invitation_intro: Mapped[str] = mapped_column(Text, default="")
    invitation_closing: Mapped[str] = mapped_column(Text, default="")
    invitation_signing_authority: Mapped[str] = mapped_column(String(100), default="")
    invitation_signer_title: Mapped[str] = mapped_column(String(100), default="")
    invitation_signer_name: Mapped[str] = mapped_column(String(100), default="")
    # iCal SEQUENCE: raised each time the event moves, so subscribed calendars take the new time.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organiser_unit: Mapped[Optional[Unit]] = relationship(lazy="raise_on_sql")
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="BudgetLine.position, BudgetLine.id", lazy="raise_on_sql",
    )
    program_items: Mapped[list[ProgramItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ProgramItem.position, ProgramItem.id", lazy="raise_on_sql",
    )
    groups: Mapped[list[DelegateGroup]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DelegateGroup.position, DelegateGroup.id", lazy="raise_on_sql",
    )

    @property
    def kind_label(self) -> str:
        return EventKind(self.kind).label

    @property
    def status_label(self) -> str:
        return EventStatus(self.status).label


_TIME_FIELDS = ("starts_at", "ends_at", "all_day")


@sa_event.listens_for(Event, "before_update")
def _raise_sequence(mapper, connection, target: Event) -> None:
    state = inspect(target)
    if any(state.attrs[name].history.has_changes() for name in _TIME_FIELDS):
        target.sequence = (target.sequence or 0) + 1


class BudgetLine(db.Model):
    """A source of money for an event (state budget, retained fees, sponsorship) in whole VND."""

    __tablename__ = "budget_line"
    __table_args__ = (CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Optional[int]] = mapped_column(BigInteger)
    note: Mapped[str] = mapped_column(String(500), default="")

    event: Mapped[Event] = relationship(back_populates="budget_lines", lazy="raise_on_sql")


class ProgramItem(db.Model):
    """One line of the programme (nội dung chương trình), in `position` order."""

    __tablename__ = "program_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    start_time: Mapped[Optional[time]] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(500))
    presenter: Mapped[str] = mapped_column(String(300), default="")
    department_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )

    event: Mapped[Event] = relationship(back_populates="program_items", lazy="raise_on_sql")
    department: Mapped[Optional[Department]] = relationship(lazy="raise_on_sql")


class DelegateGroup(db.Model):
    """A category of invitees (thành phần đại biểu) with an optional quota."""

    __tablename__ = "delegate_group"
    __table_args__ = (
        UniqueConstraint("event_id", "name"),
        CheckConstraint("quota IS NULL OR quota >= 0", name="quota"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(500))
    quota: Mapped[Optional[int]] = mapped_column(Integer)

    event: Mapped[Event] = relationship(back_populates="groups", lazy="raise_on_sql")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Participant(SearchableMixin, TimestampMixin, db.Model):
    """An invited person. `unit_name` always holds the unit as printed; `unit_id` links it to the
    tree when it is one of ours. `sort_key` orders names the Vietnamese way in SQL."""

    __tablename__ = "participant"
    __search_fields__ = ("full_name", "title", "unit_name", "phone", "email")
    __table_args__ = (
        CheckConstraint(enum_check("status", InvitationStatus), name="status"),
        CheckConstraint("gender IN ('', 'female', 'male')", name="gender"),
        CheckConstraint("gift_value IS NULL OR gift_value >= 0", name="gift_value"),
        Index("ix_participant_event_sort", "event_id", "sort_key", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("delegate_group.id", ondelete="SET NULL"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    # Name, position, unit, phone and email together run past the usual 500 characters.
    search_key: Mapped[str] = mapped_column(String(1200), default="", index=True)
    sort_key: Mapped[str] = mapped_column(String(1000), default="")
    gender: Mapped[str] = mapped_column(String(10), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    unit_name: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=InvitationStatus.NOT_INVITED.value)
    checked_in_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    checked_in_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    gift_recipient: Mapped[bool] = mapped_column(default=False)
    gift_value: Mapped[Optional[int]] = mapped_column(BigInteger)
    award: Mapped[str] = mapped_column(String(300), default="")
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)

    event: Mapped[Event] = relationship(lazy="raise_on_sql")
    group: Mapped[Optional[DelegateGroup]] = relationship(lazy="raise_on_sql")
    unit: Mapped[Optional[Unit]] = relationship(lazy="raise_on_sql")

    def refresh_search_key(self) -> None:
        super().refresh_search_key()
        self.sort_key = person_sort_key(self.full_name)

    @property
    def status_label(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def gender_label(self) -> str:
        return Gender(self.gender).label if self.gender else ""
