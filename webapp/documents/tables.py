"""Documents that are a heading and one long table: the programme and the delegate list.

The table's header row repeats at the top of every page. LongTable measures only the rows a page
can hold each time it splits, so 5,000 delegates do not cost 5,000 rows of measuring per page.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from models.text import nfc
from webapp.dates import date_vn, now_local
from webapp.documents.fonts import FontFamily
from webapp.documents.wording import time_text, venue_text
from webapp.participant_columns import COLUMNS, participant_value

TABLE_SIZE = 10.0
CELL_PADDING = 4


@dataclass
class TableDocument:
    title: str                      # "CHƯƠNG TRÌNH", "DANH SÁCH ĐẠI BIỂU"
    headers: Sequence[str]
    widths: Sequence[float]         # relative; scaled to the text width
    rows: Iterable[Sequence[str]]
    heading_lines: Sequence[str] = ()        # bold, under the title
    note_lines: Sequence[str] = ()           # italic, above the table
    wide: bool = False                       # landscape
    centred_columns: Sequence[int] = field(default_factory=lambda: (0,))
    metadata_title: str = ""


def table_pdf(document: TableDocument, fonts: FontFamily) -> bytes:
    page = landscape(A4) if document.wide else A4
    margins = (15 * mm, 15 * mm, 20 * mm, 15 * mm) if document.wide else (20 * mm, 20 * mm, 30 * mm, 15 * mm)
    top, bottom, left, right = margins
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=page, topMargin=top, bottomMargin=bottom, leftMargin=left, rightMargin=right,
        title=document.metadata_title or document.title, creator="Hội LHPN – quản lý sự kiện",
        initialFontName=fonts.regular,  # else every page names Helvetica, which is not embedded
    )
    width = page[0] - left - right
    base = ParagraphStyle("doc", fontName=fonts.regular, fontSize=fonts.size, leading=fonts.size * 1.3,
                          alignment=TA_CENTER)
    title = ParagraphStyle("doc-title", base, fontName=fonts.bold, fontSize=fonts.size + 2,
                           leading=(fonts.size + 2) * 1.3, spaceAfter=2)
    heading = ParagraphStyle("doc-heading", base, fontName=fonts.bold)
    note = ParagraphStyle("doc-note", base, fontName=fonts.italic, fontSize=fonts.size - 1,
                          leading=(fonts.size - 1) * 1.3)
    story = [Paragraph(escape(nfc(document.title)), title)]
    story += [Paragraph(escape(nfc(line)), heading) for line in document.heading_lines if line]
    story += [Paragraph(escape(nfc(line)), note) for line in document.note_lines if line]
    story.append(Spacer(1, 5 * mm))
    story.append(_table(document, fonts, width))

    def number_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts.regular, 9)
        canvas.drawCentredString(page[0] / 2, bottom / 2, f"Trang {doc.page}")
        canvas.restoreState()

    template.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return buffer.getvalue()


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` broken into lines no wider than `width`; a word longer than a line is cut."""
    lines = []
    for paragraph in nfc(text).splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


def _table(document: TableDocument, fonts: FontFamily, width: float) -> LongTable:
    total = sum(document.widths)
    widths = [width * w / total for w in document.widths]
    inner = [w - 2 * CELL_PADDING for w in widths]

    # Cells are plain strings broken into lines here rather than Paragraphs: nothing in them is
    # markup, and 5,000 rows lay out several times faster in a fraction of the memory.
    def cells(values: Sequence[str], font: str) -> list[str]:
        return ["\n".join(wrap_lines(str(value or ""), font, TABLE_SIZE, inner[index]))
                for index, value in enumerate(values)]

    data = [cells(document.headers, fonts.bold)]
    data += [cells(values, fonts.regular) for values in document.rows]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, TABLE_SIZE, TABLE_SIZE * 1.25),
        ("FONT", (0, 0), (-1, 0), fonts.bold, TABLE_SIZE, TABLE_SIZE * 1.25),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    style += [("ALIGN", (column, 1), (column, -1), "CENTER") for column in document.centred_columns]
    table.setStyle(TableStyle(style))
    return table


def _event_lines(event) -> list[str]:
    lines = [f"Thời gian: {time_text(event)}"]
    venue = venue_text(event)
    if venue:
        lines.append(f"Địa điểm: {venue}")
    return lines


def programme_document(event, items) -> TableDocument:
    """The programme lines of `event` (ProgramItem with department loaded), in their order."""
    rows = [
        (str(number), item.start_time.strftime("%H:%M") if item.start_time else "", item.title,
         item.presenter or "", item.department.display_name if item.department else "")
        for number, item in enumerate(items, start=1)
    ]
    return TableDocument(
        title="CHƯƠNG TRÌNH", heading_lines=[event.title], note_lines=_event_lines(event),
        headers=["STT", "Thời gian", "Nội dung", "Người thực hiện", "Ban phụ trách"],
        widths=[10, 18, 72, 35, 30], rows=rows, centred_columns=(0, 1),
        metadata_title=f"Chương trình – {event.title}",
    )


# The PDF list leaves out the e-mail column to keep the table readable on one landscape page width.
LIST_COLUMNS = [column for column in COLUMNS if column.key != "email"]
LIST_WIDTHS = {"full_name": 40, "gender": 12, "title": 42, "unit_name": 44, "group": 60, "phone": 24, "note": 30}


def delegate_list_document(event, participants, filters_text: str = "") -> TableDocument:
    """The delegate list of `event` (participants with their group loaded), in the order given."""
    rows = (
        [str(number)] + [participant_value(p, column.key) for column in LIST_COLUMNS]
        for number, p in enumerate(participants, start=1)
    )
    notes = _event_lines(event)
    if filters_text:
        notes.append(filters_text)
    notes.append(f"Tổng số: {len(participants)} đại biểu (in ngày {date_vn(now_local())})")
    return TableDocument(
        title="DANH SÁCH ĐẠI BIỂU", heading_lines=[event.title], note_lines=notes,
        headers=["STT"] + [column.header for column in LIST_COLUMNS],
        widths=[10] + [LIST_WIDTHS[column.key] for column in LIST_COLUMNS],
        rows=rows, wide=True, centred_columns=(0, 2),
        metadata_title=f"Danh sách đại biểu – {event.title}",
    )

