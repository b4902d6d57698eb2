"""Property-based tests (hypothesis): for any text, the parsers and a few forms answer without an
error, keep Vietnamese in NFC and never let markup through. Derandomised, so a run is repeatable:
a failure found once is found again on the next run and in CI."""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from models import Department, db
from tests import factories
from views.forms.events import MAX_YEAR, MIN_YEAR, parse_date_vn
from webapp.plans import recognise
from webapp.plans.text import lines_of
from webapp.targets import QuantityError, parse_quantity

PLANS = sorted((Path(__file__).resolve().parent / "fixtures" / "plans").rglob("*.txt"))
SETTINGS = settings(derandomize=True, max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# Vietnamese letters in both forms, markup, digits and the separators plans and forms use.
ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 .,;:/-–()“”\"'<>&=+*\n\t")
                           + ["\u0301", "\u0300", "\u0323", "\u0303", "\u0309", "Hội", "điểm", "ngày", "trước"])
VIETNAMESE_TEXT = st.lists(ALPHABET, max_size=300).map("".join)


@SETTINGS
@given(VIETNAMESE_TEXT)
def test_recognise_never_raises_and_gives_nfc_json(text):
    data = recognise(text).to_dict()
    dumped = json.dumps(data, ensure_ascii=False)
    assert unicodedata.is_normalized("NFC", dumped)


@SETTINGS
@given(st.sampled_from(PLANS), st.integers(min_value=0, max_value=400), VIETNAMESE_TEXT)
def test_a_real_plan_with_noise_inserted_still_reads(path, where, noise):
    lines = path.read_text(encoding="utf-8").splitlines()
    position = where % (len(lines) + 1)
    text = "\n".join(lines[:position] + [noise] + lines[position:])
    draft = recognise(text)
    assert draft.to_dict()["version"] == 1


@SETTINGS
@given(VIETNAMESE_TEXT)
def test_lines_are_nfc_and_never_empty(text):
    for line in lines_of(text):
        assert line.text and line.text == line.text.strip() and unicodedata.is_normalized("NFC", line.text)


@SETTINGS
@given(st.one_of(VIETNAMESE_TEXT, st.dates().map(lambda d: d.strftime("%d/%m/%Y"))))
def test_a_typed_date_is_a_date_in_range_or_a_clear_refusal(text):
    try:
        value = parse_date_vn(text)
    except ValueError as error:
        assert str(error).startswith(("Ngày", "Năm"))
    else:
        assert isinstance(value, date) and MIN_YEAR <= value.year <= MAX_YEAR


@SETTINGS
@given(VIETNAMESE_TEXT)
def test_a_typed_quantity_is_a_number_or_a_clear_refusal(text):
    try:
        value = parse_quantity(text)
    except QuantityError as error:
        assert str(error)  # the message shown next to the field
    else:
        assert value is None or (value == value and value >= 0)  # a Decimal, never NaN or negative


@SETTINGS
@given(name=VIETNAMESE_TEXT, short=VIETNAMESE_TEXT, description=VIETNAMESE_TEXT)
def test_a_department_form_never_fails_and_never_stores_markup_unescaped(login_as, name, short, description):
    client = login_as(_admin())
    before = db.session.scalar(select(func.count()).select_from(Department))
    response = client.post("/org/departments", data={"name": name, "short_name": short, "description": description,
                                                      "sort_order": "0"}, headers={"HX-Request": "true"})
    assert response.status_code < 500
    html = response.get_data(as_text=True)
    if re.search(r"<[A-Za-z/]", name):  # what would be a tag must come back escaped
        assert name not in html
    after = db.session.scalar(select(func.count()).select_from(Department))
    if response.status_code >= 400:
        assert after == before  # a refused form writes nothing
    page = client.get("/org/departments").get_data(as_text=True)
    assert "<script" not in page.lower().replace('<script src="/static/', "").replace("<script src='/static/", "")


def _admin():
    from models import User
    found = db.session.scalar(select(User).where(User.username == "prop-admin"))
    return found or factories.make_user(role="admin", username="prop-admin")
