"""Small factories: each builds a valid object with sensible defaults and commits it."""
from __future__ import annotations

import itertools

from models import Cluster, Department, Unit, User, db

_seq = itertools.count(1)


def _save(obj):
    db.session.add(obj)
    db.session.commit()
    return obj


def make_unit(name: str | None = None, parent: Unit | None = None, kind: str | None = None,
              cluster: Cluster | None = None, short_name: str = "") -> Unit:
    kind = kind or ("city" if parent is None else "district")
    return _save(Unit(name=name or f"Hội LHPN đơn vị {next(_seq)}", short_name=short_name, kind=kind,
                      parent_id=parent.id if parent else None, cluster_id=cluster.id if cluster else None,
                      sort_order=0))


def make_cluster(name: str | None = None, leader: Unit | None = None, deputy: Unit | None = None) -> Cluster:
    return _save(Cluster(name=name or f"Cụm thi đua {next(_seq)}", description="", sort_order=0,
                         leader_unit_id=leader.id if leader else None,
                         deputy_unit_id=deputy.id if deputy else None))


def make_department(name: str | None = None, short_name: str = "", secretariat: bool = False) -> Department:
    return _save(Department(name=name or f"Ban {next(_seq)}", short_name=short_name,
                            is_secretariat=secretariat, description="", sort_order=0))


def make_user(role: str = "admin", username: str | None = None, full_name: str | None = None,
              unit: Unit | None = None, department: Department | None = None,
              password: str = "matkhau123", active: bool = True) -> User:
    if role == "department_member" and department is None:
        department = make_department()
    if role == "unit_officer" and unit is None:
        unit = make_unit()
    user = User(username=username or f"user{next(_seq)}", full_name=full_name or "Nguyễn Thị Hoa",
                role=role, unit_id=unit.id if unit else None,
                department_id=department.id if department else None, is_active_account=active)
    user.set_password(password)
    return _save(user)


def make_event(title: str | None = None, starts_at=None, organiser: Unit | None = None, **fields):
    from datetime import datetime, timezone

    from models import Event

    return _save(Event(title=title or f"Hội nghị số {next(_seq)}",
                       starts_at=starts_at or datetime(2025, 1, 3, 1, 0, tzinfo=timezone.utc),
                       organiser_unit_id=organiser.id if organiser else None, **fields))


def make_group(event, name: str | None = None, quota: int | None = None, position: int = 0):
    from models import DelegateGroup

    return _save(DelegateGroup(event_id=event.id, name=name or f"Thành phần {next(_seq)}", quota=quota,
                               position=position))


def make_participant(event, full_name: str | None = None, group=None, status: str = "not_invited",
                     unit_name: str = "", **fields):
    from models import Participant

    return _save(Participant(event_id=event.id, full_name=full_name or f"Nguyễn Thị Hoa {next(_seq)}",
                             group_id=group.id if group else None, status=status, unit_name=unit_name,
                             **fields))


def make_task(title: str | None = None, event=None, lead=None, supports=(), units=(), due_date=None,
              status: str = "todo", **fields):
    from models import Task
    from models.base import utcnow

    task = Task(title=title or f"Nhiệm vụ số {next(_seq)}", event_id=event.id if event else None,
                lead_department_id=lead.id if lead else None, due_date=due_date, status=status,
                completed_at=utcnow() if status == "done" else None, details="", priority="normal",
                position=fields.pop("position", 0), **fields)
    task.support_departments = list(supports)
    task.units = list(units)
    return _save(task)
