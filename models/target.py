"""Measurable targets (chỉ tiêu) of a campaign's criteria: the figure asked for, what each unit
takes on when it registers, and the actual figures it reports period by period.

A target belongs to a criterion. Its figure is the same for every unit ("45% hội viên") unless it is
allotted per unit ("02 mái ấm" for one district, "03" for another). A target set by a cluster for
its own units (section III of the 2025 plan: "1 vấn đề, 1 chỉ tiêu") carries that cluster.

Reported figures are cumulative: the figure reached by the end of the period, so the latest period
is the unit's achievement.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import UTCDateTime, db

QUANTITY = Numeric(18, 2)  # VND figures reach billions; two decimals for percentages


class Target(db.Model):
    __tablename__ = "target"
    __table_args__ = (
        CheckConstraint("value IS NULL OR value >= 0", name="value"),
        Index("ix_target_campaign", "campaign_id", "criterion_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cluster.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(500))
    value: Mapped[Optional[Decimal]] = mapped_column(QUANTITY)
    measure: Mapped[str] = mapped_column(String(40), default="")  # đơn vị tính: %, mô hình, hộ, đồng…
    per_unit: Mapped[bool] = mapped_column(default=False)

    cluster = relationship("Cluster", lazy="raise_on_sql")


class UnitTarget(db.Model):
    """One unit's figure on one target: allotted by the secretariat, committed by the unit."""

    __tablename__ = "unit_target"
    __table_args__ = (
        UniqueConstraint("target_id", "unit_id"),
        CheckConstraint("allotted IS NULL OR allotted >= 0", name="allotted"),
        CheckConstraint("committed IS NULL OR committed >= 0", name="committed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    allotted: Mapped[Optional[Decimal]] = mapped_column(QUANTITY)
    committed: Mapped[Optional[Decimal]] = mapped_column(QUANTITY)


class TargetReport(db.Model):
    """The figure a unit reached on a target by the end of a period."""

    __tablename__ = "target_report"
    __table_args__ = (
        UniqueConstraint("target_id", "unit_id", "period_end"),
        CheckConstraint("actual >= 0", name="actual"),
        Index("ix_target_report_unit", "unit_id", "target_id", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    period_end: Mapped[date] = mapped_column(Date)
    actual: Mapped[Decimal] = mapped_column(QUANTITY)
    note: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    reported_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
