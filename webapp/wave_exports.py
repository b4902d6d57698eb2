"""A special wave's results: the awarded nominations by award form, and every nomination with every
reviewer's scores as an Excel workbook. No Flask request in here.

Reads are a fixed number of statements whatever the number of nominations: the nominations with
their units, work, category and award in one, the review scores in one, the criteria in one.

A review's weighted total is `webapp.reviews.weighted_total`: Σ(points ÷ max_points × weight) over its
criteria, out of 100. Per reviewer only submitted reviews show a total; the mean is over them.

Names and titles are text, and one that starts like a formula ("=…", "+…") stays text; points are
numbers, so that sums and sorting work in Excel.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from models import (
    Award, Nomination, NominationStatus, Review, ReviewCriterion, ReviewScore, Subject, Unit, User, Work, db,
)
from webapp.reviews import weighted_total
from webapp.spreadsheets import FORMULA_STARTS, cell_text

PASSED = NominationStatus.PASSED.value
CENT = Decimal("0.01")
DATE_FORMAT = "dd/mm/yyyy"


# --------------------------------------------------------------------------- reading


def awards(campaign_id: int) -> list[Award]:
    return list(db.session.scalars(select(Award).where(Award.campaign_id == campaign_id)
                                   .order_by(Award.position, Award.id)))


def _nominations(campaign_id: int, *where):
    """Nominations with their proposing and holding units, work (and its category) and award loaded."""
    return (select(Nomination)
            .join(Nomination.unit)
            .options(contains_eager(Nomination.unit), joinedload(Nomination.holder),
                     joinedload(Nomination.work).joinedload(Work.category), joinedload(Nomination.award))
            .where(Nomination.campaign_id == campaign_id, *where))


def awarded(campaign_id: int) -> list[Nomination]:
    """The passed nominations, by award form (its position), collectives before individuals, then by
    proposing unit and name."""
    stmt = _nominations(campaign_id, Nomination.status == PASSED)
    stmt = (stmt.join(Award, Nomination.award_id == Award.id)
            .order_by(Award.position, Award.id, Nomination.subject, Unit.name, Nomination.nominee_name,
                      Nomination.id))
    return list(db.session.scalars(stmt).unique())


def status_counts(campaign_id: int) -> dict[str, int]:
    return dict(db.session.execute(
        select(Nomination.status, func.count()).where(Nomination.campaign_id == campaign_id)
        .group_by(Nomination.status)).all())


def achievement(nomination: Nomination) -> str:
    """What the nomination is for: its work's title, else the result it names."""
    return nomination.work.title if nomination.work is not None else (nomination.for_result or "")


def weighted(points: Decimal, criterion: ReviewCriterion) -> Decimal:
    """One criterion's share of a review's total: points ÷ max_points × weight."""
    return weighted_total({criterion.id: points}, [criterion])


@dataclass
class ReviewRow:
    review_id: int
    nomination_id: int
    reviewer_id: int
    submitted: bool
    scores: list[tuple[ReviewCriterion, Decimal]] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return weighted_total({c.id: points for c, points in self.scores}, [c for c, _ in self.scores])


@dataclass
class ReviewSheet:
    reviewers: list[User]
    reviews: list[ReviewRow]
    by_nomination: dict[int, dict[int, ReviewRow]]  # nomination -> reviewer -> review

    def mean(self, nomination_id: int) -> Optional[Decimal]:
        totals = [r.total for r in self.by_nomination.get(nomination_id, {}).values() if r.submitted]
        return sum(totals, Decimal(0)) / len(totals) if totals else None

    def submitted_count(self, nomination_id: int) -> int:
        return sum(1 for r in self.by_nomination.get(nomination_id, {}).values() if r.submitted)


def review_sheet(campaign_id: int) -> ReviewSheet:
    """Every review of the wave with its scores; the reviewers who scored, by name."""
    criteria = {c.id: c for c in db.session.scalars(
        select(ReviewCriterion).where(ReviewCriterion.campaign_id == campaign_id))}
    rows = db.session.execute(
        select(Review.id, Review.nomination_id, Review.reviewer_id, Review.submitted_at,
               ReviewScore.criterion_id, ReviewScore.points)
        .join(Nomination, Nomination.id == Review.nomination_id)
        .outerjoin(ReviewScore, ReviewScore.review_id == Review.id)
        .where(Nomination.campaign_id == campaign_id)
        .order_by(Review.nomination_id, Review.id)).all()
    reviews: dict[int, ReviewRow] = {}
    for review_id, nomination_id, reviewer_id, submitted_at, criterion_id, points in rows:
        review = reviews.get(review_id)
        if review is None:
            review = reviews[review_id] = ReviewRow(review_id, nomination_id, reviewer_id, submitted_at is not None)
        if criterion_id is not None and criterion_id in criteria:
            review.scores.append((criteria[criterion_id], Decimal(points)))
    for review in reviews.values():
        review.scores.sort(key=lambda pair: (pair[0].subject, pair[0].position, pair[0].id))
    reviewer_ids = sorted({r.reviewer_id for r in reviews.values()})
    reviewers = list(db.session.scalars(select(User).where(User.id.in_(reviewer_ids))
                                        .order_by(User.full_name, User.username))) if reviewer_ids else []
    by_nomination: dict[int, dict[int, ReviewRow]] = defaultdict(dict)
    for review in reviews.values():
        by_nomination[review.nomination_id][review.reviewer_id] = review
    return ReviewSheet(reviewers, list(reviews.values()), dict(by_nomination))


def all_nominations(campaign_id: int) -> list[Nomination]:
    stmt = _nominations(campaign_id)
    return list(db.session.scalars(stmt.order_by(Unit.name, Nomination.subject, Nomination.nominee_name,
                                                 Nomination.id)).unique())


# --------------------------------------------------------------------------- writing


def _number(value: Optional[Decimal]):
    """Rounded to two decimals; an int when whole, else a float (what Excel stores either way)."""
    if value is None:
        return None
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


def _reviewer_label(user: User) -> str:
    return f"{user.full_name} ({user.username})" if user.full_name else user.username


def _cell(sheet, value):
    """Text cleaned and kept as text (never a formula), dates shown dd/mm/yyyy; other values as they are."""
    if isinstance(value, str):
        value = cell_text(value) or None
        if value is not None and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # openpyxl took "=…" for a formula; the type set after the value wins
            return cell
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _write(sheet, headers: list[tuple[str, int]], rows: list[list]) -> None:
    """Header row in bold, then the rows. A write-only sheet: 50,000 score rows stay quick."""
    for index, (_, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    fill = PatternFill("solid", fgColor="E8E8E8")
    header_cells = []
    for header, _ in headers:
        cell = WriteOnlyCell(sheet, cell_text(header))
        cell.font, cell.fill = Font(bold=True), fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in rows:
        sheet.append([_cell(sheet, value) for value in values])


NOMINATION_HEADERS = [("STT", 6), ("Đơn vị đề nghị", 32), ("Cấp đang giữ hồ sơ", 28), ("Đối tượng", 10),
                      ("Tập thể, cá nhân được đề nghị", 30), ("Chức vụ", 24),
                      ("Công trình, phần việc / thành tích", 44),
                      ("Nhóm công trình", 30), ("Trạng thái", 14), ("Hình thức khen thưởng", 24),
                      ("Số quyết định", 16), ("Ngày quyết định", 14)]
SCORE_HEADERS = [("STT hồ sơ", 9), ("Tập thể, cá nhân được đề nghị", 30), ("Đơn vị đề nghị", 30),
                 ("Thành viên hội đồng", 30), ("Đã nộp phiếu", 10), ("Tiêu chí", 50), ("Trọng số", 9),
                 ("Điểm tối đa", 9), ("Điểm", 8), ("Điểm quy đổi", 10)]


def results_xlsx(campaign, nominations: list[Nomination], sheet: ReviewSheet) -> bytes:
    """Sheet 1: every nomination with each reviewer's weighted total and the mean; sheet 2: every
    score of every review (a nomination's number is its STT on sheet 1)."""
    book = Workbook(write_only=True)
    main = book.create_sheet("Hồ sơ đề nghị")
    book.properties.title = cell_text(f"Kết quả xét khen thưởng – {campaign.name}")
    headers = NOMINATION_HEADERS + [(_reviewer_label(u), 16) for u in sheet.reviewers] + [
        ("Điểm trung bình", 12), ("Số phiếu đã nộp", 10)]
    numbers: dict[int, int] = {}
    rows = []
    for number, n in enumerate(nominations, start=1):
        numbers[n.id] = number
        category = n.work.category.name if n.work is not None and n.work.category is not None else ""
        reviews = sheet.by_nomination.get(n.id, {})
        totals = [_number(reviews[u.id].total) if u.id in reviews and reviews[u.id].submitted else None
                  for u in sheet.reviewers]
        rows.append([number, n.unit.name, n.holder.name, Subject(n.subject).label, n.nominee_name,
                     n.nominee_position, achievement(n), category, n.status_label,
                     n.award.name if n.award else "", n.decision_number, n.decision_date]
                    + totals + [_number(sheet.mean(n.id)), sheet.submitted_count(n.id)])
    _write(main, headers, rows)

    scores = book.create_sheet("Điểm chấm")
    by_id = {n.id: n for n in nominations}
    users = {u.id: u for u in sheet.reviewers}
    score_rows = []
    ordered = sorted(sheet.reviews, key=lambda r: (numbers.get(r.nomination_id, 0),
                                                   _reviewer_label(users[r.reviewer_id]), r.review_id))
    for review in ordered:
        n = by_id.get(review.nomination_id)
        if n is None:
            continue
        for criterion, points in review.scores:
            score_rows.append([numbers[n.id], n.nominee_name, n.unit.name, _reviewer_label(users[review.reviewer_id]),
                               "Có" if review.submitted else "Chưa", criterion.text, _number(criterion.weight),
                               _number(criterion.max_points), _number(points), _number(weighted(points, criterion))])
    _write(scores, SCORE_HEADERS, score_rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
