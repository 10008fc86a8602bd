"""What an upload would do, before the analyst confirms it.

For each council in the upload the stored returns and the new files are put together as they
would be after the import (a new return replaces the stored one for the same council and
census year), and the council picture (:mod:`cpmonitor.picture`) of that whole gives:

- the issues ``cpmonitor validate`` would give for those returns together: each file's
  reader issues and the cross-return checks (:func:`cpmonitor.quality.check_history`), so an
  overlap between a stored plan and a new one is found before the import, not after;
- which stored returns (council, census year) the upload replaces;
- how the figures change, year by year (children in the return, plans started, repeat plans
  and their percentage: :func:`cpmonitor.measures.repeat_plan_table` over the stored history
  and over the history after the import), for every year the upload touches and every other
  year whose figure it changes (the history is stitched across years, so a corrected plan in
  one return can move another year's figure).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from cpmonitor.census.dataset import CensusData
from cpmonitor.census.tables import TABLES
from cpmonitor.history import build_history
from cpmonitor.measures import repeat_plan_table
from cpmonitor.periods import financial_year
from cpmonitor.picture import council_picture

from ..store import pictures, services
from ..store.models import ImportBatch

#: Issues kept on the job for the check page (the counts cover them all).
ISSUES_SHOWN = 200


def _year(census_year: int) -> str:
    return financial_year(census_year).label


def after_import(stored: CensusData, new: CensusData, la: str) -> CensusData:
    """Council ``la``'s returns as they would be after importing ``new`` over ``stored``."""
    replaced = {r.census_year for r in new.returns if r.la == la}
    kept = [r for r in stored.returns if r.census_year not in replaced]
    added = [r for r in new.returns if r.la == la]
    out = CensusData()
    for name in TABLES:
        old = stored[name].filter(
            (pl.col("la") == la) & ~pl.col("census_year").is_in(list(replaced))
        )
        fresh = new[name].filter((pl.col("la") == la) & pl.col("census_year").is_in(list(replaced)))
        out.tables[name] = pl.concat([old, fresh], how="vertical")
    files = {r.file for r in kept} | {r.file for r in added}
    out.returns = sorted(kept + added, key=lambda r: r.census_year)
    out.issues = [i for i in [*stored.issues, *new.issues] if i.file in files]
    return out


def _figures(plans: pl.DataFrame, years: list[int]) -> dict[int, dict]:
    if not years:
        return {}
    table = repeat_plan_table(plans, [financial_year(y) for y in years], by=())
    return {
        y: {"plans": r["plans_started"], "repeat": r["repeat"], "percent": r["percent"]}
        for y, r in zip(years, table.iter_rows(named=True), strict=True)
    }


def _changes(before: CensusData | None, history_before, after: CensusData, history_after, la):
    """Per census year: children, plans started, repeat, percent before and after."""
    old_returns = {r.census_year: r for r in before.returns} if before is not None else {}
    new_returns = {r.census_year: r for r in after.returns}
    uploaded = {r.census_year for r in after.returns if r.file not in _files(before)}
    old = (
        _figures(history_before.plans.filter(pl.col("la") == la), sorted(old_returns))
        if before is not None
        else {}
    )
    new = _figures(history_after.plans.filter(pl.col("la") == la), sorted(new_returns))
    rows = []
    for year in sorted(set(old_returns) | set(new_returns)):
        was, now = old.get(year), new.get(year)
        row = {
            "la": la,
            "census_year": year,
            "year": _year(year),
            "children": [
                old_returns[year].children if year in old_returns else None,
                new_returns[year].children if year in new_returns else None,
            ],
            **{
                key: [was[key] if was else None, now[key] if now else None]
                for key in ("plans", "repeat", "percent")
            },
            "uploaded": year in uploaded,
        }
        row["changed"] = any(
            row[k][0] != row[k][1] for k in ("children", "plans", "repeat", "percent")
        )
        if row["uploaded"] or row["changed"]:
            rows.append(row)
    return rows


def _files(data: CensusData | None) -> set[str]:
    return {r.file for r in data.returns} if data is not None else set()


def _replaced(new: CensusData, hashes: Mapping[str, str]) -> list[dict]:
    out = []
    for info in new.returns:
        stored = ImportBatch.objects.filter(la=info.la, census_year=info.census_year).first()
        if stored is None:
            continue
        out.append(
            {
                "la": info.la,
                "census_year": info.census_year,
                "year": _year(info.census_year),
                "stored_file": stored.file_name,
                "imported_at": stored.imported_at.isoformat(),
                "file": Path(info.file).name,
                "same": hashes.get(info.file) == stored.sha256,
            }
        )
    return out


def upload_check(new: CensusData, hashes: Mapping[str, str] | None = None) -> dict:
    """The check page's findings for importable data ``new`` (JSON-ready, see the module)."""
    hashes = hashes or {}
    loaded = set(services.loaded_las())
    issues, changes = [], []
    for la in new.las:
        before = services.stored_data(la) if la in loaded else None
        history_before = services.history(la) if before is not None else None
        after = after_import(before if before is not None else CensusData(), new, la)
        history_after = build_history(after)
        picture = council_picture(after, la, history=history_after, today=pictures.today())
        issues += picture.issues
        changes += _changes(before, history_before, after, history_after, la)
    ordered = pictures.by_severity(issues)
    return {
        "counts": dict(Counter(i.severity for i in ordered)),
        "issues": [{**i.as_dict(), "file": Path(i.file).name} for i in ordered[:ISSUES_SHOWN]],
        "issues_total": len(ordered),
        "issues_with_stored": bool(loaded & set(new.las)),
        "replaces": _replaced(new, hashes),
        "changes": changes,
    }
