"""Dashboard views: thin. Figures come from :mod:`cpmonitor.measures` over the stored history."""

from __future__ import annotations

from datetime import date

import polars as pl
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cpmonitor.measures import repeat_plan_table, summary
from cpmonitor.measures.breakdowns import CATEGORIES, PREVIOUS_PLAN_BANDS
from cpmonitor.periods import (
    Period,
    PeriodError,
    financial_year,
    parse_date,
    parse_period,
    rolling_twelve_months,
    year_to_date,
)
from cpmonitor.web.exports import csv_response, xlsx_response

from .. import councils
from ..accounts.models import AccessLog
from ..store import services
from ..store.models import ChildRef, DataIssue, ImportBatch
from . import charts, timeline
from .cohort import COHORT_FIELDS, SHOWN, CohortFilter, filter_cohort

_MONTHS = 24


def _la(request) -> str | None:
    """The council chosen (``?la=``), else the user's first loaded; ``None`` when none of the
    user's councils is loaded."""
    return councils.choose(request.user, services.loaded_las(), request.GET.get("la"))


def _latest_date(la: str) -> date:
    """The census reference date of the latest return loaded for ``la``."""
    return ImportBatch.objects.filter(la=la).aggregate(d=Max("reference_date"))["d"]


def _as_at(request, la: str) -> tuple[date, str | None]:
    latest = _latest_date(la)
    text = request.GET.get("as_at", "").strip()
    if not text:
        return latest, None
    try:
        return parse_date(text, "The date"), None
    except PeriodError as exc:
        return latest, str(exc)


def _benchmarks(la: str, years: list[int]) -> tuple[dict[str, dict[int, float]], bool, list[str]]:
    """Published percentages by year to show beside the council's own.

    From the benchmarks store (:class:`cpmonitor.benchmarks.BenchmarkStore`) when DfE files
    have been imported: England, the region and the statistical-neighbour mean. Otherwise
    England's published series built into :mod:`cpmonitor.benchmarks.england`.
    Returns (series name -> {year: percent}, whether files were imported, notes).
    """
    from cpmonitor.benchmarks import ENGLAND_REPEAT_PLANS, BenchmarkStore, UnknownArea

    england = {y: ENGLAND_REPEAT_PLANS[y].percent for y in years if y in ENGLAND_REPEAT_PLANS}
    store = BenchmarkStore()
    if not store.releases():
        return {"England": england}, False, []
    try:
        series = store.series(la)
    except UnknownArea as exc:
        return {"England": england}, True, [str(exc)]
    rows = {r.year: r for r in series.rows if r.year in years}
    out: dict[str, dict[int, float]] = {
        "England": {y: r.england_value for y, r in rows.items() if r.england_value is not None}
        or england
    }
    neighbours = {y: r.neighbours_mean for y, r in rows.items() if r.neighbours_mean is not None}
    if neighbours:
        out["Statistical neighbours"] = neighbours
    published = {y: r.la_value for y, r in rows.items() if r.la_value is not None}
    if published:
        out[f"{series.la.name} (published)"] = published
    return out, True, list(series.notes)


def dashboard(request):
    """Year to date with its interval, the yearly trend, rolling 12 months, plan measures."""
    la = _la(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    as_at, date_error = _as_at(request, la)
    history = services.history(la)
    ytd = year_to_date(as_at)
    picture = summary(history, ytd, la=la)

    years = sorted(set(ImportBatch.objects.filter(la=la).values_list("census_year", flat=True)))
    yearly = repeat_plan_table(history.plans, [financial_year(y) for y in years], by=())
    bench, benchmarks_imported, bench_notes = _benchmarks(la, years)
    trend = []
    for year, row in zip(years, yearly.iter_rows(named=True), strict=True):
        trend.append(
            {
                "label": financial_year(year).label,
                "ours": row["percent"],
                "repeat": row["repeat"],
                "started": row["plans_started"],
                **{k: v.get(year) for k, v in bench.items()},
            }
        )
    trend_chart = charts.trend(
        [t["label"] for t in trend],
        {f"LA {la}": [t["ours"] for t in trend], **{k: [t[k] for t in trend] for k in bench}},
    )

    windows = rolling_twelve_months(date(as_at.year - 2, as_at.month, 1), as_at)[-_MONTHS:]
    rolling_rows = []
    if windows:
        rolling = repeat_plan_table(history.plans, windows, by=())
        rolling_rows = [
            {
                "end": r["period_end"],
                "percent": r["percent"],
                "repeat": r["repeat"],
                "started": r["plans_started"],
            }
            for r in rolling.iter_rows(named=True)
        ]
    rolling_chart = charts.rolling(
        [r["end"].strftime("%b %y") for r in rolling_rows],
        [r["percent"] for r in rolling_rows],
    )
    issues = DataIssue.objects.filter(batch__la=la).values("severity").annotate(n=Count("id"))
    context = {
        "la": la,
        "las": councils.visible(request.user, services.loaded_las()),
        "as_at": as_at,
        "date_error": date_error,
        "ytd": ytd,
        "m": picture["repeat_plans"],
        "interval": picture["percent_interval"],
        "missing_previous": picture["data_quality"]["previous_plans_missing"],
        "breakdowns": [
            (title, picture["breakdowns"][name])
            for name, title in (
                ("category", "Initial category of abuse"),
                ("age_band", "Age at the start of the plan"),
                ("previous_plans", "Previous plans recorded"),
            )
        ],
        "trend": trend,
        "bench_names": list(bench),
        "trend_chart": trend_chart,
        "rolling": rolling_rows,
        "rolling_chart": rolling_chart,
        "issue_counts": {i["severity"]: i["n"] for i in issues},
        "benchmarks_imported": benchmarks_imported,
        "bench_notes": bench_notes,
    }
    return render(request, "dashboard/dashboard.html", context, status=400 if date_error else 200)


def _cohort_period(request, la: str) -> tuple[Period, str | None]:
    text = request.GET.get("period", "").strip()
    if text:
        try:
            return parse_period(text), None
        except PeriodError as exc:
            return year_to_date(_latest_date(la)), str(exc)
    return year_to_date(_latest_date(la)), None


def _cohort(request):
    la = _la(request)
    if la is None:
        return None
    period, error = _cohort_period(request, la)
    chosen = CohortFilter.from_query(request.GET)
    frame = filter_cohort(repeat_cohort_for(la, period), chosen)
    return la, period, error, chosen, frame


def repeat_cohort_for(la: str, period: Period) -> pl.DataFrame:
    """The core's cohort of repeat plans, with each child's opaque reference."""
    from cpmonitor.measures import repeat_cohort

    frame = repeat_cohort(services.history(la).plans, period, la=la)
    refs = pl.DataFrame(
        list(ChildRef.objects.filter(la=la).values_list("child_id", "ref")),
        schema={"child_id": pl.Utf8, "ref": pl.Utf8},
        orient="row",
    )
    return frame.join(refs, on="child_id", how="left")


def cohort(request):
    """Every repeat plan in the period: filter, sort, export."""
    found = _cohort(request)
    if found is None:
        return render(request, "dashboard/empty.html")
    la, period, error, chosen, frame = found
    rows = frame.to_dicts()
    query = request.GET.copy()
    query.pop("sort", None)
    context = {
        "la": la,
        "period": period,
        "period_text": request.GET.get("period", ""),
        "period_error": error,
        "filter": chosen,
        "rows": rows,
        "categories": CATEGORIES,
        "age_bands": (
            "Unborn",
            "Under 1",
            "1 to 4",
            "5 to 9",
            "10 to 15",
            "16 and over",
            "Unknown",
        ),
        "previous_bands": PREVIOUS_PLAN_BANDS,
        "fields": SHOWN,
        "period_label": (
            f"{period.start:%-d %b %Y} to {period.end:%-d %b %Y}"
            if ".." in period.label
            else period.label
        ),
        "query": query.urlencode(),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "dashboard/cohort.html", context, status=400 if error else 200)


def cohort_export(request):
    """The filtered cohort as CSV or XLSX; every export is recorded in the access log."""
    found = _cohort(request)
    if found is None:
        raise Http404
    la, period, _error, chosen, frame = found
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    columns = [f for f, _label in COHORT_FIELDS]
    headers = [label for _f, label in COHORT_FIELDS]
    table = frame.select(columns)
    AccessLog.record(
        request,
        AccessLog.EXPORT_COHORT,
        la=la,
        detail=f"{fmt.upper()}, {period.label}, {chosen.describe()}, {table.height} rows",
    )
    name = f"repeat-plans-{la}-{period.start}-{period.end}"
    if fmt == "csv":
        return csv_response(name, headers, table.iter_rows())
    return xlsx_response(name, [("Repeat plans", headers, table.iter_rows())])


def child_timeline(request, ref: str):
    """Everything on record for one child, in date order; the view is access-logged."""
    try:
        child = ChildRef.objects.get(ref=ref, la__in=councils.councils_of(request.user))
    except ChildRef.DoesNotExist:
        raise Http404 from None
    history = services.history(child.la)
    events, plans, person = timeline.for_child(history, child.la, child.child_id)
    AccessLog.record(request, AccessLog.VIEW_TIMELINE, la=child.la, child_id=child.child_id)
    context = {"child": child, "events": events, "plans": plans, "person": person}
    return render(request, "dashboard/timeline.html", context)


class FindChildForm(forms.Form):
    child_id = forms.CharField(
        label="LAchildID",
        max_length=40,
        help_text="The child's ID in your case system, as in the census return",
    )


@require_http_methods(["GET", "POST"])
def find_child(request):
    """Look a child up by LAchildID (POSTed, so the ID never appears in a URL or a log)."""
    form = FindChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wanted = form.cleaned_data["child_id"].strip()
        mine = councils.councils_of(request.user)
        refs = list(ChildRef.objects.filter(child_id=wanted, la__in=mine))
        if len(refs) == 1:
            return redirect("dashboard:timeline", ref=refs[0].ref)
        if refs:
            messages.info(request, "That ID is in more than one council's returns: choose one")
            return render(request, "dashboard/find_child.html", {"form": form, "choices": refs})
        form.add_error("child_id", "No child with that LAchildID is in the loaded returns")
    return render(request, "dashboard/find_child.html", {"form": form})


def data_quality(request):
    """The issues found when the stored returns were read, most serious first."""
    la = _la(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    issues = DataIssue.objects.filter(batch__la=la).select_related("batch")
    severity = request.GET.get("severity")
    if severity in ("error", "warning", "notice"):
        issues = issues.filter(severity=severity)
    by_code = (
        DataIssue.objects.filter(batch__la=la)
        .values("severity", "code")
        .annotate(n=Count("id"))
        .order_by("severity", "-n")
    )
    page = Paginator(issues.order_by("batch__census_year", "line", "id"), 100).get_page(
        request.GET.get("page")
    )
    context = {"la": la, "page": page, "by_code": by_code, "severity": severity}
    return render(request, "dashboard/data_quality.html", context)
