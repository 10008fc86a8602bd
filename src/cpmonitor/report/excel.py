"""The report as an Excel workbook (openpyxl): a contents sheet, then one sheet per table.

Figures are numbers (percentages to one decimal place, intervals as two columns), so an
analyst can reuse them; a suppressed figure is the text ``c`` and no figure is a blank cell.
Each table is an Excel table with a header row; a chart is placed beside the table holding
its figures, with its text alternative in the cell above it. Restricted workbooks carry
OFFICIAL-SENSITIVE in the first row and the printed header and footer of every sheet.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table as ExcelTable
from openpyxl.worksheet.table import TableStyleInfo

from ..spreadsheet import neutralise
from . import words as w
from .model import (
    Bullets,
    Chart,
    Column,
    Definitions,
    Heading,
    KeyFigures,
    Notice,
    Paragraph,
    Report,
    Table,
)

RED, GREY, BLUE = "CA3535", "484949", "1D70B8"
FORMATS = {"count": "#,##0", "number": "#,##0.0##", "percent": "0.0", "date": "yyyy-mm-dd"}
CHART_WIDTH_PX = 640


def _mark(ws, report: Report) -> int:
    """Write the marking (restricted) in row 1 and the print header/footer; next free row."""
    marking = report.marking
    footer = f"{report.council} · {report.period_label} · page &P of &N"
    ws.oddFooter.right.text = footer
    ws.oddFooter.right.size = 8
    if not marking:
        return 1
    for part in (ws.oddHeader.center, ws.oddFooter.center):
        part.text = marking
        part.font = "Arial,Bold"
        part.color = RED
    ws.cell(1, 1, marking).font = Font(bold=True, color=RED, size=12)
    return 2


def _height(text: str, chars_per_line: int, line_height: float) -> float:
    """Row height (points) for wrapped ``text`` (Excel does not size wrapped rows itself)."""
    return line_height * max(1, -(-len(text) // chars_per_line))


def _fit_to_width(ws, landscape: bool = False) -> None:
    """Print one page wide, as many pages tall as needed."""
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def _sheet_name(key: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
    base, n = name, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _columns(table: Table) -> list[tuple[str, Column, int | None]]:
    """Excel columns: (header, column, part of interval or None); intervals split in two."""
    out = []
    for column in table.columns:
        if column.kind == "interval":
            out.append((f"{column.label}: lower", Column(column.label, "percent"), 0))
            out.append((f"{column.label}: upper", Column(column.label, "percent"), 1))
        else:
            out.append((column.label, column, None))
    return out


def _value(value, column: Column, part: int | None):
    if part is not None:
        value = value[part] if isinstance(value, tuple) else value
    if value is None:
        return None
    if isinstance(value, float):
        return float(w.number(value))
    if isinstance(value, date | int):
        return value
    if isinstance(value, str):
        return neutralise(value)
    return neutralise(w.cell(value, column))


def _table_sheet(wb: Workbook, table: Table, report: Report, names: set[str], charts: list[Chart]):
    ws = wb.create_sheet(_sheet_name(table.key, names))
    row = _mark(ws, report)
    ws.cell(row, 1, table.title).font = Font(bold=True, size=13)
    header_row = row + 2
    columns = _columns(table)
    for c, (label, _column, _part) in enumerate(columns, 1):
        cell = ws.cell(header_row, c, label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = PatternFill("solid", fgColor="F3F2F1")
    for r, values in enumerate(table.rows, header_row + 1):
        expanded = []
        for value, column in zip(values, table.columns, strict=True):
            parts = (0, 1) if column.kind == "interval" else (None,)
            expanded += [(value, column, p) for p in parts]
        for c, ((value, column, part), (_l, shown_as, _p)) in enumerate(
            zip(expanded, columns, strict=True), 1
        ):
            cell = ws.cell(r, c, _value(value, column, part))
            if isinstance(cell.value, int | float | date) and shown_as.kind in FORMATS:
                cell.number_format = FORMATS[shown_as.kind]
            elif isinstance(cell.value, date):
                cell.number_format = FORMATS["date"]
            if isinstance(cell.value, str) and shown_as.kind != "text":
                cell.alignment = Alignment(horizontal="right")
        if table.total_row and r == header_row + len(table.rows):
            for c in range(1, len(columns) + 1):
                ws.cell(r, c).font = Font(bold=True)
    last_row = header_row + len(table.rows)
    if table.rows:
        ref = f"A{header_row}:{get_column_letter(len(columns))}{last_row}"
        excel_table = ExcelTable(
            displayName=f"t_{re.sub(r'[^A-Za-z0-9_]', '_', table.key)}", ref=ref
        )
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
        ws.add_table(excel_table)
    notes_row = last_row + 2
    for note in table.notes:
        cell = ws.cell(notes_row, 1, note.replace("`", ""))
        cell.font = Font(italic=True, color=GREY)
        notes_row += 1
    ws.cell(
        notes_row,
        1,
        "c: suppressed (a number from 1 to 5, or one that would reveal it); blank: no figure.",
    ).font = Font(italic=True, color=GREY)
    ws.column_dimensions["A"].width = max(
        14, min(60, max(len(w.cell(r[0], table.columns[0])) for r in table.rows or [[""]]) + 2)
    )
    for c in range(2, len(columns) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 16 if len(columns) > 6 else 20
    ws.row_dimensions[header_row].height = 32
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    anchor_col = len(columns) + 2
    anchor_row = header_row
    for chart in charts:
        ws.cell(anchor_row, anchor_col, f"Chart: {chart.title}").font = Font(bold=True)
        alt = ws.cell(anchor_row + 1, anchor_col, chart.alt)
        alt.alignment = Alignment(wrap_text=True, vertical="top")
        alt.font = Font(color=GREY, size=9)
        ws.column_dimensions[get_column_letter(anchor_col)].width = 100
        ws.row_dimensions[anchor_row + 1].height = _height(chart.alt, 115, 11)
        image = Image(io.BytesIO(chart.png))
        scale = CHART_WIDTH_PX / image.width
        image.width, image.height = CHART_WIDTH_PX, int(image.height * scale)
        ws.add_image(image, f"{get_column_letter(anchor_col)}{anchor_row + 2}")
        anchor_row += 4 + int(image.height / 20)
    _fit_to_width(ws, landscape=True)
    return ws


def _text(block) -> list[tuple[str, Font | None]]:
    """A text block as lines for the contents sheet."""
    if isinstance(block, Paragraph):
        return [(block.text.replace("`", ""), Font(size=12 if block.lead else 11))]
    if isinstance(block, Heading):
        return [(block.text, Font(bold=True))]
    if isinstance(block, Bullets):
        return [
            (f"{f'{i}.' if block.numbered else '•'} {item}".replace("`", ""), None)
            for i, item in enumerate(block.items, 1)
        ]
    if isinstance(block, Notice):
        bold = block.kind == "warning"
        text = ("Warning: " if bold else "") + block.text.replace("`", "")
        return [(text, Font(bold=bold))]
    if isinstance(block, KeyFigures):
        return [
            (f"{f.label}: {f.value}" + (f" ({f.detail})" if f.detail else ""), Font(bold=True))
            for f in block.items
        ]
    return []


def render_xlsx(report: Report) -> bytes:
    """XLSX bytes of ``report``."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Report"
    names = {"Report"}
    row = _mark(ws, report)
    ws.cell(row, 1, report.title).font = Font(bold=True, size=16)
    ws.cell(row + 1, 1, report.subtitle).font = Font(size=12, color=GREY)
    row += 3
    for key, value in report.meta:
        ws.cell(row, 2, f"{key}: {value}").font = Font(bold=key == "Status")
        row += 1
    ws.column_dimensions["A"].width = 4
    ws.column_dimensions["B"].width = 110
    _fit_to_width(ws)
    charts_for = {}
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Chart) and block.table:
                charts_for.setdefault(block.table, []).append(block)
    for heading, section in report.headings():
        row += 1
        ws.cell(row, 1, heading).font = Font(bold=True, size=13, color=BLUE)
        row += 1
        for block in section.blocks:
            for text, font in _text(block):
                cell = ws.cell(row, 2, neutralise(text))
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                ws.row_dimensions[row].height = _height(text, 100, 15)
                if font:
                    cell.font = font
                row += 1
            if isinstance(block, Table):
                sheet = _table_sheet(wb, block, report, names, charts_for.get(block.key, []))
                link = ws.cell(row, 2, f"Table: {block.title} (sheet {sheet.title})")
                link.hyperlink = f"#'{sheet.title}'!A1"
                link.font = Font(color=BLUE, underline="single")
                row += 1
            elif isinstance(block, Definitions):
                sheet = wb.create_sheet(_sheet_name(block.key, names))
                r = _mark(sheet, report)
                sheet.cell(r, 1, block.title).font = Font(bold=True, size=13)
                for term, text in block.items:
                    r += 1
                    sheet.cell(r, 1, term).font = Font(bold=True)
                    sheet.cell(r, 2, text.replace("`", "")).alignment = Alignment(
                        wrap_text=True, vertical="top"
                    )
                    sheet.row_dimensions[r].height = _height(text, 100, 15)
                sheet.column_dimensions["A"].width = 34
                sheet.column_dimensions["B"].width = 110
                _fit_to_width(sheet)
                link = ws.cell(row, 2, f"{block.title} (sheet {sheet.title})")
                link.hyperlink = f"#'{sheet.title}'!A1"
                link.font = Font(color=BLUE, underline="single")
                row += 1
    props = wb.properties
    props.title = f"{report.title}: {report.subtitle}"
    props.subject = "Repeat child protection plans"
    props.creator = "cpmonitor"
    props.lastModifiedBy = "cpmonitor"
    props.keywords = "child protection; repeat plans; CIN census"
    props.category = report.classification or "For publication"
    stamp = datetime.combine(report.generated, time(0, 0))
    props.created = props.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
