"""Certificates of a special wave (Giấy chứng nhận vinh danh, Bằng khen): one landscape A4 page per
awarded nomination, in one PDF.

Each page: the issuing body (from the organisation settings: "BAN THƯỜNG VỤ" / "HỘI LHPN THÀNH PHỐ
HÀ NỘI"), "TẶNG", the award's name in large capitals, the awardee (a collective's name; an
individual's name, position and unit), what for ("Đã có thành tích …" with the work, within the
wave), the decision ("Quyết định số … ngày dd/mm/yyyy"), the place and date line and the signature
block. The frame, the header and the signature block are the same on every page: they are drawn
once as a PDF form XObject and referenced, as are the award names, so 130 pages stay fast.

Whatever a user typed is escaped before it becomes Paragraph markup.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Optional, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from models.text import nfc
from webapp.dates import date_line, date_vn
from webapp.documents.fonts import FontFamily

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
SIGNATURE_WIDTH = 95 * mm
SIGNATURE_SPACE = 24 * mm
RED = colors.HexColor("#b3141b")
FRAME = colors.HexColor("#9c7a2b")
DECISION_BLANK = "\u00a0" * 3 + "." * 14 + "\u00a0" * 3
CREATOR = "Hội LHPN – quản lý thi đua"


@dataclass(frozen=True)
class Issuer:
    """Who gives the certificates, from the organisation settings."""
    body: str               # "BAN THƯỜNG VỤ" (the collective that signs, without "TM.")
    union_name: str         # "HỘI LHPN THÀNH PHỐ HÀ NỘI"
    place: str              # "Hà Nội"
    signing_authority: str  # "TM. BAN THƯỜNG VỤ"
    signer_title: str       # "CHỦ TỊCH"
    signer_name: str


def issuer_from(settings) -> Issuer:
    authority = nfc(settings.signing_authority or "").strip().upper()
    body = authority[3:].strip() if authority.startswith(("TM.", "KT.", "TL.")) else authority
    return Issuer(body=body, union_name=nfc(settings.union_name or "").strip().upper(),
                  place=nfc(settings.place_name or "").strip(), signing_authority=authority,
                  signer_title=nfc(settings.signer_title or "").strip().upper(),
                  signer_name=nfc(settings.signer_name or "").strip())


@dataclass(frozen=True)
class Certificate:
    award: str
    name: str
    details: list[str]        # an individual's position, unit
    achievement: str          # the work's title, or the result it is for
    for_work: bool
    decision_number: str
    decision_date: Optional[date]
    signed_on: date           # the date line


def certificate_for(nomination, default_day: date) -> Certificate:
    """The certificate of an awarded nomination (award, unit, work loaded)."""
    individual = nomination.subject == "individual"
    name = nfc(nomination.nominee_name or "").strip() or nfc(nomination.unit.name)
    details = []
    if individual:
        details = [nfc(part).strip() for part in (nomination.nominee_position, nomination.unit.name)
                   if part and part.strip()]
    work = nomination.work
    return Certificate(
        award=nfc(nomination.award.name), name=name, details=details,
        achievement=nfc(work.title if work is not None else (nomination.for_result or "")).strip(),
        for_work=work is not None, decision_number=nfc(nomination.decision_number or "").strip(),
        decision_date=nomination.decision_date, signed_on=nomination.decision_date or default_day)


def achievement_markup(certificate: Certificate, wave_name: str) -> str:
    wave = escape(nfc(wave_name).strip())
    text = escape(certificate.achievement)
    if certificate.for_work:
        line = f"Đã có thành tích xuất sắc với công trình, phần việc <b>“{text}”</b>"
    elif text:
        line = f"Đã có thành tích {text}" if text[0].islower() else f"Đã có thành tích: {text}"
    else:
        line = "Đã có thành tích xuất sắc"
    return f"{line}<br/>trong đợt thi đua đặc biệt “{wave}”."


def decision_text(certificate: Certificate) -> str:
    number = certificate.decision_number or DECISION_BLANK
    day = date_vn(certificate.decision_date) if certificate.decision_date else "\u00a0..../..../........"
    return f"Quyết định số {number} ngày {day}"


class _Styles:
    def __init__(self, fonts: FontFamily):
        size = fonts.size + 1
        centre = ParagraphStyle("cert", fontName=fonts.regular, fontSize=size, leading=size * 1.35, alignment=TA_CENTER)
        self.fonts = fonts
        self.head = ParagraphStyle("cert-head", centre, fontName=fonts.bold, fontSize=size, leading=size * 1.3)
        self.give = ParagraphStyle("cert-give", centre, fontName=fonts.bold, fontSize=size + 2,
                                   leading=(size + 2) * 1.3)
        self.award = ParagraphStyle("cert-award", centre, fontName=fonts.bold, fontSize=30, leading=36, textColor=RED)
        self.name = ParagraphStyle("cert-name", centre, fontName=fonts.bold, fontSize=22, leading=27)
        self.details = ParagraphStyle("cert-details", centre, fontSize=size + 1, leading=(size + 1) * 1.35)
        self.body = ParagraphStyle("cert-body", centre, fontSize=size + 2, leading=(size + 2) * 1.4)
        self.decision = ParagraphStyle("cert-decision", centre, fontName=fonts.italic, fontSize=size - 1,
                                       leading=(size - 1) * 1.3)
        self.date = ParagraphStyle("cert-date", centre, fontName=fonts.italic)
        self.sign = ParagraphStyle("cert-sign", centre, fontName=fonts.bold)


def _top_down(canvas: Optional[Canvas], paragraph: Paragraph, x: float, top: float, width: float) -> float:
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    if canvas is not None:
        paragraph.drawOn(canvas, x, top - height)
    return top - height


def _fitted(markup: str, style: ParagraphStyle, width: float, room: float, smallest: float) -> Paragraph:
    """The paragraph in `style`, in smaller print while it is taller than `room`."""
    size = style.fontSize
    while True:
        fitted = ParagraphStyle(f"{style.name}-{size}", style, fontSize=size,
                                leading=size * style.leading / style.fontSize)
        paragraph = Paragraph(markup, fitted)
        _, height = paragraph.wrap(width, PAGE_HEIGHT)
        if height <= room or size <= smallest:
            return paragraph
        size -= 1


class _Layout:
    """Where things go on the page, in points from the bottom."""

    head_top = PAGE_HEIGHT - 22 * mm
    award_top = PAGE_HEIGHT - 62 * mm
    name_top = PAGE_HEIGHT - 84 * mm
    details_bottom = PAGE_HEIGHT - 122 * mm
    body_bottom = 64 * mm
    foot_top = 60 * mm

    def __init__(self, issuer: Issuer, fonts: FontFamily):
        self.issuer, self.styles = issuer, _Styles(fonts)

    def draw_frame(self, canvas: Canvas) -> None:
        canvas.setStrokeColor(FRAME)
        canvas.setLineWidth(2.2)
        canvas.rect(9 * mm, 9 * mm, PAGE_WIDTH - 18 * mm, PAGE_HEIGHT - 18 * mm)
        canvas.setLineWidth(0.7)
        canvas.rect(12 * mm, 12 * mm, PAGE_WIDTH - 24 * mm, PAGE_HEIGHT - 24 * mm)
        canvas.setStrokeColor(colors.black)
        s, issuer = self.styles, self.issuer
        y = self.head_top
        for text in (issuer.body, issuer.union_name):
            if text:
                y = _top_down(canvas, Paragraph(escape(text), s.head), MARGIN, y, TEXT_WIDTH)
        y -= 4
        canvas.setLineWidth(0.6)
        canvas.line(PAGE_WIDTH / 2 - 20 * mm, y, PAGE_WIDTH / 2 + 20 * mm, y)
        _top_down(canvas, Paragraph("TẶNG", s.give), MARGIN, y - 10, TEXT_WIDTH)
        # Signature block, bottom right, under the date line drawn per page.
        x = PAGE_WIDTH - MARGIN - SIGNATURE_WIDTH
        y = self.foot_top - s.date.leading
        for text in (issuer.signing_authority, issuer.signer_title):
            if text:
                y = _top_down(canvas, Paragraph(escape(text), s.sign), x, y, SIGNATURE_WIDTH)
        if issuer.signer_name:
            _top_down(canvas, Paragraph(escape(issuer.signer_name), s.sign), x, y - SIGNATURE_SPACE, SIGNATURE_WIDTH)

    def draw_award(self, canvas: Canvas, award: str) -> None:
        room = self.award_top - self.name_top - 4
        paragraph = _fitted(escape(award.upper()), self.styles.award, TEXT_WIDTH, room, 16)
        _top_down(canvas, paragraph, MARGIN, self.award_top, TEXT_WIDTH)

    def draw_page(self, canvas: Canvas, certificate: Certificate, wave_name: str) -> None:
        s = self.styles
        name = _fitted(escape(certificate.name), s.name, TEXT_WIDTH, 2 * s.name.leading, 12)
        y = _top_down(canvas, name, MARGIN, self.name_top, TEXT_WIDTH)
        if certificate.details:
            details = _fitted("<br/>".join(escape(d) for d in certificate.details), s.details, TEXT_WIDTH,
                              max(y - self.details_bottom, 2 * s.details.leading), 9)
            y = _top_down(canvas, details, MARGIN, y - 2, TEXT_WIDTH)
        top = y - 8 * mm
        body = _fitted(achievement_markup(certificate, wave_name), s.body, TEXT_WIDTH - 20 * mm,
                       top - self.body_bottom, 9)
        _top_down(canvas, body, MARGIN + 10 * mm, top, TEXT_WIDTH - 20 * mm)
        left_width = TEXT_WIDTH - SIGNATURE_WIDTH - 10 * mm
        _top_down(canvas, Paragraph(escape(decision_text(certificate)), s.decision), MARGIN, self.foot_top - 30 * mm,
                  left_width)
        line = date_line(self.issuer.place, certificate.signed_on)
        _top_down(canvas, Paragraph(escape(line), s.date), PAGE_WIDTH - MARGIN - SIGNATURE_WIDTH, self.foot_top,
                  SIGNATURE_WIDTH)


def certificates_pdf(certificates: Sequence[Certificate], issuer: Issuer, wave_name: str, fonts: FontFamily,
                     title: str = "Giấy chứng nhận") -> bytes:
    """One PDF, a landscape page per certificate in the order given (an empty list: no pages)."""
    layout = _Layout(issuer, fonts)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1, initialFontName=fonts.regular)
    canvas.setTitle(title)
    canvas.setAuthor(" ".join(part for part in (issuer.body, issuer.union_name) if part))
    canvas.setCreator(CREATOR)
    # Forms are defined before the first page: beginForm takes over the current drawing stream.
    canvas.beginForm("frame")
    layout.draw_frame(canvas)
    canvas.endForm()
    forms: dict[str, str] = {}
    for certificate in certificates:
        if certificate.award not in forms:
            forms[certificate.award] = f"award{len(forms)}"
            canvas.beginForm(forms[certificate.award])
            layout.draw_award(canvas, certificate.award)
            canvas.endForm()
    for certificate in certificates:
        canvas.doForm("frame")
        canvas.doForm(forms[certificate.award])
        layout.draw_page(canvas, certificate, wave_name)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
