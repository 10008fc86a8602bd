"""One child's record as a dated list of events (presentation of the core's History)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cpmonitor.codes import factors_in_words, in_words
from cpmonitor.report.words import day


@dataclass
class Event:
    """One thing that happened, for the timeline."""

    day: date
    kind: str  # referral, assessment, section47, conference, cin_plan, plan_start, plan_end, review, closure, gap
    title: str
    detail: str = ""
    order: int = 0


def _category(code: str | None) -> str:
    return in_words(code, "category") if code else "category not recorded"


def _rows(frame: pl.DataFrame, la: str, child_id: str) -> list[dict]:
    return frame.filter((pl.col("la") == la) & (pl.col("child_id") == child_id)).to_dicts()


def for_child(history, la: str, child_id: str) -> tuple[list[Event], list[dict], dict | None]:
    """Events in date order, the child's plans (as the core numbered them), their details."""
    events: list[Event] = []
    for ep in _rows(history.episodes, la, child_id):
        if ep["referral_date"]:
            nfa = " – no further action" if ep["referral_nfa"] else ""
            events.append(
                Event(
                    ep["referral_date"],
                    "referral",
                    "Referral" + nfa,
                    f"Referred by: {in_words(ep['referral_source'], 'referral_source')}. "
                    f"Primary need: {in_words(ep['primary_need'], 'primary_need')}.",
                    0,
                )
            )
        if ep["initial_cpc_date"]:
            events.append(
                Event(
                    ep["initial_cpc_date"],
                    "conference",
                    "Initial child protection conference",
                    "",
                    3,
                )
            )
        if ep["closure_date"]:
            events.append(
                Event(
                    ep["closure_date"],
                    "closure",
                    "Case closed",
                    f"Reason: {in_words(ep['reason_for_closure'], 'reason_for_closure')}",
                    9,
                )
            )
    for a in _rows(history.assessments, la, child_id):
        if a["start_date"]:
            factors = factors_in_words(a["factors"])
            done = (
                f". Authorised {day(a['authorisation_date'])}"
                if a["authorisation_date"]
                else ". Not yet authorised"
            )
            events.append(
                Event(
                    a["start_date"],
                    "assessment",
                    "Assessment started",
                    f"Factors: {factors}{done}",
                    1,
                )
            )
    for s in _rows(history.section47, la, child_id):
        if s["start_date"]:
            icpc = (
                "conference not required"
                if s["icpc_not_required"]
                else (
                    f"conference held {day(s['icpc_date'])}"
                    if s["icpc_date"]
                    else "no conference date recorded"
                )
            )
            events.append(
                Event(s["start_date"], "section47", "Section 47 enquiry started", icpc, 2)
            )
        if s["icpc_date"] and not any(
            e.kind == "conference" and e.day == s["icpc_date"] for e in events
        ):
            events.append(
                Event(s["icpc_date"], "conference", "Initial child protection conference", "", 3)
            )
    for c in _rows(history.cin_plans, la, child_id):
        if c["start_date"]:
            events.append(Event(c["start_date"], "cin_plan", "Child in need plan started", "", 4))
        if c["end_date"]:
            events.append(Event(c["end_date"], "cin_plan", "Child in need plan ended", "", 8))
    plans = sorted(_rows(history.plans, la, child_id), key=lambda p: p["start_date"])
    for p in plans:
        n = p["plan_number"]
        if p["gap_days"] is not None:
            when = "within" if p["within_two_years"] else "more than"
            events.append(
                Event(
                    p["start_date"],
                    "gap",
                    f"{p['gap_days']} days since the previous plan ended",
                    f"{when.capitalize()} two years",
                    4,
                )
            )
        recorded = "not recorded" if p["previous_plans"] is None else str(p["previous_plans"])
        events.append(
            Event(
                p["start_date"],
                "plan_start",
                f"Child protection plan {n} started",
                f"{_category(p['initial_category'])}; previous plans recorded: {recorded}",
                5,
            )
        )
        if p["end_date"]:
            events.append(
                Event(
                    p["end_date"],
                    "plan_end",
                    f"Child protection plan {n} ended",
                    f"Latest category {_category(p['latest_category'])}; {p['days_on_plan']} days on plan",
                    7,
                )
            )
    for r in _rows(history.reviews, la, child_id):
        if r["review_date"]:
            events.append(
                Event(
                    r["review_date"],
                    "review",
                    "Review conference",
                    f"Plan started {day(r['plan_start'])}",
                    6,
                )
            )
    events.sort(key=lambda e: (e.day, e.order))
    person = next(iter(_rows(history.children, la, child_id)), None)
    return events, plans, person
