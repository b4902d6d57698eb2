"""Special waves: settings, the levels a nomination climbs, who acts at each level, and the steps of
a nomination's way (send, return, select, forward, decide). No Flask request in here.

The levels come from the unit tree: a nomination goes from the proposing unit to its parent, then to
the parent's parent, up to the wave's organiser (the top level), whatever the depth. At the top, the
secretariat (admins) acts; at any other level, that unit's officers.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import func, select, update

from models import (
    Award, Campaign, Nomination, NominationStatus, NominationStep, Role, Unit, User, Wave, db,
)
from models.base import utcnow
from webapp.dates import date_vn, now_local

NOT_SENT, SENT, RETURNED = NominationStatus.NOT_SENT.value, NominationStatus.SENT.value, NominationStatus.RETURNED.value
SELECTED, FORWARDED = NominationStatus.SELECTED.value, NominationStatus.FORWARDED.value
PASSED, FAILED = NominationStatus.PASSED.value, NominationStatus.FAILED.value
RECEIVED = (SENT, FORWARDED)  # arrived at the level that holds it, not yet looked at
EDITABLE = (NOT_SENT, RETURNED)  # the proposing unit may still change it


class WaveRefused(Exception):
    """The step is not allowed now; the message is for the user, in Vietnamese."""


def is_wave(campaign: Campaign) -> bool:
    return campaign.kind == "special" and not campaign.is_template


def settings(campaign: Campaign, create: bool = False) -> Wave:
    """The wave's settings row; when it has none, unsaved defaults (a read adds nothing), added to
    the session only with `create` (the settings form)."""
    found = db.session.get(Wave, campaign.id)
    if found is None:
        found = Wave(campaign_id=campaign.id, min_collective=1, min_individual=1)
        if create:
            db.session.add(found)
    return found


def today() -> date:
    return now_local().date()


def top_unit_id(campaign: Campaign) -> Optional[int]:
    """The top level: the organiser, else the root of the tree."""
    if campaign.organiser_unit_id is not None:
        return campaign.organiser_unit_id
    return db.session.scalar(select(Unit.id).where(Unit.parent_id.is_(None)).order_by(Unit.sort_order, Unit.id)
                             .limit(1))


def next_level(campaign: Campaign, unit_id: int) -> Optional[int]:
    """Where a nomination held by `unit_id` goes up to: its parent, or the top level if it has
    none; None at the top."""
    top = top_unit_id(campaign)
    if unit_id == top:
        return None
    parent = db.session.scalar(select(Unit.parent_id).where(Unit.id == unit_id))
    return parent if parent is not None else top


def acts_for(user: User, unit_id: int, campaign: Campaign) -> bool:
    """Whether the user acts for the level `unit_id`: admins for the top level (and any level, to
    help), unit officers for their own unit."""
    if user.role == Role.ADMIN.value:
        return True
    return user.role == Role.UNIT_OFFICER.value and user.unit_id == unit_id and unit_id != top_unit_id(campaign)


# --------------------------------------------------------------------------- the way up


def _step(nomination: Nomination, user: User, status: str, from_unit: Optional[int], to_unit: Optional[int],
          note: str = "") -> None:
    db.session.add(NominationStep(nomination_id=nomination.id, at=utcnow(), user_id=user.id, status=status,
                                  from_unit_id=from_unit, to_unit_id=to_unit, note=note))


def record_created(nomination: Nomination, user: User) -> None:
    _step(nomination, user, NOT_SENT, None, nomination.unit_id, "Lập hồ sơ đề nghị")


def _open_for_nominations(campaign: Campaign, wave: Wave, on: date) -> None:
    if campaign.status == "closed":
        raise WaveRefused("Đợt thi đua đã kết thúc: hồ sơ không gửi được nữa.")
    if wave.nominate_from and on < wave.nominate_from:
        raise WaveRefused(f"Chưa đến thời gian gửi hồ sơ đề nghị (từ {date_vn(wave.nominate_from)}).")
    if wave.nominate_to and on > wave.nominate_to:
        raise WaveRefused(f"Đã hết hạn gửi hồ sơ đề nghị ({date_vn(wave.nominate_to)}).")


def send(campaign: Campaign, nomination: Nomination, user: User, on: date | None = None) -> None:
    """The proposing unit sends its draft (or its returned nomination, mended) to the next level."""
    if nomination.status not in EDITABLE:
        raise WaveRefused("Hồ sơ đã được gửi trước đó.")
    _open_for_nominations(campaign, settings(campaign), on or today())
    if not nomination.report_achievements.strip():
        raise WaveRefused("Hồ sơ chưa có phần “II. Thành tích đạt được”: hãy viết báo cáo thành tích trước khi gửi.")
    target = next_level(campaign, nomination.unit_id)
    if target is None:  # the organiser proposes for itself: it is already at the top
        target = nomination.unit_id
    _move(nomination, NOT_SENT if nomination.status == NOT_SENT else RETURNED, SENT, target, user, return_reason="")


def _move(nomination: Nomination, expected: str, status: str, holder: int, user: User, note: str = "",
          **values) -> None:
    """Change status and holder only if nobody else did first: two people at two levels, or a
    double click, must not both succeed. `values` go in the same UPDATE (a return's reason: the
    database refuses a returned nomination without one)."""
    changed = db.session.execute(
        update(Nomination).where(Nomination.id == nomination.id, Nomination.status == expected,
                                 Nomination.holder_unit_id == nomination.holder_unit_id)
        .values(status=status, holder_unit_id=holder, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise WaveRefused("Hồ sơ vừa được người khác xử lý; hãy tải lại trang để xem trạng thái mới.")
    before = nomination.holder_unit_id
    nomination.status, nomination.holder_unit_id = status, holder
    for key, value in values.items():
        setattr(nomination, key, value)
    _step(nomination, user, status, before, holder, note)


def return_to_unit(campaign: Campaign, nomination: Nomination, user: User, reason: str) -> None:
    """The level holding it sends it back to the proposing unit, with the reason."""
    if nomination.status not in RECEIVED + (SELECTED,):
        raise WaveRefused("Chỉ trả lại được hồ sơ đang ở cấp mình.")
    if not reason.strip():
        raise WaveRefused("Vui lòng ghi lý do trả lại để đơn vị biết cần sửa gì.")
    _move(nomination, nomination.status, RETURNED, nomination.unit_id, user, reason, return_reason=reason)


def select_here(campaign: Campaign, nomination: Nomination, user: User) -> None:
    """The level holding it chooses it (to forward, or at the top to review and decide)."""
    if nomination.status not in RECEIVED:
        raise WaveRefused("Chỉ chọn được hồ sơ vừa gửi lên cấp mình.")
    _move(nomination, nomination.status, SELECTED, nomination.holder_unit_id, user)


def forward(campaign: Campaign, nomination: Nomination, user: User) -> None:
    """A chosen nomination goes up to the next level."""
    if nomination.status != SELECTED:
        raise WaveRefused("Hãy chọn hồ sơ trước khi chuyển lên cấp trên.")
    target = next_level(campaign, nomination.holder_unit_id)
    if target is None:
        raise WaveRefused("Hồ sơ đã ở cấp cao nhất của đợt thi đua: không còn cấp trên để chuyển.")
    _move(nomination, SELECTED, FORWARDED, target, user)


def award_counts(campaign_id: int) -> dict[int, int]:
    return dict(db.session.execute(
        select(Nomination.award_id, func.count()).where(Nomination.campaign_id == campaign_id,
                                                        Nomination.award_id.is_not(None))
        .group_by(Nomination.award_id)).all())


def decide(campaign: Campaign, nomination: Nomination, user: User, award: Optional[Award],
           number: str = "", on: Optional[date] = None) -> None:
    """The secretariat's decision at the top level: an award within its quota, or none (Không đạt).

    The quota is checked in the same transaction as the count, with the award's row locked on
    PostgreSQL, so two decisions at once cannot both take the last place."""
    if user.role != Role.ADMIN.value:
        raise WaveRefused("Chỉ Văn phòng quyết định khen thưởng.")
    if nomination.holder_unit_id != top_unit_id(campaign) or nomination.status not in RECEIVED + (SELECTED, PASSED, FAILED):
        raise WaveRefused("Chỉ quyết định được hồ sơ đã lên đến cấp cao nhất của đợt thi đua.")
    before = nomination.award_id
    if award is not None:
        if award.campaign_id != campaign.id:
            raise WaveRefused("Hình thức khen thưởng không thuộc đợt thi đua này.")
        locked = db.session.scalar(select(Award).where(Award.id == award.id).with_for_update())
        if locked.quota is not None and before != award.id:
            used = db.session.scalar(select(func.count()).select_from(Nomination).where(
                Nomination.award_id == award.id, Nomination.id != nomination.id))
            if used >= locked.quota:
                raise WaveRefused(f"“{award.name}” đã đủ chỉ tiêu ({locked.quota}): không xét thêm được. "
                                  "Hãy bỏ một quyết định khác trước, hoặc chọn hình thức khác.")
    status = PASSED if award is not None else FAILED
    note = f"{award.name}" if award else "Không đạt"
    if number:
        note += f" — Quyết định số {number}" + (f" ngày {date_vn(on)}" if on else "")
    previous = nomination.status
    nomination.award_id = award.id if award else None
    nomination.decision_number, nomination.decision_date = number, on
    nomination.decided_at, nomination.decided_by_id = utcnow(), user.id
    nomination.status = status
    _step(nomination, user, status, nomination.holder_unit_id, nomination.holder_unit_id,
          note if previous not in (PASSED, FAILED) else f"Sửa quyết định: {note}")
