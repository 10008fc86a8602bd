"""Conference request reads: who sees which request, the history check, the oversight figures.

The history check and every figure come from the core (:mod:`cpmonitor.measures.authorisation`
over :func:`cpmonitor.web.store.services.history`); nothing here counts plans itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from cpmonitor.census.dataset import CensusData
from cpmonitor.history import History, build_history
from cpmonitor.measures import authorisation as rule

from ..accounts.models import Team
from ..councils import councils_of
from ..permissions import roles_of
from ..store import services as store
from .models import ConferenceRequest, CouncilRule, RequestEvent

# ------------------------------------------------------------------ who sees what


def teams_of(user) -> QuerySet[Team]:
    """The teams ``user`` is a member of, for councils they belong to (the council boundary)."""
    return Team.objects.filter(members=user, la__in=councils_of(user))


def managed_teams(user) -> QuerySet[Team]:
    """The teams whose requests ``user`` decides (as a Group Manager and member)."""
    if "group_manager" not in roles_of(user):
        return Team.objects.none()
    return teams_of(user)


def visible_requests(user) -> QuerySet[ConferenceRequest]:
    """Requests ``user`` may open: their own, and their teams' if a Group Manager; only ever
    of the user's councils."""
    return ConferenceRequest.objects.filter(
        Q(raised_by=user) | Q(team__in=managed_teams(user)), la__in=councils_of(user)
    ).distinct()


def with_state(requests: QuerySet[ConferenceRequest]) -> QuerySet[ConferenceRequest]:
    """Annotate ``last_kind``, ``last_seq`` and ``last_at`` (the latest event) for lists."""
    latest = RequestEvent.objects.filter(request=OuterRef("pk")).order_by("-seq")
    return requests.annotate(
        last_kind=Subquery(latest.values("kind")[:1]),
        last_seq=Subquery(latest.values("seq")[:1]),
        last_at=Subquery(latest.values("at")[:1]),
    )


def state_of(kind: str | None) -> str:
    """A request's state from its latest event's kind."""
    return rule.STATE_AFTER.get(kind, rule.AWAITING)


# ------------------------------------------------------------------ history check


_EMPTY_HISTORY: History | None = None


def _history(la: str) -> tuple[History, bool]:
    """The council's history from the stored returns, and whether any return is loaded."""
    global _EMPTY_HISTORY
    if la in store.loaded_las():
        return store.history(la), True
    if _EMPTY_HISTORY is None:
        _EMPTY_HISTORY = build_history(CensusData())
    return _EMPTY_HISTORY, False


@dataclass
class Check:
    """The core's history check, with whether the council's returns are loaded at all."""

    result: rule.HistoryCheck
    returns_loaded: bool
    rule: CouncilRule

    @property
    def needs_authorisation(self) -> bool:
        return self.rule.required and self.result.needs_authorisation


def check_history(la: str, child_id: str, s47_start: date) -> Check:
    """The child's plans before ``s47_start`` under the council's rule (the core's check)."""
    council = CouncilRule.for_la(la)
    history, loaded = _history(la)
    data_to = max(r.reference_date for r in store.stored_data(la).returns) if loaded else None
    result = rule.history_check(
        history, la, child_id, s47_start, council.lookback_years, data_to=data_to
    )
    return Check(result, loaded, council)


# ------------------------------------------------------------------ oversight


def records(la: str, today: date | None = None) -> rule.AuthorisationRecords:
    """The council's requests and events as the core's plain tables, with its rule."""
    requests = ConferenceRequest.objects.filter(la=la)
    req = pl.DataFrame(
        list(
            requests.values_list(
                "id", "la", "child_id", "raised_at", "s47_start", "needs_authorisation"
            )
        ),
        schema=list(rule.REQUEST_SCHEMA),
        orient="row",
    )
    events = RequestEvent.objects.filter(request__la=la).values_list(
        "request_id", "seq", "at", "kind", "replaces__seq"
    )
    ev = pl.DataFrame(list(events), schema=list(rule.EVENT_SCHEMA), orient="row")
    council = CouncilRule.for_la(la)
    first = requests.order_by("raised_at").values_list("raised_at", flat=True).first()
    rule_from = council.in_force_from or (timezone.localdate(first) if first else None)
    return rule.AuthorisationRecords(
        requests=rule.conform(rule.REQUEST_SCHEMA, _aware(req, "raised_at")),
        events=rule.conform(rule.EVENT_SCHEMA, _aware(ev, "at")),
        rule_from=rule_from,
        lookback_years=council.lookback_years,
        rule_on=council.required,
        today=today or timezone.localdate(),
    )


def _aware(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Timestamps from the database as UTC (Django returns aware datetimes; SQLite too)."""
    dtype = frame.schema[column]
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is None:
        return frame.with_columns(pl.col(column).dt.replace_time_zone("UTC"))
    if isinstance(dtype, pl.Datetime):
        return frame.with_columns(pl.col(column).dt.convert_time_zone("UTC"))
    return frame.with_columns(pl.col(column).cast(pl.Datetime("us", "UTC")))


def council_las() -> list[str]:
    """Councils with requests, teams or a rule, and those with returns loaded."""
    las = set(store.loaded_las())
    las |= set(Team.objects.values_list("la", flat=True))
    las |= set(ConferenceRequest.objects.values_list("la", flat=True))
    return sorted(las)


def oversight(la: str, period, today: date | None = None) -> rule.AuthorisationOversight:
    """The core's oversight figures for ``la`` over ``period``."""
    history, _loaded = _history(la)
    return records(la, today).oversight(history, period, la)


def report_records(la: str) -> rule.AuthorisationRecords | None:
    """What the scrutiny report needs for its authorisation section (None: no request yet)."""
    if not ConferenceRequest.objects.filter(la=la).exists():
        return None
    return records(la)
