"""Registrations: a unit's commitments per criterion, sending before the deadline, approval or
return with a reason, reopening after the deadline, and the tracker of who has not registered.

No Flask request in here. Every change is written to the campaign's log (webapp.campaigns.log).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from models import Campaign, Registration, RegistrationItem, RegistrationStatus, Target, Unit, UnitTarget, User, db
from models.base import utcnow
from models.campaign import campaign_unit
from webapp.campaigns import log
from webapp.dates import date_vn, now_local

NOT_SENT, PENDING = RegistrationStatus.NOT_SENT.value, RegistrationStatus.PENDING.value
APPROVED, RETURNED = RegistrationStatus.APPROVED.value, RegistrationStatus.RETURNED.value


class RegistrationRefused(Exception):
    """The change is not allowed now; the message is for the user, in Vietnamese."""


def registration_for(campaign: Campaign, unit: Unit) -> Registration:
    """The unit's registration with its items, or a new unsent one (not yet added to the session)."""
    found = db.session.scalar(
        select(Registration).options(selectinload(Registration.items))
        .where(Registration.campaign_id == campaign.id, Registration.unit_id == unit.id)
    )
    if found is not None:
        return found
    registration = Registration(campaign_id=campaign.id, unit_id=unit.id, status=NOT_SENT, overall="",
                                return_reason="", reopened=False)
    registration.items = []
    return registration


def editable(registration: Registration) -> bool:
    """A unit edits its registration until it is sent, and again once it is returned."""
    return registration.status in (NOT_SENT, RETURNED)


def deadline_passed(campaign: Campaign, today: date | None = None) -> bool:
    today = today or now_local().date()
    return campaign.register_by is not None and today > campaign.register_by


def may_send(campaign: Campaign, registration: Registration, today: date | None = None) -> bool:
    return editable(registration) and (not deadline_passed(campaign, today) or registration.reopened)


def save(registration: Registration, overall: str, commitments: dict[int, str], user: User) -> bool:
    """Store the unit's texts (a draft); True when anything changed. Refused once sent."""
    if not editable(registration):
        raise RegistrationRefused("Bản đăng ký đã gửi, không sửa được nữa. Nếu cần sửa, hãy đề nghị Văn phòng trả lại.")
    changed = registration.overall != overall
    registration.overall = overall
    by_criterion = {item.criterion_id: item for item in registration.items}
    for criterion_id, text in commitments.items():
        item = by_criterion.get(criterion_id)
        if item is None and text:
            registration.items.append(RegistrationItem(criterion_id=criterion_id, commitment=text))
            changed = True
        elif item is not None and item.commitment != text:
            item.commitment = text
            changed = True
    if registration.id is None:
        db.session.add(registration)
    return changed


def _has_figures(campaign: Campaign, unit: Unit) -> bool:
    """Whether the unit took on any target's figure (a registration of figures alone is not empty)."""
    return db.session.scalar(
        select(func.count()).select_from(UnitTarget).join(Target, Target.id == UnitTarget.target_id)
        .where(Target.campaign_id == campaign.id, UnitTarget.unit_id == unit.id, UnitTarget.committed.is_not(None))
    ) > 0


def send(campaign: Campaign, registration: Registration, unit: Unit, user: User, today: date | None = None) -> None:
    """Send to the secretariat: refused after the deadline unless an admin reopened it."""
    if not editable(registration):
        raise RegistrationRefused("Bản đăng ký đã được gửi trước đó.")
    if not may_send(campaign, registration, today):
        raise RegistrationRefused(
            f"Đã quá hạn đăng ký ({date_vn(campaign.register_by)}): bản đăng ký không gửi được nữa. "
            "Hãy liên hệ Văn phòng nếu cần mở lại.")
    if (not registration.overall.strip() and not any(item.commitment.strip() for item in registration.items)
            and not _has_figures(campaign, unit)):
        raise RegistrationRefused("Bản đăng ký còn trống: hãy ghi ít nhất một nội dung đăng ký trước khi gửi.")
    registration.status, registration.reopened = PENDING, False
    registration.submitted_at, registration.submitted_by_id = utcnow(), user.id
    registration.return_reason = ""
    log(campaign.id, user, f"{unit.name} gửi bản đăng ký thi đua")


def approve(campaign: Campaign, registration: Registration, unit: Unit, user: User) -> None:
    if registration.status != PENDING:
        raise RegistrationRefused("Chỉ duyệt được bản đăng ký đang chờ duyệt.")
    registration.status, registration.reviewed_at, registration.reviewed_by_id = APPROVED, utcnow(), user.id
    log(campaign.id, user, f"Duyệt bản đăng ký của {unit.name}")


def return_to_unit(campaign: Campaign, registration: Registration, unit: Unit, user: User, reason: str) -> None:
    if registration.status not in (PENDING, APPROVED):
        raise RegistrationRefused("Chỉ trả lại được bản đăng ký đã gửi.")
    registration.status, registration.return_reason = RETURNED, reason
    registration.reviewed_at, registration.reviewed_by_id = utcnow(), user.id
    # Returned after the deadline, the unit must be able to send it again.
    registration.reopened = True
    log(campaign.id, user, f"Trả lại bản đăng ký của {unit.name}", [["Lý do", "", reason]])


def reopen(campaign: Campaign, registration: Registration, unit: Unit, user: User) -> None:
    """Let one unit send after the deadline (once)."""
    if registration.status not in (NOT_SENT, RETURNED):
        raise RegistrationRefused("Bản đăng ký này đã được gửi; không cần mở lại.")
    registration.reopened = True
    if registration.id is None:
        db.session.add(registration)
    log(campaign.id, user, f"Mở lại hạn đăng ký cho {unit.name}")


# --------------------------------------------------------------------------- the tracker


@dataclass
class TrackerRow:
    unit: Unit
    registration: Optional[Registration]

    @property
    def status(self) -> str:
        return self.registration.status if self.registration else NOT_SENT

    @property
    def status_label(self) -> str:
        return RegistrationStatus(self.status).label


def tracker(campaign: Campaign) -> list[TrackerRow]:
    """Every participating unit with its registration (or none yet): two statements."""
    units = db.session.scalars(
        select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
        .where(campaign_unit.c.campaign_id == campaign.id).order_by(Unit.sort_order, Unit.name)
    ).all()
    registrations = {r.unit_id: r for r in db.session.scalars(
        select(Registration).options(joinedload(Registration.submitted_by))
        .where(Registration.campaign_id == campaign.id))}
    return [TrackerRow(unit, registrations.get(unit.id)) for unit in units]


def commitments_for(campaign_id: int, criterion_ids: list[int]) -> dict[int, list[tuple[Unit, str, str]]]:
    """Per criterion, each unit's commitment and its registration's status: what a department in
    charge of those criteria reads together. Only what was sent and not returned (a returned one is
    being rewritten). One statement."""
    if not criterion_ids:
        return {}
    rows = db.session.execute(
        select(RegistrationItem.criterion_id, Unit, RegistrationItem.commitment, Registration.status)
        .join(Registration, Registration.id == RegistrationItem.registration_id)
        .join(Unit, Unit.id == Registration.unit_id)
        .where(Registration.campaign_id == campaign_id, RegistrationItem.criterion_id.in_(criterion_ids),
               Registration.status.in_((PENDING, APPROVED)), RegistrationItem.commitment != "")
        .order_by(Unit.sort_order, Unit.name)
    ).all()
    out: dict[int, list[tuple[Unit, str, str]]] = {}
    for criterion_id, unit, commitment, status in rows:
        out.setdefault(criterion_id, []).append((unit, commitment, RegistrationStatus(status).label))
    return out
