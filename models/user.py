"""Accounts and roles."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from models.base import SearchableMixin, TimestampMixin, UTCDateTime, db
from models.organisation import Department, Unit, enum_check

# The app factory lowers this in tests; production keeps werkzeug's strong default.
PASSWORD_METHOD = {"value": "scrypt"}


class Role(str, enum.Enum):
    ADMIN = "admin"
    DEPARTMENT_MEMBER = "department_member"
    UNIT_OFFICER = "unit_officer"
    REVIEWER = "reviewer"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Quản trị (Văn phòng/Thường trực)",
    Role.DEPARTMENT_MEMBER: "Cán bộ ban",
    Role.UNIT_OFFICER: "Cán bộ đơn vị",
    Role.REVIEWER: "Thành viên Hội đồng TĐKT",
}


class User(UserMixin, SearchableMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"
    __search_fields__ = ("full_name", "username")
    __table_args__ = (
        CheckConstraint(enum_check("role", Role), name="role"),
        CheckConstraint("role <> 'unit_officer' OR unit_id IS NOT NULL", name="officer_has_unit"),
        CheckConstraint(
            "role <> 'department_member' OR department_id IS NOT NULL", name="member_has_department"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(150))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(30))
    department_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("department.id", ondelete="RESTRICT"), index=True
    )
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime())

    department: Mapped[Optional[Department]] = relationship(lazy="raise_on_sql")
    unit: Mapped[Optional[Unit]] = relationship(lazy="raise_on_sql")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.is_active_account

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD["value"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username}>"
