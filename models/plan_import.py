"""A plan being imported (/plans/import, `flask import-plan`): the text read, what the recogniser
made of it (the draft as JSON, edited in place on the preview page), how the departments it names
map onto ours, and, once confirmed, what was created from it.

Nothing else is written before the user confirms: the preview lives in this row alone.
`version` is SQLAlchemy's version counter, so two edits of the same preview saved at once cannot
silently overwrite each other's change to the JSON (the loser reads again and reapplies).
"""
from __future__ import annotations

import enum
from typing import Optional

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, db
from models.organisation import enum_check


class PlanImportStatus(str, enum.Enum):
    PREVIEW = "preview"
    SAVED = "saved"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        return PLAN_IMPORT_STATUS_LABELS[self]


PLAN_IMPORT_STATUS_LABELS = {
    PlanImportStatus.PREVIEW: "Đang xem trước",
    PlanImportStatus.SAVED: "Đã tạo bản nháp",
    PlanImportStatus.DISCARDED: "Đã hủy",
}

PLAN_KINDS = ("campaign", "wave", "event", "work_plan", "unknown")
PLAN_KIND_LABELS = {
    "campaign": "Kế hoạch phong trào thi đua",
    "wave": "Kế hoạch đợt thi đua đặc biệt",
    "event": "Kế hoạch tổ chức sự kiện, hội nghị",
    "work_plan": "Chương trình, kế hoạch công tác",
    "unknown": "Chưa nhận ra loại văn bản",
}
# What a confirmed import created: a campaign (also for a wave), an event, or calendar entries.
RESULT_KINDS = ("", "campaign", "event", "calendar")


class PlanImport(TimestampMixin, db.Model):
    __tablename__ = "plan_import"
    __table_args__ = (
        CheckConstraint("kind IN ('campaign', 'wave', 'event', 'work_plan', 'unknown')", name="kind"),
        CheckConstraint(enum_check("status", PlanImportStatus), name="status"),
        CheckConstraint("result_kind IN ('', 'campaign', 'event', 'calendar')", name="result_kind"),
        Index("ix_plan_import_user", "user_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255), default="")  # empty for pasted text
    source_text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    draft: Mapped[dict] = mapped_column(JSON)  # Draft.to_dict(), as edited on the preview
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)  # department as written → id, "new" or "none"
    status: Mapped[str] = mapped_column(String(20), default=PlanImportStatus.PREVIEW.value, index=True)
    result_kind: Mapped[str] = mapped_column(String(20), default="")
    result_id: Mapped[Optional[int]] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    user = relationship("User", lazy="raise_on_sql")

    @property
    def kind_label(self) -> str:
        return PLAN_KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return PlanImportStatus(self.status).label

    @property
    def is_preview(self) -> bool:
        return self.status == PlanImportStatus.PREVIEW.value

    @property
    def title(self) -> str:
        """What the list shows: the campaign's or event's name, else the document's title."""
        draft = self.draft or {}
        for part, key in (("campaign", "name"), ("event", "title")):
            value = (draft.get(part) or {}).get(key)
            if value:
                return value
        return (draft.get("document") or {}).get("title") or self.filename or "Văn bản dán vào"
