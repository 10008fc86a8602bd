"""The demo council's record of conference authorisations: which conferences were asked for,
when, and how each was decided — one record for ``make demo``'s report and ``cpmonitor
serve``'s app (which writes the same requests and events into its database).

The rule is Walsall's (scrutiny report of October 2016, 3.2; see
:mod:`cpmonitor.measures.authorisation`): a Group Manager authorises every decision to hold a
conference for a child who has had a plan before. In the demo it came in on
:func:`rule_start`, 1 January before the census year containing the data's last day. From
then, every initial conference in the returns for a child with a previous plan
(:func:`~cpmonitor.measures.authorisation.conferences_for_repeat_children`, any previous
plan: no look-back) was asked for and authorised, except the last one the census returns
cover, held without a recorded authorisation, so the oversight figures have one to show.

Each request: the section 47 enquiry started 12 working days before the conference (inside
the statutory 15, *Working Together*); the request raised at 10:00 (UK time) the working day
after; decided after :data:`DECISION_HOURS` hours, in turn (median about a working day).

Pure: the core's :class:`~cpmonitor.history.History` in, plain polars tables out.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from ..history import History
from ..measures.authorisation import (
    AUTHORISED,
    EVENT_SCHEMA,
    LOCAL_TIME_ZONE,
    RAISED,
    REQUEST_SCHEMA,
    AuthorisationRecords,
    conferences_for_repeat_children,
)
from ..workdays import add_working_days

#: Hours from a request to its decision, in turn (the median about a working day).
DECISION_HOURS = (3, 26, 5, 1, 49, 7, 22, 2, 75, 4)
#: Working days from the section 47 start to the conference, and to the request.
S47_TO_CONFERENCE, S47_TO_REQUEST = 12, 1
RAISED_AT = time(10, 0)

#: One row per conference in the record (see :func:`demo_conferences`).
CONFERENCE_COLUMNS = (
    "child_id",
    "conference_date",
    "previous_in_returns",
    "recorded_previous",
    "request_id",
    "s47_start",
    "raised_at",
    "decided_at",
)


def rule_start(data_end: date) -> date:
    """1 January before the census year containing ``data_end`` began (or within it)."""
    year_start = date(data_end.year if data_end.month >= 4 else data_end.year - 1, 4, 1)
    return date(year_start.year, 1, 1)


def _utc(day: date, hours: int = 0) -> datetime:
    local = datetime.combine(day, RAISED_AT, ZoneInfo(LOCAL_TIME_ZONE)) + timedelta(hours=hours)
    return local.astimezone(ZoneInfo("UTC"))


def demo_conferences(history: History, la: str, data_end: date) -> pl.DataFrame:
    """The conferences for children with a previous plan from :func:`rule_start` to
    ``data_end``, in date order, each with its request (:data:`CONFERENCE_COLUMNS`):
    ``request_id`` 1, 2… (null for the one held without authorisation), ``s47_start``,
    ``raised_at`` and ``decided_at`` (UTC). ``previous_in_returns`` and ``recorded_previous``
    say where the previous plan is recorded (the returns, or only ``NumberOfPreviousCPP``)."""
    returns = [r.reference_date for r in history.data.returns if r.la == la]
    if not returns:
        raise ValueError(f"The returns hold no census return for LA {la}")
    returns_end = max(returns)
    held = (
        conferences_for_repeat_children(history, la)
        .filter(pl.col("conference_date").is_between(rule_start(data_end), data_end))
        .unique(["child_id", "conference_date"])
        .sort(["conference_date", "child_id"])
    )
    rows = held.select(CONFERENCE_COLUMNS[:4]).rows(named=True)
    # the last conference the census returns can be checked for: held without authorisation
    checked = [i for i, row in enumerate(rows) if row["conference_date"] <= returns_end]
    skip = checked[-1] if checked else None
    out, request_id = [], 0
    for i, row in enumerate(rows):
        s47_start = add_working_days(row["conference_date"], -S47_TO_CONFERENCE)
        if i == skip:
            out.append(row | dict.fromkeys(CONFERENCE_COLUMNS[4:]))
            continue
        request_id += 1
        raised_day = add_working_days(s47_start, S47_TO_REQUEST)
        hours = DECISION_HOURS[i % len(DECISION_HOURS)]
        out.append(
            row
            | {
                "request_id": request_id,
                "s47_start": s47_start,
                "raised_at": _utc(raised_day),
                "decided_at": _utc(raised_day, hours),
            }
        )
    schema = {
        "child_id": pl.Utf8(),
        "conference_date": pl.Date(),
        "previous_in_returns": pl.Int64(),
        "recorded_previous": pl.Int64(),
        "request_id": pl.Int64(),
        "s47_start": pl.Date(),
        "raised_at": pl.Datetime("us", "UTC"),
        "decided_at": pl.Datetime("us", "UTC"),
    }
    return pl.DataFrame(out, schema=schema, orient="row")


def demo_records(history: History, la: str, data_end: date) -> AuthorisationRecords:
    """The demo's record as the core's :class:`AuthorisationRecords`: each request raised
    (event 1) and authorised (event 2); the rule in force from :func:`rule_start`, any
    previous plan counting (no look-back)."""
    asked = demo_conferences(history, la, data_end).drop_nulls("request_id")
    requests = asked.select(
        "request_id",
        pl.lit(la).alias("la"),
        "child_id",
        "raised_at",
        "s47_start",
        pl.lit(True).alias("needs_authorisation"),
    )
    events = pl.concat(
        [
            asked.select("request_id", pl.lit(seq).alias("seq"), pl.col(column).alias("at"))
            .with_columns(pl.lit(kind).alias("kind"), pl.lit(None).alias("replaces"))
            .cast({"seq": pl.Int32(), "replaces": pl.Int32()})
            for seq, column, kind in ((1, "raised_at", RAISED), (2, "decided_at", AUTHORISED))
        ]
    ).sort(["request_id", "seq"])
    return AuthorisationRecords(
        requests=requests.cast(REQUEST_SCHEMA),
        events=events.select(list(EVENT_SCHEMA)).cast(EVENT_SCHEMA),
        rule_from=rule_start(data_end),
        lookback_years=None,
        rule_on=True,
    )
