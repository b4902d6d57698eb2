"""Login attempts and the temporary locks they lead to (per account and per client address).

They live in the database, not in a worker's memory, so that every gunicorn worker sees the same
counts, on SQLite and PostgreSQL alike. webapp/security.py holds the rules.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import UTCDateTime, db
from models.organisation import enum_check

USERNAME_KEY_LENGTH = 150
ADDRESS_LENGTH = 64


class LockKind(str, enum.Enum):
    ACCOUNT = "account"
    ADDRESS = "address"


class LoginAttempt(db.Model):
    """One try at /login. `username` is folded (lower case, no accents) and kept whether or not such
    an account exists: unknown names are counted like real ones, so a lock says nothing about them."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_at", "username", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(USERNAME_KEY_LENGTH))
    address: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    success: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<LoginAttempt {self.username}@{self.address} {'ok' if self.success else 'failed'}>"


class LoginLock(db.Model):
    """The lock state of one account name or one address.

    `locked_until` is both the end of the current (or last) lock and the point from which failures
    count again, so that an expired or lifted lock starts from a clean slate. `strikes` is how many
    locks followed one another, which doubles an account's next lock.
    """

    __tablename__ = "login_lock"
    __table_args__ = (
        CheckConstraint(enum_check("kind", LockKind), name="kind"),
        UniqueConstraint("kind", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(USERNAME_KEY_LENGTH))
    locked_until: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    strikes: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<LoginLock {self.kind} {self.key} until {self.locked_until:%Y-%m-%d %H:%M}>"
