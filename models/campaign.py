"""Emulation campaigns (phong trào thi đua): the campaign, its participating units, its scoring
table (a tree of criteria of any depth) and the log of changes to that table.

Points are Numeric with two decimals: scores move in steps of 0.25, which floats would blur.
Sums are never stored: a parent's declared points are compared with its children's on reading.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    JSON, CheckConstraint, Column, Date, ForeignKey, Index, Integer, Numeric, String, Table, Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db, utcnow
from models.organisation import Department, Unit, enum_check

POINTS = Numeric(6, 2)


class CampaignKind(str, enum.Enum):
    ANNUAL = "annual"
    SPECIAL = "special"
    THEMATIC = "thematic"
    MULTI_YEAR = "multi_year"

    @property
    def label(self) -> str:
        return CAMPAIGN_KIND_LABELS[self]


CAMPAIGN_KIND_LABELS = {
    CampaignKind.ANNUAL: "Thường xuyên hằng năm",
    CampaignKind.SPECIAL: "Đợt thi đua đặc biệt",
    CampaignKind.THEMATIC: "Chuyên đề",
    CampaignKind.MULTI_YEAR: "Giai đoạn nhiều năm",
}


class CampaignStatus(str, enum.Enum):
    DRAFT = "draft"
    LAUNCHED = "launched"
    REGISTERING = "registering"
    SCORING = "scoring"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return CAMPAIGN_STATUS_LABELS[self]


CAMPAIGN_STATUS_LABELS = {
    CampaignStatus.DRAFT: "Nháp",
    CampaignStatus.LAUNCHED: "Phát động",
    CampaignStatus.REGISTERING: "Đang đăng ký",
    CampaignStatus.SCORING: "Chấm điểm",
    CampaignStatus.CLOSED: "Kết thúc",
}

campaign_unit = Table(
    "campaign_unit", db.metadata,
    Column("campaign_id", ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Campaign(SearchableMixin, TimestampMixin, db.Model):
    """A campaign, or (is_template) a scoring table kept to start next campaigns from.

    Thresholds default to the 2025 grading rule: ≥ 90 excellent, ≥ 70 good, ≥ 50 done; the top
    grade capped at 20 % of those graded.
    """

    __tablename__ = "campaign"
    __search_fields__ = ("name", "theme")
    __table_args__ = (
        CheckConstraint(enum_check("kind", CampaignKind), name="kind"),
        CheckConstraint(enum_check("status", CampaignStatus), name="status"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period"),
        CheckConstraint("threshold_excellent >= threshold_good AND threshold_good >= threshold_pass "
                        "AND threshold_pass >= 0", name="thresholds"),
        CheckConstraint("top_share_cap IS NULL OR (top_share_cap > 0 AND top_share_cap <= 100)", name="top_share"),
        CheckConstraint("standard_points >= 0 AND bonus_points >= 0", name="declared_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default=CampaignKind.ANNUAL.value)
    status: Mapped[str] = mapped_column(String(20), default=CampaignStatus.DRAFT.value, index=True)
    is_template: Mapped[bool] = mapped_column(default=False)
    theme: Mapped[str] = mapped_column(Text, default="")
    slogan: Mapped[str] = mapped_column(String(500), default="")
    starts_on: Mapped[Optional[date]] = mapped_column(Date)
    ends_on: Mapped[Optional[date]] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # one document per line
    purposes: Mapped[str] = mapped_column(Text, default="")
    requirements: Mapped[str] = mapped_column(Text, default="")
    register_by: Mapped[Optional[date]] = mapped_column(Date)
    aggregate_by: Mapped[Optional[date]] = mapped_column(Date)
    self_assess_from: Mapped[Optional[date]] = mapped_column(Date)
    self_assess_to: Mapped[Optional[date]] = mapped_column(Date)
    appraise_from: Mapped[Optional[date]] = mapped_column(Date)
    appraise_to: Mapped[Optional[date]] = mapped_column(Date)
    results_on: Mapped[Optional[date]] = mapped_column(Date)
    standard_points: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("80"))
    bonus_points: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("20"))
    threshold_excellent: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("90"))
    threshold_good: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("70"))
    threshold_pass: Mapped[Decimal] = mapped_column(POINTS, default=Decimal("50"))
    # No default here: an empty cap means "no cap", and a default would fill it in on INSERT.
    top_share_cap: Mapped[Optional[int]] = mapped_column(Integer)
    organiser_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    organiser_unit: Mapped[Optional[Unit]] = relationship(lazy="raise_on_sql")
    units: Mapped[list[Unit]] = relationship(secondary=campaign_unit, lazy="raise_on_sql")

    @property
    def kind_label(self) -> str:
        return CampaignKind(self.kind).label

    @property
    def status_label(self) -> str:
        return CampaignStatus(self.status).label

    @property
    def total_points(self) -> Decimal:
        return (self.standard_points or 0) + (self.bonus_points or 0)

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in (self.legal_basis or "").splitlines() if line.strip()]


class Criterion(db.Model):
    """A node of the scoring table: a section, a group or a criterion, by its place in the tree.

    `max_points` is what the plan declares for the node (None for a content without points of its
    own, like the bonus contents). `is_bonus` marks the bonus part (điểm thưởng), counted apart;
    `cluster_choice` an item whose content each cluster sets for itself (section III of the seed).
    """

    __tablename__ = "criterion"
    __table_args__ = (
        CheckConstraint("max_points IS NULL OR max_points >= 0", name="max_points"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        Index("ix_criterion_campaign_tree", "campaign_id", "parent_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    max_points: Mapped[Optional[Decimal]] = mapped_column(POINTS)
    is_bonus: Mapped[bool] = mapped_column(default=False)
    cluster_choice: Mapped[bool] = mapped_column(default=False)
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("department.id", ondelete="SET NULL"), index=True)

    department: Mapped[Optional[Department]] = relationship(lazy="raise_on_sql")


class CampaignChange(db.Model):
    """A change to a campaign's scoring table or settings: who, when, and what, as read."""

    __tablename__ = "campaign_change"
    __table_args__ = (Index("ix_campaign_change_campaign", "campaign_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    summary: Mapped[str] = mapped_column(String(1000))
    changes: Mapped[list] = mapped_column(JSON, default=list)

    user = relationship("User", lazy="raise_on_sql")
