"""Hand-written Annex A workbooks for tests: sheets of rows, written with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from cpmonitor.annexa.lists import CHILD_PROTECTION

#: List 7's header row as Ofsted's template (and liia-tools' schema) spells it.
LIST7 = list(CHILD_PROTECTION.header)


def list7_row(
    child: str,
    start: object,
    end: object = None,
    prev: object = 0,
    cat: object = "a) Neglect",
    latest: object = None,
    visit: object = None,
    alone: object = "a) Yes",
    team: str | None = "Team A",
    worker: str | None = "Worker 1",
    birth: object = "15/06/2010",
    sex: object = "a) Male",
) -> list[object]:
    """One List 7 row in the template's column order."""
    return [
        child,
        sex,
        "a) WBRI",
        birth,
        5,
        "b) No",
        start,
        cat,
        latest if latest is not None else cat,
        visit,
        alone,
        None,
        end,
        "N",
        prev,
        team,
        worker,
    ]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook with one sheet per entry (rows written from A1 down)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path
