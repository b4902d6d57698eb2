"""The award council's reviews of a wave: who may score what and when, independence, points,
the statistics against a hand computation, the shortlist order, the decision within quotas, and
the number of SQL statements of the queue and the shortlist."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Nomination, Review, ReviewCriterion, ReviewScore, db
from models.base import utcnow
from tests.wave_factories import at_top, days, make_nomination, make_wave, make_work
from webapp import reviews as service


@pytest.fixture()
def world():
    return make_wave()


def criteria(world, subject="collective"):
    return db.session.scalars(select(ReviewCriterion).where(ReviewCriterion.campaign_id == world["campaign"].id,
                                                            ReviewCriterion.subject == subject)
                              .order_by(ReviewCriterion.position)).all()


def top_nomination(world, unit=None, name=None, subject="collective", status="forwarded", **fields):
    unit = unit or world["commune_a"]
    nomination = make_nomination(world, unit=unit, subject=subject, nominee_name=name or unit.name, **fields)
    return at_top(world, nomination, status)


def add_review(world, nomination, user, points, submitted=True, subject="collective"):
    """A review stored directly (for statistics and statement counts)."""
    review = Review(nomination_id=nomination.id, reviewer_id=user.id, comment="",
                    submitted_at=utcnow() if submitted else None)
    db.session.add(review)
    db.session.flush()
    for criterion, value in zip(criteria(world, subject), points):
        db.session.add(ReviewScore(review_id=review.id, criterion_id=criterion.id, points=Decimal(str(value))))
    db.session.commit()
    return review


def form_data(world, values, subject="collective", comment=""):
    data = {f"c{c.id}": v for c, v in zip(criteria(world, subject), values)}
    data["comment"] = comment
    return data


def url(world, nomination, suffix=""):
    return f"/waves/{world['campaign'].id}/reviews/{nomination.id}{suffix}"


# --------------------------------------------------------------------------- who may review


def test_queue_lists_what_reached_the_top_and_the_users_own_state(world, login_as):
    forwarded = top_nomination(world, name="Chi hội ấp Bắc")
    decided = top_nomination(world, unit=world["commune_b"], name="Chi hội Hiển Khánh", status="failed")
    draft = make_nomination(world, nominee_name="Hồ sơ nháp ở xã")  # not sent: not in the queue
    at_district = make_nomination(world, nominee_name="Đang ở huyện", status="sent", holder=world["district"])
    add_review(world, forwarded, world["reviewer"], [8, 7, 9])
    page = login_as(world["reviewer"]).get(f"/waves/{world['campaign'].id}/reviews")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert forwarded.nominee_name in html and decided.nominee_name in html
    assert draft.nominee_name not in html and at_district.nominee_name not in html
    row = html[html.index(f'id="queue-{forwarded.id}"'):]
    assert "Đã chấm" in row[:row.index("</tr>")]
    other = html[html.index(f'id="queue-{decided.id}"'):]
    assert "Chưa chấm" in other[:other.index("</tr>")]
    todo = login_as(world["reviewer"]).get(f"/waves/{world['campaign'].id}/reviews?state=todo").get_data(as_text=True)
    assert forwarded.nominee_name not in todo
    done = login_as(world["reviewer"]).get(f"/waves/{world['campaign'].id}/reviews?state=done").get_data(as_text=True)
    assert forwarded.nominee_name in done and decided.nominee_name not in done
    individual = login_as(world["reviewer"]).get(
        f"/waves/{world['campaign'].id}/reviews?subject=individual").get_data(as_text=True)
    assert forwarded.nominee_name not in individual


@pytest.mark.parametrize("who", ["officer_a", "district_officer", "member"])
def test_only_the_council_and_admins_see_reviews(world, login_as, who):
    nomination = top_nomination(world)
    client = login_as(world[who])
    cid = world["campaign"].id
    assert client.get(f"/waves/{cid}/reviews").status_code == 403
    assert client.get(f"/waves/{cid}/reviews/shortlist").status_code == 403
    assert client.get(url(world, nomination)).status_code == 403
    assert client.post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 403


def test_a_nomination_not_at_the_top_is_not_reviewable(world, login_as):
    at_district = make_nomination(world, status="sent", holder=world["district"])
    assert login_as(world["reviewer"]).get(url(world, at_district)).status_code == 404


def test_reviewer_of_the_proposing_unit_gets_403(world, login_as):
    nomination = top_nomination(world)
    world["reviewer"].unit_id = world["commune_a"].id
    db.session.commit()
    client = login_as(world["reviewer"])
    assert client.get(url(world, nomination)).status_code == 403
    assert client.post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 403
    assert db.session.scalar(select(Review)) is None
    queue = client.get(f"/waves/{world['campaign'].id}/reviews").get_data(as_text=True)
    assert "Hồ sơ đơn vị mình" in queue
    assert url(world, nomination) not in queue


def test_reviewer_of_the_works_unit_gets_403(world, login_as):
    work = make_work(world, unit=world["commune_b"])
    nomination = top_nomination(world, unit=world["district"], work=work)
    world["reviewer"].unit_id = world["commune_b"].id
    db.session.commit()
    client = login_as(world["reviewer"])
    assert client.get(url(world, nomination)).status_code == 403
    assert client.post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 403


def test_before_the_review_window_a_reviewer_is_refused_with_the_dates(login_as):
    world = make_wave(review_from=days(3), review_to=days(30))
    nomination = top_nomination(world)
    client = login_as(world["reviewer"])
    page = client.get(url(world, nomination)).get_data(as_text=True)
    assert f"Chưa đến thời gian chấm hồ sơ (từ {days(3):%d/%m/%Y} đến {days(30):%d/%m/%Y})" in page
    assert f'name="c{criteria(world)[0].id}"' not in page  # no inputs
    response = client.post(url(world, nomination), data=form_data(world, [5, 5, 5]))
    assert response.status_code == 409
    assert f"từ {days(3):%d/%m/%Y}" in response.get_data(as_text=True)
    assert db.session.scalar(select(Review)) is None
    htmx = client.post(url(world, nomination), data=form_data(world, [5, 5, 5]), headers={"HX-Request": "true"})
    assert htmx.status_code == 409 and "data-error-message" in htmx.get_data(as_text=True)


def test_after_the_review_window_a_reviewer_is_refused_but_an_admin_may_score(login_as):
    world = make_wave(review_from=days(-20), review_to=days(-1))
    nomination = top_nomination(world)
    response = login_as(world["reviewer"]).post(url(world, nomination), data=form_data(world, [5, 5, 5]))
    assert response.status_code == 409
    assert f"Đã hết thời gian chấm hồ sơ (hạn cuối {days(-1):%d/%m/%Y})" in response.get_data(as_text=True)
    assert login_as(world["admin"]).post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 303
    assert db.session.scalar(select(Review)).reviewer_id == world["admin"].id


def test_a_closed_wave_refuses_admins_too(login_as):
    world = make_wave(status="closed")
    nomination = top_nomination(world)
    response = login_as(world["admin"]).post(url(world, nomination), data=form_data(world, [5, 5, 5]))
    assert response.status_code == 409
    assert "Đợt thi đua đã kết thúc" in response.get_data(as_text=True)


def test_a_decided_nomination_is_read_only(world, login_as):
    nomination = top_nomination(world, status="failed")
    client = login_as(world["reviewer"])
    assert "Hồ sơ đã có quyết định" in client.get(url(world, nomination)).get_data(as_text=True)
    assert client.post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 409


# --------------------------------------------------------------------------- scoring


def test_points_are_validated_next_to_the_field_and_kept(world, login_as):
    nomination = top_nomination(world)
    client = login_as(world["reviewer"])
    first, second, third = criteria(world)
    response = client.post(url(world, nomination), data=form_data(world, ["11", "7,3", "abc"]))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Điểm không được vượt quá 10" in html
    assert html.count("Điểm không hợp lệ: nhập số không âm, bước 0,25") == 2
    for typed in ('value="11"', 'value="7,3"', 'value="abc"'):
        assert typed in html
    assert db.session.scalar(select(Review)) is None
    negative = client.post(url(world, nomination), data=form_data(world, ["-1", "5", "5"]))
    assert negative.status_code == 422


def test_saving_upserts_and_submits_when_complete(world, login_as):
    nomination = top_nomination(world)
    client = login_as(world["reviewer"])
    first, second, third = criteria(world)
    assert client.post(url(world, nomination), data=form_data(world, ["7,5", "8", ""], comment="Tốt")).status_code == 303
    review = db.session.scalar(select(Review))
    assert review.submitted_at is None and review.comment == "Tốt"
    scores = dict(db.session.execute(select(ReviewScore.criterion_id, ReviewScore.points)).all())
    assert scores == {first.id: Decimal("7.5"), second.id: Decimal("8")}
    assert "Phiếu nháp" in client.get(url(world, nomination)).get_data(as_text=True)
    response = client.post(url(world, nomination), data=form_data(world, ["7.25", "8", "9,75"]),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Đã nộp phiếu chấm." in response.get_data(as_text=True)
    db.session.expire_all()
    reviews = db.session.scalars(select(Review)).all()
    assert len(reviews) == 1 and reviews[0].submitted_at is not None
    scores = dict(db.session.execute(select(ReviewScore.criterion_id, ReviewScore.points)).all())
    assert scores == {first.id: Decimal("7.25"), second.id: Decimal("8"), third.id: Decimal("9.75")}
    # 7,25/10×30 + 8/10×30 + 9,75/10×40 = 21,75 + 24 + 39 = 84,75
    assert "84,75/100" in response.get_data(as_text=True)


def test_others_scores_stay_hidden_until_one_has_submitted(world, login_as):
    nomination = top_nomination(world)
    add_review(world, nomination, world["reviewer_2"], [6, "7.5", 8])  # 18 + 22,5 + 32 = 72,5
    client = login_as(world["reviewer"])
    before = client.get(url(world, nomination)).get_data(as_text=True)
    assert "72,5" not in before and world["reviewer_2"].full_name not in before
    assert "Trung bình hội đồng" not in before and "Trung vị" not in before
    assert "chỉ hiện sau khi bạn nộp phiếu" in before
    # A draft is not enough.
    client.post(url(world, nomination), data=form_data(world, ["8", "", ""]))
    draft = client.get(url(world, nomination)).get_data(as_text=True)
    assert "72,5" not in draft and world["reviewer_2"].full_name not in draft
    # Neither the shortlist gives it away.
    shortlist = client.get(f"/waves/{world['campaign'].id}/reviews/shortlist").get_data(as_text=True)
    assert nomination.nominee_name not in shortlist and "72,5" not in shortlist
    after = client.post(url(world, nomination), data=form_data(world, [8, 7, 9]), follow_redirects=True)
    html = after.get_data(as_text=True)
    assert world["reviewer_2"].full_name in html and "72,5" in html and "81" in html
    assert "Trung vị" in html
    admin = login_as(world["admin"]).get(url(world, nomination)).get_data(as_text=True)
    assert "72,5" in admin and "81" in admin


# --------------------------------------------------------------------------- statistics


def test_statistics_against_a_hand_computation(world, login_as):
    nomination = top_nomination(world)
    add_review(world, nomination, world["reviewer"], [8, 7, 9])          # 24 + 21 + 36 = 81
    add_review(world, nomination, world["reviewer_2"], [6, "7.5", 8])    # 18 + 22,5 + 32 = 72,5
    add_review(world, nomination, world["admin"], [9, 9, 10])            # 27 + 27 + 40 = 94
    add_review(world, nomination, world["member"], [1, 1, 1], submitted=False)  # a draft: not counted
    stats = service.review_totals([nomination.id])[nomination.id]
    assert sorted(t.shown for t in stats.totals) == [Decimal("72.50"), Decimal("81.00"), Decimal("94.00")]
    assert stats.count == 3
    assert stats.mean == Decimal("82.50")  # 247,5 / 3
    assert stats.median == Decimal("81.00")
    assert stats.spread == Decimal("21.50")  # 94 − 72,5
    assert stats.stdev == Decimal("8.84")  # √((1,5² + 10² + 11,5²) / 3) = √78,17 ≈ 8,84
    averages = service.criterion_averages(nomination.id)
    first, second, third = criteria(world)
    assert averages[first.id] == (Decimal("7.67"), 3)   # (8 + 6 + 9) / 3
    assert averages[second.id] == (Decimal("7.83"), 3)  # (7 + 7,5 + 9) / 3
    assert averages[third.id] == (Decimal("9.00"), 3)
    html = login_as(world["admin"]).get(url(world, nomination)).get_data(as_text=True)
    for text in ("82,5", "72,5", "94", "21,5", "7,67", "7,83", "1 phiếu đang chấm dở"):
        assert text in html


def test_median_of_an_even_number_of_reviews_and_weights_not_in_tens(world):
    nomination = top_nomination(world)
    for user, values in ((world["reviewer"], [10, 10, 10]), (world["reviewer_2"], [5, 5, 5]),
                         (world["admin"], [7, 7, 7]), (world["member"], [3, 3, 3])):
        add_review(world, nomination, user, values)
    stats = service.review_totals([nomination.id])[nomination.id]
    assert stats.median == Decimal("60.00")  # (50 + 70) / 2
    # Whole numbers must not be divided as integers on SQLite: 7/10×33 = 23,1.
    first = criteria(world)[0]
    first.weight = Decimal(33)
    db.session.commit()
    assert service.weighted_total({first.id: Decimal(7)}, [first]) == Decimal("23.1")
    totals = service.review_totals([nomination.id])[nomination.id]
    assert any(t.shown == Decimal("72.10") for t in totals.totals)  # 7s: 23,1 + 21 + 28


# --------------------------------------------------------------------------- shortlist


def test_shortlist_sorted_by_mean_then_count_then_name(world, login_as):
    a = top_nomination(world, name="Chi hội B", status="selected")
    b = top_nomination(world, unit=world["commune_b"], name="Chi hội C")
    c = top_nomination(world, unit=world["commune_c"], name="Chi hội A")
    d = top_nomination(world, name="Chi hội chưa chấm")
    e = top_nomination(world, unit=world["commune_b"], name="Chi hội Đ")
    add_review(world, a, world["reviewer"], [8, 8, 8])            # 80
    add_review(world, a, world["reviewer_2"], [8, 8, 8])          # 80 — mean 80, 2 reviews
    add_review(world, b, world["reviewer"], [9, 9, 9])            # 90
    add_review(world, c, world["reviewer"], [8, 8, 8])            # 80, 1 review
    add_review(world, e, world["reviewer"], [8, 8, 8])            # 80, 1 review: after "Chi hội A"
    html = login_as(world["admin"]).get(f"/waves/{world['campaign'].id}/reviews/shortlist").get_data(as_text=True)
    order = [int(x) for x in re.findall(r'id="short-(\d+)"', html)]
    assert order == [b.id, a.id, c.id, e.id, d.id]
    assert "Bằng khen (0/1)" in html
    individual = login_as(world["admin"]).get(
        f"/waves/{world['campaign'].id}/reviews/shortlist?subject=individual").get_data(as_text=True)
    assert 'id="short-' not in individual
    # A reviewer sees only the nominations they have submitted a review of.
    mine = login_as(world["reviewer_2"]).get(f"/waves/{world['campaign'].id}/reviews/shortlist").get_data(as_text=True)
    assert [int(x) for x in re.findall(r'id="short-(\d+)"', mine)] == [a.id]
    assert "decision-inline" not in mine


# --------------------------------------------------------------------------- decision


def decision_url(world, nomination):
    return f"/waves/{world['campaign'].id}/nominations/{nomination.id}/decision"


def test_only_admins_decide(world, login_as):
    nomination = top_nomination(world)
    for who in ("reviewer", "officer_a", "member"):
        response = login_as(world[who]).post(decision_url(world, nomination),
                                             data={"award": str(world["merit"].id)})
        assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == "forwarded"


def test_decision_within_the_quota_and_refused_beyond_it(world, login_as):
    first = top_nomination(world, name="Chi hội B")
    second = top_nomination(world, unit=world["commune_b"], name="Chi hội C")
    client = login_as(world["admin"])
    done = client.post(decision_url(world, first), data={"award": str(world["merit"].id), "number": "45/QĐ-HPN",
                                                         "decided_on": "08/03/2022"})
    assert done.status_code == 303
    db.session.expire_all()
    decided = db.session.get(Nomination, first.id)
    assert (decided.status, decided.award_id, decided.decision_number) == ("passed", world["merit"].id, "45/QĐ-HPN")
    assert decided.decision_date.strftime("%d/%m/%Y") == "08/03/2022"
    refused = client.post(decision_url(world, second), data={"award": str(world["merit"].id), "number": "46/QĐ-HPN",
                                                             "decided_on": "08/03/2022"})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "“Bằng khen” đã đủ chỉ tiêu (1)" in html
    assert 'value="46/QĐ-HPN"' in html and 'value="08/03/2022"' in html
    db.session.expire_all()
    assert db.session.get(Nomination, second.id).status == "forwarded"
    # "Không đạt" is always possible; a bad date is refused next to the field.
    bad = client.post(decision_url(world, second), data={"award": "none", "decided_on": "31/02/2022"})
    assert bad.status_code == 422
    assert client.post(decision_url(world, second), data={"award": "none"}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Nomination, second.id).status == "failed"


def test_inline_decision_on_the_shortlist_swaps_the_row_and_the_counters(world, login_as, htmx_headers):
    first = top_nomination(world, name="Chi hội B")
    second = top_nomination(world, unit=world["commune_b"], name="Chi hội C")
    client = login_as(world["admin"])
    response = client.post(decision_url(world, first), headers=htmx_headers,
                           data={"award": str(world["merit"].id), "source": "shortlist", "position": "1"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith(f'\n<tr id="short-{first.id}"') or html.lstrip().startswith(f'<tr id="short-{first.id}"')
    assert 'id="award-counters"' in html and 'hx-swap-oob="true"' in html
    assert re.search(r"Bằng khen</span>\s*<span class=\"pstat-value\"><strong>1</strong><span class=\"muted\"> / 1", html)
    refused = client.post(decision_url(world, second), headers=htmx_headers,
                          data={"award": str(world["merit"].id), "source": "shortlist", "number": "7/QĐ"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert f'id="short-{second.id}"' in text and "đã đủ chỉ tiêu" in text and 'value="7/QĐ"' in text
    assert "<details class=\"decision-inline\" open>" in text


def test_review_page_shows_the_decision_form_to_admins_only(world, login_as):
    nomination = top_nomination(world)
    assert "Quyết định khen thưởng" in login_as(world["admin"]).get(url(world, nomination)).get_data(as_text=True)
    assert "Quyết định khen thưởng" not in login_as(world["reviewer"]).get(url(world, nomination)).get_data(as_text=True)


# --------------------------------------------------------------------------- statements


def _many(world, n):
    units = [world["commune_a"], world["commune_b"], world["commune_c"]]
    made = []
    for i in range(n):
        work = make_work(world, unit=units[i % 3], title=f"Công trình số {i}")
        nomination = top_nomination(world, unit=units[i % 3], name=f"Hồ sơ {i:03d}", work=work)
        add_review(world, nomination, world["reviewer"], [i % 10, 5, 7])
        add_review(world, nomination, world["reviewer_2"], [6, 6, 6])
        made.append(nomination)
    return made


@pytest.mark.parametrize("page", ["reviews", "reviews/shortlist"])
def test_constant_statements_for_1_3_and_50_nominations(world, login_as, count_queries, page):
    counts = []
    made = 0
    client = login_as(world["admin"])
    for n in (1, 3, 50):
        _many(world, n - made)
        made = n
        with count_queries() as counter:
            response = client.get(f"/waves/{world['campaign'].id}/{page}")
        assert response.status_code == 200
        assert response.get_data(as_text=True).count("Hồ sơ 0") >= 1
        counts.append(counter.count)
    assert counts[0] == counts[1] == counts[2], counts
    with count_queries() as counter:
        client.get(f"/waves/{world['campaign'].id}/{page}", headers={"HX-Request": "true"})
    assert counter.count <= counts[0]


def test_reviewer_queue_and_shortlist_constant_too(world, login_as, count_queries):
    _many(world, 3)
    client = login_as(world["reviewer"])
    with count_queries() as small:
        client.get(f"/waves/{world['campaign'].id}/reviews/shortlist")
    _many_more = _many(world, 20)
    assert _many_more
    with count_queries() as large:
        response = client.get(f"/waves/{world['campaign'].id}/reviews/shortlist")
    assert large.count == small.count
    assert response.get_data(as_text=True).count('id="short-') == 23


def test_window_ends_are_inclusive(login_as):
    world = make_wave(review_from=days(0), review_to=days(0))
    nomination = top_nomination(world)
    assert login_as(world["reviewer"]).post(url(world, nomination), data=form_data(world, [5, 5, 5])).status_code == 303

