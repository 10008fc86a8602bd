"""The authorisation request's state machine: append-only events, the state each sets, the deadline.

A request is raised (or recorded as not needing authorisation); a Group Manager authorises,
declines or returns it for more information; the worker adds information; it may be
withdrawn. Its state is set by its latest event (:data:`STATE_AFTER`). The deadline is the
statutory one: the initial child protection conference within 15 working days of the start of
the section 47 enquiry (*Working Together to Safeguard Children*; LAIT ``CP_conf_15days``),
working days as :mod:`cpmonitor.workdays` counts them (England and Wales bank holidays).

- :func:`conference_due`, :func:`working_days_left`: the deadline.
- :func:`request_states`: each request's state from its append-only events.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ...workdays import add_working_days, working_days_between
from ..timeliness import CONFERENCE_WORKING_DAYS

LOCAL_TIME_ZONE = "Europe/London"

RAISED = "raised"  # needs authorisation: in the Group Manager queue
NOT_REQUIRED = "not_required"  # recorded as not needing authorisation
AUTHORISED = "authorised"
DECLINED = "declined"
RETURNED = "returned"  # returned to the worker for more information
INFORMATION_ADDED = "information_added"  # the worker answered: back in the queue
WITHDRAWN = "withdrawn"

DECISIONS = (AUTHORISED, DECLINED, RETURNED)
FINAL_DECISIONS = (AUTHORISED, DECLINED)

AWAITING = "awaiting"
#: A request's state is set by its latest event.
STATE_AFTER = {
    RAISED: AWAITING,
    INFORMATION_ADDED: AWAITING,
    NOT_REQUIRED: NOT_REQUIRED,
    AUTHORISED: AUTHORISED,
    DECLINED: DECLINED,
    RETURNED: RETURNED,
    WITHDRAWN: WITHDRAWN,
}
OPEN_STATES = (AWAITING, RETURNED)
STATES = (NOT_REQUIRED, AWAITING, RETURNED, AUTHORISED, DECLINED, WITHDRAWN)

#: The plain tables :func:`authorisation_oversight` takes (timestamps in UTC).
REQUEST_SCHEMA: dict[str, pl.DataType] = {
    "request_id": pl.Int64(),
    "la": pl.Utf8(),
    "child_id": pl.Utf8(),
    "raised_at": pl.Datetime("us", "UTC"),
    "s47_start": pl.Date(),
    "needs_authorisation": pl.Boolean(),
}
EVENT_SCHEMA: dict[str, pl.DataType] = {
    "request_id": pl.Int64(),
    "seq": pl.Int32(),
    "at": pl.Datetime("us", "UTC"),
    "kind": pl.Utf8(),
    "replaces": pl.Int32(),  # seq of the decision a changed decision replaces
}


def conference_due(s47_start: date) -> date:
    """The last day for the initial conference: 15 working days after the S47 start."""
    return add_working_days(s47_start, CONFERENCE_WORKING_DAYS)


def working_days_left(due: date, today: date) -> int:
    """Working days from ``today`` to ``due``: 0 on the day; negative once it has passed
    (-1 up to and including the first working day after ``due``, then -2…)."""
    if today <= due:
        return working_days_between(today, due)
    return min(-1, -working_days_between(due, today))


def _local_day(column: str) -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(LOCAL_TIME_ZONE).dt.date()


def conform(schema: dict[str, pl.DataType], frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` cast to ``schema`` (:data:`REQUEST_SCHEMA` or :data:`EVENT_SCHEMA`)."""
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"the table lacks columns {missing}")
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


def request_states(requests: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Each request with its state now and its timings.

    Adds: ``state`` (:data:`STATES`, from the latest event; a request needing no
    authorisation is ``not_required``), ``month`` (first day of the month it was raised,
    UK time), ``first_decision_at`` (the first authorise or decline, even if later changed),
    ``hours_to_decision`` (raised to that, in hours), ``times_returned``.
    """
    requests = conform(REQUEST_SCHEMA, requests)
    events = conform(EVENT_SCHEMA, events)
    latest = (
        events.sort(["request_id", "seq"])
        .group_by("request_id")
        .agg(
            pl.col("kind").last().alias("_last"),
            pl.col("at").filter(pl.col("kind").is_in(FINAL_DECISIONS)).min().alias("_first"),
            (pl.col("kind") == RETURNED).sum().cast(pl.Int64).alias("times_returned"),
        )
    )
    state = (
        pl.when(~pl.col("needs_authorisation"))
        .then(pl.lit(NOT_REQUIRED))
        .otherwise(pl.col("_last").replace_strict(STATE_AFTER, default=AWAITING))
    )
    return (
        requests.join(latest, on="request_id", how="left")
        .with_columns(
            state.alias("state"),
            _local_day("raised_at").dt.truncate("1mo").alias("month"),
            pl.col("_first").alias("first_decision_at"),
            ((pl.col("_first") - pl.col("raised_at")).dt.total_seconds() / 3600).alias(
                "hours_to_decision"
            ),
            pl.col("times_returned").fill_null(0),
        )
        .drop("_last", "_first")
    )


def state_on(events: pl.DataFrame, day: date) -> pl.DataFrame:
    """Each request's state at the end of ``day`` (UK time): ``request_id, state``."""
    events = conform(EVENT_SCHEMA, events)
    return (
        events.filter(_local_day("at") <= day)
        .sort(["request_id", "seq"])
        .group_by("request_id")
        .agg(pl.col("kind").last())
        .select("request_id", pl.col("kind").replace_strict(STATE_AFTER).alias("state"))
    )
