"""``cpmonitor serve``'s conference demo: the demo social worker and Group Manager in a demo
team, the council's record of requests inside the demo data's period, and a few requests
waiting now on synthetic children (one overdue) so the queue is not empty.

The record (:func:`past_requests`) is chosen in the core (:mod:`cpmonitor.synth.conferences`,
the same record ``make demo``'s report shows): the rule came in on 1 January before the data's
latest year to date; from then every initial conference in the data for a child who had had a
plan before was asked for and authorised, except the last one the census returns cover. This
module writes it into the database through the services, back-dated, and sets the council's
rule in force from that 1 January. So the oversight figures and the report's authorisation
section for the demo's year to date are not empty, and the conferences in the census returns
are checked against real requests. The four requests made now are the app's alone (the Group
Manager's queue).
"""

from __future__ import annotations

from datetime import date

import polars as pl
from django.contrib.auth import get_user_model

from cpmonitor.synth.conferences import demo_conferences, rule_start
from cpmonitor.workdays import add_working_days

from ..accounts.models import Team
from ..store import services as store
from . import services
from .models import ConferenceRequest, CouncilRule

TEAM = "Demo safeguarding team"
WORKER, MANAGER = "demo-social-worker", "demo-group-manager"


def demo_team(la: str) -> Team | None:
    """The demo team for ``la`` with the demo social worker and Group Manager (made once)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=(WORKER, MANAGER))}
    if len(users) < 2:
        return None
    for user in users.values():
        if not user.email:
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
    team, _ = Team.objects.get_or_create(name=TEAM, defaults={"la": la})
    team.members.add(*users.values())
    return team


def _children(la: str) -> tuple[list[str], list[str]]:
    """Children whose latest plan has ended (newest first), and children with no plan."""
    history = store.history(la)
    plans = history.plans.filter(pl.col("la") == la)
    latest = plans.group_by("child_id").agg(pl.col("end_date").sort_by("start_date").last())
    ended = latest.drop_nulls("end_date").sort(["end_date", "child_id"], descending=True)
    without = history.children.filter(pl.col("la") == la).join(plans, on="child_id", how="anti")
    return ended.get_column("child_id").to_list(), sorted(without.get_column("child_id"))


def past_requests(team: Team, data_end: date) -> int:
    """The council's record up to ``data_end`` (:func:`cpmonitor.synth.conferences.demo_records`,
    the record ``make demo``'s report shows too), written through the services, back-dated:
    each request raised and authorised at the record's times. Returns how many were made."""
    worker = team.members.get(username=WORKER)
    manager = team.members.get(username=MANAGER)
    history = store.history(team.la)
    CouncilRule.objects.get_or_create(la=team.la, defaults={"in_force_from": rule_start(data_end)})
    asked = demo_conferences(history, team.la, data_end).drop_nulls("request_id")
    for row in asked.rows(named=True):
        request = services.raise_request(
            user=worker,
            team=team,
            child_id=row["child_id"],
            s47_start=row["s47_start"],
            proposed_date=row["conference_date"],
            reasons="Section 47 enquiry found the child at continuing risk of significant harm.",
            what_changed="Concerns returned after the last plan ended.",
            # a plan the returns do not hold (only NumberOfPreviousCPP says so): the worker
            # records it, as the form asks
            other_plans=0 if row["previous_in_returns"] else max(1, row["recorded_previous"] or 0),
            other_plans_detail=""
            if row["previous_in_returns"]
            else "An earlier plan recorded on the child's plan (NumberOfPreviousCPP).",
            at=row["raised_at"],
        )
        if not request.needs_authorisation:  # the record and the service disagree: a bug
            raise RuntimeError(
                f"The demo's request for child {row['child_id']} was recorded as not needing "
                "authorisation: the council's rule is not the demo's"
            )
        services.decide(
            request_id=request.pk,
            user=manager,
            outcome="authorised",
            rationale="The risk is current; the history shows the last plan's work did not last.",
            seen=1,
            at=row["decided_at"],
        )
    return asked.height


def demo_requests(team: Team, today: date, data_end: date | None = None) -> int:
    """When there are none: the council's past requests up to ``data_end`` (the demo data's
    last day; none without it), then four made now: overdue, waiting, authorised, not
    needing it. Returns how many were made."""
    if ConferenceRequest.objects.exists() or team.la not in store.loaded_las():
        return 0
    worker = team.members.get(username=WORKER)
    manager = team.members.get(username=MANAGER)
    repeat, first = _children(team.la)
    if len(repeat) < 3 or not first:
        return 0
    made = [None] * (past_requests(team, min(data_end, today)) if data_end else 0)
    for child, days_ago, reasons in (
        (
            repeat[0],
            19,
            "Domestic abuse incident reported by police; the enquiry found the "
            "children exposed to it again after the last plan ended.",
        ),
        (repeat[1], 4, "Neglect: school reports the child hungry and unwashed most days."),
        (repeat[2], 8, "Unexplained bruising seen at nursery."),
        (first[0], 2, "Disclosure to a teacher; no earlier involvement."),
    ):
        start = add_working_days(today, -days_ago)
        made.append(
            services.raise_request(
                user=worker,
                team=team,
                child_id=child,
                s47_start=start,
                proposed_date=add_working_days(start, 12),
                reasons=reasons,
                what_changed="Mother's new partner moved in; the support that helped last time "
                "ended.",
            )
        )
    services.decide(
        request_id=made[-2].pk,
        user=manager,
        outcome="authorised",
        rationale="The risk is current and the history shows the last plan's work did not last.",
        seen=1,
    )
    return len(made)
