"""Declarative base, the shared `db` object and column types used by every aggregate."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator

from models.text import fold, nfc

# Named constraints let SQLite batch migrations find and drop them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores UTC; always hands back an aware datetime, also on SQLite which drops the offset."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class SearchableMixin:
    """Keeps a folded copy (no accents, lower case) of the searchable fields.

    Searching a folded column with LIKE behaves the same on SQLite and PostgreSQL, which
    neither collations nor `unaccent` would give us on both.
    """

    __search_fields__: tuple[str, ...] = ()
    search_key: Mapped[str] = mapped_column(String(500), default="", index=True)

    def refresh_search_key(self) -> None:
        parts = (getattr(self, name) or "" for name in self.__search_fields__)
        self.search_key = fold(" ".join(parts))


@event.listens_for(Session, "before_flush")
def _normalise_before_flush(session: Session, flush_context, instances) -> None:
    """Every string that reaches the database is NFC, whatever path wrote it (form, CLI, import)."""
    for obj in list(session.new) + list(session.dirty):
        mapper = getattr(obj, "__mapper__", None)
        if mapper is None:
            continue
        for column_attr in mapper.column_attrs:
            value = getattr(obj, column_attr.key, None)
            if isinstance(value, str):
                normalised = nfc(value)
                if normalised != value:
                    setattr(obj, column_attr.key, normalised)
        if isinstance(obj, SearchableMixin):
            obj.refresh_search_key()
