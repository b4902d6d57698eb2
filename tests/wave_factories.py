"""A special wave to test with, shaped like the seed plan: a province (the organiser) above a
district above two communes, plus a second district with one commune; the wave with its two
categories, its two award forms (certificate ×3, Bằng khen ×1 — small quotas to reach them), the
review criteria for collectives and individuals, and one user per role and level."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from models import (
    Award, Campaign, Nomination, ReviewCriterion, Wave, Work, WorkCategory, db,
)
from tests import factories
from webapp import waves as service
from webapp.campaigns import add_units
from webapp.dates import now_local

COLLECTIVE_CRITERIA = [("Cách thức tổ chức thực hiện", 30), ("Phạm vi, tính chất, quy mô", 30),
                       ("Hiệu quả của công trình, phần việc, hoạt động", 40)]
INDIVIDUAL_CRITERIA = [("Tích cực, tiên phong, có hành động thiết thực, nổi trội", 50),
                       ("Nhân tố mới, cách làm hay, ý tưởng sáng tạo", 30),
                       ("Được cấp ủy, chính quyền, cơ quan ghi nhận", 20)]


def make_wave(**fields) -> dict:
    today = now_local().date()
    province = factories.make_unit("Hội LHPN tỉnh Nam Định", kind="city")
    district = factories.make_unit("Hội LHPN huyện Vụ Bản", province, kind="district")
    commune_a = factories.make_unit("Hội LHPN xã Liên Minh", district, kind="commune")
    commune_b = factories.make_unit("Hội LHPN xã Hiển Khánh", district, kind="commune")
    other_district = factories.make_unit("Hội LHPN huyện Ý Yên", province, kind="district")
    commune_c = factories.make_unit("Hội LHPN xã Yên Tiến", other_district, kind="commune")
    campaign = Campaign(name="130 công trình, phần việc vượt khó, sáng tạo, hiệu quả", kind="special",
                        status=fields.pop("status", "registering"), organiser_unit_id=province.id,
                        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=60),
                        standard_points=Decimal(0), bonus_points=Decimal(0))
    db.session.add(campaign)
    db.session.flush()
    wave = Wave(campaign_id=campaign.id, goal=fields.pop("goal", 130), works_by=today + timedelta(days=10),
                nominate_from=today - timedelta(days=5), nominate_to=today + timedelta(days=20),
                review_from=today - timedelta(days=5), review_to=today + timedelta(days=40),
                commend_on=today + timedelta(days=50), min_collective=1, min_individual=1)
    for key, value in fields.items():
        setattr(wave, key, value)
    db.session.add(wave)
    social = WorkCategory(campaign_id=campaign.id, name="Triệu phần quà san sẻ yêu thương", position=0)
    rural = WorkCategory(campaign_id=campaign.id, name="Phụ nữ xây dựng nông thôn mới nâng cao, kiểu mẫu", position=1)
    certificate = Award(campaign_id=campaign.id, name="Giấy chứng nhận vinh danh", quota=3, position=1)
    merit = Award(campaign_id=campaign.id, name="Bằng khen", quota=1, position=0)
    db.session.add_all([social, rural, certificate, merit])
    for subject, criteria in (("collective", COLLECTIVE_CRITERIA), ("individual", INDIVIDUAL_CRITERIA)):
        for position, (text, weight) in enumerate(criteria):
            db.session.add(ReviewCriterion(campaign_id=campaign.id, subject=subject, text=text,
                                           weight=Decimal(weight), max_points=Decimal(10), position=position))
    db.session.commit()
    add_units(campaign.id, [district.id, commune_a.id, commune_b.id, other_district.id, commune_c.id])
    db.session.commit()
    return {
        "campaign": campaign, "wave": wave, "province": province, "district": district, "commune_a": commune_a,
        "commune_b": commune_b, "other_district": other_district, "commune_c": commune_c,
        "social": social, "rural": rural, "certificate": certificate, "merit": merit,
        "admin": factories.make_user(role="admin", username="vanphong", full_name="Nguyễn Thị Thu Hà"),
        "district_officer": factories.make_user(role="unit_officer", username="vuban", unit=district),
        "officer_a": factories.make_user(role="unit_officer", username="lienminh", unit=commune_a),
        "officer_b": factories.make_user(role="unit_officer", username="hienkhanh", unit=commune_b),
        "other_officer": factories.make_user(role="unit_officer", username="yentien", unit=commune_c),
        "reviewer": factories.make_user(role="reviewer", username="hoidong", full_name="Hoàng Thị Mai Phương"),
        "reviewer_2": factories.make_user(role="reviewer", username="hoidong2", full_name="Trần Thị Hạnh"),
        "member": factories.make_user(role="department_member", username="tuyengiao"),
    }


def make_work(world: dict, unit=None, title: str = "Mái ấm tình thương cho hội viên nghèo", category=None,
              **fields) -> Work:
    unit = unit or world["commune_a"]
    work = Work(campaign_id=world["campaign"].id, unit_id=unit.id, category_id=(category or world["social"]).id,
                title=title, owner_kind=fields.pop("owner_kind", "collective"), person_name=fields.pop("person_name", ""),
                person_position=fields.pop("person_position", ""), description=fields.pop("description", ""),
                women=fields.pop("women", 0), children=fields.pop("children", 0),
                status=fields.pop("status", "registered"), **fields)
    work.refresh_search_key()
    db.session.add(work)
    db.session.commit()
    return work


def make_nomination(world: dict, unit=None, subject: str = "collective", work: Work | None = None,
                    status: str = "not_sent", holder=None, **fields) -> Nomination:
    unit = unit or world["commune_a"]
    nomination = Nomination(
        campaign_id=world["campaign"].id, unit_id=unit.id, holder_unit_id=(holder or unit).id, subject=subject,
        work_id=work.id if work else None, nominee_name=fields.pop("nominee_name", unit.name),
        nominee_position=fields.pop("nominee_position", ""),
        report_profile=fields.pop("report_profile", "Xã có 1.200 hội viên, 12 chi hội."),
        report_achievements=fields.pop("report_achievements", "Hỗ trợ xây 2 mái ấm, trao 300 phần quà."),
        report_awards=fields.pop("report_awards", ""), status=status, return_reason=fields.pop("return_reason", ""),
        **fields)
    db.session.add(nomination)
    db.session.flush()
    service.record_created(nomination, world["admin"])
    db.session.commit()
    return nomination


def at_top(world: dict, nomination: Nomination, status: str = "forwarded") -> Nomination:
    """Put a nomination at the province, as if forwarded by its district."""
    nomination.status, nomination.holder_unit_id = status, world["province"].id
    db.session.commit()
    return nomination


def days(n: int) -> date:
    return now_local().date() + timedelta(days=n)
