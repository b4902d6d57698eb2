"""Cloning an event into next year's: what is copied, what is reset, how times move, and that the
work is done in a fixed number of statements."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy import func, select

from models import BudgetLine, DelegateGroup, Event, Participant, ProgramItem, db
from tests import factories
from tests.test_events import snapshot
from webapp.dates import to_utc
from webapp.events import clone_event, next_year_title, same_day_next_year

TITLE = "Hội nghị tổng kết công tác Hội năm 2024, phát động phong trào thi đua năm 2025"
PROGRAMME = ["Văn nghệ chào mừng", "Tuyên bố lý do, giới thiệu đại biểu",
             "Phóng sự “Dấu ấn hoạt động Hội LHPN thành phố Hà Nội năm 2024”",
             "Phát động phong trào thi đua kỷ niệm các ngày lễ lớn năm 2025", "Hưởng ứng thi đua",
             "Lãnh đạo cấp trên phát biểu chỉ đạo", "Khen thưởng", "Tặng quà cho phụ nữ có hoàn cảnh khó khăn",
             "Kết thúc chương trình"]
GROUPS = [("Thường trực Đoàn Chủ tịch Trung ương Hội LHPN Việt Nam", 10), ("Thường trực Thành ủy, HĐND, UBND", 6),
          ("Lãnh đạo ban Tuyên giáo, ban Dân vận Thành ủy", 4), ("Lãnh đạo MTTQ, các tổ chức CT-XH", 10),
          ("Ủy viên BCH Hội LHPN Thành phố", 70), ("Hội LHPN quận, huyện, đơn vị trực thuộc", 100),
          ("Tập thể, cá nhân được khen thưởng", 90), ("Phóng viên báo chí, truyền hình", 10)]
BUDGET = [("Ngân sách cấp cho hoạt động Hội LHPN Hà Nội", 150_000_000), ("Hội phí trích lại cấp Thành phố", None),
          ("Nguồn xã hội hóa", 50_000_000)]


def model_conference(people_per_group: int = 1) -> Event:
    """The seed plan's conference: 03/01/2025 08:00–11:30, 300 delegates in 8 groups, 9 lines."""
    city = factories.make_unit("Hội LHPN thành phố Hà Nội")
    department = factories.make_department("Văn phòng", secretariat=True)
    event = factories.make_event(
        TITLE, starts_at=to_utc(date(2025, 1, 3), time(8, 0)), organiser=city, kind="conference",
        status="held", ends_at=to_utc(date(2025, 1, 3), time(11, 30)), venue_name="Hội trường 1A, Hội LHPN Hà Nội",
        venue_address="Số 7 phố Tôn Thất Thuyết, phường Dịch Vọng Hậu, quận Cầu Giấy", expected_attendance=300,
        purpose="Đánh giá kết quả năm 2024.\nPhát động thi đua năm 2025.", requirements="Trang trọng, thiết thực.",
        invitation_number="05/GM-HPN", invitation_signer_title="CHỦ TỊCH", invitation_signer_name="Lê Kim Anh")
    db.session.add_all(ProgramItem(event_id=event.id, position=i, title=t, presenter="MC" if i == 0 else "",
                                   start_time=time(8, i * 5) if i < 3 else None,
                                   department_id=department.id if i in (0, 2) else None)
                       for i, t in enumerate(PROGRAMME))
    db.session.add_all(BudgetLine(event_id=event.id, position=i, source=s, amount=a, note="")
                       for i, (s, a) in enumerate(BUDGET))
    groups = [DelegateGroup(event_id=event.id, position=i, name=n, quota=q) for i, (n, q) in enumerate(GROUPS)]
    db.session.add_all(groups)
    db.session.flush()
    for g, group in enumerate(groups):
        for n in range(people_per_group):
            db.session.add(Participant(
                event_id=event.id, group_id=group.id, full_name=f"Nguyễn Thị Hoa {g}-{n}", gender="female",
                title="Chủ tịch", unit_id=city.id, unit_name=city.name, phone="0912345678", email="hoa@example.vn",
                note="Ngồi hàng đầu", status="confirmed", checked_in_at=datetime(2025, 1, 3, 1, 0, tzinfo=timezone.utc),
                gift_recipient=True, gift_value=1_000_000, award="Bằng khen của UBND Thành phố"))
    db.session.commit()
    return event


def _count(model, event_id) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(model.event_id == event_id))


@pytest.mark.parametrize("title,expected", [
    (TITLE, "Hội nghị tổng kết công tác Hội năm 2025, phát động phong trào thi đua năm 2026"),
    ("Lễ kỷ niệm 95 năm Ngày thành lập Hội (20/10/1930 - 20/10/2025)",
     "Lễ kỷ niệm 95 năm Ngày thành lập Hội (20/10/1931 - 20/10/2026)"),
    ("Hội nghị 1000 đại biểu", "Hội nghị 1000 đại biểu"),
    ("Họp giao ban", "Họp giao ban"),
])
def test_next_year_title(title, expected):
    assert next_year_title(title) == expected


def test_same_day_next_year():
    assert same_day_next_year(date(2025, 1, 3)) == date(2026, 1, 3)
    assert same_day_next_year(date(2024, 2, 29)) == date(2025, 2, 28)


def test_model_conference_clones_into_next_years():
    source = model_conference()
    user = factories.make_user(role="admin", username="vanphong")
    clone = clone_event(source, next_year_title(source.title), to_utc(date(2026, 1, 5)), created_by=user)
    db.session.commit()
    db.session.expire_all()
    clone = db.session.get(Event, clone.id)
    assert clone.title == "Hội nghị tổng kết công tác Hội năm 2025, phát động phong trào thi đua năm 2026"
    assert clone.status == "draft" and clone.created_by_id == user.id
    # 03/01/2025 → 05/01/2026 is 367 days; 08:00–11:30 in Hà Nội stays 08:00–11:30.
    assert clone.starts_at == to_utc(date(2026, 1, 5), time(8, 0))
    assert clone.ends_at == to_utc(date(2026, 1, 5), time(11, 30))
    for name in ("kind", "venue_name", "venue_address", "expected_attendance", "organiser_unit_id", "purpose",
                 "requirements", "invitation_number", "invitation_signer_title", "invitation_signer_name", "all_day"):
        assert getattr(clone, name) == getattr(source, name), name
    items = db.session.scalars(select(ProgramItem).where(ProgramItem.event_id == clone.id).order_by(ProgramItem.position)).all()
    assert [(i.position, i.title) for i in items] == list(enumerate(PROGRAMME))
    assert items[1].start_time == time(8, 5) and items[0].presenter == "MC" and items[2].department_id is not None
    groups = db.session.scalars(select(DelegateGroup).where(DelegateGroup.event_id == clone.id).order_by(DelegateGroup.position)).all()
    assert [(g.name, g.quota) for g in groups] == GROUPS and sum(g.quota for g in groups) == 300
    lines = db.session.scalars(select(BudgetLine).where(BudgetLine.event_id == clone.id).order_by(BudgetLine.position)).all()
    assert [(l.source, l.amount) for l in lines] == BUDGET
    assert _count(Participant, clone.id) == 0
    # The source is untouched.
    assert _count(ProgramItem, source.id) == 9 and _count(DelegateGroup, source.id) == 8
    assert _count(Participant, source.id) == 8 and db.session.get(Event, source.id).status == "held"


def test_clone_with_participants_drops_their_answers():
    source = model_conference(people_per_group=2)
    clone = clone_event(source, "Năm sau", to_utc(date(2026, 1, 3)), with_participants=True)
    db.session.commit()
    old = db.session.scalars(select(Participant).where(Participant.event_id == source.id).order_by(Participant.id)).all()
    new = db.session.scalars(select(Participant).where(Participant.event_id == clone.id).order_by(Participant.id)).all()
    assert len(new) == len(old) == 16
    new_groups = {g.id: g.name for g in db.session.scalars(select(DelegateGroup).where(DelegateGroup.event_id == clone.id))}
    old_groups = {g.id: g.name for g in db.session.scalars(select(DelegateGroup).where(DelegateGroup.event_id == source.id))}
    for before, after in zip(old, new):
        assert (after.full_name, after.title, after.unit_id, after.unit_name, after.phone, after.email, after.gender) == \
               (before.full_name, before.title, before.unit_id, before.unit_name, before.phone, before.email, before.gender)
        assert new_groups[after.group_id] == old_groups[before.group_id]  # the new event's own group
        assert after.status == "not_invited" and after.checked_in_at is None and after.checked_in_by_id is None
        assert after.gift_recipient is False and after.gift_value is None and after.award == ""
        assert after.token and after.token != before.token
        assert after.search_key == before.search_key and after.sort_key == before.sort_key
    assert before.status == "confirmed" and before.award  # the source keeps its answers


def test_clone_takes_the_same_statements_whatever_the_size(count_queries):
    from tests.conftest import _empty_tables

    counts = []
    for size in (1, 25):
        source = model_conference(people_per_group=size)
        db.session.expire_all()
        source = db.session.get(Event, source.id)
        with count_queries() as counter:
            clone_event(source, "Năm sau", to_utc(date(2026, 1, 3)), with_participants=True)
            db.session.commit()
        counts.append(counter.count)
        assert _count(Participant, db.session.scalar(select(func.max(Event.id)))) == 8 * size
        _empty_tables()
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12, counts


# --------------------------------------------------------------------------- the page


def test_clone_page_defaults_and_creates(admin):
    source = model_conference()
    page = admin.get(f"/events/{source.id}/clone").get_data(as_text=True)
    assert 'value="Hội nghị tổng kết công tác Hội năm 2025, phát động phong trào thi đua năm 2026"' in page
    assert 'value="03/01/2026"' in page and "9 nội dung chương trình, 8 thành phần đại biểu" in page
    assert 'name="with_participants" type="checkbox" value="y">' in page  # off by default
    response = admin.post(f"/events/{source.id}/clone", data={"title": "Hội nghị tổng kết năm 2025",
                                                              "start_date": "09/01/2026"})
    clone = db.session.scalar(select(Event).where(Event.title == "Hội nghị tổng kết năm 2025"))
    assert response.status_code == 303 and response.headers["Location"] == f"/events/{clone.id}"
    assert clone.starts_at == to_utc(date(2026, 1, 9), time(8, 0)) and clone.status == "draft"
    assert _count(ProgramItem, clone.id) == 9 and _count(Participant, clone.id) == 0
    detail = admin.get(f"/events/{clone.id}").get_data(as_text=True)
    assert "Nháp" in detail and "150.000.000 đ" in detail


def test_clone_page_with_participants_and_errors(admin):
    source = model_conference()
    bad = admin.post(f"/events/{source.id}/clone", data={"title": "Năm sau", "start_date": "31/02/2026",
                                                         "with_participants": "y"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Ngày không hợp lệ (dd/mm/yyyy)." in html
    assert 'value="31/02/2026"' in html and 'value="Năm sau"' in html and "checked" in html
    assert db.session.scalar(select(func.count()).select_from(Event)) == 1
    good = admin.post(f"/events/{source.id}/clone", data={"title": "Năm sau", "start_date": "03/01/2026",
                                                          "with_participants": "y"})
    assert good.status_code == 303
    clone = db.session.scalar(select(Event).where(Event.title == "Năm sau"))
    assert _count(Participant, clone.id) == 8


def test_clone_refused_to_those_who_cannot_manage(member, reviewer, login_as):
    source = model_conference()
    other = factories.make_unit("Hội LHPN quận Đống Đa")
    officer = login_as(factories.make_user(role="unit_officer", username="dongda", unit=other))
    before = snapshot()
    for client in (member, reviewer, officer):
        assert client.get(f"/events/{source.id}/clone").status_code == 403
        assert client.post(f"/events/{source.id}/clone", data={"title": "X", "start_date": "03/01/2026"}).status_code == 403
        assert "Sao chép sang năm sau" not in client.get(f"/events/{source.id}").get_data(as_text=True)
    assert snapshot() == before
