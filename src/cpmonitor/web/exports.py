"""Downloads of tables as CSV or Excel: one way to write them, never cached by the browser.

Text that a spreadsheet would take as a formula is written as text
(:func:`cpmonitor.spreadsheet.neutralise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from cpmonitor.spreadsheet import neutralise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]  # (title, headers, rows)


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def csv_response(name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]):
    """``name.csv`` with a header row; blanks for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, f"{name}.csv")


def xlsx_response(name: str, sheets: Sequence[Sheet]):
    """``name.xlsx`` with one worksheet per (title, headers, rows)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append([neutralise(h) for h in headers])
        for row in rows:
            sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return _attachment(HttpResponse(out.getvalue(), content_type=XLSX_TYPE), f"{name}.xlsx")


def table_response(fmt: str, name: str, title: str, headers: Sequence[str], rows):
    """One table as ``name.csv`` (``fmt`` "csv") or as ``name.xlsx`` with one sheet ``title``."""
    if fmt == "csv":
        return csv_response(name, headers, rows)
    return xlsx_response(name, [(title, headers, rows)])
