"""The Union's organisation: units (a tree of any depth), clusters, departments, settings."""
from __future__ import annotations

import enum
from typing import Optional

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import SearchableMixin, TimestampMixin, db


class UnitKind(str, enum.Enum):
    CITY = "city"
    DISTRICT = "district"
    COMMUNE = "commune"
    AFFILIATED = "affiliated"
    MEMBER_ORG = "member_org"

    @property
    def label(self) -> str:
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS = {
    UnitKind.CITY: "Thành phố/tỉnh",
    UnitKind.DISTRICT: "Quận/huyện/thị xã",
    UnitKind.COMMUNE: "Xã/phường/thị trấn",
    UnitKind.AFFILIATED: "Đơn vị trực thuộc",
    UnitKind.MEMBER_ORG: "Tổ chức thành viên",
}


def enum_check(column: str, enum_cls: type[enum.Enum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in enum_cls)
    return f"{column} IN ({values})"


class Unit(SearchableMixin, TimestampMixin, db.Model):
    """A Union organisation (city, district, commune, affiliated unit, member organisation).

    The tree is an adjacency list with no fixed depth: since 2025 a city Union may have
    communes directly beneath it, while older plans have a district level in between.
    """

    __tablename__ = "unit"
    __search_fields__ = ("name", "short_name")
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        CheckConstraint(enum_check("kind", UnitKind), name="kind"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("unit.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(100), default="")
    cluster_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("cluster.id", ondelete="SET NULL"), index=True
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Optional["Unit"]] = relationship(remote_side=[id], lazy="raise_on_sql")
    cluster: Mapped[Optional["Cluster"]] = relationship(
        foreign_keys=[cluster_id], back_populates="units", lazy="raise_on_sql"
    )

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def __repr__(self) -> str:
        return f"<Unit {self.id} {self.name!r}>"


class Cluster(SearchableMixin, TimestampMixin, db.Model):
    """Cụm/khối thi đua: units that compete together, led by a cụm trưởng and a cụm phó."""

    __tablename__ = "cluster"
    __search_fields__ = ("name",)
    __table_args__ = (
        CheckConstraint(
            "leader_unit_id IS NULL OR deputy_unit_id IS NULL OR leader_unit_id <> deputy_unit_id",
            name="leader_not_deputy",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    leader_unit_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL", use_alter=True)
    )
    deputy_unit_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("unit.id", ondelete="SET NULL", use_alter=True)
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    leader_unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[leader_unit_id], lazy="raise_on_sql")
    deputy_unit: Mapped[Optional[Unit]] = relationship(foreign_keys=[deputy_unit_id], lazy="raise_on_sql")
    units: Mapped[list[Unit]] = relationship(
        foreign_keys=[Unit.cluster_id], back_populates="cluster", lazy="raise_on_sql"
    )


class Department(SearchableMixin, TimestampMixin, db.Model):
    """A department (ban) of the Union office; the secretariat (Văn phòng) is flagged, not named."""

    __tablename__ = "department"
    __search_fields__ = ("name", "short_name")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(50), default="")
    is_secretariat: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class OrgSettings(TimestampMixin, db.Model):
    """One row: what letters and documents print in their header and signature block."""

    __tablename__ = "org_settings"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    parent_body: Mapped[str] = mapped_column(String(200), default="")
    union_name: Mapped[str] = mapped_column(String(200), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")
    signing_authority: Mapped[str] = mapped_column(String(100), default="TM. BAN THƯỜNG VỤ")
    signer_title: Mapped[str] = mapped_column(String(100), default="CHỦ TỊCH")
    signer_name: Mapped[str] = mapped_column(String(100), default="")
    # Printed after the document type in numbers: "Số: 12/GM-HLHPN".
    document_code: Mapped[str] = mapped_column(String(50), default="")

    @classmethod
    def load(cls) -> "OrgSettings":
        """The saved settings, or unsaved defaults: reading never writes."""
        return db.session.get(cls, 1) or cls(
            id=1, parent_body="", union_name="", place_name="",
            signing_authority="TM. BAN THƯỜNG VỤ", signer_title="CHỦ TỊCH", signer_name="",
            document_code="",
        )
