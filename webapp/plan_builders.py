"""The rows a confirmed plan becomes, added to the session by `Builder.build()`; the caller
(webapp.plan_import.save) flushes and commits, or rolls everything back on a BuildError.

A value the database would refuse is caught here first, with a message that names the line of
the preview to correct; rows already added in this transaction are then rolled back with the rest.
This module builds campaigns and waves; webapp.plan_build_event the events and work plans.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from models import Award, Campaign, CampaignKind, CampaignStatus, Criterion, Target, Wave, WorkCategory, db
from models.text import clean, fold
from webapp.campaigns import log as campaign_log
from webapp.plan_build_base import BuildError, WorkPlanResult, cut, points  # noqa: F401 (BuildError: the callers')
from webapp.plan_build_event import EventParts
from webapp.plan_import import Saved
from webapp.plans import draft as shapes
from webapp.targets import MAX_QUANTITY


class Builder(EventParts):
    def build(self) -> Saved:
        kind = self.draft.kind
        if kind in (shapes.CAMPAIGN, shapes.WAVE):
            campaign = self.campaign()
            return Saved("campaign", campaign, self.notes)
        if kind == shapes.EVENT:
            event = self.event()
            return Saved("event", event, self.notes, self.created)
        if kind == shapes.WORK_PLAN:
            return Saved("calendar", self.work_plan(), self.notes)
        raise BuildError("Không nhận ra loại văn bản.")

    # ------------------------------------------------------------------ campaigns

    def campaign(self) -> Campaign:
        part = self.draft.campaign or shapes.Campaign()
        document = self.draft.document
        name = cut(part.name or document.title, 300)
        if not name:
            raise BuildError("chưa có tên phong trào (phần Phong trào thi đua).")
        if part.starts_on and part.ends_on and part.ends_on < part.starts_on:
            raise BuildError("ngày kết thúc của phong trào trước ngày bắt đầu.")
        wave = self.draft.kind == shapes.WAVE
        kind = CampaignKind.SPECIAL if wave else (
            CampaignKind.THEMATIC if "chuyen de" in fold(f"{name} {document.title}") else CampaignKind.ANNUAL)
        basis = [line for citation in self.draft.legal_basis
                 for line in (citation.documents or [citation.text]) if clean(line)]
        campaign = Campaign(
            name=name, kind=kind.value, status=CampaignStatus.DRAFT.value, is_template=False,
            theme=clean(part.theme), slogan="", starts_on=part.starts_on, ends_on=part.ends_on,
            legal_basis="\n".join(clean(line) for line in basis),
            purposes="\n".join(clean(p) for p in part.purposes if clean(p)),
            requirements="\n".join(clean(r) for r in part.requirements if clean(r)),
            register_by=self.due("register"), aggregate_by=self.due("aggregate"),
            results_on=None if wave else self.due("commend"),
            created_by_id=self.user.id if self.user else None, organiser_unit_id=None,
        )
        standard, bonus = self.declared_points(part)
        campaign.standard_points, campaign.bonus_points = standard, bonus
        db.session.add(campaign)
        db.session.flush()
        numbers: dict[str, list[Criterion]] = {}
        self.criteria(campaign, part.criteria, None, numbers, "")
        self.targets(campaign, part.targets, numbers)
        if wave:
            self.wave(campaign, part)
        campaign_log(campaign.id, self.user, "Tạo phong trào từ kế hoạch được nhập")
        return campaign

    def declared_points(self, part: shapes.Campaign) -> tuple[Decimal, Decimal]:
        totals = part.totals
        bonus = points(totals.bonus, "Điểm thưởng")
        standard = points(totals.standard, "Điểm chuẩn")
        total = points(totals.total, "Tổng điểm")
        if standard is None and total is not None:
            standard = max(total - (bonus or 0), Decimal(0))
        if standard is None or bonus is None:
            # Nothing declared: what the table adds up to, so the editor shows no false mismatch.
            sums = {False: Decimal(0), True: Decimal(0)}
            for node in part.criteria:
                sums[node.bonus] += points(node.points, f"Mục {node.number}") or Decimal(0)
            standard = sums[False] if standard is None else standard
            bonus = sums[True] if bonus is None else bonus
        return standard, bonus

    def criteria(self, campaign: Campaign, nodes: list[shapes.Criterion], parent: Optional[Criterion],
                 numbers: dict, path: str) -> None:
        for position, node in enumerate(nodes):
            label = f"{path}{node.number}" if node.number else f"{path}dòng {position + 1}"
            where = f"Mục {label} của bảng điểm"
            text = clean(node.text)
            if not text and not node.number:
                raise BuildError(f"{where} chưa có nội dung.")
            criterion = Criterion(campaign_id=campaign.id, parent_id=parent.id if parent else None, position=position,
                                  number=cut(node.number, 20), text=text or node.number,
                                  max_points=points(node.points, where), is_bonus=node.bonus,
                                  cluster_choice=node.cluster_choice)
            db.session.add(criterion)
            db.session.flush()
            numbers.setdefault(clean(node.number).rstrip("."), []).append((criterion, not node.children))
            self.criteria(campaign, node.children, criterion, numbers, f"{label}.")

    def targets(self, campaign: Campaign, targets: list[shapes.Target], numbers: dict) -> None:
        positions: dict[int, int] = {}
        for target in targets:
            found = numbers.get(clean(target.criterion).rstrip("."), [])
            # Numbers repeat across levels ("1." a group, "1." a criterion): a leaf is the one meant.
            criterion = next((c for c, leaf in found if leaf), found[0][0] if found else None)
            if criterion is None:
                self.notes.append(f"Bỏ qua chỉ tiêu “{cut(target.text, 80)}”: không rõ thuộc tiêu chí nào.")
                continue
            for figure in target.figures or [None]:
                value = None
                if figure is not None:
                    value = Decimal(str(figure.value)).quantize(Decimal("0.01"))
                    if value < 0 or value > MAX_QUANTITY:
                        raise BuildError(f"Chỉ tiêu “{cut(target.text, 60)}”: số liệu {figure.value} không hợp lệ.")
                text = figure.text if figure is not None and figure.text and len(target.figures) > 1 else target.text
                position = positions.get(criterion.id, 0)
                positions[criterion.id] = position + 1
                db.session.add(Target(campaign_id=campaign.id, criterion_id=criterion.id, position=position,
                                      text=cut(text, 500), value=value,
                                      measure=cut(figure.unit, 40) if figure is not None else "", per_unit=False))

    def wave(self, campaign: Campaign, part: shapes.Campaign) -> None:
        review = self.deadline("review")
        goal = re.match(r"\W*(\d{1,6})\s", part.name or "")
        db.session.add(Wave(campaign_id=campaign.id, goal=int(goal.group(1)) if goal and int(goal.group(1)) else None,
                            works_by=self.due("register"),
                            review_from=review.start if review else None, review_to=review.due if review else None,
                            commend_on=self.due("commend"), min_collective=1, min_individual=1))
        seen: set[str] = set()
        for name in part.categories:
            name = cut(name, 500)
            if name and fold(name) not in seen:
                seen.add(fold(name))
                db.session.add(WorkCategory(campaign_id=campaign.id, name=name, position=len(seen) - 1))
        seen = set()
        for award in part.awards:
            name = cut(award.name, 200)
            if not name or fold(name) in seen:
                continue
            if award.quota is not None and award.quota < 0:
                raise BuildError(f"Hình thức khen thưởng “{name}”: số lượng không hợp lệ.")
            seen.add(fold(name))
            db.session.add(Award(campaign_id=campaign.id, name=name, quota=award.quota, position=len(seen) - 1))
