"""The calendar's own data: anniversaries (ngày lễ kỷ niệm) and personal feed tokens.

Everything else the calendar shows (events, campaign deadlines and windows, task due dates) is read
from its own aggregate; nothing is copied here.
"""
from __future__ import annotations

import enum
import secrets
from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db, utcnow
from models.organisation import enum_check


class AnniversaryKind(str, enum.Enum):
    NATIONAL = "national"
    UNION = "union"
    INTERNATIONAL = "international"

    @property
    def label(self) -> str:
        return ANNIVERSARY_KIND_LABELS[self]


ANNIVERSARY_KIND_LABELS = {
    AnniversaryKind.NATIONAL: "Quốc gia",
    AnniversaryKind.UNION: "Của Hội",
    AnniversaryKind.INTERNATIONAL: "Quốc tế",
}


class Anniversary(SearchableMixin, TimestampMixin, db.Model):
    """A founding date that comes back every year: 3/2/1930, 8/3/1910, 20/10/1930…

    For a year Y it is "kỷ niệm N năm" with N = Y − base_year; a "năm tròn" when N is divisible by
    10, a "năm lẻ 5" when by 5 and not by 10. A 29 February falls on 28 February in other years.
    """

    __tablename__ = "anniversary"
    __search_fields__ = ("name", "note")
    __table_args__ = (
        CheckConstraint(enum_check("kind", AnniversaryKind), name="kind"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
        CheckConstraint("day BETWEEN 1 AND 31", name="day"),
        CheckConstraint("base_year BETWEEN 1 AND 9999", name="base_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))  # "Ngày thành lập Hội Liên hiệp Phụ nữ Việt Nam"
    day: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    base_year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default=AnniversaryKind.NATIONAL.value)
    note: Mapped[str] = mapped_column(Text, default="")

    @property
    def kind_label(self) -> str:
        return AnniversaryKind(self.kind).label

    @property
    def base_date(self) -> date:
        return date(self.base_year, self.month, self.day)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(db.Model):
    """A secret that opens one user's calendar feed without a session, for calendar applications
    that subscribe to a URL. Revoking keeps the row (who had which link, until when) and makes the
    link answer 404."""

    __tablename__ = "calendar_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True, default=new_token)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    user = relationship("User", lazy="raise_on_sql")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
