"""Scores (tự chấm điểm / thẩm định): per unit and criterion, the unit's own score with its
evidence note, and the appraiser's score with a comment. Both are kept; totals are computed on
reading, never stored."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UTCDateTime, db
from models.campaign import POINTS


class Score(db.Model):
    __tablename__ = "score"
    __table_args__ = (
        UniqueConstraint("campaign_id", "unit_id", "criterion_id"),
        CheckConstraint("self_points IS NULL OR self_points >= 0", name="self_points"),
        CheckConstraint("appraised_points IS NULL OR appraised_points >= 0", name="appraised_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    self_points: Mapped[Optional[Decimal]] = mapped_column(POINTS)
    self_note: Mapped[str] = mapped_column(Text, default="")
    self_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    self_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    appraised_points: Mapped[Optional[Decimal]] = mapped_column(POINTS)
    appraisal_comment: Mapped[str] = mapped_column(Text, default="")
    appraised_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    appraised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    # The unit's optional evidence file for its own score (webapp.uploads keeps the bytes).
    evidence_id: Mapped[Optional[int]] = mapped_column(ForeignKey("attachment.id", ondelete="SET NULL"), index=True)

    appraised_by = relationship("User", foreign_keys=[appraised_by_id], lazy="raise_on_sql")
    evidence = relationship("Attachment", lazy="raise_on_sql")
