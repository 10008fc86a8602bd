"""Dashboard reads: what each dashboard page shows, from domain values (an LA code, a date, a
period), never the HTTP request (the views read that, :mod:`.query`).

Every figure is the council picture's (:mod:`cpmonitor.picture`) or a core measure's
(:mod:`cpmonitor.measures`) over the stored history; nothing here counts or picks a period.
Statutory visits are :func:`cpmonitor.measures.visits.visits` and
:func:`~cpmonitor.measures.visits.overdue` over the council's stored Annex A workbooks, at a
workbook's extract date (only a workbook extracted on a day knows each child's last visit on
or before it), against the council's local standard in working days
(``CPMONITOR_VISIT_STANDARD_DAYS``; DfE sets none).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from types import SimpleNamespace

import polars as pl
from django.conf import settings

from cpmonitor.annexa.reader import AnnexA
from cpmonitor.disclosure import Disclosure
from cpmonitor.measures import visits as visit_measures
from cpmonitor.measures.early_warning import early_warning as early_warning_list
from cpmonitor.periods import Period, year_to_date
from cpmonitor.picture import SYNTHETIC_NOTICE, change_periods
from cpmonitor.report.change_inputs import gather_change
from cpmonitor.report.sections.what_changed import what_changed as change_section
from cpmonitor.rules import what_it_checks
from cpmonitor.rules.impact import describe, repeat_impact

from ..store import cache as store_cache
from ..store import pictures, services
from ..store.models import ChildRef, ImportBatch
from ..store.selectors import repeat_cohort_for, with_child_refs
from . import timeline

# ------------------------------------------------------------------ the council's returns


def latest_date(la: str) -> date:
    """The census reference date of the latest return loaded for ``la``."""
    return services.stored_returns().latest_reference_date(la)


# ------------------------------------------------------------------ the dashboard


def _trend(picture) -> tuple[list[dict], list[str]]:
    """The picture's trend rows, each with its same-year comparators (by name)."""
    names: list[str] = []
    rows = []
    published = not picture.synthetic and picture.series is not None
    for period, row in zip(picture.trend_periods, picture.trend.iter_rows(named=True), strict=True):
        same = {c.name: c.value for c in picture.comparators(period) if c.same_period}
        if published:
            year = picture.published(period)
            if year is not None and year.la_value is not None:
                same[f"{picture.council} (published)"] = year.la_value
        names += [n for n in same if n not in names]
        rows.append(
            {
                "label": row["period"],
                "ours": row["percent"],
                "repeat": row["repeat"],
                "started": row["plans_started"],
                "as_returned": row["as_returned_percent"],
                **same,
            }
        )
    return rows, names


def _dashboard_figures(la: str, asked: date | None) -> dict:
    """What the dashboard shows of the council picture, as plain values (they pickle)."""
    picture = pictures.stored_picture(la, as_at=asked)
    summary = picture.summary()
    trend, bench_names = _trend(picture)
    rolling_rows = [
        {
            "end": r["period_end"],
            "percent": r["percent"],
            "repeat": r["repeat"],
            "started": r["plans_started"],
        }
        for r in picture.rolling_recent.iter_rows(named=True)
    ]
    # a year to date asked about without a date is asked about today
    notes = picture.notes(asked=asked or picture.today)
    return {
        "as_at": picture.as_at,
        "ytd": picture.period,
        "m": summary["repeat_plans"],
        "interval": summary["percent_interval"],
        "missing_previous": summary["data_quality"]["previous_plans_missing"],
        "breakdowns": [
            (title, summary["breakdowns"][name])
            for name, title in (
                ("category", "Initial category of abuse"),
                ("age_band", "Age at the start of the plan"),
                ("previous_plans", "Previous plans recorded"),
            )
        ],
        "comparators": picture.comparators(),
        "judgements": picture.judgements(),
        "trend": trend,
        "bench_names": bench_names,
        "rolling": rolling_rows,
        "issue_counts": picture.issue_counts,
        "issues_total": len(picture.issues),
        "benchmarks_imported": picture.benchmarks_imported,
        "bench_notes": picture.benchmark_notes,
        "data_age": picture.age.describe(),
        # the synthetic mark is the page's banner; benchmark notes stand by the trend
        "notes": [n for n in notes if n != SYNTHETIC_NOTICE and n not in picture.benchmark_notes],
        "synthetic": picture.synthetic,
        "visits": dashboard_visits(picture.data, picture.la, picture.as_at),
    }


def dashboard_figures(la: str, asked: date | None) -> tuple[dict, str]:
    """The dashboard's figures for council ``la`` as at ``asked`` (``None``: the latest
    return), computed once per data version (and day asked about) for every worker process;
    and the key of their rendering (the page below its form), which is also rendered once per
    data version, day and set of links shown, and shared (rendering was most of the page's
    time)."""
    return store_cache.cached_with_key(
        "dashboard", (la, asked, pictures.today()), lambda: _dashboard_figures(la, asked)
    )


# ------------------------------------------------------------------ the repeat-plan cohort


def cohort_fragment(la: str, period: Period, chosen, query: str) -> str:
    """The key of the repeat-plans table as rendered for these choices (``query``: the page's
    query string, which its links carry), shared by every worker process."""
    return store_cache.key("cohort-page", (la, period, chosen, query))


def cohort(la: str, period: Period) -> pl.DataFrame:
    """The core's repeat cohort for ``la`` in ``period`` with each child's reference (computed
    once per data version for every worker process)."""
    return store_cache.cached("cohort", (la, period), lambda: repeat_cohort_for(la, period))


# ------------------------------------------------------------------ one child


_BY_CHILD = "timeline-by-child"


def child_record(ref: str, las) -> tuple[ChildRef, list, list[dict], dict | None] | None:
    """The child with reference ``ref`` in one of ``las`` and everything on record for them
    (events in date order, plans, details); ``None`` when there is no such child there."""
    child = ChildRef.objects.filter(ref=ref, la__in=las).first()
    if child is None:
        return None
    # one part of the council's index (the one holding this child), never the whole
    part = timeline.shard_of(child.child_id)
    by_child = services.history_part(_BY_CHILD, child.la, part, timeline.SHARDS, timeline.by_shard)
    events, plans, person = timeline.for_child(by_child, child.la, child.child_id)
    return child, events, plans, person


def children_with_id(child_id: str, las) -> list[ChildRef]:
    """The children whose LAchildID is ``child_id`` in the returns of ``las``."""
    return list(ChildRef.objects.filter(child_id=child_id, la__in=las))


# ------------------------------------------------------------------ data quality


def data_quality(la: str, severity: str | None, code: str | None = None) -> dict:
    """The council picture's data-quality issues most serious first (those of ``severity``
    and of ``code`` when they are ones it has), their counts by code with the DfE rule each
    code stands for, and what DfE's rules do to the year to date."""
    issues = pictures.by_severity(pictures.stored_picture(la).issues)
    counts = Counter((i.severity, i.code) for i in issues)
    by_code = [
        {"severity": level, "code": kind, "n": n, "what": what_it_checks(kind)}
        for (level, kind), n in sorted(
            counts.items(), key=lambda kv: (pictures.SEVERITIES.index(kv[0][0]), -kv[1])
        )
    ]
    if severity in pictures.SEVERITIES:
        issues = [i for i in issues if i.severity == severity]
    else:
        severity = None
    if code in {kind for _level, kind in counts}:
        issues = [i for i in issues if i.code == code]
    else:
        code = None
    period = year_to_date(latest_date(la))
    impact = repeat_impact(services.stored_data(la), services.history(la), period, la)
    return {
        "issues": issues,
        "by_code": by_code,
        "severity": severity,
        "code": code,
        "dfe_period": period,
        "dfe_impact": [describe(i) for i in impact if i.plans],
    }


# ------------------------------------------------------------------ what changed


def what_changed(la: str, period: Period):
    """The report's "What changed" section (unsuppressed, for officers) for ``la``."""
    latest = latest_date(la)
    plans = services.history(la).plans.filter(pl.col("la") == la)
    years = sorted(set(ImportBatch.objects.filter(la=la).values_list("census_year", flat=True)))
    inputs = SimpleNamespace(
        period=period,
        disclosure=Disclosure(publish=False),
        what_changed=gather_change(plans, change_periods(period, years, latest, latest)),
    )
    return change_section(inputs)


def early_warning(la: str, as_at: date, by: str) -> tuple[list[dict], list, Period, Period]:
    """The early-warning list (:func:`cpmonitor.measures.early_warning.early_warning`) with
    each child's reference, its curves, window and reference period."""
    frame, curves, window, reference = early_warning_list(services.history(la), as_at, la, by=by)
    return with_child_refs(frame, la).to_dicts(), curves, window, reference


# ------------------------------------------------------------------ statutory visits


def visit_standard() -> int:
    """The council's local standard for statutory visits, in working days."""
    return getattr(
        settings, "CPMONITOR_VISIT_STANDARD_DAYS", visit_measures.DEFAULT_STANDARD_WORKING_DAYS
    )


def workbook_on_or_before(annexes: list[AnnexA], la: str, day: date) -> AnnexA | None:
    """The council's newest workbook extracted on or before ``day`` (None: none)."""
    found = [a for a in annexes if a.la == la and a.extract_date <= day]
    return max(found, key=lambda a: a.extract_date) if found else None


def dashboard_visits(data, la: str, as_at: date) -> dict | None:
    """The visits summary for the dashboard: at the newest workbook extracted on or before
    ``as_at`` (the dashboard's date), or None when the council has no such workbook."""
    annex = workbook_on_or_before(data.annex_a, la, as_at)
    if annex is None:
        return None
    found = visit_measures.visits([annex], annex.extract_date, la, visit_standard())
    if found is None:  # pragma: no cover (the workbook is of that day)
        return None
    return {**found, "as_at_date": annex.extract_date}


def visit_extracts(la: str) -> list[date]:
    """The extract dates of the council's stored Annex A workbooks, oldest first."""
    return sorted({a.extract_date for a in services.stored_data(la).annex_a if a.la == la})


def overdue_visits(la: str, as_at: date) -> tuple[dict | None, list[dict]]:
    """The visits summary at the workbook extracted on ``as_at``, and the children whose
    visit is overdue (with their references), by team."""
    annexes = services.stored_data(la).annex_a
    summary = visit_measures.visits(annexes, as_at, la, visit_standard())
    frame = visit_measures.overdue(annexes, as_at, la, visit_standard())
    rows = with_child_refs(frame, la).sort(["team", "child_id"]).to_dicts()
    return summary, rows
