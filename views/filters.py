"""Jinja filters: Vietnamese dates and times in Asia/Ho_Chi_Minh, numbers with dot separators."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.text import vietnamese_key
from webapp.campaigns import points_text
from webapp.dates import WEEKDAYS


def register_filters(app) -> None:
    zone = ZoneInfo(app.config["TIMEZONE"])

    def local(value: datetime) -> datetime:
        return value.astimezone(zone) if value.tzinfo else value

    @app.template_filter("date_vn")
    def date_vn(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = local(value)
        return value.strftime("%d/%m/%Y")

    @app.template_filter("datetime_vn")
    def datetime_vn(value: datetime | None) -> str:
        if value is None:
            return ""
        return local(value).strftime("%H:%M %d/%m/%Y")

    @app.template_filter("time_vn")
    def time_vn(value) -> str:
        """HH:MM, 24 h, in Hà Nội time for a datetime; a programme's bare time as it is."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = local(value)
        return value.strftime("%H:%M")

    @app.template_filter("weekday_vn")
    def weekday_vn(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = local(value)
        return WEEKDAYS[value.weekday()]

    @app.template_filter("number_vn")
    def number_vn(value) -> str:
        if value is None:
            return ""
        return f"{value:,}".replace(",", ".")

    @app.template_filter("points")
    def points(value, signed: bool = False) -> str:
        """Points the Vietnamese way: "5", "2,5", "0,25"; with a sign when a difference."""
        if value is None:
            return ""
        text = points_text(abs(value) if signed else value)
        return ("+" if value > 0 else "−" if value < 0 else "") + text if signed else text

    @app.template_filter("quantity")
    def quantity(value) -> str:
        """A target's figure: "45", "40.000.000", "12,5"."""
        from webapp.targets import quantity_text
        return quantity_text(value)

    @app.template_filter("sort_vn")
    def sort_vn(items, attribute: str):
        """Sort in Vietnamese alphabetical order (Jinja's sort puts "Đ" after "Z")."""
        return sorted(items, key=lambda item: vietnamese_key(getattr(item, attribute)))
