"""Case-audit pages: thin. Rules live in :mod:`.services`; the summary's figures come from
the core (:mod:`cpmonitor.measures.audits`); the cohort is the core's
(:func:`cpmonitor.measures.repeat_cohort`, via the web store).

Who may open each URL is in :data:`cpmonitor.web.permissions.URL_ACCESS`: auditors plan and
record; managers, analysts and Group Managers read the list and the summaries.
"""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cpmonitor.measures.audits import (
    ANSWER_LABELS,
    EVIDENCED,
    GRADE_LABELS,
    NOT_RECORDED,
    THEMES,
    record_to_json,
)
from cpmonitor.report.sections.case_audit import text_blocks, theme_list
from cpmonitor.report.words import day

from .. import councils
from ..permissions import has_capability
from ..store import services as store
from ..store.models import ChildRef
from . import selectors, services
from .forms import AddChildForm, FindingForm, KeyLearningForm, PlanForm
from .models import Audit, AuditCase, AuditChild, Finding


def _span(audit: Audit) -> str:
    return f"{day(audit.period_start)} to {day(audit.period_end)}"


def _status(latest: Finding | None) -> tuple[str, str]:
    """(label, GOV.UK tag colour) of a case from its latest finding."""
    if latest is None:
        return "Not started", "grey"
    if latest.complete:
        return "Complete", "green"
    return "In progress", "yellow"


def _audits(request):
    """The audits of the user's councils (any other is not found)."""
    return Audit.objects.filter(la__in=councils.councils_of(request.user))


def _cases(request):
    return AuditCase.objects.filter(audit__la__in=councils.councils_of(request.user))


@require_GET
def index(request):
    """Every audit, newest first, with how far it has got."""
    rows = []
    for audit in _audits(request):
        s = selectors.summary(audit)
        rows.append({"audit": audit, "s": s, "span": _span(audit)})
    context = {"rows": rows, "can_run": has_capability(request.user, "run_audits")}
    return render(request, "audits/index.html", context)


@require_http_methods(["GET", "POST"])
def new(request):
    """Plan an audit: its title, council, cohort period, scope and date."""
    las = councils.visible(request.user, store.loaded_las())
    if not las:
        return render(request, "dashboard/empty.html")
    initial = {"la": las[0], "audit_date": timezone.localdate().isoformat()}
    form = PlanForm(request.POST or None, las=las, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = data["period"]
        audit = Audit.objects.create(
            la=data["la"],
            title=data["title"],
            scope=data["scope"].strip() or f"Repeat plans starting {_period_words(period)}",
            period_start=period.start,
            period_end=period.end,
            audit_date=data["audit_date"],
            created_by=request.user,
        )
        messages.success(request, "Audit planned: now choose its cases from the repeat cohort")
        return redirect("audits:cohort", pk=audit.pk)
    return render(request, "audits/plan.html", {"form": form, "audit": None})


def _period_words(period) -> str:
    return f"{day(period.start)} to {day(period.end)}"


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    """Change the plan while no finding is recorded."""
    audit = get_object_or_404(_audits(request), pk=pk)
    if selectors.has_findings(audit):
        messages.info(
            request, "Findings are recorded in this audit, so its plan can no longer change"
        )
        return redirect("audits:detail", pk=pk)
    mine = councils.visible(request.user, store.loaded_las())
    las = [audit.la] if audit.cases.exists() else mine or [audit.la]
    initial = {
        "title": audit.title,
        "la": audit.la,
        "period": f"{audit.period_start}..{audit.period_end}",
        "scope": audit.scope,
        "audit_date": audit.audit_date.isoformat(),
    }
    form = PlanForm(request.POST or None, las=las, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_plan(
                audit,
                request.user,
                title=data["title"],
                la=data["la"],
                scope=data["scope"].strip()
                or f"Repeat plans starting {_period_words(data['period'])}",
                period_start=data["period"].start,
                period_end=data["period"].end,
                audit_date=data["audit_date"],
            )
        except services.NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Plan changed")
            return redirect("audits:detail", pk=pk)
    return render(request, "audits/plan.html", {"form": form, "audit": audit})


@require_GET
def detail(request, pk: int):
    """The audit: its plan, its cases and their children, and where each case has got."""
    audit = get_object_or_404(_audits(request), pk=pk)
    cases = list(audit.cases.prefetch_related("children__child"))
    latest = selectors.latest_findings(cases)
    rows = []
    for case in cases:
        found = latest.get(case.pk)
        label, colour = _status(found)
        rows.append({"case": case, "latest": found, "status": label, "colour": colour})
    context = {
        "audit": audit,
        "span": _span(audit),
        "rows": rows,
        "children": sum(len(r["case"].children.all()) for r in rows),
        "can_change_plan": not latest,
        "key_learning": selectors.latest_key_learning(audit),
    }
    return render(request, "audits/detail.html", context)


def _cohort_rows(audit: Audit) -> list[dict]:
    rows = selectors.cohort(audit).to_dicts()
    for r in rows:
        r["value"] = f"{r['ref']}|{r['start_date']}"
    return rows


@require_http_methods(["GET", "POST"])
def pick(request, pk: int):
    """Choose children from the core's repeat cohort: a new family case, or an existing one."""
    audit = get_object_or_404(_audits(request), pk=pk)
    rows = _cohort_rows(audit)
    cases = list(audit.cases.all())
    errors: list[str] = []
    chosen = request.POST.getlist("plan")
    if request.method == "POST":
        offered = {r["value"]: r for r in rows if r["ref"] and r["case_number"] is None}
        picks = []
        for value in chosen:
            if value not in offered:
                errors.append("A child chosen is no longer in the cohort or is already in a case")
                break
            ref_text, start = value.split("|", 1)
            picks.append(
                services.Pick(ChildRef.objects.get(ref=ref_text), date.fromisoformat(start))
            )
        target = request.POST.get("target", "new")
        if not errors:
            try:
                if target == "new":
                    case = services.add_case(
                        audit, picks, request.POST.get("label", "")[:100], request.user
                    )
                else:
                    case = get_object_or_404(_cases(request), audit=audit, pk=target)
                    services.add_children(case, picks, request.user)
            except services.NotAllowed as exc:
                errors.append(str(exc))
            else:
                n = len(picks)
                messages.success(
                    request, f"{n} {'child' if n == 1 else 'children'} added to {case}"
                )
                return redirect("audits:case", pk=case.pk)
    context = {
        "audit": audit,
        "span": _span(audit),
        "rows": rows,
        "cases": cases,
        "errors": errors,
        "chosen": set(chosen),
        "target": request.POST.get("target", "new"),
        "label": request.POST.get("label", ""),
    }
    return render(request, "audits/cohort.html", context, status=400 if errors else 200)


def _case_context(case: AuditCase, add_form=None) -> dict:
    findings = list(case.findings.order_by("-version"))
    latest = findings[0] if findings else None
    label, colour = _status(latest)
    children = list(case.children.select_related("child"))
    return {
        "audit": case.audit,
        "case": case,
        "children": children,
        "findings": [_shown(f) for f in findings],
        "latest": _shown(latest) if latest else None,
        "status": label,
        "colour": colour,
        "can_remove": latest is None,
        "can_add": not (latest and latest.complete),
        "add_form": add_form or AddChildForm(),
    }


def _shown(f: Finding) -> dict:
    """A finding as rows of (theme, answer) for display."""
    featured = [t.label for t in THEMES if t.kind != EVIDENCED and f.answers.get(t.key) == "yes"]
    questions = [
        (t.label, ANSWER_LABELS[f.answers.get(t.key, NOT_RECORDED)])
        for t in THEMES
        if t.kind == EVIDENCED
    ]
    return {
        "f": f,
        "featured": featured,
        "questions": questions,
        "judgement": GRADE_LABELS.get(f.judgement, "Not graded") if f.judgement else "Not graded",
    }


@require_GET
def case(request, pk: int):
    """A family case: its children (timelines one click away), findings and their versions."""
    found = get_object_or_404(_cases(request).select_related("audit"), pk=pk)
    return render(request, "audits/case.html", _case_context(found))


@require_http_methods(["GET", "POST"])
def record(request, pk: int):
    """Record a new version of the case's finding, starting from the latest."""
    found = get_object_or_404(_cases(request).select_related("audit"), pk=pk)
    latest = found.findings.order_by("-version").first()
    form = FindingForm(request.POST or None, initial=FindingForm.initial_for(latest))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.record_finding(
                found,
                data["based_on"],
                request.user,
                answers=form.answers(),
                judgement=data["judgement"],
                learning=data["learning"],
                complete=data["complete"],
            )
        except services.NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            state = "complete" if made.complete else "in progress"
            messages.success(request, f"Version {made.version} recorded: the case is {state}")
            return redirect("audits:case", pk=found.pk)
    context = {
        "audit": found.audit,
        "case": found,
        "form": form,
        "latest": latest,
        "children": list(found.children.select_related("child")),
    }
    return render(request, "audits/record.html", context)


@require_POST
def add_child(request, pk: int):
    """Add a family member by LAchildID (POSTed: the ID never appears in a URL)."""
    found = get_object_or_404(_cases(request).select_related("audit"), pk=pk)
    form = AddChildForm(request.POST)
    if form.is_valid():
        wanted = form.cleaned_data["child_id"].strip()
        ref = ChildRef.objects.filter(la=found.audit.la, child_id=wanted).first()
        if ref is None:
            form.add_error(
                "child_id", f"No child with that LAchildID is in LA {found.audit.la}'s returns"
            )
        else:
            try:
                services.add_children(found, [services.Pick(ref)], request.user)
            except services.NotAllowed as exc:
                form.add_error("child_id", str(exc))
            else:
                messages.success(request, f"Child added to {found}")  # no ID in a cookie
                return redirect("audits:case", pk=found.pk)
    return render(request, "audits/case.html", _case_context(found, form), status=400)


@require_POST
def remove_child(request, pk: int):
    """Take a child out of a case that has no finding yet."""
    child = get_object_or_404(
        AuditChild.objects.filter(
            case__audit__la__in=councils.councils_of(request.user)
        ).select_related("case", "child"),
        pk=pk,
    )
    try:
        services.remove_child(child)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Child removed from {child.case}")
    return redirect("audits:case", pk=child.case.pk)


@require_POST
def remove_case(request, pk: int):
    """Remove a case that has no finding yet."""
    found = get_object_or_404(_cases(request), pk=pk)
    try:
        services.remove_case(found)
    except services.NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("audits:case", pk=pk)
    messages.success(request, f"{found} removed")
    return redirect("audits:detail", pk=found.audit_id)


@require_http_methods(["GET", "POST"])
def learning(request, pk: int):
    """The audit's key learning (for reports): a new version each time."""
    audit = get_object_or_404(_audits(request), pk=pk)
    versions = list(audit.key_learning.order_by("-version"))
    latest = versions[0] if versions else None
    initial = {"based_on": latest.version if latest else 0, "text": latest.text if latest else ""}
    form = KeyLearningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.record_key_learning(
                audit, form.cleaned_data["based_on"], request.user, form.cleaned_data["text"]
            )
        except services.NotAllowed as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Key learning version {made.version} recorded")
            return redirect("audits:summary", pk=pk)
    context = {"audit": audit, "form": form, "versions": versions}
    return render(request, "audits/learning.html", context)


@require_GET
def summary(request, pk: int):
    """What the audit found: cases and children, themes, judgements, learning (the core's)."""
    audit = get_object_or_404(_audits(request), pk=pk)
    s = selectors.summary(audit)
    featured = [
        {
            "label": t.theme.label,
            "cases": t.cases["yes"],
            "case_share": t.case_share(),
            "children": t.children["yes"],
            "child_share": t.child_share(),
        }
        for t in s.featured
    ]
    answers = [*s.evidenced[0].theme.answers, NOT_RECORDED] if s.evidenced else []
    evidenced = [
        {"label": t.theme.label, "cells": [(t.cases[a], t.case_share(a)) for a in answers]}
        for t in s.evidenced
    ]
    context = {
        "audit": audit,
        "span": _span(audit),
        "s": s,
        "children_in_progress": s.children_planned - s.children,
        "featured": featured,
        "answer_labels": [ANSWER_LABELS[a] for a in answers],
        "evidenced": evidenced,
        "everywhere": theme_list([t.label for t in s.in_every_case]),
        "can_run": has_capability(request.user, "run_audits"),
        "key_learning": text_blocks(s.key_learning),
    }
    return render(request, "audits/summary.html", context)


@require_GET
def export(request, pk: int):
    """The audit as JSON for ``cpmonitor report --audit`` (no child identifiers in it)."""
    audit = get_object_or_404(_audits(request), pk=pk)
    if not audit.cases.exists():
        raise Http404
    body = json.dumps(record_to_json(selectors.audit_record(audit)), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="case-audit-{audit.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response
