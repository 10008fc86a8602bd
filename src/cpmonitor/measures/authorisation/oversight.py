"""The oversight figures: requests by month, outcomes, hours to decision, open requests, and
conferences in the census returns held without a recorded authorisation.

- :func:`authorisation_oversight`: the figures for a period.
- :func:`conferences_for_repeat_children`: initial conferences for children with a plan before.
- :class:`AuthorisationRecords`: what a report needs to show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from ...history import History
from ...periods import Period, month_end
from ...stats import round_half_up
from .requests import (
    AUTHORISED,
    AWAITING,
    DECLINED,
    EVENT_SCHEMA,
    LOCAL_TIME_ZONE,
    NOT_REQUIRED,
    OPEN_STATES,
    REQUEST_SCHEMA,
    RETURNED,
    WITHDRAWN,
    conference_due,
    conform,
    request_states,
    state_on,
    working_days_left,
)

#: A conference date and a plan start this many days apart (plan on or after) are one
#: conference: the plan starts at the conference, give or take a late-recorded start.
SAME_CONFERENCE_DAYS = 28
#: A request covers a conference held up to this many days after its section 47 start.
REQUEST_COVERS_DAYS = 92


def _months(period: Period) -> list[date]:
    out, day = [], period.start.replace(day=1)
    while day <= period.end:
        out.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return out


def conferences_for_repeat_children(
    history: History,
    la: str | None = None,
    lookback_years: int | None = None,
) -> pl.DataFrame:
    """Initial conferences in the returns for children who had had a plan before.

    A conference is a ``DateOfInitialCPC`` (section 47 or CIN episode), or a plan start with
    no conference recorded in the :data:`SAME_CONFERENCE_DAYS` days up to it. The child had a
    plan before when a plan in the returns started before the conference (and, with a
    look-back, was open in the N years before it), or, with no look-back, when the plan
    starting from the conference records ``NumberOfPreviousCPP`` ≥ 1.
    Columns: ``la, child_id, conference_date, source, previous_in_returns,
    recorded_previous``.
    """
    keys = ["la", "child_id"]

    def pick(frame: pl.DataFrame, column: str, source: str) -> pl.DataFrame:
        if la is not None:
            frame = frame.filter(pl.col("la") == la)
        return (
            frame.select(*keys, pl.col(column).alias("conference_date"))
            .drop_nulls()
            .with_columns(pl.lit(source).alias("source"))
        )

    recorded = pl.concat(
        [
            pick(history.section47, "icpc_date", "DateOfInitialCPC (section 47)"),
            pick(history.episodes, "initial_cpc_date", "DateOfInitialCPC (CIN episode)"),
        ]
    ).unique(subset=[*keys, "conference_date"], keep="first", maintain_order=True)
    starts = pick(history.plans, "start_date", "CPPstartDate")
    covered = (
        starts.join(recorded.rename({"conference_date": "_held"}), on=keys)
        .filter(
            pl.col("_held").is_between(
                pl.col("conference_date") - timedelta(days=SAME_CONFERENCE_DAYS),
                pl.col("conference_date"),
            )
        )
        .select(*keys, "conference_date")
        .unique()
    )
    conferences = pl.concat(
        [recorded, starts.join(covered, on=[*keys, "conference_date"], how="anti")]
    )
    plans = history.plans.select(*keys, "start_date", "end_date", "previous_plans")
    if la is not None:
        plans = plans.filter(pl.col("la") == la)
    with_plans = conferences.join(plans, on=keys, how="left")
    earlier = pl.col("start_date") < pl.col("conference_date")
    if lookback_years is not None:
        cutoff = pl.col("conference_date").dt.offset_by(f"-{lookback_years}y")
        earlier = earlier & (pl.col("end_date").is_null() | (pl.col("end_date") >= cutoff))
    resulting = pl.col("start_date").is_between(
        pl.col("conference_date"),
        pl.col("conference_date") + timedelta(days=SAME_CONFERENCE_DAYS),
    )
    evidence = with_plans.group_by([*keys, "conference_date", "source"], maintain_order=True).agg(
        earlier.fill_null(False).sum().cast(pl.Int64).alias("previous_in_returns"),
        pl.col("previous_plans").filter(resulting).max().alias("recorded_previous"),
    )
    had_plan = pl.col("previous_in_returns") > 0
    if lookback_years is None:
        had_plan = had_plan | (pl.col("recorded_previous").fill_null(0) >= 1)
    return evidence.filter(had_plan).sort([*keys, "conference_date"])


MONTH_COLUMNS = (
    "month",
    "requests",
    "not_needing",
    "needing",
    "authorised",
    "declined",
    "awaiting",
    "returned",
    "withdrawn",
    "returned_at_least_once",
    "decided",
    "median_hours",
    "p90_hours",
    "repeat_conferences",
    "without_authorisation",
)


@dataclass
class AuthorisationOversight:
    """The oversight figures for one period (see :func:`authorisation_oversight`).

    ``months``: one row per calendar month of the period (:data:`MONTH_COLUMNS`);
    requests are counted in the month they were raised with their state now; conferences
    in the month they were held (``None`` for months after the returns end or before the
    check starts). ``totals``: the same over the period. ``requests``: the period's
    requests with their state (:func:`request_states`). ``open_requests``: every request
    raised by the period's end still open, with ``conference_due`` and
    ``working_days_left`` at ``today``. ``conferences``: conferences for children with a
    previous plan held from ``checked_from`` to ``checked_to`` (``None``: nothing could be
    checked, see ``notes``), with the ``request_id`` of
    the authorisation that covers each (null: none recorded).
    """

    period: Period
    la: str | None
    lookback_years: int | None
    today: date
    months: pl.DataFrame
    totals: dict
    requests: pl.DataFrame
    open_requests: pl.DataFrame
    conferences: pl.DataFrame
    checked_from: date | None
    checked_to: date | None
    notes: list[str] = field(default_factory=list)

    @property
    def unauthorised(self) -> pl.DataFrame:
        """Conferences held without a recorded authorisation."""
        return self.conferences.filter(pl.col("request_id").is_null())


def _hours(values: pl.Series, q: float) -> float | None:
    """A quantile of hours, linear interpolation (Excel PERCENTILE.INC), to 0.1 hour."""
    values = values.drop_nulls()
    if not values.len():
        return None
    return round_half_up(values.quantile(q, interpolation="linear"), 1)


def _counts(frame: pl.DataFrame) -> dict:
    state = pl.col("state")
    row = frame.select(
        pl.len().alias("requests"),
        (state == NOT_REQUIRED).sum().alias("not_needing"),
        (state != NOT_REQUIRED).sum().alias("needing"),
        *[(state == s).sum().alias(s) for s in (AUTHORISED, DECLINED, AWAITING, RETURNED)],
        (state == WITHDRAWN).sum().alias("withdrawn"),
        (pl.col("times_returned") > 0).sum().alias("returned_at_least_once"),
        pl.col("hours_to_decision").is_not_null().sum().alias("decided"),
    ).row(0, named=True)
    hours = frame.get_column("hours_to_decision")
    return {k: int(v or 0) for k, v in row.items()} | {
        "median_hours": _hours(hours, 0.5),
        "p90_hours": _hours(hours, 0.9),
    }


def authorisation_oversight(
    requests: pl.DataFrame,
    events: pl.DataFrame,
    history: History,
    period: Period,
    *,
    today: date,
    la: str | None = None,
    rule_from: date | None = None,
    lookback_years: int | None = None,
) -> AuthorisationOversight:
    """Requests, decisions and conferences without authorisation for ``period``.

    ``requests`` and ``events`` follow :data:`REQUEST_SCHEMA` and :data:`EVENT_SCHEMA`.
    Hours to decision run from the request being raised to its first authorise or decline
    (time with the worker after a return included); median and 90th percentile by linear
    interpolation. A conference (see :func:`conferences_for_repeat_children`) is covered by
    a request for the same child whose section 47 start is on or up to
    :data:`REQUEST_COVERS_DAYS` days before it and whose state at the end of the conference
    day was authorised. Conferences are checked from ``rule_from`` (when the council's rule
    came in) to the latest census reference date loaded.
    """
    requests = conform(REQUEST_SCHEMA, requests)
    events = conform(EVENT_SCHEMA, events)
    if la is not None:
        requests = requests.filter(pl.col("la") == la)
        events = events.join(requests.select("request_id"), on="request_id", how="semi")
    states = request_states(requests, events)
    in_period = states.filter(
        pl.col("raised_at")
        .dt.convert_time_zone(LOCAL_TIME_ZONE)
        .dt.date()
        .is_between(period.start, period.end)
    )

    references = [r.reference_date for r in history.data.returns if la is None or r.la == la]
    checked_to = min(max(references), period.end) if references else None
    checked_from = max(period.start, rule_from) if rule_from else period.start
    notes = []
    if checked_to is None:
        notes.append("No census return is loaded: conferences cannot be checked.")
    elif checked_from > checked_to:
        notes.append(
            f"The rule applies from {checked_from:%-d %B %Y}, after the census returns loaded "
            f"end ({max(references):%-d %B %Y}) or the period does: no conference can be "
            "checked yet."
        )
        checked_to = None
    elif checked_to < period.end:
        notes.append(
            f"The census returns loaded run to {checked_to:%-d %B %Y}: conferences after "
            "that date are not yet in them."
        )
    if checked_to is None:
        conferences = pl.DataFrame(
            schema={"la": pl.Utf8, "child_id": pl.Utf8, "conference_date": pl.Date}
        )
    else:
        conferences = conferences_for_repeat_children(history, la, lookback_years).filter(
            pl.col("conference_date").is_between(checked_from, checked_to)
        )
    conferences = _match(conferences, states, events)

    months = []
    for month in _months(period):
        raised = in_period.filter(pl.col("month") == month)
        last = min(month_end(month), period.end)
        first = max(month, period.start)
        known = checked_to is not None and first <= checked_to and last >= checked_from
        held = conferences.filter(pl.col("conference_date").is_between(first, last))
        months.append(
            {
                "month": month,
                **_counts(raised),
                "repeat_conferences": held.height if known else None,
                "without_authorisation": (
                    held.filter(pl.col("request_id").is_null()).height if known else None
                ),
            }
        )
    totals = _counts(in_period) | {
        "repeat_conferences": conferences.height if checked_to else None,
        "without_authorisation": (
            conferences.filter(pl.col("request_id").is_null()).height if checked_to else None
        ),
    }
    open_requests = states.filter(
        pl.col("state").is_in(OPEN_STATES)
        & (pl.col("raised_at").dt.convert_time_zone(LOCAL_TIME_ZONE).dt.date() <= period.end)
    ).sort("s47_start")
    due = [conference_due(d) for d in open_requests.get_column("s47_start")]
    open_requests = open_requests.with_columns(
        pl.Series("conference_due", due, dtype=pl.Date),
        pl.Series("working_days_left", [working_days_left(d, today) for d in due], dtype=pl.Int64),
    )
    return AuthorisationOversight(
        period=period,
        la=la,
        lookback_years=lookback_years,
        today=today,
        months=pl.DataFrame(months, schema_overrides={"month": pl.Date}).select(MONTH_COLUMNS),
        totals=totals,
        requests=in_period,
        open_requests=open_requests,
        conferences=conferences,
        checked_from=checked_from,
        checked_to=checked_to,
        notes=notes,
    )


def _match(conferences: pl.DataFrame, states: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Each conference with the authorised request that covers it (``request_id``)."""
    keys = ["la", "child_id", "conference_date"]
    candidates = (
        conferences.select(keys)
        .join(states.select("la", "child_id", "request_id", "s47_start"), on=["la", "child_id"])
        .filter(
            pl.col("s47_start").is_between(
                pl.col("conference_date") - timedelta(days=REQUEST_COVERS_DAYS),
                pl.col("conference_date"),
            )
        )
    )
    if not candidates.height:
        return conferences.with_columns(pl.lit(None, dtype=pl.Int64).alias("request_id"))
    covered = pl.concat(
        [
            candidates.filter(pl.col("conference_date") == day).join(
                state_on(events, day).filter(pl.col("state") == AUTHORISED),
                on="request_id",
                how="semi",
            )
            for day in candidates.get_column("conference_date").unique().to_list()
        ]
    )
    matched = covered.group_by(keys).agg(pl.col("request_id").min())
    return conferences.join(matched, on=keys, how="left")


@dataclass(frozen=True)
class AuthorisationRecords:
    """What a report needs to show the authorisation figures: the requests and events
    (plain tables) and the council's rule (in force from, look-back)."""

    requests: pl.DataFrame
    events: pl.DataFrame
    rule_from: date | None = None
    lookback_years: int | None = None
    rule_on: bool = True
    today: date | None = None

    def oversight(self, history: History, period: Period, la: str) -> AuthorisationOversight:
        """The figures for ``period`` (``today`` defaults to the period's end)."""
        return authorisation_oversight(
            self.requests,
            self.events,
            history,
            period,
            today=self.today or period.end,
            la=la,
            rule_from=self.rule_from,
            lookback_years=self.lookback_years,
        )
