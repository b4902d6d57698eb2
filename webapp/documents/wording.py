"""What an invitation letter says: chosen once from the event and the organisation settings.

The PDF and the HTML preview both print from these objects, so they cannot say different things.
Rich text is a list of (text, bold) runs, never markup, so that nothing a user typed can become
markup on the way to reportlab or the browser.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.text import fold, nfc
from webapp.dates import date_line, date_vn, local, weekday_vn

Run = tuple[str, bool]          # (text, bold)
Paragraph = list[Run]

# The gap in "Số:      /GM-HLHPN" where the office writes the number in by hand; non-breaking
# spaces, because both HTML and reportlab paragraphs collapse ordinary ones.
NUMBER_BLANK = "\u00a0" * 8

HONORIFICS = {"female": "Bà", "male": "Ông"}
DEFAULT_HONORIFIC = "Đồng chí"

KIND_NOUNS = {
    "conference": "hội nghị", "ceremony": "buổi lễ", "workshop": "hội thảo",
    "meeting": "cuộc họp", "other": "chương trình",
}


@dataclass(frozen=True)
class Addressee:
    honorific: str      # Bà, Ông or Đồng chí
    name: str
    details: str        # position and unit, printed under the name
    checkin_url: str    # what the QR code encodes


@dataclass(frozen=True)
class Letter:
    parent_body: str
    issuing_body: str
    number: str
    date_line: str
    event_title: str
    kind_noun: str
    time_text: str
    venue_text: str
    intro: str          # as the office typed it; empty means the default sentence
    closing: str
    signing_authority: str
    signer_title: str
    signer_name: str
    document_type: str = "GIẤY MỜI"

    def intro_paragraphs(self, honorific: str) -> list[Paragraph]:
        if self.intro:
            return _typed_paragraphs(self.intro)
        return [[(f"Trân trọng kính mời {honorific} tới dự ", False), (self.event_title, True), (".", False)]]

    def closing_paragraphs(self, honorific: str) -> list[Paragraph]:
        if self.closing:
            return _typed_paragraphs(self.closing)
        return [[(f"Sự có mặt của {honorific} góp phần vào thành công của {self.kind_noun}./.", False)]]

    def detail_lines(self) -> list[Paragraph]:
        """The "- Thời gian: …" and "- Địa điểm: …" lines."""
        lines = [[("- Thời gian: ", True), (self.time_text + ".", False)]]
        if self.venue_text:
            lines.append([("- Địa điểm: ", True), (self.venue_text + ".", False)])
        return lines

    @property
    def recipients(self) -> list[str]:
        return ["- Như trên;", "- Lưu: VT."]


def _typed_paragraphs(text: str) -> list[Paragraph]:
    return [[(line.strip(), False)] for line in nfc(text).splitlines() if line.strip()]


def compose_letter(event, settings, on: date) -> Letter:
    """The letter for `event`: its own invitation_* wording where set, the organisation's otherwise."""
    def pick(own: str, default: str) -> str:
        return nfc((own or "").strip() or (default or "").strip())

    return Letter(
        parent_body=nfc(settings.parent_body).upper(),
        issuing_body=nfc(settings.union_name).upper(),
        number=number_line(event.invitation_number, settings.document_code),
        date_line=date_line(nfc(settings.place_name).strip(), on),
        event_title=nfc(event.title),
        kind_noun=KIND_NOUNS.get(event.kind, "chương trình"),
        time_text=time_text(event),
        venue_text=venue_text(event),
        intro=nfc(event.invitation_intro or "").strip(),
        closing=nfc(event.invitation_closing or "").strip(),
        signing_authority=pick(event.invitation_signing_authority, settings.signing_authority).upper(),
        signer_title=pick(event.invitation_signer_title, settings.signer_title).upper(),
        signer_name=pick(event.invitation_signer_name, settings.signer_name),
    )


def number_line(number: str | None, code: str | None) -> str:
    """"Số:      /GM-HLHPN" with the blank for the office; a typed "12" becomes "Số: 12/GM-HLHPN"."""
    code = nfc(code or "").strip()
    suffix = f"/GM-{code}" if code else "/GM"
    number = nfc(number or "").strip()
    if fold(number).startswith("so:"):
        number = number[3:].strip()
    if not number:
        return f"Số:{NUMBER_BLANK}{suffix}"
    return f"Số: {number}" if "/" in number else f"Số: {number}{suffix}"


def _clock(moment) -> str:
    return f"{moment:%H} giờ {moment:%M}"


def _day(moment) -> str:
    return f"{weekday_vn(moment)}, ngày {date_vn(moment)}"


def time_text(event) -> str:
    """"08 giờ 00, Thứ Sáu, ngày 03/01/2025", with the end when the event has one."""
    start = local(event.starts_at)
    end = local(event.ends_at) if event.ends_at else None
    if event.all_day:
        if end and end.date() != start.date():
            return f"Từ {_day(start)} đến {_day(end)}"
        return _day(start)
    if end and end.date() == start.date() and end != start:
        return f"Từ {_clock(start)} đến {_clock(end)}, {_day(start)}"
    if end and end.date() != start.date():
        return f"Từ {_clock(start)}, {_day(start)} đến {_clock(end)}, {_day(end)}"
    return f"{_clock(start)}, {_day(start)}"


def venue_text(event) -> str:
    name = nfc(event.venue_name or "").strip()
    address = nfc(event.venue_address or "").strip()
    if name and address:
        return f"{name} ({address})"
    return name or address


def addressee_for(participant, checkin_url: str) -> Addressee:
    title = nfc(participant.title or "").strip()
    unit = nfc(participant.unit_name or "").strip()
    # A position often names its unit already: "Phó Chủ tịch Hội LHPN quận Ba Đình".
    details = title if unit and fold(unit) in fold(title) else ", ".join(part for part in (title, unit) if part)
    return Addressee(
        honorific=HONORIFICS.get(participant.gender or "", DEFAULT_HONORIFIC),
        name=nfc(participant.full_name).strip(),
        details=details,
        checkin_url=checkin_url,
    )
