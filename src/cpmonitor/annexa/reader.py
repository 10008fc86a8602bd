"""Read one Ofsted Annex A workbook (``.xlsx``) into tables, reporting what is wrong.

The workbook is streamed with openpyxl in read-only mode, one row at a time, so memory stays
flat however long the lists. Every sheet is searched for the header rows of the lists in
:mod:`.lists` (title rows above a header are allowed; each list is taken from the first
sheet that has it). Rules:

- Lists may also sit one below another in a sheet (a later header row starts the next); a
  row with a single cell of text with spaces in it is a title or a note, not a child's row.
- List 7 (child protection) is required: a workbook without a recognisable List 7 header is
  rejected whole (:class:`~cpmonitor.census.issues.ReturnRejected`, one-line reason). Lists 4
  and 5 are read where present.
- A bad value is an :class:`~cpmonitor.census.issues.Issue` naming the file, the sheet and
  column (``element``: ``"List 7 sheet: Child Protection Plan Start Date"``), the row and the
  child; the value is left blank and the rest of the row still loads. A row without a child
  ID cannot join the history and is left out with an error; so is a List 7 row without a
  readable plan start date (a plan cannot be placed without it, as in the census).
- The council is not in the workbook: it is ``la`` when given, else a 3-digit code in the
  file name, else ``census_las`` when that is exactly one council; otherwise the workbook is
  rejected with a one-line reason saying how to give it.
- The extract date comes from the file name (``..._2016-08-31.xlsx``, ``20160831``,
  ``31-08-2016``), else the first date in a title row above a list, else ``as_at``;
  otherwise the workbook is rejected.
"""

from __future__ import annotations

import calendar
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import polars as pl

from ..census.issues import Issue, ReturnRejected
from . import values
from .lists import LISTS, Column, ListSpec, match_header

LaSource = Literal["--la", "file name", "census returns"]
DateSource = Literal["file name", "title row", "--as-at"]

_TITLE_ROWS = 30  # a header row must be within the first rows of a sheet
_NAME_DATES = (
    (re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)"), (1, 2, 3)),
    (re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.](\d{4})(?!\d)"), (3, 2, 1)),
)
_MONTHS = {calendar.month_name[i].lower(): i for i in range(1, 13)}
_WORDS_DATE = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\s+(\d{4})(?!\d)", re.I)
_TEXT_DATE = re.compile(r"(?<!\d)(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})(?!\d)")
_LA_CODE = re.compile(r"(?<!\d)(\d{3})(?!\d)")

#: column types of each list's table (besides the provenance: source_file, la, sheet, line)
_TYPES = {
    values.parse_date: pl.Date(),
    values.parse_count: pl.Int32(),
    values.parse_yes_no: pl.Boolean(),
}


def list_schema(spec: ListSpec) -> dict[str, pl.DataType]:
    """The columns of a list's table: provenance, then the list's columns with their types."""
    schema: dict[str, pl.DataType] = {
        "source_file": pl.Utf8(),
        "la": pl.Utf8(),
        "sheet": pl.Utf8(),
        "line": pl.Int32(),
    }
    for column in spec.columns:
        schema[column.name] = _TYPES.get(column.parse, pl.Utf8())
    return schema


@dataclass
class AnnexA:
    """One Annex A workbook as read.

    ``lists``: list key (``child_protection``, ``assessments``, ``section47``) -> a table
    with one row per data row: ``source_file``, ``la``, ``sheet``, ``line`` (the row in the
    sheet) and the list's columns (see :mod:`.lists`; a column the workbook lacks is blank).
    ``sheets``: list key -> the sheet it was found in.
    """

    file: str
    la: str
    la_source: LaSource
    extract_date: date
    date_source: DateSource
    lists: dict[str, pl.DataFrame]
    sheets: dict[str, str]
    issues: list[Issue] = field(default_factory=list)

    @property
    def plans(self) -> pl.DataFrame:
        return self.lists["child_protection"]


def date_in_name(name: str) -> tuple[date | None, str]:
    """The extract date in a file name, and the name with the date taken out."""
    for pattern, (y, m, d) in _NAME_DATES:
        for match in pattern.finditer(name):
            try:
                found = date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                continue
            if 1990 <= found.year <= 2100:
                return found, name[: match.start()] + " " + name[match.end() :]
    return None, name


def la_in_name(name: str) -> str | None:
    """A 3-digit LA code in a file name (with any date taken out), when there is one only."""
    codes = set(_LA_CODE.findall(name))
    return codes.pop() if len(codes) == 1 else None


def date_in_title(cells: Iterable[object]) -> date | None:
    """The first date in a title row: a date cell, or text such as "as at 31/08/2016"."""
    for cell in cells:
        if isinstance(cell, datetime | date):
            return cell.date() if isinstance(cell, datetime) else cell
        if not isinstance(cell, str):
            continue
        if m := _TEXT_DATE.search(cell):
            found, _ = values.parse_date(m[1])
            if found is not None:
                return found  # type: ignore[return-value]
        for m in _WORDS_DATE.finditer(cell):
            month = _MONTHS.get(m[2].lower()) or next(
                (
                    n
                    for name, n in _MONTHS.items()
                    if len(m[2]) >= 3 and name.startswith(m[2].lower())
                ),
                None,
            )
            if month:
                try:
                    return date(int(m[3]), month, int(m[1]))
                except ValueError:
                    continue
    return None


def _may_be_header(row: tuple[object, ...]) -> bool:
    """A cheap test before :func:`match_header`: some cell reads like a child ID header."""
    return any(isinstance(c, str) and "child" in (low := c.lower()) and "id" in low for c in row)


class _ListReader:
    """Collects one list's rows from the cells under its header."""

    def __init__(self, spec: ListSpec, sheet: str, cells: dict[int, Column], file: str):
        self.spec, self.sheet, self.cells, self.file = spec, sheet, cells, file
        self.headers: dict[int, str] = {}
        self.rows: list[dict] = []
        self.issues: list[Issue] = []
        self.no_id = 0
        self.no_start = 0

    def add(self, line: int, row: tuple[object, ...]) -> None:
        filled = [v for v in row if not values._blank(v)]
        if not filled:
            return
        if len(filled) == 1 and isinstance(filled[0], str) and " " in filled[0].strip():
            return  # a title or note row (e.g. above the next list), not a child's row
        record: dict[str, object] = {"sheet": self.sheet, "line": line}
        child_cell = next(i for i, c in self.cells.items() if c.name == "child_id")
        child, _ = values.parse_text(row[child_cell] if child_cell < len(row) else None)
        if child is None:
            self.no_id += 1
            return
        record["child_id"] = child
        for i, column in self.cells.items():
            if column.name == "child_id":
                continue
            cell = row[i] if i < len(row) else None
            value, problem = column.parse(cell)
            if problem:
                self.issues.append(
                    Issue(
                        self.file,
                        line,
                        str(child),
                        f"{self.sheet}: {self.headers[i]}",
                        "error",
                        "annex-a-bad-value",
                        f"sheet {self.sheet!r} row {line}, {self.headers[i]!r}: {problem}; "
                        "left blank",
                    )
                )
            record[column.name] = value
        if self.spec.key == "child_protection" and record.get("start_date") is None:
            self.no_start += 1
            self.issues.append(
                Issue(
                    self.file,
                    line,
                    str(child),
                    f"{self.sheet}: {self.headers[self._index('start_date')]}",
                    "error",
                    "annex-a-no-plan-start",
                    f"sheet {self.sheet!r} row {line}: no readable plan start date; the plan "
                    "cannot be placed in the history and is left out",
                )
            )
            return
        self.rows.append(record)

    def _index(self, name: str) -> int:
        return next(i for i, c in self.cells.items() if c.name == name)

    def table(self, la: str) -> pl.DataFrame:
        schema = list_schema(self.spec)
        rows = [{"source_file": self.file, "la": la, **r} for r in self.rows]
        return (
            pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
        )

    def finish(self) -> list[Issue]:
        out = list(self.issues)
        if self.no_id:
            out.append(
                Issue(
                    self.file,
                    None,
                    None,
                    f"{self.sheet}: Child Unique ID",
                    "error",
                    "annex-a-no-child-id",
                    f"sheet {self.sheet!r}: {self.no_id} row(s) of {self.spec.label} have no "
                    "child ID and cannot join the history; left out",
                )
            )
        missing = [c.template for c in self.spec.columns if c not in self.cells.values()]
        if missing:
            out.append(
                Issue(
                    self.file,
                    None,
                    None,
                    self.sheet,
                    "warning" if self.spec.key == "child_protection" else "notice",
                    "annex-a-missing-columns",
                    f"sheet {self.sheet!r}, {self.spec.label}: no column for "
                    f"{'; '.join(missing)} (left blank)",
                )
            )
        return out


def read_annex_a(
    path: str | os.PathLike[str],
    la: str | None = None,
    as_at: date | None = None,
    census_las: Iterable[str] = (),
) -> AnnexA:
    """Read one Annex A workbook (see the module's rules). Raises ``ReturnRejected``."""
    from openpyxl import load_workbook  # not at start-up: only commands that read workbooks

    file = str(path)
    name = Path(file).name
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise ReturnRejected(file, "not a readable Excel workbook (.xlsx)") from None
    readers: dict[str, _ListReader] = {}
    title_date: date | None = None
    notices: list[Issue] = []
    try:
        for sheet in book.worksheets:
            current: _ListReader | None = None
            skipping = False  # under a list already read from another sheet
            titles: list[tuple[object, ...]] = []
            for line, row in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                found = None
                if current is None and not skipping:
                    if line > _TITLE_ROWS:
                        break
                    found = match_header(row)
                    if found is None:
                        titles.append(row)
                        continue
                elif _may_be_header(row):  # another list below this one, in the same sheet
                    found = match_header(row)
                if found is None:
                    if current is not None:
                        current.add(line, row)
                    continue
                spec, cells = found
                if title_date is None:
                    title_date = next(
                        (d for t in titles if (d := date_in_title(t)) is not None), None
                    )
                if spec.key in readers:
                    notices.append(
                        Issue(
                            file,
                            line,
                            None,
                            sheet.title,
                            "notice",
                            "annex-a-list-repeated",
                            f"sheet {sheet.title!r} row {line} also has {spec.label}; only the "
                            f"one in sheet {readers[spec.key].sheet!r} is read",
                        )
                    )
                    current, skipping = None, True
                    continue
                current, skipping = _ListReader(spec, sheet.title, cells, file), False
                current.headers = {i: " ".join(str(row[i]).split()) for i in cells}
                readers[spec.key] = current
    except ReturnRejected:
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        raise ReturnRejected(
            file, f"could not be read as a workbook ({type(exc).__name__})"
        ) from None
    finally:
        book.close()
    if "child_protection" not in readers:
        raise ReturnRejected(
            file,
            "no Annex A List 7 (child protection) found: no sheet has a header row with a child "
            "ID and a child protection plan start date",
        )
    extract, rest = date_in_name(name)
    date_source: DateSource = "file name"
    if extract is None and title_date is not None:
        extract, date_source = title_date, "title row"
    if extract is None and as_at is not None:
        extract, date_source = as_at, "--as-at"
    if extract is None:
        raise ReturnRejected(
            file,
            "no extract date: put it in the file name (e.g. annex_a_2016-08-31.xlsx) or a "
            "title row, or give --as-at",
        )
    la_source: LaSource
    if la is not None:
        council, la_source = la, "--la"
    elif (code := la_in_name(rest)) is not None:
        council, la_source = code, "file name"
    else:
        las = sorted(set(census_las))
        if len(las) != 1:
            found = f" (the census returns loaded are for {', '.join(las)})" if las else ""
            raise ReturnRejected(
                file,
                "no council code: Annex A does not hold one; give --la, put the 3-digit code in "
                f"the file name, or load it beside one council's census returns{found}",
            )
        council, la_source = las[0], "census returns"
    issues = list(notices)
    for reader in readers.values():
        issues.extend(reader.finish())
    for spec in LISTS:
        if spec.key not in readers:
            issues.append(
                Issue(
                    file,
                    None,
                    None,
                    None,
                    "notice",
                    "annex-a-list-absent",
                    f"no {spec.label} in the workbook",
                )
            )
    return AnnexA(
        file=file,
        la=council,
        la_source=la_source,
        extract_date=extract,
        date_source=date_source,
        lists={key: r.table(council) for key, r in readers.items()},
        sheets={key: r.sheet for key, r in readers.items()},
        issues=issues,
    )
