"""Registrations (đăng ký thi đua): what each participating unit commits to in a campaign, per
criterion and overall, sent before the deadline and approved or returned with a reason."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db
from models.organisation import Unit, enum_check


class RegistrationStatus(str, enum.Enum):
    NOT_SENT = "not_sent"
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return REGISTRATION_STATUS_LABELS[self]


REGISTRATION_STATUS_LABELS = {
    RegistrationStatus.NOT_SENT: "Chưa gửi",
    RegistrationStatus.PENDING: "Chờ duyệt",
    RegistrationStatus.APPROVED: "Đã duyệt",
    RegistrationStatus.RETURNED: "Trả lại",
}


class Registration(TimestampMixin, db.Model):
    """One unit's registration in one campaign. `reopened` lets a unit send after the deadline,
    once: an admin sets it, the next sending clears it."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("campaign_id", "unit_id"),
        CheckConstraint(enum_check("status", RegistrationStatus), name="status"),
        CheckConstraint("status <> 'returned' OR return_reason <> ''", name="returned_with_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=RegistrationStatus.NOT_SENT.value)
    overall: Mapped[str] = mapped_column(Text, default="")  # the overall commitment and measures
    return_reason: Mapped[str] = mapped_column(Text, default="")
    reopened: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(lazy="raise_on_sql")
    items: Mapped[list["RegistrationItem"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", passive_deletes=True, lazy="raise_on_sql")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id], lazy="raise_on_sql")
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id], lazy="raise_on_sql")

    @property
    def status_label(self) -> str:
        return RegistrationStatus(self.status).label


class RegistrationItem(db.Model):
    """The unit's commitment on one criterion of the scoring table (what it will do, its figures)."""

    __tablename__ = "registration_item"
    __table_args__ = (UniqueConstraint("registration_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    commitment: Mapped[str] = mapped_column(Text, default="")

    registration: Mapped[Registration] = relationship(back_populates="items", lazy="raise_on_sql")
