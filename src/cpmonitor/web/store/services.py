"""The store service: census data into the database (all-or-nothing) and back to the core.

- :func:`import_census` writes a :class:`~cpmonitor.census.dataset.CensusData` in one
  transaction. Each return is identified by (LA, census year): the same file again (same
  SHA-256) is skipped, a different file replaces the old return whole. Anything wrong and
  nothing is written.
- :func:`census_data` reads the tables back (``source_file`` is the file's name, without the
  server folder it was uploaded to) as the same polars tables the reader gives, and
  :func:`history` builds (and caches, per data version) the core's
  :class:`~cpmonitor.history.History` from them. Views use these and the core's measures;
  they never compute a measure themselves.

Bulk writes go straight to the database driver (``executemany`` on SQLite, ``COPY`` on
PostgreSQL): building a Django object per row would make a national load take hours.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from django.db import connection, transaction

from cpmonitor.census.dataset import CensusData, ReturnInfo
from cpmonitor.census.issues import Issue
from cpmonitor.census.tables import SCHEMAS, TABLES, conform, empty
from cpmonitor.periods import year_label
from cpmonitor.rules import check_dfe_rules

from . import annexa, sql, versions
from .cache import cached
from .models import (
    CHILD_ID_STORED,
    TABLE_MODELS,
    ChildRef,
    DataIssue,
    ImportBatch,
    issue_fields,
)
from .versions import data_version, stored_returns

Progress = Callable[[int, int, str], None]


class ImportRefused(Exception):
    """The data cannot be imported as it is; nothing was written. ``reason`` is for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ImportResult:
    """What an import did, per return: ``added``, ``replaced`` or ``unchanged``."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rows: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced)


def file_sha256(path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_sha256(returns: _Returns, info: ReturnInfo) -> str:
    """A hash of one return's rows, for data that did not come from a file we can hash."""
    digest = hashlib.sha256()
    for name in TABLES:
        part = returns.rows(name, info)
        digest.update(name.encode())
        digest.update(_as_text(name, part).write_csv().encode())
    return digest.hexdigest()


_RETURN_KEY = ["source_file", "la", "census_year"]


class _Returns:
    """Each table split once by return (source file, LA, census year)."""

    def __init__(self, data: CensusData):
        self._parts = {
            name: data[name].partition_by(_RETURN_KEY, as_dict=True, maintain_order=True)
            for name in TABLES
        }

    def rows(self, table: str, info: ReturnInfo) -> pl.DataFrame:
        key = (info.file, info.la, info.census_year)
        return self._parts[table].get(key, empty(table))


def _as_text(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The table with dates as ISO text and code lists joined by commas (database form)."""
    exprs = []
    for column, dtype in SCHEMAS[table].items():
        col = pl.col(column)
        if isinstance(dtype, pl.List):
            exprs.append(col.list.join(",").alias(column))
        elif dtype == pl.Date:
            exprs.append(col.dt.strftime("%Y-%m-%d").alias(column))
        else:
            exprs.append(col)
    return conform(table, frame).select(exprs)


def _label(info: ReturnInfo) -> str:
    name = Path(info.file).name  # never the server folder it was uploaded to
    return f"{name} (LA {info.la}, {year_label(info.census_year)})"


def _delete_batch(batch: ImportBatch) -> None:
    """Remove a return's rows with one DELETE per table (no per-row ORM cascade)."""
    with connection.cursor() as cursor:
        for model in [*TABLE_MODELS.values(), DataIssue]:
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE batch_id = %s",  # noqa: S608
                [batch.pk],
            )
    batch.delete()


def check_importable(data: CensusData, names: Mapping[str, str] | None = None) -> None:
    """Refuse data that cannot be imported whole: rejected files, or one return twice.

    The reason is a sentence naming the files as the user knows them: ``names`` maps a
    return's ``file`` to the name it was uploaded as (default: the file's own name), so no
    server path is ever shown.
    """

    def name(file: str) -> str:
        return (names or {}).get(file) or Path(file).name

    books = [r for r in data.rejected if r.file.lower().endswith(".xlsx")]
    if books:  # an Annex A workbook: its reason says what to do (e.g. how to give the council)
        raise ImportRefused(
            " ".join(f"{name(r.file)} cannot be imported: {r.reason}." for r in books)
        )
    if data.rejected:
        shown = ", ".join(name(r.file) for r in data.rejected)
        these = (
            "This file is not a readable CIN census return"
            if len(data.rejected) == 1
            else ("These files are not readable CIN census returns")
        )
        raise ImportRefused(f"{these}: {shown}.")
    if not data.returns and not data.annex_a:
        raise ImportRefused("The upload holds no CIN census return or Annex A workbook to import.")
    extracts: dict[tuple[str, object], str] = {}
    for annex in data.annex_a:
        key = (annex.la, annex.extract_date)
        if key in extracts:
            raise ImportRefused(
                f"{extracts[key]} and {name(annex.file)} are both LA {annex.la}'s Annex A "
                f"at {annex.extract_date:%d/%m/%Y}: upload one of them."
            )
        extracts[key] = name(annex.file)
    if data.returns:
        longest = data.tables["children"]["child_id"].str.len_chars().max() or 0
        if longest > CHILD_ID_STORED:  # type: ignore[operator]
            raise ImportRefused(
                f"An LAchildID in the upload is {longest:,} characters long; the specification "
                f"allows 10 and cpmonitor stores up to {CHILD_ID_STORED}: correct the return."
            )
    seen: dict[tuple[str, int], str] = {}
    for info in data.returns:
        key = (info.la, info.census_year)
        if key in seen:
            raise ImportRefused(
                f"{seen[key]} and {name(info.file)} are both the return for LA {info.la} "
                f"{year_label(info.census_year)}: upload one of them."
            )
        seen[key] = name(info.file)


def import_census(
    data: CensusData,
    *,
    hashes: Mapping[str, str] | None = None,
    user=None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import every return in ``data`` in one transaction (all or nothing).

    ``hashes`` maps each return's ``file`` to its SHA-256 (uploads hash the bytes); without
    one, a hash of the return's rows is used. Same hash as the stored return for that LA and
    year: unchanged. Different: the stored return is replaced.
    """
    check_importable(data)
    hashes = hashes or {}
    result = ImportResult()
    total = len(data.returns)
    returns = _Returns(data)
    dfe = check_dfe_rules(data)  # stored with the reader's issues, return by return
    with transaction.atomic():
        for done, info in enumerate(data.returns):
            if progress:
                progress(done, total, f"Importing {info.file}")
            digest = hashes.get(info.file) or content_sha256(returns, info)
            existing = ImportBatch.objects.filter(la=info.la, census_year=info.census_year).first()
            if existing is not None and existing.sha256 == digest:
                result.unchanged.append(_label(info))
                continue
            if existing is not None:
                _delete_batch(existing)
                result.replaced.append(_label(info))
            else:
                result.added.append(_label(info))
            result.rows += _import_return(data, returns, info, digest, user, dfe)
        for annex in data.annex_a:
            digest = hashes.get(annex.file) or annexa.content_sha256(annex)
            outcome, rows = annexa.import_workbook(annex, digest, user)
            getattr(result, outcome).append(annexa.label(annex))
            result.rows += rows
        _ensure_child_refs(data)
    _history_cache.clear()
    _part_cache.clear()
    versions.forget()  # a request that imported reads the new version from here on
    if progress:
        progress(total, total, "Import complete")
    return result


def _import_return(
    data: CensusData, returns: _Returns, info: ReturnInfo, digest: str, user, dfe: list[Issue]
) -> int:
    batch = ImportBatch.objects.create(
        la=info.la,
        census_year=info.census_year,
        file_name=Path(info.file).name[:255],
        sha256=digest,
        size_bytes=info.size_bytes,
        reference_date=info.reference_date,
        year_source=info.year_source,
        children=info.children,
        synthetic=info.synthetic,
        imported_by=user if user is not None and user.is_authenticated else None,
    )
    rows = 0
    for name, model in TABLE_MODELS.items():
        part = _as_text(name, returns.rows(name, info))
        if not part.height:
            continue
        part = part.with_columns(
            pl.lit(batch.file_name).alias("source_file"), pl.lit(batch.pk).alias("batch_id")
        )
        sql.bulk_insert(model._meta.db_table, part)
        rows += part.height
    issues = [i for i in [*data.issues, *dfe] if i.file == info.file]
    DataIssue.objects.bulk_create(
        [DataIssue(batch=batch, **issue_fields(i)) for i in issues],
        batch_size=2000,
    )
    batch.rows = rows
    batch.save(update_fields=["rows"])
    return rows


def _ensure_child_refs(data: CensusData) -> None:
    """Give every child in ``data`` an opaque reference (kept across re-imports)."""
    pairs = data["children"].select("la", "child_id").drop_nulls().unique()
    las = pairs.get_column("la").unique().to_list()
    existing = pl.DataFrame(
        list(ChildRef.objects.filter(la__in=las).values_list("la", "child_id")),
        schema={"la": pl.Utf8, "child_id": pl.Utf8},
        orient="row",
    )
    new = pairs.join(existing, on=["la", "child_id"], how="anti").sort(["la", "child_id"])
    if new.height:
        refs = pl.Series("ref", [secrets.token_hex(8) for _ in range(new.height)])
        sql.bulk_insert(ChildRef._meta.db_table, new.with_columns(refs))


# ---------------------------------------------------------------- reading back


def _read_table(name: str, la: str | None) -> pl.DataFrame:
    model = TABLE_MODELS[name]
    columns = ", ".join(sql.select(c, t) for c, t in SCHEMAS[name].items())
    query = f"SELECT {columns} FROM {model._meta.db_table}"  # noqa: S608 (names are ours)
    params: list = []
    if la is not None:
        query += " WHERE la = %s"
        params.append(la)
    query += " ORDER BY batch_id, id"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=SCHEMAS[name])
    data = list(zip(*rows, strict=True))
    return pl.DataFrame(
        [sql.column(data[i], dtype, c) for i, (c, dtype) in enumerate(SCHEMAS[name].items())]
    )


def census_data(la: str | None = None) -> CensusData:
    """The stored returns (one LA's, or all) as :class:`CensusData`, oldest year first, with
    the stored Annex A workbooks joined in (:mod:`.annexa`)."""
    batches = ImportBatch.objects.order_by("census_year", "la")
    if la is not None:
        batches = batches.filter(la=la)
    out = CensusData()
    for name in TABLES:
        out.tables[name] = _read_table(name, la)
    for b in batches:
        out.returns.append(
            ReturnInfo(
                file=b.file_name,
                la=b.la,
                census_year=b.census_year,
                reference_date=b.reference_date,
                year_source=b.year_source,
                children=b.children,
                size_bytes=b.size_bytes,
                synthetic=b.synthetic,
            )
        )
    issues = DataIssue.objects.filter(batch__in=batches).order_by("batch_id", "id")
    out.issues = [
        Issue(i.file, i.line, i.child, i.element, i.severity, i.code, i.message) for i in issues
    ]
    workbooks = annexa.stored_workbooks(la)
    if workbooks:  # joined into the plans and children as the file reader joins them
        from cpmonitor.annexa.join import with_annex_a

        out = with_annex_a(out, workbooks)
    return out


_HISTORIES_KEPT = 4  # councils' histories (and what is built from them) kept per process
_history_cache: dict[tuple, object] = {}
_history_lock = threading.RLock()  # what is built from a history takes the history inside


def _cached(kind: str, la: str | None, build: Callable[[], object], version: tuple | None = None):
    """``build()`` once per data version (``version``, else asked now), kind and council (the
    newest few kept)."""
    version = version or data_version()
    key = (*version, kind, la)
    with _history_lock:
        if key not in _history_cache:
            for old in [k for k in _history_cache if k[: len(version)] != version]:
                del _history_cache[old]  # built from data since replaced
            while len(_history_cache) >= 2 * _HISTORIES_KEPT:
                del _history_cache[next(iter(_history_cache))]
            _history_cache[key] = build()
        return _history_cache[key]


def stored_data(la: str | None = None) -> CensusData:
    """:func:`census_data`, read once per data version (treat it as read-only): the data the
    cached :func:`history` was built from."""
    return history(la).data


def history(la: str | None = None):
    """The core's :class:`~cpmonitor.history.History` over the stored returns (cached)."""
    # Built once per data version for every worker process (the shared cache), then kept in
    # this process's memory.
    return _history(la, data_version())


def _history(la: str | None, version: tuple):
    from cpmonitor.history import build_history

    return _cached(
        "history",
        la,
        lambda: cached("history", (la,), lambda: build_history(census_data(la))),
        version,
    )


_MISSING = object()
_PARTS_KEPT = 256  # parts of things built from histories (e.g. timeline index parts) kept
_part_cache: dict[tuple, object] = {}


def history_part(kind: str, la: str, part: int, parts: int, build: Callable[[object], list]):
    """Part ``part`` of ``build(history(la))``, a list of ``parts`` values (each must pickle),
    e.g. the timeline's index of one in 64 children.

    Each part is its own entry of the shared cache per data version (a new import gives new
    keys), written together by whichever process builds them, and kept in this process's
    memory once taken: a page that needs one part takes one small entry, and no worker loads
    the whole to serve one child. A part missing from the shared cache (never built, or
    culled) builds them all again from the history.
    """
    from django.core.cache import cache

    from . import cache as shared

    version = data_version()
    memo = (*version, kind, la, parts)
    with _history_lock:
        if (*memo, part) in _part_cache:
            return _part_cache[(*memo, part)]
        at = shared.fingerprint()
        keys = [shared.key(kind, (la, i, parts), at) for i in range(parts)]
        value = cache.get(keys[part], _MISSING)
        if value is _MISSING:
            built = build(_history(la, version))
            if len(built) != parts:  # pragma: no cover (a programming error)
                raise ValueError(f"{kind}: {len(built)} parts built, {parts} expected")
            cache.set_many(dict(zip(keys, built, strict=True)))
            found = dict(enumerate(built))
        else:
            found = {part: value}
        for old in [k for k in _part_cache if k[: len(version)] != version]:
            del _part_cache[old]  # built from data since replaced
        for i, v in found.items():
            while len(_part_cache) >= _PARTS_KEPT:
                del _part_cache[next(iter(_part_cache))]
            _part_cache[(*memo, i)] = v
        return found[part]


def loaded_las() -> list[str]:
    """The LAs with at least one stored return."""
    return stored_returns().las()
