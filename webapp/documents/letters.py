"""Invitation letters (giấy mời): one A4 page per addressee, in one PDF.

Laid out as a Vietnamese administrative letter (Nghị định 30/2020 as mass organisations apply it).
Everything but the addressee and the QR code is the same on every page, so it is laid out once
and stored as PDF form XObjects that each page only references: 5,000 letters then cost little
more time and memory than their names and codes.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from itertools import groupby
from typing import Sequence
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from webapp.documents.fonts import FontFamily
from webapp.documents.wording import Addressee, Letter, Run

PAGE_WIDTH, PAGE_HEIGHT = A4
TOP, BOTTOM, LEFT, RIGHT = 20 * mm, 20 * mm, 30 * mm, 15 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
HEAD_LEFT = 80 * mm                 # issuing body column; the date line takes the rest
SIGNATURE_WIDTH = 80 * mm
SIGNATURE_SPACE = 22 * mm           # for the signature and the seal
QR_SIZE = 24 * mm
FOOT = BOTTOM + QR_SIZE + 4 * mm    # nothing but the QR code and its caption below this line
ADDRESSEE_INDENT = 12 * mm
PARAGRAPH_INDENT = 10 * mm
MIN_SIZE = 9.0

# Any of the eight QR masks is valid and every reader decodes them all. Scoring the eight, as
# reportlab does, makes each code six times slower and 300 letters miss their 2-second target;
# mask 2 is the one that scoring picks for most check-in links anyway.
QR_MASK = 2
QR_LEVEL = qrencoder.QRErrorCorrectLevel.M


class LetterTooLong(ValueError):
    """The wording does not fit on one page even in small print."""


def markup(runs: Sequence[Run]) -> str:
    return "".join(f"<b>{escape(text)}</b>" if bold else escape(text) for text, bold in runs)


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code of `text` as rows of dark (True) and light modules, top row first."""
    code = qrencoder.QRCode(None, QR_LEVEL)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return code.modules


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the code with its lower left corner at (x, y), as one filled path of module runs."""
    modules = qr_modules(text)
    count = len(modules)
    operators = []
    for row_index, row in enumerate(modules):
        column = 0
        for dark, run in groupby(row):
            width = sum(1 for _ in run)
            if dark:
                operators.append(f"{column} {row_index} {width} 1 re")
            column += width
    canvas.saveState()
    # One unit per module, rows going down, so the path is small integers; written as PDF
    # operators directly because reportlab's path object formats each number as a float.
    canvas.translate(x, y + size)
    canvas.scale(size / count, -size / count)
    canvas.addLiteral("\n".join(operators) + "\nf")
    canvas.restoreState()


@dataclass
class _Styles:
    body: ParagraphStyle
    line: ParagraphStyle
    centre: ParagraphStyle
    head: ParagraphStyle
    head_bold: ParagraphStyle
    date: ParagraphStyle
    title: ParagraphStyle
    addressee: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    signature: ParagraphStyle
    caption: ParagraphStyle

    @classmethod
    def build(cls, fonts: FontFamily, size: float) -> "_Styles":
        leading = size * 1.3
        base = ParagraphStyle("letter", fontName=fonts.regular, fontSize=size, leading=leading,
                              alignment=TA_JUSTIFY, spaceAfter=6)
        small = size - 1
        return cls(
            body=ParagraphStyle("body", base, firstLineIndent=PARAGRAPH_INDENT),
            line=ParagraphStyle("line", base, leftIndent=PARAGRAPH_INDENT, alignment=TA_LEFT),
            centre=ParagraphStyle("centre", base, alignment=TA_CENTER, spaceAfter=0),
            head=ParagraphStyle("head", base, fontSize=small, leading=small * 1.25, alignment=TA_CENTER),
            head_bold=ParagraphStyle("head-bold", base, fontName=fonts.bold, fontSize=small,
                                     leading=small * 1.25, alignment=TA_CENTER),
            date=ParagraphStyle("date", base, fontName=fonts.italic, alignment=TA_CENTER),
            title=ParagraphStyle("title", base, fontName=fonts.bold, fontSize=size + 1,
                                 leading=(size + 1) * 1.3, alignment=TA_CENTER),
            addressee=ParagraphStyle("addressee", base, alignment=TA_LEFT, spaceAfter=0),
            recipients_label=ParagraphStyle("recipients-label", base, fontName=fonts.bolditalic,
                                            fontSize=size - 1, leading=(size - 1) * 1.25, alignment=TA_LEFT),
            recipients=ParagraphStyle("recipients", base, fontSize=size - 2, leading=(size - 2) * 1.25,
                                      alignment=TA_LEFT, spaceAfter=0),
            signature=ParagraphStyle("signature", base, fontName=fonts.bold, alignment=TA_CENTER, spaceAfter=0),
            caption=ParagraphStyle("caption", base, fontName=fonts.italic, fontSize=8.5, leading=10.5,
                                   alignment=TA_RIGHT),
        )


def _place(canvas: Canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draw `paragraph` with its top at `top`; return where the next one starts."""
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    paragraph.drawOn(canvas, x, top - height)
    return top - height - paragraph.getSpaceAfter()


class _Layout:
    """The fixed parts of the letter, measured for one font size."""

    def __init__(self, letter: Letter, fonts: FontFamily, size: float):
        self.letter, self.fonts, self.size = letter, fonts, size
        self.styles = _Styles.build(fonts, size)
        self.head_bottom = self._draw_head(None)
        # Room for a name line and a details line; taller addressees push the body down.
        self.addressee_room = 2 * self.styles.addressee.leading
        self.body_top = self.head_bottom - self.addressee_room - 8

    # Measuring and drawing share one routine: with canvas None it only measures.
    def _draw_head(self, canvas: Canvas | None) -> float:
        s, letter = self.styles, self.letter
        top = PAGE_HEIGHT - TOP
        y = top
        for text, style in ((letter.parent_body, s.head), (letter.issuing_body, s.head_bold)):
            if text:
                y = self._put(canvas, Paragraph(escape(text), style), LEFT, y, HEAD_LEFT)
        # A short rule under the issuing body, a third of its width.
        rule = min(stringWidth(letter.issuing_body or " ", self.fonts.bold, s.head_bold.fontSize), HEAD_LEFT) / 3
        y -= 3
        if canvas is not None and letter.issuing_body:
            centre = LEFT + HEAD_LEFT / 2
            canvas.setLineWidth(0.6)
            canvas.line(centre - rule / 2, y, centre + rule / 2, y)
        y -= 6
        number_top = y
        left_bottom = self._put(canvas, Paragraph(escape(letter.number), s.centre), LEFT, y, HEAD_LEFT)
        right_bottom = self._put(canvas, Paragraph(escape(letter.date_line), s.date),
                                 LEFT + HEAD_LEFT, number_top, TEXT_WIDTH - HEAD_LEFT)
        y = min(left_bottom, right_bottom) - 14
        return self._put(canvas, Paragraph(escape(letter.document_type), s.title), LEFT, y, TEXT_WIDTH) - 6

    def _put(self, canvas: Canvas | None, paragraph: Paragraph, x: float, top: float, width: float) -> float:
        if canvas is None:
            _, height = paragraph.wrap(width, PAGE_HEIGHT)
            return top - height - paragraph.getSpaceAfter()
        return _place(canvas, paragraph, x, top, width)

    def draw_body(self, canvas: Canvas | None, honorific: str) -> float:
        """The wording, the recipients and the signature, from body_top down; returns the bottom."""
        s, letter = self.styles, self.letter
        y = self.body_top
        for runs in letter.intro_paragraphs(honorific):
            y = self._put(canvas, Paragraph(markup(runs), s.body), LEFT, y, TEXT_WIDTH)
        for runs in letter.detail_lines():
            y = self._put(canvas, Paragraph(markup(runs), s.line), LEFT, y, TEXT_WIDTH)
        for runs in letter.closing_paragraphs(honorific):
            y = self._put(canvas, Paragraph(markup(runs), s.body), LEFT, y, TEXT_WIDTH)
        y -= 6
        left = self._put(canvas, Paragraph("Nơi nhận:", s.recipients_label), LEFT, y, TEXT_WIDTH / 2) + 4
        for line in letter.recipients:
            left = self._put(canvas, Paragraph(escape(line), s.recipients), LEFT, left, TEXT_WIDTH / 2)
        right_x = LEFT + TEXT_WIDTH - SIGNATURE_WIDTH
        right = y
        for text in (letter.signing_authority, letter.signer_title):
            if text:
                right = self._put(canvas, Paragraph(escape(text), s.signature), right_x, right, SIGNATURE_WIDTH)
        right -= SIGNATURE_SPACE
        if letter.signer_name:
            right = self._put(canvas, Paragraph(escape(letter.signer_name), s.signature), right_x, right,
                              SIGNATURE_WIDTH)
        return min(left, right)

    def spare(self, honorifics: Sequence[str]) -> float:
        """Height left above the foot once the body is drawn (negative: it does not fit)."""
        return min(self.draw_body(None, h) for h in honorifics) - FOOT

    def draw_page_form(self, canvas: Canvas) -> None:
        self._draw_head(canvas)
        caption = Paragraph("Mã QR để điểm danh khi đến dự.<br/>Xin mang theo giấy mời này (bản in hoặc ảnh chụp).",
                            self.styles.caption)
        _, height = caption.wrap(TEXT_WIDTH - QR_SIZE - 6 * mm, QR_SIZE)
        caption.drawOn(canvas, LEFT, BOTTOM + (QR_SIZE - height) / 2)

    def addressee(self, person: Addressee, room: float) -> tuple[Paragraph, float]:
        """The "Kính gửi:" block and its height, in smaller print if a long position would not fit."""
        label = "Kính gửi: "
        text = f"{label}<b>{escape(person.honorific)} {escape(person.name)}</b>"
        if person.details:
            text += f"<br/>{escape(person.details)}"
        size = self.size
        while True:
            indent = stringWidth(label, self.fonts.regular, size)
            style = ParagraphStyle("addressee-fit", self.styles.addressee, fontSize=size, leading=size * 1.3,
                                   leftIndent=ADDRESSEE_INDENT + indent, firstLineIndent=-indent)
            paragraph = Paragraph(text, style)
            _, height = paragraph.wrap(TEXT_WIDTH, PAGE_HEIGHT)
            if height <= room or size <= 7:
                return paragraph, height
            size -= 0.5


def _fit(letter: Letter, fonts: FontFamily, honorifics: Sequence[str]) -> _Layout:
    size = fonts.size
    while True:
        layout = _Layout(letter, fonts, size)
        if layout.spare(honorifics) >= 0:
            return layout
        if size <= MIN_SIZE:
            raise LetterTooLong("Nội dung giấy mời quá dài để in trên một trang: hãy rút gọn lời mời hoặc lời kết.")
        size -= 0.5


def invitations_pdf(letter: Letter, addressees: Sequence[Addressee], fonts: FontFamily,
                    title: str = "Giấy mời") -> bytes:
    """One PDF with a page per addressee, in the order given."""
    honorifics = sorted({person.honorific for person in addressees}) or ["Đồng chí"]
    layout = _fit(letter, fonts, honorifics)
    spare = layout.spare(honorifics)
    buffer = io.BytesIO()
    # The initial font: else every page names Helvetica, which is not embedded.
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=fonts.regular)
    canvas.setTitle(title)
    canvas.setAuthor(letter.issuing_body)
    canvas.setCreator("Hội LHPN – quản lý sự kiện")
    # Forms are defined before the first page: beginForm takes over the current drawing stream.
    canvas.beginForm("page")
    layout.draw_page_form(canvas)
    canvas.endForm()
    for index, honorific in enumerate(honorifics):
        canvas.beginForm(f"body{index}")
        layout.draw_body(canvas, honorific)
        canvas.endForm()
    forms = {honorific: f"body{index}" for index, honorific in enumerate(honorifics)}
    for person in addressees:
        canvas.doForm("page")
        paragraph, height = layout.addressee(person, layout.addressee_room + spare)
        paragraph.drawOn(canvas, LEFT, layout.head_bottom - height)
        canvas.saveState()
        canvas.translate(0, layout.addressee_room - height)
        canvas.doForm(forms[person.honorific])
        canvas.restoreState()
        draw_qr(canvas, person.checkin_url, LEFT + TEXT_WIDTH - QR_SIZE, BOTTOM, QR_SIZE)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
