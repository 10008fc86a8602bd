"""Dashboard views: thin. Figures come from the council picture (:mod:`cpmonitor.picture`)
and :mod:`cpmonitor.measures` over the stored history."""

from __future__ import annotations

from collections import Counter
from datetime import date

import polars as pl
from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cpmonitor import codes
from cpmonitor.measures.breakdowns import CATEGORIES, PREVIOUS_PLAN_BANDS
from cpmonitor.periods import Period, PeriodError, parse_date, year_to_date
from cpmonitor.picture import SYNTHETIC_NOTICE
from cpmonitor.report.words import day
from cpmonitor.rules.impact import describe, repeat_impact
from cpmonitor.web.exports import table_response

from .. import councils, shared_cache
from ..accounts.models import AccessLog
from ..store import pictures, services
from ..store.models import ChildRef, ImportBatch
from . import charts, filters, timeline
from .cohort import COHORT_FIELDS, SHOWN, CohortFilter, filter_cohort


def _la(request) -> str | None:
    """The council chosen (``?la=``), else the user's first loaded; ``None`` when none of the
    user's councils is loaded."""
    return councils.choose(request.user, services.loaded_las(), request.GET.get("la"))


def _latest_date(la: str) -> date:
    """The census reference date of the latest return loaded for ``la``."""
    return ImportBatch.objects.filter(la=la).aggregate(d=Max("reference_date"))["d"]


def _as_at(request, la: str) -> tuple[date, str | None]:
    """The as-at date asked for, else the latest return's reference date."""
    asked, error = _asked(request)
    return (asked or _latest_date(la)), error


def _asked(request) -> tuple[date | None, str | None]:
    """The as-at date asked for (``None``: none, or not a date: then the message)."""
    text = request.GET.get("as_at", "").strip()
    if not text:
        return None, None
    try:
        return parse_date(text, "The date"), None
    except PeriodError as exc:
        return None, str(exc)


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
        "visits": _visits(picture),
    }


def dashboard(request):
    """Year to date with its interval, the yearly trend, rolling 12 months, plan measures:
    all from the council picture (:mod:`cpmonitor.picture`)."""
    la = _la(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    form = filters.AsAtForm.from_query(request.GET)
    if not form.is_valid():  # the GOV.UK error pattern: the form and its error, no figures
        return render(
            request,
            "dashboard/dashboard.html",
            {"la": la, "las": councils.visible(request.user, services.loaded_las()), "form": form},
            status=400,
        )
    asked = form.cleaned_data["as_at"]
    # The figures are computed once per data version (and day asked about) for every worker
    # process (shared_cache); the charts are drawn once per set of figures.
    figures = shared_cache.cached(
        "dashboard", (la, asked, pictures.today()), lambda: _dashboard_figures(la, asked)
    )
    trend, bench_names, rolling_rows = figures["trend"], figures["bench_names"], figures["rolling"]
    context = {
        **figures,
        "la": la,
        "las": councils.visible(request.user, services.loaded_las()),
        "form": filters.AsAtForm(initial={"as_at": figures["as_at"]}),
        "trend_chart": charts.trend(
            [t["label"] for t in trend],
            {
                f"LA {la}": [t["ours"] for t in trend],
                **{k: [t.get(k) for t in trend] for k in bench_names},
            },
        ),
        "rolling_chart": charts.rolling(
            [r["end"].strftime("%b %y") for r in rolling_rows],
            [r["percent"] for r in rolling_rows],
        ),
    }
    return render(request, "dashboard/dashboard.html", context)


def _visits(picture) -> dict | None:
    from .visits import dashboard_visits  # (that module imports this one)

    return dashboard_visits(picture.data, picture.la, picture.as_at)


def _cohort(request):
    """The council, period form, filters and the matching plans (``None`` under an error)."""
    la = _la(request)
    if la is None:
        return None
    form = filters.CohortPeriodForm.from_query(request.GET)
    chosen = CohortFilter.from_query(request.GET)
    if not form.is_valid():
        return la, None, form, chosen, None
    period = form.period() or year_to_date(_latest_date(la))
    cohort = shared_cache.cached("cohort", (la, period), lambda: repeat_cohort_for(la, period))
    frame = filter_cohort(cohort, chosen)
    shown = filters.CohortPeriodForm(initial={"start": period.start, "end": period.end})
    return la, period, shown, chosen, frame


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
    la, period, form, chosen, frame = found
    query = request.GET.copy()
    query.pop("sort", None)
    context = {
        "la": la,
        "period": period,
        "form": form,
        "filter": chosen,
        "rows": [] if frame is None else frame.to_dicts(),
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
            ""
            if period is None
            else f"{day(period.start)} to {day(period.end)}"
            if ".." in period.label
            else period.label
        ),
        "query": query.urlencode(),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "dashboard/cohort.html", context, status=400 if frame is None else 200)


def cohort_export(request):
    """The filtered cohort as CSV or XLSX; every export is recorded in the access log."""
    found = _cohort(request)
    if found is None:
        raise Http404
    la, period, _form, chosen, frame = found
    if frame is None:
        return render(request, "400.html", status=400)
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    table = frame.select([f for f, _label in COHORT_FIELDS])
    # codes in words, each code in the column beside its words (cpmonitor.codes)
    headers, rows = codes.with_words(COHORT_FIELDS, table.iter_rows(named=True))
    AccessLog.record(
        request,
        AccessLog.EXPORT_COHORT,
        la=la,
        detail=f"{fmt.upper()}, {period.label}, {chosen.describe()}, {table.height} rows",
    )
    name = f"repeat-plans-{la}-{period.start}-{period.end}"
    return table_response(fmt, name, "Repeat plans", headers, rows)


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
    """The council's data-quality issues, most serious first: the same as ``cpmonitor
    validate`` gives for its stored returns (as read and across returns), with the
    differences from DfE's published figures (the council picture's issues)."""
    la = _la(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    issues = pictures.by_severity(pictures.stored_picture(la).issues)
    counts = Counter((i.severity, i.code) for i in issues)
    by_code = [
        {"severity": severity, "code": code, "n": n}
        for (severity, code), n in sorted(
            counts.items(), key=lambda kv: (pictures.SEVERITIES.index(kv[0][0]), -kv[1])
        )
    ]
    severity = request.GET.get("severity")
    if severity not in pictures.SEVERITIES:
        severity = None
    else:
        issues = [i for i in issues if i.severity == severity]
    page = Paginator(issues, 100).get_page(request.GET.get("page"))
    period = year_to_date(_latest_date(la))
    impact = repeat_impact(services.stored_data(la), services.history(la), period, la)
    context = {
        "la": la,
        "page": page,
        "by_code": by_code,
        "severity": severity,
        "dfe_period": period,
        "dfe_impact": [describe(i) for i in impact if i.plans],
    }
    return render(request, "dashboard/data_quality.html", context)
