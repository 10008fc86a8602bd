"""Dashboard views: thin. Each reads the request (:mod:`.query`, the forms), asks
:mod:`.selectors` (the council picture, :mod:`cpmonitor.picture`, and :mod:`cpmonitor.measures`
over the stored history) and renders."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods

from cpmonitor import codes
from cpmonitor.history import AGE_BANDS
from cpmonitor.measures.breakdowns import CATEGORIES, PREVIOUS_PLAN_BANDS
from cpmonitor.periods import year_to_date
from cpmonitor.report.words import day
from cpmonitor.web.exports import table_response

from .. import councils
from ..accounts.models import AccessLog
from ..store import services
from . import charts, filters, query, selectors
from .cohort import COHORT_FIELDS, SHOWN, CohortFilter, filter_cohort


def dashboard(request):
    """Year to date with its interval, the yearly trend, rolling 12 months, plan measures:
    all from the council picture (:mod:`cpmonitor.picture`)."""
    la = query.council(request)
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
    # process (shared_cache); the charts are drawn once per set of figures, and read only
    # when the figures' rendering is not already in the shared cache (lazily, by the template).
    figures, fragment = selectors.dashboard_figures(la, asked)
    trend, bench_names, rolling_rows = figures["trend"], figures["bench_names"], figures["rolling"]
    context = {
        **figures,
        "fragment": fragment,
        "la": la,
        "las": councils.visible(request.user, services.loaded_las()),
        "form": filters.AsAtForm(initial={"as_at": figures["as_at"]}),
        "trend_chart": SimpleLazyObject(
            lambda: charts.trend(
                [t["label"] for t in trend],
                {
                    f"LA {la}": [t["ours"] for t in trend],
                    **{k: [t.get(k) for t in trend] for k in bench_names},
                },
            )
        ),
        "rolling_chart": SimpleLazyObject(
            lambda: charts.rolling(
                [r["end"].strftime("%b %y") for r in rolling_rows],
                [r["percent"] for r in rolling_rows],
            )
        ),
    }
    return render(request, "dashboard/dashboard.html", context)


def _cohort(request):
    """The council, period form, filters and what gives the matching plans (a function:
    ``None`` under an error)."""
    la = query.council(request)
    if la is None:
        return None
    form = filters.CohortPeriodForm.from_query(request.GET)
    chosen = CohortFilter.from_query(request.GET)
    if not form.is_valid():
        return la, None, form, chosen, None
    period = form.period() or year_to_date(selectors.latest_date(la))
    shown = filters.CohortPeriodForm(initial={"start": period.start, "end": period.end})
    return la, period, shown, chosen, lambda: filter_cohort(selectors.cohort(la, period), chosen)


def cohort(request):
    """Every repeat plan in the period: filter, sort, export."""
    found = _cohort(request)
    if found is None:
        return render(request, "dashboard/empty.html")
    la, period, form, chosen, matching = found
    query = request.GET.copy()
    query.pop("sort", None)
    context = {
        "la": la,
        "period": period,
        "form": form,
        "filter": chosen,
        # the rows are read only when the table's rendering is not in the shared cache
        "rows": [] if matching is None else SimpleLazyObject(lambda: matching().to_dicts()),
        "categories": CATEGORIES,
        "age_bands": AGE_BANDS,
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
        "fragment": (
            None
            if matching is None
            else selectors.cohort_fragment(la, period, chosen, request.GET.urlencode())
        ),
    }
    return render(
        request, "dashboard/cohort.html", context, status=400 if matching is None else 200
    )


def cohort_export(request):
    """The filtered cohort as CSV or XLSX; every export is recorded in the access log."""
    found = _cohort(request)
    if found is None:
        raise Http404
    la, period, _form, chosen, matching = found
    if matching is None:
        return render(request, "400.html", status=400)
    frame = matching()
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
    found = selectors.child_record(ref, councils.councils_of(request.user))
    if found is None:
        raise Http404
    child, events, plans, person = found
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
        refs = selectors.children_with_id(wanted, councils.councils_of(request.user))
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
    la = query.council(request)
    if la is None:
        return render(request, "dashboard/empty.html")
    found = selectors.data_quality(la, request.GET.get("severity"), request.GET.get("code"))
    page = Paginator(found.pop("issues"), 100).get_page(request.GET.get("page"))
    context = {"la": la, "page": page, **found}
    return render(request, "dashboard/data_quality.html", context)
