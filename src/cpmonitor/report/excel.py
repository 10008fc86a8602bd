"""The report as an Excel workbook (openpyxl): a contents sheet, then one sheet per table.

Figures are numbers (percentages to one decimal place, intervals as two columns), so an
analyst can reuse them; a suppressed figure is the text ``c`` and no figure is a blank cell.
Each table is an Excel table with a header row (repeated on every printed page); a chart is
placed under the table holding its figures, with its text alternative in the cell above it,
so a sheet prints one page wide at a readable size (landscape A4). Restricted workbooks carry
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
from openpyxl.worksheet.pagebreak import Break
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
LONG_TABLE = 25  # rows: more than fit on a printed page beside the title and notes


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


class _Span:
    """Text under a table, wrapped across as many columns as make a readable line (the
    table's own, and more beside it when it is narrow), each cell as tall as its text."""

    WIDTH = 100  # Excel column-width units: about 100 characters of 11-point text
    DEFAULT = 8.43  # the width of a column left as it is

    def __init__(self, ws, widths: list[float]):
        self.ws = ws
        total, self.columns = sum(widths), len(widths)
        while total < self.WIDTH:
            self.columns += 1
            total += self.DEFAULT
        self.chars = int(min(total, self.WIDTH * 1.4))

    def text(self, row: int, text: str, font: Font | None = None) -> int:
        """Write ``text`` in ``row``; the next free row."""
        cell = self.ws.cell(row, 1, neutralise(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font:
            cell.font = font
        size = font.size if font and font.size else 11
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=self.columns)
        self.ws.row_dimensions[row].height = _height(text, int(self.chars * 11 / size), size * 1.35)
        return row + 1


def _sheet_name(key: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", key)[:31]
    base, n = name, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _parts(column: Column) -> tuple:
    """What one report column becomes in Excel: an interval's two ends (0, 1), a code's words
    and the code itself ("words", "code"), else the value (None)."""
    if column.kind == "interval":
        return (0, 1)
    return ("words", "code") if column.codes else (None,)


def _columns(table: Table) -> list[tuple[str, Column, int | str | None]]:
    """Excel columns: (header, column, part); intervals split in two, codes into their words
    and, beside them, the code ("Category", "Category code")."""
    out = []
    for column in table.columns:
        if column.kind == "interval":
            out.append((f"{column.label}: lower", Column(column.label, "percent"), 0))
            out.append((f"{column.label}: upper", Column(column.label, "percent"), 1))
        elif column.codes:
            out.append((column.label, column, "words"))
            out.append((f"{column.label} code", Column(f"{column.label} code", "text"), "code"))
        else:
            out.append((column.label, column, None))
    return out


def _value(value, column: Column, part: int | str | None):
    if part == "words":
        return None if value is None else neutralise(w.cell(value, column))
    if part == "code":
        return None if value is None else neutralise(str(value))
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
            expanded += [(value, column, p) for p in _parts(column)]
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
    widths = [
        max(14, min(60, max(len(w.cell(r[0], table.columns[0])) for r in table.rows or [[""]]) + 2))
    ] + [16 if len(columns) > 6 else 20] * (len(columns) - 1)
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    # a header wraps within its column: the row is as tall as the longest header needs
    lines = max(
        -(-len(label) // max(1, int(width) - 2))
        for (label, _c, _p), width in zip(columns, widths, strict=True)
    )
    ws.row_dimensions[header_row].height = 15 * max(2, lines)
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    if len(table.rows) > LONG_TABLE:  # printed on several pages: each repeats the header
        ws.print_title_rows = f"{header_row}:{header_row}"
    span = _Span(ws, widths)
    row = last_row + 2
    for note in table.notes:
        row = span.text(row, note.replace("`", ""), Font(italic=True, color=GREY))
    row = span.text(
        row,
        "c: suppressed (a number from 1 to 5, or one that would reveal it); blank: no figure.",
        Font(italic=True, color=GREY),
    )
    # charts under the table (not beside it), so the printed page keeps the table's size, each
    # starting a printed page (a chart is never split across two)
    for chart in charts:
        ws.row_breaks.append(Break(id=row))
        row = span.text(row + 1, f"Chart: {chart.title}", Font(bold=True))
        row = span.text(row, chart.alt, Font(color=GREY, size=9))
        image = Image(io.BytesIO(chart.png))
        scale = CHART_WIDTH_PX / image.width
        image.width, image.height = CHART_WIDTH_PX, int(image.height * scale)
        ws.add_image(image, f"A{row}")
        row += 1 + -(-image.height // 20)  # default rows are 20 px tall
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
    ws.column_dimensions["B"].width = 88  # with A, one portrait A4 page wide at full size
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
                ws.row_dimensions[row].height = _height(text, 88, 15)
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
                    sheet.row_dimensions[r].height = _height(text, 66, 15)
                    sheet.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
                sheet.column_dimensions["A"].width = 26
                sheet.column_dimensions["B"].width = 68
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
