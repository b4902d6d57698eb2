"""The award council's reviews of a special wave's nominations: who may score what and when, saving
a reviewer's scores, and the statistics (weighted totals, mean, median, spread) the shortlist is
sorted by. No Flask request in here.

The weighted total of one review is Σ (points ÷ max_points × weight) over the criteria of the
nomination's kind (collective or individual); with the weights of a kind adding up to 100 it is a
score out of 100. Only submitted reviews (every criterion scored) count in the statistics.

Every function that lists nominations answers in a fixed number of statements, whatever the number
of rows: the aggregates come from SQL, and the median, which SQLite cannot compute, from the
per-review totals of the page's nominations, read in one statement.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Optional

from sqlalchemy import Float, and_, case, cast, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from models import (
    Award, Campaign, Nomination, NominationStatus, Review, ReviewCriterion, ReviewScore, Role, Unit, User, Work, db,
)
from models.base import utcnow
from webapp import waves
from webapp.dates import date_vn

OPEN = (NominationStatus.SENT.value, NominationStatus.FORWARDED.value, NominationStatus.SELECTED.value)
DECIDED = (NominationStatus.PASSED.value, NominationStatus.FAILED.value)
SHOWN = OPEN + DECIDED  # decided ones are shown read-only
CENT = Decimal("0.01")
FORMULA = ("Điểm của một phiếu chấm = Σ (điểm tiêu chí ÷ điểm tối đa của tiêu chí × trọng số); "
           "các trọng số của một loại hồ sơ cộng lại bằng 100 nên điểm phiếu tính trên thang 100.")


class ReviewRefused(Exception):
    """Scoring is not allowed now; the message is for the user, in Vietnamese."""


# --------------------------------------------------------------------------- who, what, when


def may_review(user: User) -> bool:
    return user.role in (Role.REVIEWER.value, Role.ADMIN.value)


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN.value


def reviewable(campaign: Campaign):
    """The condition on Nomination for what the council sees: held by the top level, sent up,
    forwarded or chosen there (to score), or already decided (read only)."""
    return and_(Nomination.campaign_id == campaign.id, Nomination.holder_unit_id == waves.top_unit_id(campaign),
                Nomination.status.in_(SHOWN))


def own_unit(user: User, nomination: Nomination) -> bool:
    """The reviewer belongs to the unit that proposes it, or to the unit of the nominee's work."""
    if user.unit_id is None:
        return False
    work_unit = nomination.work.unit_id if nomination.work_id is not None and nomination.work is not None else None
    return user.unit_id in (nomination.unit_id, work_unit)


def check_open(campaign: Campaign, user: User, nomination: Nomination, on: Optional[date] = None) -> None:
    """Raise ReviewRefused unless the user may save scores on this nomination now. Admins score at
    any time while the wave is not closed; reviewers within the wave's review window."""
    if campaign.status == "closed":
        raise ReviewRefused("Đợt thi đua đã kết thúc: không chấm hồ sơ được nữa.")
    if nomination.status in DECIDED:
        raise ReviewRefused("Hồ sơ đã có quyết định khen thưởng: phiếu chấm chỉ còn để xem.")
    if is_admin(user):
        return
    wave = waves.settings(campaign)
    on = on or waves.today()
    if wave.review_from and on < wave.review_from:
        window = f"từ {date_vn(wave.review_from)}" + (f" đến {date_vn(wave.review_to)}" if wave.review_to else "")
        raise ReviewRefused(f"Chưa đến thời gian chấm hồ sơ ({window}).")
    if wave.review_to and on > wave.review_to:
        raise ReviewRefused(f"Đã hết thời gian chấm hồ sơ (hạn cuối {date_vn(wave.review_to)}).")


def criteria_of(campaign_id: int) -> dict[str, list[ReviewCriterion]]:
    """The wave's criteria by subject, in order (one statement)."""
    found: dict[str, list[ReviewCriterion]] = {"collective": [], "individual": []}
    for criterion in db.session.scalars(select(ReviewCriterion).where(ReviewCriterion.campaign_id == campaign_id)
                                        .order_by(ReviewCriterion.subject, ReviewCriterion.position,
                                                  ReviewCriterion.id)):
        found.setdefault(criterion.subject, []).append(criterion)
    return found


# --------------------------------------------------------------------------- numbers


def round2(value) -> Optional[Decimal]:
    if value is None:
        return None
    return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(CENT, ROUND_HALF_UP)


def weighted_total(points: dict[int, Decimal], criteria: Iterable[ReviewCriterion]) -> Decimal:
    """Σ points ÷ max_points × weight over the criteria scored (exact, in decimals)."""
    total = Decimal(0)
    for criterion in criteria:
        if points.get(criterion.id) is not None:
            total += Decimal(points[criterion.id]) / Decimal(criterion.max_points) * Decimal(criterion.weight)
    return total


@dataclass
class ReviewTotal:
    review_id: int
    reviewer_id: int
    reviewer_name: str
    total: float

    @property
    def shown(self) -> Decimal:
        return round2(self.total)


@dataclass
class Stats:
    """The statistics of one nomination's submitted reviews (totals on the 0–100 scale)."""

    totals: list[ReviewTotal] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.totals)

    def _values(self) -> list[float]:
        return [t.total for t in self.totals]

    @property
    def mean(self) -> Optional[Decimal]:
        return round2(statistics.fmean(self._values())) if self.totals else None

    @property
    def median(self) -> Optional[Decimal]:
        return round2(statistics.median(self._values())) if self.totals else None

    @property
    def spread(self) -> Optional[Decimal]:
        return round2(max(self._values()) - min(self._values())) if self.totals else None

    @property
    def minimum(self) -> Optional[Decimal]:
        return round2(min(self._values())) if self.totals else None

    @property
    def maximum(self) -> Optional[Decimal]:
        return round2(max(self._values())) if self.totals else None

    @property
    def stdev(self) -> Optional[Decimal]:
        """Population standard deviation of the totals (0 with one review)."""
        return round2(statistics.pstdev(self._values())) if self.totals else None


def _review_total_expr():
    # Cast first: SQLite keeps whole numbers as integers and would divide them as integers.
    return func.sum(cast(ReviewScore.points, Float) * cast(ReviewCriterion.weight, Float)
                    / cast(ReviewCriterion.max_points, Float))


def review_totals(nomination_ids: list[int]) -> dict[int, Stats]:
    """The submitted reviews' weighted totals of these nominations, in one statement."""
    found: dict[int, Stats] = {nid: Stats() for nid in nomination_ids}
    if not nomination_ids:
        return found
    rows = db.session.execute(
        select(Review.nomination_id, Review.id, Review.reviewer_id, User.full_name, _review_total_expr())
        .join(ReviewScore, ReviewScore.review_id == Review.id)
        .join(ReviewCriterion, ReviewCriterion.id == ReviewScore.criterion_id)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.nomination_id.in_(nomination_ids), Review.submitted_at.is_not(None))
        .group_by(Review.nomination_id, Review.id, Review.reviewer_id, User.full_name)
        .order_by(Review.nomination_id, Review.id)).all()
    for nid, review_id, reviewer_id, name, total in rows:
        found[nid].totals.append(ReviewTotal(review_id, reviewer_id, name, float(total or 0)))
    return found


def criterion_averages(nomination_id: int) -> dict[int, tuple[Decimal, int]]:
    """criterion id → (average points, number of submitted reviews scoring it), one statement."""
    rows = db.session.execute(
        select(ReviewScore.criterion_id, func.avg(cast(ReviewScore.points, Float)), func.count())
        .join(Review, Review.id == ReviewScore.review_id)
        .where(Review.nomination_id == nomination_id, Review.submitted_at.is_not(None))
        .group_by(ReviewScore.criterion_id)).all()
    return {cid: (round2(avg), n) for cid, avg, n in rows}


# --------------------------------------------------------------------------- one reviewer's review


def review_of(nomination_id: int, user_id: int) -> tuple[Optional[Review], dict[int, Decimal]]:
    review = db.session.scalar(select(Review).where(Review.nomination_id == nomination_id,
                                                    Review.reviewer_id == user_id))
    if review is None:
        return None, {}
    scores = dict(db.session.execute(select(ReviewScore.criterion_id, ReviewScore.points)
                                     .where(ReviewScore.review_id == review.id)).all())
    return review, {cid: Decimal(points) for cid, points in scores.items()}


def others_drafts(nomination_id: int) -> int:
    """How many reviewers have started but not submitted (for admins)."""
    return db.session.scalar(select(func.count()).select_from(Review).where(
        Review.nomination_id == nomination_id, Review.submitted_at.is_(None))) or 0


def save_review(campaign: Campaign, nomination: Nomination, user: User, points: dict[int, Optional[Decimal]],
                comment: str, criteria: list[ReviewCriterion], on: Optional[date] = None) -> Review:
    """Store the user's scores (a second save updates them); the review counts as submitted once
    every criterion has points. Points must already be within 0..max_points."""
    if own_unit(user, nomination):
        raise PermissionError("own unit")
    check_open(campaign, user, nomination, on)
    review, existing = review_of(nomination.id, user.id)
    if review is None:
        review = Review(nomination_id=nomination.id, reviewer_id=user.id, comment="")
        db.session.add(review)
        db.session.flush()
    rows = {s.criterion_id: s
            for s in db.session.scalars(select(ReviewScore).where(ReviewScore.review_id == review.id))}
    for criterion in criteria:
        value = points.get(criterion.id)
        row = rows.get(criterion.id)
        if value is None:
            if row is not None:
                db.session.delete(row)
        elif row is None:
            db.session.add(ReviewScore(review_id=review.id, criterion_id=criterion.id, points=value))
        elif Decimal(row.points) != value:
            row.points = value
    review.comment = comment
    complete = bool(criteria) and all(points.get(c.id) is not None for c in criteria)
    if complete and review.submitted_at is None:
        review.submitted_at = utcnow()
    elif not complete:
        review.submitted_at = None
    return review


# --------------------------------------------------------------------------- the reviewer's queue


@dataclass
class QueueRow:
    nomination: Nomination
    done: bool  # the current user's review is submitted
    started: bool
    own_unit: bool
    reviews: int  # submitted reviews, everyone's


@dataclass
class Page:
    rows: list
    total: int
    page: int
    pages: int
    per_page: int


def _base_query(campaign: Campaign, subject: Optional[str]):
    query = (select(Nomination).join(Nomination.unit).outerjoin(Nomination.work)
             .options(contains_eager(Nomination.unit), contains_eager(Nomination.work),
                      joinedload(Nomination.award))
             .where(reviewable(campaign)))
    if subject in ("collective", "individual"):
        query = query.where(Nomination.subject == subject)
    return query


def _own_unit_condition(user: User):
    if user.unit_id is None:
        return None
    return or_(Nomination.unit_id == user.unit_id, and_(Work.id.is_not(None), Work.unit_id == user.unit_id))


def queue(campaign: Campaign, user: User, subject: Optional[str] = None, state: str = "",
          page: int = 1, per_page: int = 50) -> Page:
    """The nominations the council reviews, with whether the user has scored each: three statements."""
    mine = (select(Review.id).where(Review.nomination_id == Nomination.id, Review.reviewer_id == user.id,
                                    Review.submitted_at.is_not(None)).exists())
    query = _base_query(campaign, subject)
    own = _own_unit_condition(user)
    if state == "done":
        query = query.where(mine)
    elif state == "todo":
        query = query.where(~mine, Nomination.status.in_(OPEN))
        if own is not None:
            query = query.where(~own)
    total = db.session.scalar(select(func.count()).select_from(query.with_only_columns(Nomination.id).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    nominations = db.session.scalars(
        query.order_by(Nomination.subject, Unit.name, Nomination.nominee_name, Nomination.id)
        .limit(per_page).offset((page - 1) * per_page)).unique().all()
    ids = [n.id for n in nominations]
    mine_state: dict[int, bool] = {}
    counts: dict[int, int] = {}
    if ids:
        for nid, reviewer_id, submitted in db.session.execute(
                select(Review.nomination_id, Review.reviewer_id, Review.submitted_at.is_not(None))
                .where(Review.nomination_id.in_(ids))):
            if submitted:
                counts[nid] = counts.get(nid, 0) + 1
            if reviewer_id == user.id:
                mine_state[nid] = bool(submitted)
    rows = [QueueRow(n, mine_state.get(n.id, False), n.id in mine_state, own_unit(user, n), counts.get(n.id, 0))
            for n in nominations]
    return Page(rows, total, page, pages, per_page)


# --------------------------------------------------------------------------- the shortlist


@dataclass
class ShortRow:
    position: int
    nomination: Nomination
    stats: Stats


def shortlist(campaign: Campaign, user: User, subject: Optional[str] = None, page: int = 1,
              per_page: int = 100) -> Page:
    """Reviewable nominations by mean weighted total (highest first; ties: more reviews first, then the
    nominee's name); unreviewed ones last. A reviewer sees only those they have submitted a review
    of, so no one learns how others scored before scoring. Three statements."""
    # Two aggregates, each one pass over its table: the sum of the weighted points of the submitted
    # reviews, and their number; mean = sum ÷ number (each review's total is the sum of its points).
    in_wave = Review.nomination_id.in_(select(Nomination.id).where(Nomination.campaign_id == campaign.id))
    sums = (select(Review.nomination_id.label("nid"), _review_total_expr().label("total"))
            .join(ReviewScore, ReviewScore.review_id == Review.id)
            .join(ReviewCriterion, ReviewCriterion.id == ReviewScore.criterion_id)
            .where(Review.submitted_at.is_not(None), in_wave)
            .group_by(Review.nomination_id).subquery())
    counts = (select(Review.nomination_id.label("nid"), func.count().label("n"))
              .where(Review.submitted_at.is_not(None), in_wave)
              .group_by(Review.nomination_id).subquery())
    query = _base_query(campaign, subject)
    if not is_admin(user):
        query = query.where(select(Review.id).where(Review.nomination_id == Nomination.id,
                                                     Review.reviewer_id == user.id,
                                                     Review.submitted_at.is_not(None)).exists())
    total = db.session.scalar(select(func.count()).select_from(
        query.with_only_columns(Nomination.id).subquery()))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    mean = sums.c.total / counts.c.n
    # The order is decided on ids alone (a narrow sort), then the page's rows are read by id.
    ids = list(db.session.scalars(
        query.with_only_columns(Nomination.id)
        .outerjoin(sums, sums.c.nid == Nomination.id).outerjoin(counts, counts.c.nid == Nomination.id)
        .order_by(case((sums.c.total.is_(None), 1), else_=0), mean.desc(), func.coalesce(counts.c.n, 0).desc(),
                  Nomination.nominee_name, Nomination.id)
        .limit(per_page).offset((page - 1) * per_page)))
    loaded = {n.id: n for n in db.session.scalars(_base_query(campaign, None).where(Nomination.id.in_(ids))).unique()
              } if ids else {}
    nominations = [loaded[i] for i in ids]
    stats = review_totals([n.id for n in nominations])
    offset = (page - 1) * per_page
    return Page([ShortRow(offset + i + 1, n, stats[n.id]) for i, n in enumerate(nominations)], total, page, pages,
                per_page)


# --------------------------------------------------------------------------- awards


@dataclass
class AwardUse:
    award: Award
    used: int

    @property
    def full(self) -> bool:
        return self.award.quota is not None and self.used >= self.award.quota


def award_uses(campaign_id: int) -> list[AwardUse]:
    """The wave's awards, highest first, with how many nominations each has been given (one statement)."""
    used = (select(Nomination.award_id, func.count().label("used")).where(Nomination.campaign_id == campaign_id,
                                                                          Nomination.award_id.is_not(None))
            .group_by(Nomination.award_id).subquery())
    rows = db.session.execute(select(Award, func.coalesce(used.c.used, 0)).outerjoin(used, used.c.award_id == Award.id)
                              .where(Award.campaign_id == campaign_id).order_by(Award.position, Award.id)).all()
    return [AwardUse(award, count) for award, count in rows]


def nomination_in(campaign: Campaign, nomination_id: int) -> Optional[Nomination]:
    """One reviewable nomination with its unit, work (and the work's unit id) and award."""
    return db.session.scalars(_base_query(campaign, None).where(Nomination.id == nomination_id)).unique().one_or_none()

