"""Reading the DfE files as published: recognise each by its columns, parse it, refuse the rest.

Layouts (the columns each must have are in :data:`LAYOUTS`):

- EES *Children in need* tables D3, D5, B1 and C1 (CSV, UTF-8 with or without a BOM): one row
  per year and geography (``geographic_level`` National / Regional / Local authority);
  ``time_period`` 2016 is the year ending 31 March 2016 (2015-16).
- LAIT "big data set" in long form (Parquet, or the same columns as CSV): ``Short Desc``,
  ``Years``, ``LA Number`` (970 = England, 980-990 = regions), ``Values`` ("-" = missing).
- Statistical-neighbour lists, DfE tool layout (April 2021 CSV, and both LAIT XLSX files whose
  first three rows are headers): ``LA num``, ``LA Name``, ``GOReg``, then ``SN1``..``SN10`` each
  followed by a closeness band headed ``SNP`` (the name repeats).
- Statistical-neighbour lists, May 2025 model CSV: ``old_la_code``, ``la_name``, ``SN_1``,
  ``SN_1P`` .. ``SN_10``, ``SN_10P``; closeness labels may end in a space, trimmed here.

Figures: a number, or one of DfE's symbols (:data:`~.catalogue.STATUS_SYMBOLS`), kept as a
status and never read as 0. Anything else is refused with the file, line and column.

Release identity: the SHA-256 of the parsed content (so the same data saved twice, or as CSV
and as XLSX, is one release), labelled by its table and the latest year it holds
("D3 2025"); a neighbour list is labelled by the year in its file name ("2021").
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from .areas import ENGLAND, REGIONS
from .catalogue import STATUS_SYMBOLS, measures_in

MAX_ERRORS_SHOWN = 5

OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    "measure": pl.String(),
    "year": pl.Int32(),
    "level": pl.String(),  # national | region | la
    "area": pl.String(),  # E92000001 | region code | 3-digit LA number
    "area_name": pl.String(),
    "ons_code": pl.String(),
    "region_code": pl.String(),
    "numerator": pl.Int64(),
    "numerator_status": pl.String(),
    "denominator": pl.Int64(),
    "denominator_status": pl.String(),
    "value": pl.Float64(),
    "value_status": pl.String(),
}

NEIGHBOUR_SCHEMA: dict[str, pl.DataType] = {
    "la": pl.String(),
    "rank": pl.Int32(),
    "neighbour": pl.String(),
    "closeness": pl.String(),
}

_EES_COMMON = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
_LAIT_COLUMNS = ("Short Desc", "Years", "LA and Regions", "Values", "LA Number", "Region")
_SN_TOOL = ("LA num", "LA Name", "GOReg", *[f"SN{k}" for k in range(1, 11)], "SNP")
_SN_MODEL = (
    "old_la_code",
    "la_name",
    *[c for k in range(1, 11) for c in (f"SN_{k}", f"SN_{k}P")],
)

_NUMBER = r"^-?\d+(\.\d+)?$"
_LEVELS = {"National": "national", "Regional": "region", "Local authority": "la"}
_LAIT_ENGLAND = 970
_REGION_BY_NAME = {name.lower(): code for code, name in REGIONS.items()} | {
    "london (inner)": "E13000001",
    "london (outer)": "E13000002",
}


class BenchmarkFileError(ValueError):
    """A file that cannot be imported; the message names the file and what is wrong."""


class UnknownLayout(BenchmarkFileError):
    """A file that is none of the layouts; the message names the columns each one needs."""


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    kind: str  # observations | neighbours
    columns: tuple[str, ...]
    table: str  # short release label prefix: D3, D5, B1, C1, LAIT, SN


def _ees(name: str, table: str, title: str, columns: tuple[str, ...]) -> Layout:
    title = f"EES Children in need, table {table} ({title})"
    return Layout(name, title, "observations", _EES_COMMON + columns, table)


LAYOUTS: tuple[Layout, ...] = (
    _ees("ees_d3", "D3", "repeat plans", ("CPP_start", "CPP_subsequent", "CPP_subsequent_percent")),
    _ees(
        "ees_d5",
        "D5",
        "plans at 31 March by duration",
        ("CPP_At31", "2_years_or_more", "2_years_or_more_percent"),
    ),
    _ees("ees_b1", "B1", "children in need", ("Anypoint_episodes", "At31_episodes")),
    _ees(
        "ees_c1",
        "C1",
        "referrals and re-referrals",
        ("referral_count", "rereferral_count", "rereferral_percent"),
    ),
    Layout("lait_long", "LAIT big data set, long form", "observations", _LAIT_COLUMNS, "LAIT"),
    Layout(
        "sn_tool",
        "statistical neighbours, DfE tool layout (April 2021 CSV, LAIT XLSX)",
        "neighbours",
        _SN_TOOL,
        "SN",
    ),
    Layout(
        "sn_model",
        "statistical neighbours, DfE model layout (May 2025 CSV)",
        "neighbours",
        _SN_MODEL,
        "SN",
    ),
)


@dataclass
class ParsedFile:
    """One file, parsed: observations or a neighbour list, with its release identity."""

    path: Path
    layout: Layout
    frame: pl.DataFrame
    latest_year: int
    file_sha256: str
    notes: list[str] = field(default_factory=list)

    @property
    def release_id(self) -> str:
        """SHA-256 of the layout and the parsed content, sorted: the release's identity."""
        digest = hashlib.sha256(self.layout.table.encode())
        digest.update(self.frame.write_csv().encode())
        return digest.hexdigest()

    @property
    def label(self) -> str:
        return f"{self.layout.table} {self.latest_year}"


# ---------------------------------------------------------------------------------- detection


def _sheets(path: Path) -> list[tuple[str, list[list[object]]]]:
    """The rows of each sheet of an XLSX workbook (values only)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise BenchmarkFileError(f"{path}: cannot be opened as an XLSX workbook ({exc})") from None
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_head(path: Path, rows: int = 10) -> list[list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            return [[c.strip() for c in row] for _, row in zip(range(rows), reader, strict=False)]
    except UnicodeDecodeError:
        raise BenchmarkFileError(f"{path}: not a UTF-8 text (CSV) file") from None
    except csv.Error as exc:
        raise BenchmarkFileError(f"{path}: not a readable CSV file ({exc})") from None


def _kind(path: Path) -> str:
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        return "parquet"
    if magic[:2] == b"PK":
        return "xlsx"
    return "csv"


def _find_header(rows: list[list[str]], layout: Layout) -> int | None:
    for index, row in enumerate(rows[:10]):
        if set(layout.columns) <= set(row):
            return index
    return None


def _expected_message(path: Path, columns: list[str]) -> str:
    shown = ", ".join(c for c in columns if c)[:300] or "(none)"
    best = max(LAYOUTS, key=lambda lay: len(set(lay.columns) & set(columns)))
    near = set(best.columns) & set(columns)
    lines = [f"{path}: not a layout cpmonitor can import as benchmarks. Its columns: {shown}."]
    if len(near) >= 3:
        missing = [c for c in best.columns if c not in columns]
        lines.append(f"It looks like {best.title} but lacks: {', '.join(missing)}.")
    lines.append("Expected one of:")
    lines += [f"  - {lay.title}: {', '.join(lay.columns)}" for lay in LAYOUTS]
    return "\n".join(lines)


def detect(path: Path) -> tuple[Layout, int, str]:
    """The file's layout, its header row (0-based) and its format (csv, xlsx, parquet)."""
    if not path.is_file():
        raise BenchmarkFileError(f"{path}: no such file")
    kind = _kind(path)
    if kind == "parquet":
        columns = list(pl.read_parquet_schema(path))
        candidates = [columns]
    elif kind == "xlsx":
        candidates = [[_cell(c) for c in row] for _, rows in _sheets(path) for row in rows[:10]]
    else:
        candidates = _csv_head(path)
    for layout in LAYOUTS:
        header = _find_header(candidates, layout)
        if header is not None:
            return layout, header, kind
    columns = max(candidates, key=lambda r: len([c for c in r if c]), default=[])
    raise UnknownLayout(_expected_message(path, columns))


# ------------------------------------------------------------------------------------ figures


def _figure(column: str, integer: bool) -> list[pl.Expr]:
    raw = pl.col(column).cast(pl.String).str.strip_chars()
    numeric = raw.str.contains(_NUMBER).fill_null(False)
    # published decimals carry binary noise in LAIT ("19.399999999999999"): 6 places clears it
    number = pl.when(numeric).then(raw.cast(pl.Float64, strict=False).round(6))
    if integer:
        number = number.cast(pl.Int64, strict=False)
    return [number, pl.when(~numeric).then(raw)]


def _bad_figures(
    frame: pl.DataFrame, columns: list[str], path: Path, line_offset: int, where: str = "line"
) -> None:
    """Refuse a file with a figure that is neither a number nor a DfE symbol.

    ``frame`` has ``_row``, the 0-based data row in the file; ``line_offset`` turns it into
    the line (or row) number a user sees.
    """
    symbols = list(STATUS_SYMBOLS)
    problems: list[str] = []
    total = 0
    for column in columns:
        raw = pl.col(column).cast(pl.String).str.strip_chars()
        ok = (raw.str.contains(_NUMBER) | raw.str.to_lowercase().is_in(symbols)).fill_null(False)
        bad = frame.filter(~ok)
        total += bad.height
        for line, value in bad.select("_row", column).head(MAX_ERRORS_SHOWN).iter_rows():
            problems.append(f"{where} {line + line_offset}, column {column}: {value!r}")
    if total:
        shown = "; ".join(problems[:MAX_ERRORS_SHOWN])
        raise BenchmarkFileError(
            f"{path}: {total} figure(s) are neither a number nor a DfE symbol "
            f"({', '.join(symbols)}): {shown}"
        )


def _fractional_counts(frame: pl.DataFrame, columns: list[str], path: Path, offset: int) -> None:
    for column in columns:
        raw = pl.col(column).cast(pl.String).str.strip_chars()
        bad = frame.filter(raw.str.contains(r"^-?\d+\.\d*[1-9]\d*$"))
        if bad.height:
            line, value = bad.select("_row", column).row(0)
            raise BenchmarkFileError(
                f"{path}: line {line + offset}, column {column}: a count, but {value!r} "
                "is not a whole number"
            )


def _year(expr: pl.Expr) -> pl.Expr:
    """EES ``time_period``: 2016, or 201516 for a financial year; both mean 2015-16."""
    text = expr.cast(pl.String).str.strip_chars()
    four = pl.when(text.str.contains(r"^\d{4}$")).then(text.cast(pl.Int32, strict=False))
    six = pl.when(text.str.contains(r"^\d{6}$")).then(
        text.str.slice(0, 4).cast(pl.Int32, strict=False) + 1
    )
    return pl.coalesce(four, six)


def _observations(frame: pl.DataFrame, layout: str) -> pl.DataFrame:
    """Long observations, one row per measure, from a frame with the source columns."""
    parts = []
    for measure in measures_in(layout):
        num = _figure(measure.numerator, True) if measure.numerator else [pl.lit(None)] * 2
        den = _figure(measure.denominator, True) if measure.denominator else [pl.lit(None)] * 2
        integer = measure.unit == "count"
        val = _figure(measure.value, integer)
        parts.append(
            frame.select(
                pl.lit(measure.name).alias("measure"),
                "year",
                "level",
                "area",
                "area_name",
                "ons_code",
                "region_code",
                num[0].alias("numerator"),
                num[1].alias("numerator_status"),
                den[0].alias("denominator"),
                den[1].alias("denominator_status"),
                val[0].cast(pl.Float64).alias("value"),
                val[1].alias("value_status"),
            )
        )
    return _canonical(pl.concat(parts, how="vertical_relaxed"))


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.cast(OBSERVATION_SCHEMA).select(list(OBSERVATION_SCHEMA))  # type: ignore[arg-type]
    return frame.sort("measure", "year", "level", "area")


def _duplicates(frame: pl.DataFrame, keys: list[str], path: Path) -> None:
    dup = frame.filter(pl.struct(keys).is_duplicated())
    if dup.height:
        example = ", ".join(f"{k}={v}" for k, v in zip(keys, dup.row(0), strict=False))
        raise BenchmarkFileError(f"{path}: {dup.height} rows repeat the same figure ({example})")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------- EES files


def _read_ees(path: Path, layout: Layout, header: int) -> ParsedFile:
    try:
        raw = pl.read_csv(path, infer_schema=False, skip_rows=header, encoding="utf8")
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise BenchmarkFileError(f"{path}: cannot be read as CSV ({exc})") from None
    raw = raw.rename({c: c.strip().lstrip("\ufeff") for c in raw.columns})
    offset = header + 2  # 1-based line numbers, after the header line
    notes = []
    level = pl.col("geographic_level").str.strip_chars().replace_strict(_LEVELS, default=None)
    raw = raw.with_row_index("_row").with_columns(
        level.alias("level"), _year(pl.col("time_period")).alias("year")
    )
    other = raw.filter(pl.col("level").is_null())
    if other.height:
        levels = ", ".join(sorted(set(other.get_column("geographic_level").drop_nulls())))
        notes.append(f"{other.height} rows at other geographic levels skipped ({levels})")
    frame = raw.filter(pl.col("level").is_not_null())
    bad_year = frame.filter(pl.col("year").is_null())
    if bad_year.height:
        row, value = bad_year.select("_row", "time_period").row(0)
        raise BenchmarkFileError(
            f"{path}: line {row + offset}, column time_period: {value!r} is not a year "
            "(2016 or 201516)"
        )
    la_code = pl.col("old_la_code").str.strip_chars()
    bad_la = frame.filter(
        (pl.col("level") == "la") & ~la_code.str.contains(r"^\d{1,3}$").fill_null(False)
    )
    if bad_la.height:
        row, value = bad_la.select("_row", "old_la_code").row(0)
        raise BenchmarkFileError(
            f"{path}: line {row + offset}, column old_la_code: {value!r} is not a 3-digit LA number"
        )
    columns = [
        c
        for m in measures_in(layout.name)
        for c in (m.numerator, m.denominator, m.value)
        if c is not None
    ]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BenchmarkFileError(f"{path}: {layout.title} without column(s) {', '.join(missing)}")
    _bad_figures(frame, columns, path, offset)
    counts = [
        c
        for m in measures_in(layout.name)
        for c in (m.numerator, m.denominator, m.value if m.unit == "count" else None)
        if c is not None
    ]
    _fractional_counts(frame, counts, path, offset)

    def by_level(la: pl.Expr, region: pl.Expr, national: pl.Expr) -> pl.Expr:
        lvl = pl.col("level")
        return pl.when(lvl == "la").then(la).when(lvl == "region").then(region).otherwise(national)

    blank = lambda c: pl.col(c).str.strip_chars().replace("", None)  # noqa: E731
    frame = frame.with_columns(
        by_level(la_code.str.zfill(3), blank("region_code"), blank("country_code")).alias("area"),
        by_level(blank("la_name"), blank("region_name"), blank("country_name")).alias("area_name"),
        by_level(blank("new_la_code"), blank("region_code"), blank("country_code")).alias(
            "ons_code"
        ),
        pl.when(pl.col("level") == "la").then(blank("region_code")).alias("region_code"),
    )
    frame = frame.with_columns(
        pl.when(pl.col("level") == "national")
        .then(pl.col("area").fill_null(ENGLAND))
        .otherwise(pl.col("area"))
        .alias("area")
    )
    observations = _observations(frame, layout.name)
    _duplicates(observations, ["measure", "year", "level", "area"], path)
    return ParsedFile(
        path,
        layout,
        observations,
        int(observations.get_column("year").max()),
        file_sha256(path),
        notes,
    )


# ---------------------------------------------------------------------------------- LAIT file


def _read_lait(path: Path, layout: Layout, header: int, kind: str) -> ParsedFile:
    wanted = {m.value: m for m in measures_in("lait_long")}
    where, offset = ("row", 1) if kind == "parquet" else ("line", header + 2)
    try:
        if kind == "parquet":
            raw = pl.read_parquet(path, columns=list(_LAIT_COLUMNS))
        else:
            raw = pl.read_csv(
                path, infer_schema=False, skip_rows=header, columns=list(_LAIT_COLUMNS)
            )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError, OSError) as exc:
        raise BenchmarkFileError(f"{path}: cannot be read ({exc})") from None
    raw = raw.with_row_index("_row").filter(pl.col("Short Desc").is_in(list(wanted)))
    if raw.is_empty():
        raise BenchmarkFileError(
            f"{path}: a LAIT file, but it has none of the measures cpmonitor takes from LAIT "
            f"(Short Desc: {', '.join(wanted)})"
        )
    notes = []
    years = pl.col("Years").cast(pl.String).str.strip_chars()
    odd = raw.filter(~years.str.contains(r"^\d{4}$"))
    if odd.height:
        notes.append(
            f"{odd.height} rows with a year that is not a plain year ending 31 March skipped "
            f"({', '.join(sorted(set(odd.get_column('Years').cast(pl.String)))[:5])})"
        )
    raw = raw.filter(years.str.contains(r"^\d{4}$"))
    number = pl.col("LA Number").cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "")
    raw = raw.with_columns(number.cast(pl.Int32, strict=False).alias("_number"))
    bad = raw.filter(pl.col("_number").is_null())
    if bad.height:
        row, value = bad.select("_row", "LA Number").row(0)
        raise BenchmarkFileError(
            f"{path}: {where} {row + offset}, column LA Number: {value!r} is not a number"
        )
    name = pl.col("LA and Regions").str.strip_chars()
    region_by_name = name.str.to_lowercase().replace_strict(_REGION_BY_NAME, default=None)
    level = (
        pl.when(pl.col("_number") == _LAIT_ENGLAND)
        .then(pl.lit("national"))
        .when(pl.col("_number") >= 980)
        .then(pl.lit("region"))
        .otherwise(pl.lit("la"))
    )
    raw = raw.with_columns(level.alias("level"), region_by_name.alias("_region"))
    unknown = raw.filter((pl.col("level") == "region") & pl.col("_region").is_null())
    if unknown.height:
        raise BenchmarkFileError(
            f"{path}: region {unknown.get_column('LA and Regions')[0]!r} (LA Number "
            f"{unknown.get_column('_number')[0]}) is not an English region"
        )
    frame = raw.select(
        pl.col("Short Desc")
        .replace_strict({k: m.name for k, m in wanted.items()})
        .alias("measure"),
        years.cast(pl.Int32).alias("year"),
        "level",
        pl.when(pl.col("level") == "national")
        .then(pl.lit(ENGLAND))
        .when(pl.col("level") == "region")
        .then(pl.col("_region"))
        .otherwise(pl.col("_number").cast(pl.String).str.zfill(3))
        .alias("area"),
        name.alias("area_name"),
        pl.when(pl.col("level") == "la")
        .then(None)
        .otherwise(
            pl.when(pl.col("level") == "national")
            .then(pl.lit(ENGLAND))
            .otherwise(pl.col("_region"))
        )
        .alias("ons_code"),
        pl.when(pl.col("level") == "la")
        .then(
            pl.col("Region")
            .str.strip_chars()
            .str.to_lowercase()
            .replace_strict(_REGION_BY_NAME, default=None)
        )
        .alias("region_code"),
        pl.lit(None).alias("numerator"),
        pl.lit(None).alias("numerator_status"),
        pl.lit(None).alias("denominator"),
        pl.lit(None).alias("denominator_status"),
        pl.col("Values").cast(pl.String).alias("_value"),
        pl.col("_row"),
    )
    _bad_figures(frame, ["_value"], path, offset, where)
    value, status = _figure("_value", False)
    frame = _canonical(frame.with_columns(value.alias("value"), status.alias("value_status")))
    _duplicates(frame, ["measure", "year", "level", "area"], path)
    return ParsedFile(
        path, layout, frame, int(frame.get_column("year").max()), file_sha256(path), notes
    )


# ------------------------------------------------------------------------ neighbour lists


def _rows(path: Path, kind: str, layout: Layout) -> tuple[list[str], list[list[str]], int]:
    """Header and data rows (as trimmed strings) of a neighbour-list CSV or XLSX."""
    if kind == "xlsx":
        for _title, rows in _sheets(path):
            text = [[_cell(c) for c in row] for row in rows]
            header = _find_header(text, layout)
            if header is not None:
                return text[header], text[header + 1 :], header
        raise BenchmarkFileError(f"{path}: no sheet with the columns of {layout.title}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = [[c.strip() for c in row] for row in csv.reader(handle)]
    header = _find_header(text, layout)
    if header is None:  # pragma: no cover - detect() found it
        raise BenchmarkFileError(f"{path}: no header row with {', '.join(layout.columns)}")
    return text[header], text[header + 1 :], header


def _list_year(path: Path, year: int | None) -> int:
    if year is not None:
        return year
    found = re.findall(r"(?<!\d)(20\d{2})(?!\d)", path.name)
    if not found:
        raise BenchmarkFileError(
            f"{path}: a statistical-neighbour list, but its name carries no year, so it cannot "
            "be told apart from other lists; rename it with its year (e.g. sn_2025.csv) or give "
            "the year (--neighbours-year 2025)"
        )
    return int(found[-1])


def _read_neighbours(path: Path, layout: Layout, kind: str, year: int | None) -> ParsedFile:
    header, rows, header_index = _rows(path, kind, layout)
    if layout.name == "sn_tool":
        la_col = header.index("LA num")
        pairs = [(header.index(f"SN{k}"), header.index(f"SN{k}") + 1) for k in range(1, 11)]
    else:
        la_col = header.index("old_la_code")
        pairs = [(header.index(f"SN_{k}"), header.index(f"SN_{k}P")) for k in range(1, 11)]
    records: list[tuple[str, int, str, str | None]] = []
    without: list[str] = []
    for number, row in enumerate(rows, start=header_index + 2):
        cells = row + [""] * (len(header) + 1 - len(row))
        code = cells[la_col]
        if not re.fullmatch(r"\d{1,3}", code):
            if code and any(cells[a] for a, _ in pairs):
                raise BenchmarkFileError(
                    f"{path}: line {number}: LA number {code!r} is not a 3-digit code"
                )
            continue  # blank and section rows ("Old SNs:")
        neighbours = [(cells[a], cells[b]) for a, b in pairs]
        if all(n in ("", "-") for n, _ in neighbours):
            without.append(code.zfill(3))
            continue
        for rank, (neighbour, closeness) in enumerate(neighbours, start=1):
            if not re.fullmatch(r"\d{1,3}", neighbour):
                raise BenchmarkFileError(
                    f"{path}: line {number}: neighbour {rank} of LA {code} is {neighbour!r}, "
                    "not a 3-digit LA number"
                )
            records.append((code.zfill(3), rank, neighbour.zfill(3), closeness.strip() or None))
    if not records:
        raise BenchmarkFileError(f"{path}: a statistical-neighbour list with no neighbours in it")
    frame = pl.DataFrame(records, schema=NEIGHBOUR_SCHEMA, orient="row").sort("la", "rank")
    _duplicates(frame, ["la", "rank"], path)
    notes = [f"no neighbours given for LA {', '.join(without)}"] if without else []
    # the closeness band is published in two spellings ("Very Close", "Very close ")
    frame = frame.with_columns(pl.col("closeness").str.to_lowercase())
    return ParsedFile(path, layout, frame, _list_year(path, year), file_sha256(path), notes)


# ---------------------------------------------------------------------------------- entry point


def read_file(path: Path | str, neighbours_year: int | None = None) -> ParsedFile:
    """Recognise and parse one DfE file; :class:`BenchmarkFileError` if it cannot be imported."""
    path = Path(path)
    layout, header, kind = detect(path)
    readers: dict[str, Callable[[], ParsedFile]] = {
        "observations": lambda: (
            _read_lait(path, layout, header, kind)
            if layout.name == "lait_long"
            else _read_ees(path, layout, header)
        ),
        "neighbours": lambda: _read_neighbours(path, layout, kind, neighbours_year),
    }
    return readers[layout.kind]()
