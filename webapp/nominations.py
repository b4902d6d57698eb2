"""Nominations of a special wave (đề nghị khen thưởng): who may read and change which, the lists each
level sees (its own nominations, the inbox of what its units sent up, the secretariat's filtered
list), the history, the attachments, and the minimums each grassroots unit is expected to send.

The steps of a nomination's way (send, return, select, forward) are in `webapp.waves`; this module
reads and keeps the rest. No Flask request in here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased, joinedload

from models import (
    Attachment, Campaign, Nomination, NominationFile, NominationStatus, NominationStep, Role, Subject, Unit, User,
    Wave, Work, db,
)
from models.campaign import campaign_unit
from webapp import waves
from webapp.campaigns import participant_ids

EDITABLE = waves.EDITABLE  # not sent, or returned: the proposing unit's own business
INBOX = (waves.SENT, waves.FORWARDED, waves.SELECTED)  # at the level that holds it, to be dealt with
MAX_FILES = 10  # attachments on one nomination
MAX_SECTION = 20000  # characters in one section of the report
PER_PAGE = 50

READERS = (Role.ADMIN.value, Role.DEPARTMENT_MEMBER.value, Role.REVIEWER.value)


def is_admin(user: User) -> bool:
    return user.role == Role.ADMIN.value


def officer_unit(user: User) -> Optional[int]:
    return user.unit_id if user.role == Role.UNIT_OFFICER.value else None


# --------------------------------------------------------------------------- who may do what


def step_unit_ids(nomination_id: int) -> set[int]:
    """Every level the nomination has been at, from its steps."""
    rows = db.session.execute(select(NominationStep.from_unit_id, NominationStep.to_unit_id)
                              .where(NominationStep.nomination_id == nomination_id)).all()
    return {unit_id for row in rows for unit_id in row if unit_id is not None}


def may_read(user: User, nomination: Nomination, reached: set[int] | None = None) -> bool:
    """The proposing unit reads its own nominations whatever their status. Once sent, the levels it
    has reached (the holder and every unit in its steps), the secretariat, the departments and the
    award council read it too. A draft, or a nomination returned for mending, is the proposing
    unit's alone (and the secretariat's, which may help any unit)."""
    if is_admin(user):
        return True
    own = officer_unit(user)
    if own is not None and own == nomination.unit_id:
        return True
    if nomination.status in EDITABLE:
        return False
    if user.role in READERS:
        return True
    if own is None:
        return False
    if own == nomination.holder_unit_id:
        return True
    return own in (reached if reached is not None else step_unit_ids(nomination.id))


def may_propose(user: User, campaign: Campaign, unit_id: int, participants: set[int] | None = None) -> bool:
    """Nominate for `unit_id`: its own officer, or the secretariat, for a unit taking part."""
    if campaign.status == "closed":
        return False
    participants = participant_ids(campaign.id) if participants is None else participants
    if unit_id not in participants:
        return False
    return is_admin(user) or officer_unit(user) == unit_id


def may_edit(user: User, campaign: Campaign, nomination: Nomination) -> bool:
    """Change the report and the attachments, or send: the proposing unit (or the secretariat)
    while the nomination is a draft or has come back, and the wave is not closed."""
    if nomination.status not in EDITABLE or campaign.status == "closed":
        return False
    return is_admin(user) or officer_unit(user) == nomination.unit_id


def may_send(user: User, nomination: Nomination) -> bool:
    return is_admin(user) or officer_unit(user) == nomination.unit_id


def may_act(user: User, campaign: Campaign, nomination: Nomination) -> bool:
    """Select, forward or return: the level holding it, once it has been sent there."""
    return nomination.status in INBOX and waves.acts_for(user, nomination.holder_unit_id, campaign)


# --------------------------------------------------------------------------- reading


def _loaded(query):
    return query.options(joinedload(Nomination.unit), joinedload(Nomination.holder), joinedload(Nomination.work))


def get(campaign_id: int, nomination_id: int) -> Optional[Nomination]:
    return db.session.scalar(_loaded(select(Nomination)).options(joinedload(Nomination.award))
                             .where(Nomination.id == nomination_id, Nomination.campaign_id == campaign_id))


def _order(query):
    return query.order_by(Nomination.updated_at.desc(), Nomination.id.desc())


def own(campaign_id: int, unit_id: int) -> list[Nomination]:
    """The unit's own nominations, whatever their status, the latest change first."""
    return list(db.session.scalars(_order(_loaded(select(Nomination)).where(
        Nomination.campaign_id == campaign_id, Nomination.unit_id == unit_id))))


def inbox(campaign_id: int, unit_id: int) -> list[Nomination]:
    """What the units below sent up to `unit_id` and it has not yet passed on or sent back."""
    return list(db.session.scalars(_loaded(select(Nomination)).where(
        Nomination.campaign_id == campaign_id, Nomination.holder_unit_id == unit_id,
        Nomination.status.in_(INBOX)).order_by(Nomination.updated_at, Nomination.id)))


def passed_on(campaign_id: int, unit_id: int) -> list[Nomination]:
    """What this level has forwarded and no longer holds: a district follows what it sent up."""
    forwarded_here = exists().where(NominationStep.nomination_id == Nomination.id,
                                    NominationStep.from_unit_id == unit_id, NominationStep.status == waves.FORWARDED)
    return list(db.session.scalars(_order(_loaded(select(Nomination)).where(
        Nomination.campaign_id == campaign_id, Nomination.holder_unit_id != unit_id, forwarded_here))))


def inbox_count(campaign_id: int, unit_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Nomination).where(
        Nomination.campaign_id == campaign_id, Nomination.holder_unit_id == unit_id,
        Nomination.status.in_(INBOX)))


@dataclass
class Filters:
    status: str = ""
    unit_id: Optional[int] = None
    subject: str = ""
    top_only: bool = False  # departments and the council: only what has reached the top level

    def params(self) -> dict:
        values = {"status": self.status, "unit": self.unit_id, "subject": self.subject}
        return {key: value for key, value in values.items() if value}

    @classmethod
    def from_args(cls, args) -> "Filters":
        status = args.get("status", "")
        subject = args.get("subject", "")
        unit = args.get("unit", "")
        return cls(status=status if status in {s.value for s in NominationStatus} else "",
                   subject=subject if subject in {s.value for s in Subject} else "",
                   unit_id=int(unit) if unit.isdigit() else None)


@dataclass
class Page:
    items: list[Nomination]
    total: int
    number: int
    pages: int
    per_page: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def page(campaign: Campaign, filters: Filters, number: int = 1, per_page: int | None = None) -> Page:
    """The filtered list, one page of it, and the count per status (of the list without the status
    filter) — two statements whatever the number of rows."""
    per_page = per_page or PER_PAGE
    conditions = [Nomination.campaign_id == campaign.id]
    if filters.top_only:
        conditions += [Nomination.holder_unit_id == waves.top_unit_id(campaign),
                       Nomination.status.not_in(EDITABLE)]
    if filters.unit_id is not None:
        conditions.append(Nomination.unit_id == filters.unit_id)
    if filters.subject:
        conditions.append(Nomination.subject == filters.subject)
    counts = dict(db.session.execute(select(Nomination.status, func.count()).where(*conditions)
                                     .group_by(Nomination.status)).all())
    if filters.status:
        conditions.append(Nomination.status == filters.status)
    total = counts.get(filters.status, 0) if filters.status else sum(counts.values())
    pages = max(1, -(-total // per_page))
    number = min(max(number, 1), pages)
    items = list(db.session.scalars(_loaded(select(Nomination)).where(*conditions)
                                    .order_by(Nomination.updated_at.desc(), Nomination.id.desc())
                                    .offset((number - 1) * per_page).limit(per_page)))
    return Page(items=items, total=total, number=number, pages=pages, per_page=per_page, counts=counts)


def participating_units(campaign_id: int) -> list[Unit]:
    return list(db.session.scalars(select(Unit).join(campaign_unit, campaign_unit.c.unit_id == Unit.id)
                                   .where(campaign_unit.c.campaign_id == campaign_id)
                                   .order_by(Unit.sort_order, Unit.name)))


def works_of(campaign_id: int, unit_id: int) -> list[Work]:
    return list(db.session.scalars(select(Work).where(Work.campaign_id == campaign_id, Work.unit_id == unit_id)
                                   .order_by(Work.title, Work.id)))


def files_of(nomination_id: int) -> list[NominationFile]:
    return list(db.session.scalars(select(NominationFile).options(joinedload(NominationFile.attachment))
                                   .where(NominationFile.nomination_id == nomination_id)
                                   .order_by(NominationFile.id)))


def history(nomination_id: int) -> list[NominationStep]:
    """Each step in order, with who did it and the levels it went from and to."""
    return list(db.session.scalars(select(NominationStep).options(
        joinedload(NominationStep.user), joinedload(NominationStep.from_unit), joinedload(NominationStep.to_unit))
        .where(NominationStep.nomination_id == nomination_id).order_by(NominationStep.at, NominationStep.id)))


# --------------------------------------------------------------------------- writing


@dataclass
class Fields:
    subject: str
    work_id: Optional[int]
    for_result: str
    nominee_name: str
    nominee_position: str
    report_profile: str
    report_achievements: str
    report_awards: str


def apply(nomination: Nomination, values: Fields, unit: Unit) -> None:
    """Set what the form gave; a collective with no name given is the unit itself, and an individual
    has no position only when none is given."""
    nomination.subject = values.subject
    nomination.work_id = values.work_id
    nomination.for_result = values.for_result
    nomination.nominee_name = values.nominee_name or (unit.name if values.subject == Subject.COLLECTIVE.value else "")
    nomination.nominee_position = values.nominee_position if values.subject == Subject.INDIVIDUAL.value else ""
    nomination.report_profile = values.report_profile
    nomination.report_achievements = values.report_achievements
    nomination.report_awards = values.report_awards


def create(campaign: Campaign, unit: Unit, values: Fields, user: User) -> Nomination:
    nomination = Nomination(campaign_id=campaign.id, unit_id=unit.id, holder_unit_id=unit.id,
                            status=waves.NOT_SENT, created_by_id=user.id)
    apply(nomination, values, unit)
    db.session.add(nomination)
    db.session.flush()
    waves.record_created(nomination, user)
    return nomination


def attach(nomination: Nomination, attachments: list[Attachment]) -> None:
    for attachment in attachments:
        db.session.add(attachment)
        db.session.flush()
        db.session.add(NominationFile(nomination_id=nomination.id, attachment_id=attachment.id))


def detach(nomination: Nomination, file_ids: set[int]) -> list[Attachment]:
    """Remove those files of this nomination; the caller removes the stored files after the commit."""
    removed = []
    for item in files_of(nomination.id):
        if item.id in file_ids:
            removed.append(item.attachment)
            db.session.delete(item)
            db.session.delete(item.attachment)
    return removed


def delete(nomination: Nomination) -> list[Attachment]:
    """A draft never sent goes away with its files; returns the attachments whose files to remove."""
    if nomination.status != waves.NOT_SENT:
        raise waves.WaveRefused("Chỉ xóa được hồ sơ chưa gửi.")
    removed = [item.attachment for item in files_of(nomination.id)]
    for attachment in removed:
        db.session.delete(attachment)
    db.session.delete(nomination)
    return removed


# --------------------------------------------------------------------------- minimums


def minimum_settings(campaign: Campaign) -> tuple[int, int]:
    wave = db.session.get(Wave, campaign.id)
    if wave is None:
        return 1, 1
    return wave.min_collective or 0, wave.min_individual or 0


@dataclass
class MinimumRow:
    unit: Unit
    collective: int
    individual: int
    min_collective: int
    min_individual: int

    @property
    def short_collective(self) -> bool:
        return self.collective < self.min_collective

    @property
    def short_individual(self) -> bool:
        return self.individual < self.min_individual

    @property
    def short(self) -> bool:
        return self.short_collective or self.short_individual


COUNTED = (waves.SENT, waves.SELECTED, waves.FORWARDED, waves.PASSED, waves.FAILED)


def minimums(campaign: Campaign, within: set[int] | None = None) -> list[MinimumRow]:
    """The grassroots units (taking part, with no unit beneath them taking part) and how many
    collective and individual nominations each has sent: counted once sent, whatever came of them
    since, but not while returned for mending. `within` limits the units (a district: its own).
    Two statements."""
    min_collective, min_individual = minimum_settings(campaign)
    child, taking_part = aliased(Unit), campaign_unit.alias("child_part")
    has_child = exists(select(child.id).join(taking_part, taking_part.c.unit_id == child.id).where(
        child.parent_id == Unit.id, taking_part.c.campaign_id == campaign.id))
    query = (select(Unit).join(campaign_unit, and_(campaign_unit.c.unit_id == Unit.id,
                                                   campaign_unit.c.campaign_id == campaign.id))
             .where(~has_child).order_by(Unit.sort_order, Unit.name))
    if within is not None:
        query = query.where(Unit.id.in_(within))
    units = list(db.session.scalars(query))
    if not units:
        return []
    counts: dict[tuple[int, str], int] = {}
    count_query = (select(Nomination.unit_id, Nomination.subject, func.count())
                   .where(Nomination.campaign_id == campaign.id, Nomination.status.in_(COUNTED))
                   .group_by(Nomination.unit_id, Nomination.subject))
    if within is not None:
        count_query = count_query.where(Nomination.unit_id.in_(within))
    for unit_id, subject, count in db.session.execute(count_query):
        counts[(unit_id, subject)] = count
    return [MinimumRow(unit, counts.get((unit.id, "collective"), 0), counts.get((unit.id, "individual"), 0),
                       min_collective, min_individual) for unit in units]
