"""A campaign's results on paper: the ranking (landscape) and one unit's score sheet (portrait).

Services only, like the rest of the package: the view passes in what `webapp.scoring` computed and
gets bytes back. Every cell is a Paragraph so that long names, criteria and comments wrap inside
their column; whatever a user typed is escaped before it becomes Paragraph markup.
"""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Optional, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from models.text import nfc
from webapp.campaigns import points_text
from webapp.dates import date_vn, now_local
from webapp.documents.fonts import FontFamily, family
from webapp.documents.tables import wrap_lines

TABLE_SIZE = 9.0
CELL_PADDING = 3
CREATOR = "Hội LHPN – quản lý thi đua"
UNRANKED = "Chưa thẩm định đủ"
NO_CLUSTER = "Không thuộc cụm"
HEADER_FILL = colors.HexColor("#e8e8e8")
MUTED_FILL = colors.HexColor("#f4f4f4")


def text_markup(value) -> str:
    """User text as Paragraph markup: NFC, escaped, its line breaks kept."""
    return "<br/>".join(escape(line) for line in nfc(str(value or "")).splitlines())


def points(value: Optional[Decimal]) -> str:
    return points_text(value)


class _Styles:
    def __init__(self, fonts: FontFamily):
        size = fonts.size
        self.title = ParagraphStyle("cr-title", fontName=fonts.bold, fontSize=size + 2, leading=(size + 2) * 1.3,
                                    alignment=TA_CENTER, spaceAfter=2)
        self.heading = ParagraphStyle("cr-heading", fontName=fonts.bold, fontSize=size, leading=size * 1.3,
                                      alignment=TA_CENTER)
        self.note = ParagraphStyle("cr-note", fontName=fonts.italic, fontSize=size - 2, leading=(size - 2) * 1.3,
                                   alignment=TA_CENTER)
        self.body = ParagraphStyle("cr-body", fontName=fonts.regular, fontSize=size - 1, leading=(size - 1) * 1.35)
        self.cell = ParagraphStyle("cr-cell", fontName=fonts.regular, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.25,
                                   alignment=TA_LEFT)
        self.cell_centre = ParagraphStyle("cr-cell-c", self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cr-cell-r", self.cell, alignment=TA_RIGHT)
        self.cell_bold = ParagraphStyle("cr-cell-b", self.cell, fontName=fonts.bold)
        self.cell_bold_right = ParagraphStyle("cr-cell-br", self.cell_right, fontName=fonts.bold)
        self.cell_italic = ParagraphStyle("cr-cell-i", self.cell, fontName=fonts.italic)
        self.header = ParagraphStyle("cr-header", self.cell, fontName=fonts.bold, alignment=TA_CENTER)
        self.sign = ParagraphStyle("cr-sign", fontName=fonts.bold, fontSize=size - 1, leading=(size - 1) * 1.3,
                                   alignment=TA_CENTER)
        self.sign_note = ParagraphStyle("cr-sign-note", self.sign, fontName=fonts.italic)


def _grid(header_rows: int = 1) -> list:
    return [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]


def _build(story: list, page, margins, title: str, fonts: FontFamily) -> bytes:
    top, bottom, left, right = margins
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=page, topMargin=top, bottomMargin=bottom, leftMargin=left, rightMargin=right,
        title=nfc(title), creator=CREATOR,
        initialFontName=fonts.regular,  # else every page names Helvetica, which is not embedded
    )

    def number_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.drawCentredString(page[0] / 2, bottom / 2, f"Trang {doc.page}")
        canvas.restoreState()

    template.build(story, onFirstPage=number_page, onLaterPages=number_page)
    return buffer.getvalue()


def _widths(relative: Sequence[float], width: float) -> list[float]:
    total = sum(relative)
    return [width * w / total for w in relative]


# --------------------------------------------------------------------------- ranking

RANKING_HEADERS = ("Hạng", "Đơn vị", "Cụm thi đua", "Hạng trong cụm", "Điểm chuẩn", "Điểm thưởng", "Tổng điểm",
                   "Xếp loại", "Cờ thi đua")
RANKING_WIDTHS = (11, 62, 40, 15, 17, 17, 17, 48, 20)


def cluster_names(ranking) -> dict[int, str]:
    """Unit id -> the name of its cluster, from the ranking's own grouping (no statement)."""
    return {row.unit.id: (cluster.name if cluster else "") for cluster, members in ranking.clusters for row in members}


def overall_cluster_rank(row) -> Optional[int]:
    """The rank within the cluster, for a unit in one (a unit in none has no cluster to rank in)."""
    return row.cluster_rank if row.unit.cluster_id is not None else None


def _cluster_rank(row) -> str:
    if row.unit.cluster_id is None:
        return ""
    return str(row.cluster_rank) if row.cluster_rank else "—"


def unranked_label(totals) -> str:
    return f"{UNRANKED} ({totals.scored}/{totals.expected} tiêu chí)"


def ranking_pdf(campaign, ranking, fonts: FontFamily | None = None, printed_on: date | None = None) -> bytes:
    """The ranking of `campaign` as `webapp.scoring.ranking` computed it, ranked units first in rank
    order, then those not fully appraised; landscape A4, the header row repeated on every page."""
    from webapp.scoring import TIE_RULE

    fonts = fonts or family()
    styles = _Styles(fonts)
    page = landscape(A4)
    margins = (14 * mm, 16 * mm, 15 * mm, 15 * mm)
    width = page[0] - margins[2] - margins[3]
    printed_on = printed_on or now_local().date()
    rows = ranking.rows
    ranked = sum(1 for r in rows if r.rank)

    story = [
        Paragraph(escape(nfc(campaign.name)), styles.heading),
        Paragraph("BẢNG XẾP HẠNG THI ĐUA", styles.title),
        Paragraph(f"In ngày {date_vn(printed_on)}", styles.note),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(f"Xếp theo tổng điểm thẩm định (điểm chuẩn + điểm thưởng, điểm thưởng tính tối đa "
                   f"{points(campaign.bonus_points) or '0'}). {TIE_RULE} Đơn vị chưa được thẩm định đủ các "
                   f"tiêu chí đứng cuối, chưa xếp hạng. Đơn vị đứng đầu mỗi cụm được đề nghị tặng Cờ thi đua."),
            styles.body),
        Paragraph(escape(f"Đã xếp hạng {ranked}/{len(rows)} đơn vị."), styles.body),
    ]
    outcome = getattr(ranking, "results", None)
    if outcome is not None and outcome.over_cap:
        story.append(Paragraph(escape(
            f"Lưu ý: Hoàn thành xuất sắc nhiệm vụ chiếm {points(outcome.top_share)}% số đơn vị đã xếp loại, "
            f"vượt tỷ lệ {campaign.top_share_cap}%."), styles.cell_bold))
    story.append(Spacer(1, 4 * mm))

    story.append(_ranking_table(ranking, fonts, styles, width))
    return _build(story, page, margins, f"Bảng xếp hạng – {campaign.name}", fonts)


def _ranking_table(ranking, fonts: FontFamily, styles: _Styles, width: float) -> LongTable:
    # A city has thousands of grassroots units: body cells are plain strings broken into lines
    # here (as in tables.py) rather than Paragraphs, which lay 3,500 rows out several times slower.
    # Plain strings are never markup, so names need no escaping.
    widths = _widths(RANKING_WIDTHS, width)
    inner = [w - 2 * CELL_PADDING for w in widths]

    def wrapped(text: str, column: int, font: str) -> str:
        return "\n".join(wrap_lines(text, font, TABLE_SIZE, inner[column]))

    clusters = cluster_names(ranking)
    data: list[list] = [[Paragraph(escape(h), styles.header) for h in RANKING_HEADERS]]
    unranked: list[int] = []
    for index, row in enumerate(ranking.rows, start=1):
        t = row.totals
        data.append([
            str(row.rank) if row.rank else "—",
            wrapped(row.unit.name, 1, fonts.regular),
            wrapped(clusters.get(row.unit.id, ""), 2, fonts.regular),
            _cluster_rank(row),
            points(t.standard), points(t.capped_bonus), points(t.total),
            wrapped(row.grade, 7, fonts.regular) if row.grade else wrapped(unranked_label(t), 7, fonts.italic),
            "Đề nghị" if row.flag else "",
        ])
        if not row.rank:
            unranked.append(index)
    if not ranking.rows:
        data.append([Paragraph("Chưa có đơn vị nào tham gia.", styles.cell_italic)] + [""] * 8)
    table = LongTable(data, colWidths=widths, repeatRows=1)
    style = _grid() + [
        ("FONT", (0, 1), (-1, -1), fonts.regular, TABLE_SIZE, TABLE_SIZE * 1.25),
        ("FONT", (6, 1), (6, -1), fonts.bold, TABLE_SIZE, TABLE_SIZE * 1.25),
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (3, 1), (3, -1), "CENTER"),
        ("ALIGN", (4, 1), (6, -1), "RIGHT"), ("ALIGN", (8, 1), (8, -1), "CENTER"),
    ]
    # The unranked come last, one run of rows: one command each, however many they are.
    for first, last in _runs(unranked):
        style += [("BACKGROUND", (0, first), (-1, last), MUTED_FILL),
                  ("FONT", (7, first), (7, last), fonts.italic, TABLE_SIZE, TABLE_SIZE * 1.25)]
    if not ranking.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    return table


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index - 1:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


# --------------------------------------------------------------------------- a unit's score sheet

SHEET_HEADERS = ("Số", "Tiêu chí", "Điểm tối đa", "Tự chấm", "Giải trình", "Thẩm định", "Nhận xét")
SHEET_WIDTHS = (9, 50, 14, 14, 38, 15, 38)


def score_sheet_pdf(campaign, unit, nodes, scores, totals, grade: str, fonts: FontFamily | None = None,
                    printed_on: date | None = None) -> bytes:
    """One unit's score sheet: every scored criterion (`scoring.scored_nodes`) with the unit's own
    points and evidence note beside the appraised points and comment; the totals, the grade and the
    signatures. Portrait A4."""
    fonts = fonts or family()
    styles = _Styles(fonts)
    page = A4
    margins = (15 * mm, 18 * mm, 18 * mm, 12 * mm)
    width = page[0] - margins[2] - margins[3]
    printed_on = printed_on or now_local().date()

    story = [
        Paragraph(escape(nfc(campaign.name)), styles.heading),
        Paragraph("PHIẾU CHẤM ĐIỂM THI ĐUA", styles.title),
        Paragraph(f"Đơn vị: {text_markup(unit.name)}", styles.heading),
        Paragraph(f"In ngày {date_vn(printed_on)}", styles.note),
        Spacer(1, 4 * mm),
    ]

    data = [[Paragraph(escape(h), styles.header) for h in SHEET_HEADERS]]
    spans = []
    part = None
    for node in nodes:
        if node.bonus != part:
            part = node.bonus
            data.append([Paragraph("ĐIỂM THƯỞNG" if part else "ĐIỂM CHUẨN", styles.cell_bold)] + [""] * 6)
            spans.append(len(data) - 1)
        criterion = node.criterion
        score = scores.get(node.id)
        data.append([
            Paragraph(text_markup(criterion.number), styles.cell_centre),
            Paragraph(text_markup(criterion.text), styles.cell),
            Paragraph(points(criterion.max_points), styles.cell_right),
            Paragraph(points(score.self_points) if score else "", styles.cell_right),
            Paragraph(text_markup(score.self_note) if score else "", styles.cell),
            Paragraph(points(score.appraised_points) if score else "", styles.cell_bold_right),
            Paragraph(text_markup(score.appraisal_comment) if score else "", styles.cell),
        ])
    if not nodes:
        data.append([Paragraph("Bảng điểm chưa có tiêu chí nào để chấm.", styles.cell_italic)] + [""] * 6)
        spans.append(1)
    table = LongTable(data, colWidths=_widths(SHEET_WIDTHS, width), repeatRows=1)
    style = _grid()
    for index in spans:
        style += [("SPAN", (0, index), (-1, index)), ("BACKGROUND", (0, index), (-1, index), MUTED_FILL)]
    table.setStyle(TableStyle(style))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether(_totals_block(totals, grade, styles, width)))
    story.append(Spacer(1, 8 * mm))
    story.append(KeepTogether(_signatures(styles, width)))
    return _build(story, page, margins, f"Phiếu chấm điểm – {unit.name} – {campaign.name}", fonts)


def _totals_block(totals, grade: str, styles: _Styles, width: float) -> list:
    def bonus_text(raw: Decimal) -> str:
        counted = min(raw, totals.bonus_cap)
        text = points(counted)
        if raw > totals.bonus_cap:
            text += f" (chấm {points(raw)}, tối đa {points(totals.bonus_cap)})"
        return text

    data = [
        [Paragraph(h, styles.header) for h in ("", "Điểm chuẩn", "Điểm thưởng", "Tổng điểm")],
        [Paragraph("Đơn vị tự chấm", styles.cell_bold), Paragraph(points(totals.self_standard), styles.cell_right),
         Paragraph(bonus_text(totals.self_bonus), styles.cell_right),
         Paragraph(points(totals.self_total), styles.cell_bold_right)],
        [Paragraph("Thẩm định", styles.cell_bold), Paragraph(points(totals.standard), styles.cell_right),
         Paragraph(bonus_text(totals.bonus), styles.cell_right),
         Paragraph(points(totals.total), styles.cell_bold_right)],
    ]
    table = Table(data, colWidths=_widths((30, 20, 30, 20), width))
    table.setStyle(TableStyle(_grid()))
    grade_text = escape(grade) if grade else escape(f"Chưa đủ điểm thẩm định (đã thẩm định {totals.scored}/"
                                                    f"{totals.expected} tiêu chí)")
    return [
        table,
        Spacer(1, 3 * mm),
        Paragraph(f"Đã thẩm định: {totals.scored}/{totals.expected} tiêu chí.", styles.body),
        Paragraph(f"Xếp loại: <b>{grade_text}</b>", styles.body),
    ]


def _signatures(styles: _Styles, width: float) -> list:
    blank_date = "……………, ngày …… tháng …… năm ………"

    def column(title: str) -> list:
        return [Paragraph(blank_date, styles.sign_note), Paragraph(title, styles.sign),
                Paragraph("(Ký, ghi rõ họ tên)", styles.sign_note), Spacer(1, 22 * mm)]

    table = Table([[column("ĐẠI DIỆN ĐƠN VỊ THẨM ĐỊNH"), column("THỦ TRƯỞNG ĐƠN VỊ")]],
                  colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [table]
