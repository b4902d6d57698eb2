"""Special emulation waves (đợt thi đua đặc biệt, e.g. "130 công trình, phần việc"): a campaign of
kind "special" with its settings, categories of works, award forms with quotas and weighted review
criteria; the works units register; the nominations (đề nghị khen thưởng) that climb the unit tree
level by level; the reviewers' scores; the decision.

Levels are not fixed: a nomination goes from the proposing unit to its parent, and so on up to the
wave's organiser, whether there are three levels (commune, district, city) or two.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db
from models.organisation import Unit, enum_check


class Subject(str, enum.Enum):
    COLLECTIVE = "collective"
    INDIVIDUAL = "individual"

    @property
    def label(self) -> str:
        return SUBJECT_LABELS[self]


SUBJECT_LABELS = {Subject.COLLECTIVE: "Tập thể", Subject.INDIVIDUAL: "Cá nhân"}


class WorkStatus(str, enum.Enum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return WORK_STATUS_LABELS[self]


WORK_STATUS_LABELS = {WorkStatus.REGISTERED: "Đăng ký", WorkStatus.IN_PROGRESS: "Đang thực hiện",
                      WorkStatus.DONE: "Hoàn thành"}


class NominationStatus(str, enum.Enum):
    NOT_SENT = "not_sent"
    SENT = "sent"
    RETURNED = "returned"
    SELECTED = "selected"
    FORWARDED = "forwarded"
    PASSED = "passed"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return NOMINATION_STATUS_LABELS[self]


NOMINATION_STATUS_LABELS = {
    NominationStatus.NOT_SENT: "Chưa gửi", NominationStatus.SENT: "Đã gửi", NominationStatus.RETURNED: "Trả lại",
    NominationStatus.SELECTED: "Được chọn", NominationStatus.FORWARDED: "Chuyển cấp trên",
    NominationStatus.PASSED: "Đạt", NominationStatus.FAILED: "Không đạt",
}


class Wave(db.Model):
    """The settings a special wave adds to its campaign (one row per campaign of kind "special")."""

    __tablename__ = "wave"
    __table_args__ = (
        CheckConstraint("goal IS NULL OR goal > 0", name="goal"),
        CheckConstraint("nominate_to IS NULL OR nominate_from IS NULL OR nominate_to >= nominate_from",
                        name="nominate_window"),
        CheckConstraint("review_to IS NULL OR review_from IS NULL OR review_to >= review_from", name="review_window"),
    )

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), primary_key=True)
    goal: Mapped[Optional[int]] = mapped_column(Integer)  # e.g. 130 works
    works_by: Mapped[Optional[date]] = mapped_column(Date)  # units register works before
    nominate_from: Mapped[Optional[date]] = mapped_column(Date)
    nominate_to: Mapped[Optional[date]] = mapped_column(Date)
    review_from: Mapped[Optional[date]] = mapped_column(Date)
    review_to: Mapped[Optional[date]] = mapped_column(Date)
    commend_on: Mapped[Optional[date]] = mapped_column(Date)  # the commendation (tổng kết, biểu dương)
    # Each grassroots unit is expected to put forward at least this many of each kind.
    min_collective: Mapped[int] = mapped_column(Integer, default=1)
    min_individual: Mapped[int] = mapped_column(Integer, default=1)


class WorkCategory(db.Model):
    __tablename__ = "work_category"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Award(db.Model):
    """An award form (hình thức khen thưởng) of a wave with its quota: Giấy chứng nhận vinh danh
    ×130, Bằng khen ×13. `rank` orders them, the highest first."""

    __tablename__ = "award"
    __table_args__ = (UniqueConstraint("campaign_id", "name"), CheckConstraint("quota IS NULL OR quota >= 0",
                                                                                name="quota"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    quota: Mapped[Optional[int]] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReviewCriterion(db.Model):
    """A criterion reviewers score a nomination on, for collectives or for individuals, with its
    weight (the weights of one subject add up to 100) and its scale (0 to max_points)."""

    __tablename__ = "review_criterion"
    __table_args__ = (
        CheckConstraint(enum_check("subject", Subject), name="subject"),
        CheckConstraint("weight > 0", name="weight"),
        CheckConstraint("max_points > 0", name="max_points"),
        Index("ix_review_criterion_campaign", "campaign_id", "subject", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    max_points: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(10))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Work(SearchableMixin, TimestampMixin, db.Model):
    """A work (công trình, phần việc) a unit registers: a collective's (the unit's own) or an
    individual's (a person of the unit)."""

    __tablename__ = "work"
    __search_fields__ = ("title", "person_name")
    __table_args__ = (
        CheckConstraint(enum_check("owner_kind", Subject), name="owner_kind"),
        CheckConstraint(enum_check("status", WorkStatus), name="status"),
        CheckConstraint("owner_kind = 'collective' OR person_name <> ''", name="individual_named"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="period"),
        CheckConstraint("women >= 0 AND children >= 0", name="beneficiaries"),
        CheckConstraint("value_vnd IS NULL OR value_vnd >= 0", name="value"),
        # Covering the progress counts (per unit, per category) and the list's newest-first order.
        Index("ix_work_campaign_unit", "campaign_id", "unit_id", "owner_kind", "status"),
        Index("ix_work_campaign_category", "campaign_id", "category_id", "status"),
        Index("ix_work_campaign_created", "campaign_id", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work_category.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(280))  # with person_name, within search_key's 500
    owner_kind: Mapped[str] = mapped_column(String(20), default=Subject.COLLECTIVE.value)
    person_name: Mapped[str] = mapped_column(String(200), default="")
    person_position: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[Optional[date]] = mapped_column(Date)
    ends_on: Mapped[Optional[date]] = mapped_column(Date)
    women: Mapped[int] = mapped_column(Integer, default=0)  # beneficiaries
    children: Mapped[int] = mapped_column(Integer, default=0)
    value_vnd: Mapped[Optional[Decimal]] = mapped_column(Numeric(18, 0))
    status: Mapped[str] = mapped_column(String(20), default=WorkStatus.REGISTERED.value)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(lazy="raise_on_sql")
    category: Mapped[Optional[WorkCategory]] = relationship(lazy="raise_on_sql")

    @property
    def status_label(self) -> str:
        return WorkStatus(self.status).label

    @property
    def owner_label(self) -> str:
        return Subject(self.owner_kind).label


class WorkFile(db.Model):
    """A photo or a document of a work."""

    __tablename__ = "work_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    work_id: Mapped[int] = mapped_column(ForeignKey("work.id", ondelete="CASCADE"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"), unique=True)

    attachment = relationship("Attachment", lazy="raise_on_sql")


class Nomination(TimestampMixin, db.Model):
    """A proposal to award a collective or an individual, for a work or for a campaign result,
    with its achievement report (báo cáo thành tích). `holder_unit_id` is the level that has it now:
    the proposing unit while it is drafted or returned, then each level it is sent up to."""

    __tablename__ = "nomination"
    __table_args__ = (
        CheckConstraint(enum_check("subject", Subject), name="subject"),
        CheckConstraint(enum_check("status", NominationStatus), name="status"),
        CheckConstraint("status <> 'returned' OR return_reason <> ''", name="returned_with_reason"),
        CheckConstraint("award_id IS NULL OR status = 'passed'", name="award_when_passed"),
        Index("ix_nomination_campaign_holder", "campaign_id", "holder_unit_id", "status"),
        Index("ix_nomination_campaign_unit", "campaign_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))  # proposing unit
    holder_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(20))
    work_id: Mapped[Optional[int]] = mapped_column(ForeignKey("work.id", ondelete="SET NULL"), index=True)
    for_result: Mapped[str] = mapped_column(Text, default="")  # a campaign result, when not for a work
    nominee_name: Mapped[str] = mapped_column(String(300))
    nominee_position: Mapped[str] = mapped_column(String(300), default="")
    report_profile: Mapped[str] = mapped_column(Text, default="")  # I. Sơ lược đặc điểm / lý lịch
    report_achievements: Mapped[str] = mapped_column(Text, default="")  # II. Thành tích đạt được
    report_awards: Mapped[str] = mapped_column(Text, default="")  # III. Các hình thức khen thưởng
    status: Mapped[str] = mapped_column(String(20), default=NominationStatus.NOT_SENT.value)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    award_id: Mapped[Optional[int]] = mapped_column(ForeignKey("award.id", ondelete="RESTRICT"), index=True)
    decision_number: Mapped[str] = mapped_column(String(100), default="")
    decision_date: Mapped[Optional[date]] = mapped_column(Date)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id], lazy="raise_on_sql")
    holder: Mapped[Unit] = relationship(foreign_keys=[holder_unit_id], lazy="raise_on_sql")
    work: Mapped[Optional[Work]] = relationship(lazy="raise_on_sql")
    award: Mapped[Optional[Award]] = relationship(lazy="raise_on_sql")

    @property
    def status_label(self) -> str:
        return NominationStatus(self.status).label

    @property
    def subject_label(self) -> str:
        return Subject(self.subject).label


class NominationFile(db.Model):
    __tablename__ = "nomination_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="CASCADE"), unique=True)

    attachment = relationship("Attachment", lazy="raise_on_sql")


class NominationStep(db.Model):
    """One step of a nomination's way: who did what, when, from which level to which."""

    __tablename__ = "nomination_step"
    __table_args__ = (Index("ix_nomination_step_nomination", "nomination_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))  # the status it reached
    from_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    to_unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")

    user = relationship("User", lazy="raise_on_sql")
    from_unit = relationship("Unit", foreign_keys=[from_unit_id], lazy="raise_on_sql")
    to_unit = relationship("Unit", foreign_keys=[to_unit_id], lazy="raise_on_sql")


class Review(db.Model):
    """One reviewer's scoring of one nomination; submitted once every criterion has points."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("nomination_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    reviewer = relationship("User", lazy="raise_on_sql")


class ReviewScore(db.Model):
    __tablename__ = "review_score"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id"),
        CheckConstraint("points >= 0", name="points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(ForeignKey("review_criterion.id", ondelete="CASCADE"), index=True)
    points: Mapped[Decimal] = mapped_column(Numeric(6, 2))
