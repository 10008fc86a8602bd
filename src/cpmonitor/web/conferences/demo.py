"""``cpmonitor serve``'s conference demo: the demo social worker and Group Manager in a demo
team, and a few requests on synthetic children (one overdue) so the queue is not empty."""

from __future__ import annotations

from datetime import date

import polars as pl
from django.contrib.auth import get_user_model

from cpmonitor.workdays import add_working_days

from ..accounts.models import Team
from ..store import services as store
from . import services
from .models import ConferenceRequest

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


def demo_requests(team: Team, today: date) -> int:
    """Four requests when there are none: overdue, waiting, authorised, not needing it."""
    if ConferenceRequest.objects.exists() or team.la not in store.loaded_las():
        return 0
    worker = team.members.get(username=WORKER)
    manager = team.members.get(username=MANAGER)
    repeat, first = _children(team.la)
    if len(repeat) < 3 or not first:
        return 0
    made = []
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
        request_id=made[2].pk,
        user=manager,
        outcome="authorised",
        rationale="The risk is current and the history shows the last plan's work did not last.",
        seen=1,
    )
    return len(made)
