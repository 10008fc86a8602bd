"""Reading a CSV or XLSX download back in tests."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook


def rows_of(response, fmt: str) -> list[list[str]]:
    """A CSV or XLSX download's rows as text (blank for an empty cell)."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode())))
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
