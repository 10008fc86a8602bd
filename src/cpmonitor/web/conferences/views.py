"""Conference request pages: thin. Changes go through :mod:`.services`, figures come from
the core (:mod:`cpmonitor.measures.authorisation`).

Who may open each URL is in :data:`cpmonitor.web.permissions.URL_ACCESS`; which request a
user may see is decided here: a social worker their own, a Group Manager their teams'
(anything else is "not found", so a request's existence is not revealed).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cpmonitor.measures import authorisation as rule
from cpmonitor.periods import Period, PeriodError, parse_period, year_to_date
from cpmonitor.web.exports import csv_response, xlsx_response

from .. import councils
from ..accounts.models import AccessLog
from ..permissions import has_capability
from ..store.models import ChildRef
from . import selectors, services
from .forms import ConfirmForm, DecisionForm, InformationForm, RequestForm, WithdrawForm
from .models import ConferenceRequest, CouncilRule

DRAFT = "conference_draft"  # step 1's answers, kept in the (server-side) session
RECENT_DAYS = 30


def _link(request):
    """A function giving a conference request's absolute address (for e-mails)."""
    return lambda req: request.build_absolute_uri(reverse("conferences:detail", args=[req.pk]))


def _today() -> date:
    return timezone.localdate()


def _rows(requests, today: date) -> list[dict]:
    """Requests with their state and deadline, for the lists."""
    out = []
    for r in selectors.with_state(requests).select_related("team"):
        state = selectors.state_of(r.last_kind)
        left = rule.working_days_left(r.conference_due, today)
        out.append(
            {
                "r": r,
                "state": state,
                "open": state in rule.OPEN_STATES,
                "left": left,
                "overdue": left < 0,
                "late_proposal": r.proposed_date > r.conference_due,
            }
        )
    return out


# ------------------------------------------------------------------ social worker


@require_http_methods(["GET"])
def mine(request):
    """The social worker's own requests, newest first."""
    rows = _rows(selectors.visible_requests(request.user).filter(raised_by=request.user), _today())
    teams = selectors.teams_of(request.user)
    return render(request, "conferences/mine.html", {"rows": rows, "has_team": teams.exists()})


@require_http_methods(["GET", "POST"])
def new(request):
    """Step 1: the child, the enquiry, the team and the reasons."""
    teams = selectors.teams_of(request.user)
    if not teams.exists():
        return render(request, "conferences/no_team.html")
    initial = {}
    draft = request.session.get(DRAFT)
    if request.method == "GET" and draft and request.GET.get("change"):
        initial = {
            "child_id": draft["child_id"],
            "team": draft["team"],
            "s47_start": date.fromisoformat(draft["s47_start"]),
            "proposed_date": date.fromisoformat(draft["proposed_date"]),
            "reasons": draft["reasons"],
        }
    form = RequestForm(request.POST or None, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session[DRAFT] = {
            "child_id": data["child_id"],
            "team": data["team"].pk,
            "s47_start": data["s47_start"].isoformat(),
            "proposed_date": data["proposed_date"].isoformat(),
            "reasons": data["reasons"],
        }
        AccessLog.record(
            request,
            AccessLog.CHECK_HISTORY,
            la=data["team"].la,
            child_id=data["child_id"],
            detail="history check for a conference request",
        )
        return redirect("conferences:check")
    return render(request, "conferences/new.html", {"form": form})


def _draft(request):
    draft = request.session.get(DRAFT)
    if not draft:
        return None
    team = selectors.teams_of(request.user).filter(pk=draft["team"]).first()
    if team is None:
        return None
    return {
        **draft,
        "team": team,
        "s47_start": date.fromisoformat(draft["s47_start"]),
        "proposed_date": date.fromisoformat(draft["proposed_date"]),
    }


@require_http_methods(["GET", "POST"])
def check(request):
    """Step 2: the history from the returns; the worker confirms or corrects it."""
    draft = _draft(request)
    if draft is None:
        return redirect("conferences:new")
    team = draft["team"]
    found = selectors.check_history(team.la, draft["child_id"], draft["s47_start"])
    form = ConfirmForm(request.POST or None, needs_what_changed=found.needs_authorisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.raise_request(
                user=request.user,
                team=team,
                child_id=draft["child_id"],
                s47_start=draft["s47_start"],
                proposed_date=draft["proposed_date"],
                reasons=draft["reasons"],
                what_changed=data["what_changed"],
                other_plans=data["other_plans"],
                other_plans_detail=data["other_plans_detail"],
                history_note=data["history_note"],
                link=_link(request),
            )
        except services.NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            del request.session[DRAFT]
            if made.needs_authorisation:
                managers = team.group_managers().exclude(email="").count()
                messages.success(
                    request,
                    "Request sent to your team's Group Managers for authorisation"
                    + ("" if managers else " (none of them has an e-mail address: tell them)"),
                )
            else:
                messages.success(request, "Request recorded: it does not need authorisation")
            return redirect("conferences:detail", pk=made.pk)
    context = {
        "draft": draft,
        "team": team,
        "found": found,
        "check": found.result,
        "plans": found.result.plans.to_dicts(),
        "due": rule.conference_due(draft["s47_start"]),
        "form": form,
    }
    return render(request, "conferences/check.html", context)


# ------------------------------------------------------------------ one request


def _visible(request, pk: int) -> ConferenceRequest:
    found = selectors.visible_requests(request.user).filter(pk=pk).select_related("team").first()
    if found is None:
        raise Http404
    return found


def _detail(request, req: ConferenceRequest, status: int = 200, **forms):
    """The request beside the child's history, its event trail, and the forms allowed."""
    events = list(req.events.select_related("replaces").order_by("seq"))
    latest = events[-1]
    state = selectors.state_of(latest.kind)
    today = _today()
    user = request.user
    can_decide = services.may_decide(user, req) and state not in (
        rule.NOT_REQUIRED,
        rule.WITHDRAWN,
    )
    is_owner = req.raised_by_id == user.pk
    current = latest.kind if latest.kind in rule.DECISIONS else None
    seen = {"seen": latest.seq}
    if can_decide and "decision" not in forms:
        forms["decision"] = DecisionForm(initial=seen, current=current)
    if is_owner and state == rule.RETURNED and "information" not in forms:
        forms["information"] = InformationForm(initial=seen)
    if is_owner and state in rule.OPEN_STATES and "withdraw" not in forms:
        forms["withdraw"] = WithdrawForm(initial=seen)
    live = selectors.check_history(req.la, req.child_id, req.s47_start)
    ref = ChildRef.objects.filter(la=req.la, child_id=req.child_id).first()
    AccessLog.record(
        request,
        AccessLog.VIEW_REQUEST,
        la=req.la,
        child_id=req.child_id,
        detail=f"request {req.pk}",
    )
    left = rule.working_days_left(req.conference_due, today)
    context = {
        "req": req,
        "events": events,
        "latest": latest,
        "state": state,
        "open": state in rule.OPEN_STATES,
        "left": left,
        "overdue": left < 0,
        "late_proposal": req.proposed_date > req.conference_due,
        "check": live.result,
        "plans": live.result.plans.to_dicts(),
        "found": live,
        "snapshot": req.history_snapshot,
        "changed_since": live.result.plans_on_record != req.plans_on_record,
        "timeline_ref": ref.ref if ref and has_capability(user, "view_children") else None,
        "changing": current in (rule.AUTHORISED, rule.DECLINED),
        **{f"{name}_form": form for name, form in forms.items()},
    }
    return render(request, "conferences/detail.html", context, status=status)


@require_http_methods(["GET"])
def detail(request, pk: int):
    """A request with the child's history and what happened to it."""
    return _detail(request, _visible(request, pk))


def _changed(request, req, exc: services.RequestChanged):
    messages.error(
        request,
        f"This request changed while you were looking at it: {exc.latest.get_kind_display()} "
        f"by {exc.latest.by_name}. Your change was not saved. Read the request again below.",
    )
    return redirect("conferences:detail", pk=req.pk)


@require_POST
def decide(request, pk: int):
    """A Group Manager's decision (or a new one that changes the last)."""
    req = _visible(request, pk)
    latest = req.events.order_by("-seq").first()
    current = latest.kind if latest.kind in rule.DECISIONS else None
    form = DecisionForm(request.POST, current=current)
    if not form.is_valid():
        return _detail(request, req, status=400, decision=form)
    data = form.cleaned_data
    try:
        event = services.decide(
            request_id=req.pk,
            user=request.user,
            outcome=data["outcome"],
            rationale=data["rationale"],
            seen=data["seen"],
            link=_link(request),
        )
    except services.RequestChanged as exc:
        return _changed(request, req, exc)
    except services.NotAllowed as exc:
        form.add_error(None, str(exc))
        return _detail(request, req, status=400, decision=form)
    messages.success(request, f"Decision recorded: {event.get_kind_display().lower()}")
    return redirect("conferences:queue")


@require_POST
def information(request, pk: int):
    """The worker's answer to a return for more information."""
    req = _visible(request, pk)
    form = InformationForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, information=form)
    try:
        services.add_information(
            request_id=req.pk,
            user=request.user,
            text=form.cleaned_data["text"],
            seen=form.cleaned_data["seen"],
            link=_link(request),
        )
    except services.RequestChanged as exc:
        return _changed(request, req, exc)
    except services.NotAllowed as exc:
        form.add_error(None, str(exc))
        return _detail(request, req, status=400, information=form)
    messages.success(request, "Information added: the request is back with the Group Managers")
    return redirect("conferences:detail", pk=req.pk)


@require_POST
def withdraw(request, pk: int):
    """The worker withdraws a request still waiting."""
    req = _visible(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail(request, req, status=400, withdraw=form)
    try:
        services.withdraw(
            request_id=req.pk,
            user=request.user,
            text=form.cleaned_data["text"],
            seen=form.cleaned_data["seen"],
        )
    except services.RequestChanged as exc:
        return _changed(request, req, exc)
    except services.NotAllowed as exc:
        form.add_error(None, str(exc))
        return _detail(request, req, status=400, withdraw=form)
    messages.success(request, "Request withdrawn")
    return redirect("conferences:detail", pk=req.pk)


# ------------------------------------------------------------------ Group Manager


@require_http_methods(["GET"])
def queue(request):
    """The Group Manager's queue: waiting (soonest due first), returned, recently decided."""
    teams = selectors.managed_teams(request.user)
    today = _today()
    rows = _rows(ConferenceRequest.objects.filter(team__in=teams), today)
    waiting = sorted(
        (r for r in rows if r["state"] == rule.AWAITING), key=lambda r: r["r"].conference_due
    )
    returned = sorted(
        (r for r in rows if r["state"] == rule.RETURNED), key=lambda r: r["r"].conference_due
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    decided = sorted(
        (
            r
            for r in rows
            if r["state"] in (rule.AUTHORISED, rule.DECLINED, rule.WITHDRAWN)
            and r["r"].last_at >= since
        ),
        key=lambda r: r["r"].last_at,
        reverse=True,
    )
    context = {
        "teams": teams,
        "several_teams": teams.count() > 1,
        "waiting": waiting,
        "returned": returned,
        "decided": decided,
        "overdue": sum(r["overdue"] for r in waiting),
        "recent_days": RECENT_DAYS,
        "today": today,
    }
    return render(request, "conferences/queue.html", context)


# ------------------------------------------------------------------ oversight


def _oversight_choice(request) -> tuple[str | None, Period, str | None, list[str]]:
    las = councils.visible(request.user, selectors.council_las())
    la = councils.choose(request.user, las, request.GET.get("la"))
    today = _today()
    default = Period(year_to_date(today).start, today, "This year to date")
    text = request.GET.get("period", "").strip()
    if not text:
        return la, default, None, las
    try:
        return la, parse_period(text), None, las
    except PeriodError as exc:
        return la, default, str(exc), las


@require_http_methods(["GET"])
def oversight(request):
    """Requests by month, outcomes, hours to decision, conferences without authorisation."""
    la, period, error, las = _oversight_choice(request)
    if la is None:
        return render(request, "conferences/oversight.html", {"la": None})
    result = selectors.oversight(la, period)
    refs = dict(ChildRef.objects.filter(la=la).values_list("child_id", "ref"))
    unauthorised = [
        {**row, "ref": refs.get(row["child_id"])} for row in result.unauthorised.to_dicts()
    ]
    context = {
        "la": la,
        "las": las,
        "period": period,
        "period_text": request.GET.get("period", ""),
        "period_error": error,
        "result": result,
        "months": result.months.to_dicts(),
        "totals": result.totals,
        "unauthorised": unauthorised,
        "open_requests": result.open_requests.to_dicts(),
        "rule": CouncilRule.for_la(la),
        "query": request.GET.urlencode(),
    }
    return render(request, "conferences/oversight.html", context, status=400 if error else 200)


EXPORT_HEADERS = {
    "month": "Month",
    "requests": "Requests",
    "not_needing": "Not needing authorisation",
    "needing": "Needing authorisation",
    "authorised": "Authorised",
    "declined": "Declined",
    "awaiting": "Open: waiting for a decision",
    "returned": "Open: returned for more information",
    "withdrawn": "Withdrawn",
    "returned_at_least_once": "Returned at least once",
    "decided": "Decided (authorised or declined)",
    "median_hours": "Median hours to decision",
    "p90_hours": "90th percentile hours to decision",
    "repeat_conferences": "Conferences for children with a previous plan",
    "without_authorisation": "Of which without a recorded authorisation",
}
CONFERENCE_HEADERS = {
    "la": "LA",
    "child_id": "LAchildID",
    "conference_date": "Conference date",
    "source": "Recorded as",
    "previous_in_returns": "Previous plans in the returns",
    "recorded_previous": "NumberOfPreviousCPP on the plan that followed",
}


OPEN_HEADERS = {
    "request_id": "Request",
    "child_id": "LAchildID",
    "raised_at": "Raised",
    "state": "State",
    "s47_start": "Section 47 started",
    "conference_due": "Conference due by",
    "working_days_left": "Working days left (negative: overdue)",
}


@require_http_methods(["GET"])
def oversight_export(request):
    """The oversight figures as CSV (by month) or XLSX (by month, the conferences without an
    authorisation, and the requests still open); every export is in the access log."""
    la, period, _error, _las = _oversight_choice(request)
    fmt = request.GET.get("format", "csv")
    if la is None or fmt not in ("csv", "xlsx"):
        raise Http404
    result = selectors.oversight(la, period)
    months = result.months.with_columns(
        result.months.get_column("month").dt.strftime("%Y-%m").alias("month")
    )
    total = {"month": "Total", **result.totals}
    rows = [*months.to_dicts(), total]
    AccessLog.record(
        request,
        AccessLog.EXPORT_OVERSIGHT,
        la=la,
        detail=f"{fmt.upper()}, {period.label}, {result.unauthorised.height} conferences listed"
        if fmt == "xlsx"
        else f"CSV, {period.label}, figures by month",
    )
    name = f"conference-authorisation-{la}-{period.start}-{period.end}"
    by_month = [[row[k] for k in EXPORT_HEADERS] for row in rows]
    if fmt == "csv":
        return csv_response(name, list(EXPORT_HEADERS.values()), by_month)
    unauthorised = [
        [row[k] for k in CONFERENCE_HEADERS] for row in result.unauthorised.iter_rows(named=True)
    ]
    from .templatetags.conference_tags import STATES  # the words the pages use

    def open_cell(row: dict, k: str):
        if k == "raised_at":
            return timezone.localtime(row[k]).replace(tzinfo=None)
        if k == "state":  # in words, as on the pages (a request state is not a census code)
            return STATES.get(row[k], (row[k], ""))[0]
        return row[k]

    still_open = [
        [open_cell(row, k) for k in OPEN_HEADERS]
        for row in result.open_requests.iter_rows(named=True)
    ]
    return xlsx_response(
        name,
        [
            ("By month", list(EXPORT_HEADERS.values()), by_month),
            ("Without authorisation", list(CONFERENCE_HEADERS.values()), unauthorised),
            ("Still open", list(OPEN_HEADERS.values()), still_open),
        ],
    )
