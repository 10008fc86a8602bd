"""The benchmark store: every DfE release imported, kept side by side, in the user's data dir.

Storage: one SQLite file (``benchmarks.sqlite3`` in :func:`cpmonitor.datadir.data_dir`),
through the standard library's ``sqlite3``. Chosen over Parquet files because an import of
several files must be all-or-nothing and safe while the web app reads the same store: SQLite
gives that in one transaction, with no extra dependency and no partial files to clean up.
The store is small (about 75,000 figures for every file DfE publishes for this), and each
query loads one measure into polars, so reading is milliseconds.

Releases: a release is identified by the SHA-256 of its parsed content (see
:mod:`.layouts`); importing the same content again changes nothing. Every release is kept.
For each figure the newest release that has it wins (latest year it holds, then the latest
import); older releases' figures remain visible as revisions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from ..datadir import data_dir
from ..periods import financial_year
from . import funnel as funnel_mod
from .areas import ENGLAND, CodeSpell, LaDirectory, LocalAuthority
from .catalogue import MEASURES, MeasureDef, get_measure
from .england import ENGLAND_REPEAT_PLANS
from .layouts import (
    OBSERVATION_SCHEMA,
    BenchmarkFileError,
    ParsedFile,
    UnknownLayout,
    file_sha256,
    read_file,
)
from .series import YearRow, build_series

FILENAME = "benchmarks.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE releases (
    release_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    layout TEXT NOT NULL,
    source TEXT NOT NULL,
    label TEXT NOT NULL,
    latest_year INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    seq INTEGER NOT NULL UNIQUE
);
CREATE TABLE observations (
    release_id TEXT NOT NULL REFERENCES releases(release_id),
    measure TEXT NOT NULL,
    year INTEGER NOT NULL,
    level TEXT NOT NULL,
    area TEXT NOT NULL,
    area_name TEXT,
    ons_code TEXT,
    region_code TEXT,
    numerator INTEGER,
    numerator_status TEXT,
    denominator INTEGER,
    denominator_status TEXT,
    value REAL,
    value_status TEXT,
    PRIMARY KEY (release_id, measure, year, level, area)
) WITHOUT ROWID;
CREATE INDEX observations_measure ON observations (measure, year);
CREATE TABLE neighbours (
    release_id TEXT NOT NULL REFERENCES releases(release_id),
    la TEXT NOT NULL,
    rank INTEGER NOT NULL,
    neighbour TEXT NOT NULL,
    closeness TEXT,
    PRIMARY KEY (release_id, la, rank)
) WITHOUT ROWID;
"""

_EXTENSIONS = {".csv", ".xlsx", ".parquet"}


class BenchmarkImportError(ValueError):
    """Nothing was imported; the message lists every file that could not be, and why."""


@dataclass(frozen=True)
class Release:
    """One imported release (a table's figures, or a statistical-neighbour list)."""

    release_id: str
    kind: str
    layout: str
    source: str
    label: str
    latest_year: int
    file_name: str
    file_sha256: str
    rows: int
    imported_at: str
    seq: int

    @property
    def short_id(self) -> str:
        return self.release_id[:12]


@dataclass
class FileOutcome:
    path: Path
    status: str  # imported | already imported | duplicate (of another file here) | skipped
    label: str | None = None
    rows: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    files: list[FileOutcome]

    @property
    def imported(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "imported"]


@dataclass
class NeighbourSet:
    """A council's statistical neighbours under one list."""

    la: str
    list_label: str
    codes: list[str]
    closeness: list[str | None]


@dataclass
class BenchmarkSeries:
    """What ``benchmarks show`` prints: one council's rows, and what the reader must know."""

    la: LocalAuthority
    measure: MeasureDef
    rows: list[YearRow]
    neighbours: NeighbourSet | None
    neighbour_names: dict[str, str]
    notes: list[str]

    def to_dicts(self) -> list[dict[str, object]]:
        return [row.as_dict(self.measure) for row in self.rows]

    def to_frame(self) -> pl.DataFrame:
        """One row per year; lists become ``;``-joined text, revisions a short summary."""
        records = []
        for record in self.to_dicts():
            record["neighbours_missing"] = ";".join(record["neighbours_missing"])  # type: ignore[arg-type]
            record["revisions"] = "; ".join(
                f"{r['area']} {r['release']}: {r['value'] if r['value'] is not None else r['value_status']}"  # type: ignore[index]
                for r in record["revisions"]  # type: ignore[union-attr]
            )
            records.append(record)
        return pl.DataFrame(records, infer_schema_length=None)


def default_path() -> Path:
    """Where the store lives unless told otherwise."""
    return data_dir() / FILENAME


class BenchmarkStore:
    """The imported DfE releases; ``path=None`` means the user's data directory."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._directory: LaDirectory | None = None

    # ------------------------------------------------------------------ connection, schema

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            conn.execute("BEGIN IMMEDIATE")
            try:
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        elif version != SCHEMA_VERSION:
            conn.close()
            raise BenchmarkImportError(
                f"{self.path} was written by another version of cpmonitor (schema {version}, "
                f"this one reads {SCHEMA_VERSION}); move it aside and import the files again"
            )
        return conn

    # ------------------------------------------------------------------------------ import

    def import_files(
        self,
        paths: Iterable[Path | str],
        neighbours_year: int | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> ImportResult:
        """Import DfE files (or folders of them), all or nothing.

        A file named explicitly must be one of the known layouts; in a folder, files that are
        not are skipped and reported. Raises :class:`BenchmarkImportError` listing every bad
        file, with nothing written.
        """
        files: list[tuple[Path, bool]] = []
        for item in paths:
            path = Path(item)
            if path.is_dir():
                files += [
                    (p, False)
                    for p in sorted(path.rglob("*"))
                    if p.is_file() and p.suffix.lower() in _EXTENSIONS
                ]
            else:
                files.append((path, True))
        outcomes: list[FileOutcome] = []
        parsed: list[tuple[FileOutcome, ParsedFile]] = []
        errors: list[str] = []
        known = {r.file_sha256: r for r in self.releases()}
        for done, (path, explicit) in enumerate(files):
            if progress:
                progress(done, len(files), str(path))
            same = known.get(file_sha256(path)) if path.is_file() else None
            if same is not None:  # these very bytes were imported: nothing to read
                note = f"same file as {same.file_name}, imported {same.imported_at}"
                outcomes.append(FileOutcome(path, "already imported", same.label, 0, [note]))
                continue
            try:
                result = read_file(path, neighbours_year=neighbours_year)
            except UnknownLayout as exc:
                if explicit:
                    errors.append(str(exc))
                else:
                    outcomes.append(FileOutcome(path, "skipped", notes=["not a known layout"]))
                continue
            except BenchmarkFileError as exc:
                errors.append(str(exc))
                continue
            outcome = FileOutcome(path, "imported", result.label, result.frame.height)
            outcome.notes += result.notes
            outcomes.append(outcome)
            parsed.append((outcome, result))
        if progress:
            progress(len(files), len(files), "")
        if errors:
            raise BenchmarkImportError(
                "Nothing was imported.\n" + "\n".join(f"- {e}" for e in errors)
            )
        if not parsed and not any(o.status == "already imported" for o in outcomes):
            raise BenchmarkImportError("Nothing was imported: no DfE benchmark file was given.")
        if parsed:
            self._write(parsed)
        self._directory = None
        return ImportResult(outcomes)

    def _write(self, parsed: list[tuple[FileOutcome, ParsedFile]]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with closing(self._connect()) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                known = dict(conn.execute("SELECT release_id, file_name FROM releases"))
                seq = conn.execute("SELECT coalesce(max(seq), 0) FROM releases").fetchone()[0]
                seen: dict[str, Path] = {}
                for outcome, item in parsed:
                    rid = item.release_id
                    if rid in known:
                        outcome.status = "already imported"
                        outcome.notes.append(f"same content as {known[rid]}")
                        continue
                    if rid in seen:
                        outcome.status = "duplicate"
                        outcome.notes.append(f"same content as {seen[rid].name}")
                        continue
                    seen[rid] = item.path
                    seq += 1
                    conn.execute(
                        "INSERT INTO releases VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                        (
                            rid,
                            item.layout.kind,
                            item.layout.name,
                            item.layout.title,
                            item.label,
                            item.latest_year,
                            item.path.name,
                            item.file_sha256,
                            item.frame.height,
                            now,
                            seq,
                        ),
                    )
                    if item.layout.kind == "observations":
                        conn.executemany(
                            "INSERT INTO observations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                            ((rid, *r) for r in item.frame.iter_rows()),
                        )
                    else:
                        conn.executemany(
                            "INSERT INTO neighbours VALUES (?,?,?,?,?)",
                            ((rid, *r) for r in item.frame.iter_rows()),
                        )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------------------ reading

    def releases(self, kind: str | None = None) -> list[Release]:
        """Every imported release, oldest first (kind: ``observations`` or ``neighbours``)."""
        if not self.path.exists():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT * FROM releases WHERE ? IS NULL OR kind = ? ORDER BY seq", (kind, kind)
            )
            return [Release(*r) for r in rows]

    def neighbour_lists(self) -> list[str]:
        """The labels of the imported statistical-neighbour lists, oldest first."""
        labels = sorted({r.latest_year for r in self.releases("neighbours")})
        return [str(y) for y in labels]

    def directory(self) -> LaDirectory:
        """Every council known: built in, plus any new codes or names in imported files."""
        if self._directory is None:
            extra: list[CodeSpell] = []
            if self.path.exists():
                with closing(self._connect()) as conn:
                    rows = conn.execute(
                        "SELECT area, ons_code, area_name, max(region_code), min(year), "
                        "max(year) FROM observations WHERE level = 'la' AND ons_code IS NOT NULL "
                        "AND area_name IS NOT NULL GROUP BY area, ons_code, area_name"
                    ).fetchall()
                extra = [CodeSpell(a, o, n, r or "", f, last) for a, o, n, r, f, last in rows]
            self._directory = LaDirectory(extra)
        return self._directory

    def observations(
        self, measure: str, release: int | None = None, every_release: bool = False
    ) -> pl.DataFrame:
        """A measure's figures, one per (year, level, area): the newest release's.

        ``release``: only releases holding data up to that year (figures as published
        then). ``every_release``: every release's figure, for revisions. A ``release`` column
        gives each figure's release label.
        """
        schema = {**OBSERVATION_SCHEMA, "release": pl.String(), "_order": pl.Int64()}
        if not self.path.exists():
            return pl.DataFrame(schema=schema)
        sql = (
            "SELECT o.measure, o.year, o.level, o.area, o.area_name, o.ons_code, o.region_code, "
            "o.numerator, o.numerator_status, o.denominator, o.denominator_status, o.value, "
            "o.value_status, r.label, r.latest_year * 1000000 + r.seq "
            "FROM observations o JOIN releases r USING (release_id) WHERE o.measure = ?"
        )
        params: list[object] = [measure]
        if release is not None:
            sql += " AND r.latest_year <= ?"
            params.append(release)
        with closing(self._connect()) as conn:
            rows = conn.execute(sql, params).fetchall()
        frame = pl.DataFrame(rows, schema=schema, orient="row")
        frame = frame.sort("_order", descending=True)
        if not every_release:
            frame = frame.unique(["year", "level", "area"], keep="first", maintain_order=True)
        return frame.drop("_order").sort("year", "level", "area")

    def neighbours(self, la: str, list_label: str | None = None) -> NeighbourSet | None:
        """``la``'s statistical neighbours under a list (default: the newest list).

        Among several imports of the same list year, the latest import that has a row for
        the council wins.
        """
        lists = self.neighbour_lists()
        if not lists:
            return None
        label = list_label or lists[-1]
        if label not in lists:
            raise LookupError(
                f"no statistical-neighbour list {label!r} imported (have: {', '.join(lists)})"
            )
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT n.rank, n.neighbour, n.closeness, r.seq FROM neighbours n "
                "JOIN releases r USING (release_id) WHERE r.latest_year = ? AND n.la = ? "
                "ORDER BY r.seq DESC, n.rank",
                (int(label), la),
            ).fetchall()
        if not rows:
            return NeighbourSet(la, label, [], [])
        newest = rows[0][3]
        chosen = [r for r in rows if r[3] == newest]
        return NeighbourSet(la, label, [r[1] for r in chosen], [r[2] for r in chosen])

    # ------------------------------------------------------------------------ the analyses

    def series(
        self,
        la: str,
        measure: str = "repeat_plans",
        neighbours: str | None = None,
        release: int | None = None,
    ) -> BenchmarkSeries:
        """A council's published figures year by year, with England, region, neighbours.

        ``la``: 3-digit LA number, ONS code or name. ``neighbours``: the list year ("2021",
        "2025"; default the newest imported). ``release``: figures as published up to that
        year's releases (default: the newest).
        """
        definition = get_measure(measure)
        directory = self.directory()
        council = directory.resolve(la)
        current = self.observations(measure, release=release)
        history = self.observations(measure, release=release, every_release=True)
        notes: list[str] = []
        history_note = directory.history_note(council)
        if history_note:
            notes.append(history_note)
        sn = self.neighbours(council.code, neighbours)
        codes = None
        if sn is None:
            notes.append("No statistical-neighbour list imported: no neighbour mean.")
        elif not sn.codes:
            notes.append(
                f"The {sn.list_label} statistical-neighbour list has no row for {council.name}."
            )
        else:
            codes = sn.codes
        if current.filter(pl.col("level") == "la").is_empty():
            source = definition.source
            notes.append(
                f"No council figures imported for this measure: import {source} "
                "(cpmonitor benchmarks import FILE)."
            )
        elif current.filter(
            (pl.col("level") == "la") & (pl.col("area") == council.code)
        ).is_empty():
            notes.append(
                f"No published figures for {council.name} ({council.code}) in the imported files."
            )
        rows = build_series(
            council, definition, current, history, codes, sn.list_label if codes else None
        )
        if measure == "repeat_plans" and any(
            r.england_release and r.england_release.startswith("built in") for r in rows
        ):
            notes.append(
                "England figures marked as built in are cpmonitor's copy of the published "
                "series (EES table D3, 2025 release; 2011-12 from the 2016 scrutiny report)."
            )
        names = {c: directory.name(c) for c in (codes or [])}
        return BenchmarkSeries(council, definition, rows, sn, names, notes)

    def funnel(
        self,
        year: int,
        la: str | None = None,
        measure: str = "repeat_plans",
        neighbours: str | None = None,
        release: int | None = None,
    ) -> funnel_mod.FunnelData:
        """Every council's figure for one year (year ending 31 March) with control limits."""
        definition = get_measure(measure)
        if not definition.has_counts or definition.unit != "%":
            raise ValueError(f"a funnel plot needs a percentage with counts; {measure} has none")
        directory = self.directory()
        council = directory.resolve(la) if la else None
        current = self.observations(measure, release=release).filter(pl.col("year") == year)
        label = financial_year(year).label
        england = current.filter((pl.col("level") == "national") & (pl.col("area") == ENGLAND))
        if england.height and england.get_column("value")[0] is not None:
            centre = float(england.get_column("value")[0])
            centre_source = england.get_column("release")[0]
        elif measure == "repeat_plans" and year in ENGLAND_REPEAT_PLANS:
            centre = ENGLAND_REPEAT_PLANS[year].percent
            centre_source = ENGLAND_REPEAT_PLANS[year].source
        else:
            raise LookupError(f"no England figure for {label}: import {definition.source}")
        las = current.filter(pl.col("level") == "la")
        if las.is_empty():
            raise LookupError(f"no council figures for {label}: import {definition.source}")
        usable = (
            pl.col("numerator").is_not_null()
            & pl.col("denominator").is_not_null()
            & (pl.col("denominator") > 0)
        )
        sn = self.neighbours(council.code, neighbours) if council else None
        neighbour_codes = sn.codes if sn else []
        role = (
            pl.when(pl.col("area") == (council.code if council else ""))
            .then(pl.lit("la"))
            .when(pl.col("area").is_in(neighbour_codes))
            .then(pl.lit("neighbour"))
            .otherwise(pl.lit("other"))
        )
        points = las.filter(usable).select(
            "area",
            pl.col("area_name").alias("name"),
            "numerator",
            "denominator",
            (100 * pl.col("numerator") / pl.col("denominator")).alias("percent"),
            role.alias("role"),
        )
        points = points.with_columns(funnel_mod.bands(points, centre / 100))
        excluded = [
            (
                r["area"],
                r["area_name"],
                r["denominator_status"] or r["numerator_status"] or r["value_status"] or "0",
            )
            for r in las.filter(~usable).iter_rows(named=True)
        ]
        limits = funnel_mod.limits_frame(centre / 100, int(points.get_column("denominator").max()))
        release_labels = sorted(set(las.get_column("release")))
        return funnel_mod.FunnelData(
            measure=measure,
            measure_title=definition.title,
            year=year,
            year_label=label,
            centre=centre,
            centre_source=centre_source,
            points=points,
            limits=limits,
            excluded=excluded,
            la=council.code if council else None,
            la_name=council.name if council else None,
            neighbours_list=sn.list_label if sn and sn.codes else None,
            source=f"{definition.source} ({', '.join(release_labels)} release)",
        )


def measures() -> Sequence[MeasureDef]:
    """Every measure the store can hold."""
    return list(MEASURES.values())
