"""Hand-written census tables for tests, and where the shared data lives."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cpmonitor.census.dataset import CensusData, ReturnInfo
from cpmonitor.census.tables import SCHEMAS, TABLES, empty

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright drives it, never downloads one


def skip_without_chromium() -> None:
    """Skip (a test or a whole module) unless Chromium is installed.

    CI sets ``CPMONITOR_REQUIRE_BROWSER``, so there a missing browser fails instead.
    """
    if not CHROMIUM.exists() and not os.environ.get("CPMONITOR_REQUIRE_BROWSER"):
        pytest.skip("Chromium is not installed (/usr/bin/chromium)", allow_module_level=True)


def d(text: str | None) -> date | None:
    """``"2016-04-01"`` -> date; None stays None."""
    return date.fromisoformat(text) if text else None


def census_year_of(day: date) -> int:
    """The census year (ending 31 March) containing ``day``."""
    return day.year + 1 if day.month >= 4 else day.year


def plan(
    child: str,
    start: str | None,
    end: str | None = None,
    prev: int | None = 0,
    cat: str = "NEG",
    latest: str | None = None,
    year: int | None = None,
    la: str = "335",
    file: str | None = None,
    line: int = 1,
) -> dict:
    """One reported child protection plan (one ``ChildProtectionPlans`` element)."""
    s, e = d(start), d(end)
    year = year or census_year_of(e or s or date(2016, 1, 1))
    return {
        "source_file": file or f"cin_{la}_{year}.xml",
        "la": la,
        "census_year": year,
        "line": line,
        "child_id": child,
        "referral_date": s,
        "start_date": s,
        "end_date": e,
        "initial_category": cat,
        "latest_category": latest or cat,
        "previous_plans": prev,
    }


def child(
    child_id: str,
    birth: str | None = "2010-06-15",
    expected: str | None = None,
    sex: str = "M",
    year: int = 2016,
    la: str = "335",
) -> dict:
    """One reported child (``ChildIdentifiers``)."""
    return {
        "source_file": f"cin_{la}_{year}.xml",
        "la": la,
        "census_year": year,
        "line": 1,
        "child_id": child_id,
        "birth_date": d(birth),
        "expected_birth_date": d(expected),
        "sex": sex,
        "ethnicity": "WBRI",
        "disabilities": [],
        "death_date": None,
    }


def _row(child_id: str, year: int, la: str, **items) -> dict:
    return {
        "source_file": f"cin_{la}_{year}.xml",
        "la": la,
        "census_year": year,
        "line": 1,
        "child_id": child_id,
        **items,
    }


def s47(child_id, start, conference=None, referral=None, year=2016, la="335") -> dict:
    """One ``Section47`` enquiry (and the initial conference it led to)."""
    return _row(
        child_id,
        year,
        la,
        referral_date=d(referral or start),
        start_date=d(start),
        icpc_target=None,
        icpc_date=d(conference),
        icpc_not_required=False,
    )


def review(child_id, plan_start, on, year=2016, la="335") -> dict:
    """One ``CPPreviewDate`` of the plan that started ``plan_start``."""
    return _row(child_id, year, la, plan_start=d(plan_start), review_date=d(on))


def assessment(child_id, referral, start, factors, year=2016, la="335") -> dict:
    """One assessment in the episode referred on ``referral`` with its factor codes."""
    return _row(
        child_id,
        year,
        la,
        referral_date=d(referral),
        start_date=d(start),
        internal_review_date=None,
        authorisation_date=None,
        factors=list(factors),
    )


def make_data(
    plans: list[dict], children: list[dict] | None = None, **extra: list[dict]
) -> CensusData:
    """A :class:`CensusData` from hand-written rows (children default to one per plan child).

    ``extra`` gives other canonical tables by name, e.g. ``section47=[s47(...)]``.
    """
    if children is None:
        seen: dict[tuple[str, str], dict] = {}
        for p in plans:
            seen.setdefault((p["la"], p["child_id"]), child(p["child_id"], la=p["la"]))
        children = list(seen.values())
    tables = {t: empty(t) for t in TABLES}
    tables["cp_plans"] = pl.DataFrame(plans, schema=SCHEMAS["cp_plans"])
    tables["children"] = pl.DataFrame(children, schema=SCHEMAS["children"])
    for name, rows in extra.items():
        tables[name] = pl.DataFrame(rows, schema=SCHEMAS[name])
    files = {(p["source_file"], p["la"], p["census_year"]) for p in plans}
    returns = [ReturnInfo(f, la, y, date(y, 3, 31), "header", 0, 0) for f, la, y in sorted(files)]
    return CensusData(tables=tables, returns=returns)
