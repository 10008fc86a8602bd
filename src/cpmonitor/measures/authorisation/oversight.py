"""Group Manager authorisation of initial conferences for children who have had a plan before.

The rule is the one a council adopted when its repeat-plan rate rose (Walsall, scrutiny report
of October 2016, 3.2): "There is now senior management oversight of all decisions to arrange a
Child Protection Conference when the child has previously been the subject of a plan. The
relevant Group Manager must authorise each decision." The timescale is the statutory one: the
initial child protection conference within 15 working days of the start of the section 47
enquiry (*Working Together to Safeguard Children*; LAIT ``CP_conf_15days``), working days as
:mod:`cpmonitor.workdays` counts them (England and Wales bank holidays).

Pure: plain polars tables and the core's :class:`~cpmonitor.history.History` in, figures out.
No Django, no I/O; the web app and the report call these.

- :func:`history_check`: a child's plans before a section 47 start (dates, categories, how
  each ended, the gap since the last), the latest ``NumberOfPreviousCPP`` on record, and
  whether the rule asks for authorisation (optionally counting only recent plans).
- :func:`conference_due`, :func:`working_days_left`: the deadline.
- :func:`request_states`: each request's state from its append-only events.
- :func:`authorisation_oversight`: requests by month, outcomes, hours to decision, open
  requests, and conferences in the census returns held without a recorded authorisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import polars as pl

from ...codes import REASON_FOR_CLOSURE
from ...history import History, within_two_years
from ...periods import Period
from ...stats import round_half_up
from ...workdays import add_working_days, working_days_between
from ..timeliness import CONFERENCE_WORKING_DAYS

LOCAL_TIME_ZONE = "Europe/London"

#: CIN census ``ReasonForClosure`` codes (DfE CIN census specification, item N00103; RC9
#: from 2022-23), from the one mapping in :mod:`cpmonitor.codes`.
REASONS_FOR_CLOSURE = REASON_FOR_CLOSURE

#: A conference date and a plan start this many days apart (plan on or after) are one
#: conference: the plan starts at the conference, give or take a late-recorded start.
SAME_CONFERENCE_DAYS = 28
#: A request covers a conference held up to this many days after its section 47 start.
REQUEST_COVERS_DAYS = 92

# ------------------------------------------------------------------ requests and events

RAISED = "raised"  # needs authorisation: in the Group Manager queue
NOT_REQUIRED = "not_required"  # recorded as not needing authorisation
AUTHORISED = "authorised"
DECLINED = "declined"
RETURNED = "returned"  # returned to the worker for more information
INFORMATION_ADDED = "information_added"  # the worker answered: back in the queue
WITHDRAWN = "withdrawn"

DECISIONS = (AUTHORISED, DECLINED, RETURNED)
FINAL_DECISIONS = (AUTHORISED, DECLINED)
EVENT_KINDS = (RAISED, NOT_REQUIRED, AUTHORISED, DECLINED, RETURNED, INFORMATION_ADDED, WITHDRAWN)

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


def years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# ------------------------------------------------------------------ history check

PLAN_COLUMNS = (
    "plan_number",
    "start_date",
    "end_date",
    "initial_category",
    "latest_category",
    "days_on_plan",
    "previous_plans",
    "gap_days",
    "step_down_date",
    "closure_date",
    "closure_reason",
    "ended",
    "counts",
)


@dataclass(frozen=True)
class HistoryCheck:
    """What the loaded returns say about a child's plans before a section 47 start.

    ``plans`` (columns :data:`PLAN_COLUMNS`): every plan that started before ``s47_start``;
    ``gap_days`` is from the end of the plan before it (the core's :mod:`~cpmonitor.history`);
    ``ended`` says how it ended in words; ``counts``: within the look-back.
    ``recorded_previous``: ``NumberOfPreviousCPP`` on the latest of those plans;
    ``undated_plans``: plans that number implies beyond those in the returns (earlier years,
    or another council), which have no dates.
    ``data_to``: the latest census reference date loaded for the council, when known; an
    enquiry after it may follow plans the returns cannot show (:attr:`data_warning`).
    """

    la: str
    child_id: str
    s47_start: date
    lookback_years: int | None
    child_in_returns: bool
    plans: pl.DataFrame
    recorded_previous: int | None
    undated_plans: int
    open_plan: bool
    data_to: date | None = None

    @property
    def past_the_data(self) -> bool:
        """The section 47 start is after the latest reference date loaded for the council."""
        return self.data_to is not None and self.s47_start > self.data_to

    @property
    def data_warning(self) -> str | None:
        """What to say when the enquiry is past the data (else ``None``)."""
        if not self.past_the_data:
            return None
        months = (self.s47_start.year - self.data_to.year) * 12 + (
            self.s47_start.month - self.data_to.month
        )
        months -= self.s47_start.day < self.data_to.day
        after = f"{months} months after" if months > 1 else "after"
        return (
            f"The returns loaded for LA {self.la} run to {self.data_to:%-d %B %Y}, and this "
            f"enquiry started {after} that, on {self.s47_start:%-d %B %Y}: any plan since "
            f"{self.data_to:%-d %B %Y} is not in them. Check the case record for plans after "
            "that date."
        )

    @property
    def plans_on_record(self) -> int:
        return self.plans.height

    @property
    def counted(self) -> int:
        """Previous plans the rule counts: dated plans in the look-back, and the undated
        ones when every previous plan counts (with a look-back, the worker adds any of
        those that fall inside it)."""
        dated = int(self.plans.get_column("counts").sum()) if self.plans.height else 0
        return dated + (self.undated_plans if self.lookback_years is None else 0)

    @property
    def needs_authorisation(self) -> bool:
        return self.counted > 0

    @property
    def last_end(self) -> date | None:
        ends = self.plans.get_column("end_date").drop_nulls() if self.plans.height else None
        return ends.max() if ends is not None and ends.len() else None

    @property
    def days_since_last_end(self) -> int | None:
        last = self.last_end
        return None if last is None else (self.s47_start - last).days

    @property
    def within_two_years(self) -> bool | None:
        """The S47 start is before the second anniversary of the last plan's end (the
        report's "within two years" cut: :func:`cpmonitor.history.within_two_years`)."""
        return within_two_years(self.s47_start, self.last_end)

    def as_dict(self) -> dict:
        """JSON-ready (dates as ISO text): the history as shown, kept with a request."""

        def plain(value):
            return value.isoformat() if isinstance(value, date) else value

        return {
            "la": self.la,
            "child_id": self.child_id,
            "s47_start": self.s47_start.isoformat(),
            "lookback_years": self.lookback_years,
            "child_in_returns": self.child_in_returns,
            "plans": [{k: plain(v) for k, v in row.items()} for row in self.plans.to_dicts()],
            "recorded_previous": self.recorded_previous,
            "undated_plans": self.undated_plans,
            "open_plan": self.open_plan,
            "counted": self.counted,
            "last_end": plain(self.last_end),
            "days_since_last_end": self.days_since_last_end,
            "within_two_years": self.within_two_years,
            "data_to": plain(self.data_to),
        }


def _child(frame: pl.DataFrame, la: str, child_id: str) -> pl.DataFrame:
    return frame.filter((pl.col("la") == la) & (pl.col("child_id") == child_id))


def _how_ended(plan: dict, episode: dict | None, step_down: date | None) -> str:
    if plan["end_date"] is None:
        return "Not ended in the latest return"
    parts = [f"Ended {plan['end_date']:%-d %b %Y}"]
    if step_down is not None:
        parts.append(f"stepped down to a child in need plan from {step_down:%-d %b %Y}")
    closure = episode.get("closure_date") if episode else None
    if closure is not None:
        code = episode.get("reason_for_closure")
        reason = REASONS_FOR_CLOSURE.get(code, code or "reason not recorded")
        parts.append(f"case closed {closure:%-d %b %Y} ({reason})")
    elif step_down is None:
        parts.append("case still open as a child in need in the latest return")
    return "; ".join(parts)


def history_check(
    history: History,
    la: str,
    child_id: str,
    s47_start: date,
    lookback_years: int | None = None,
    data_to: date | None = None,
) -> HistoryCheck:
    """A child's plans before ``s47_start`` and whether the authorisation rule applies.

    A plan counts when it started before the section 47 start and, with a look-back of N
    years, was still open N years before it (no end date, or ended on or after that day).
    Without a look-back every previous plan counts, as in the DfE repeat-plan rule
    (``NumberOfPreviousCPP`` ≥ 1, or an earlier plan in the returns). ``data_to``: the latest
    census reference date loaded for the council (the check warns when the enquiry is later).
    """
    if lookback_years is not None and lookback_years < 1:
        raise ValueError("the look-back is a whole number of years, 1 or more (or none)")
    child_plans = _child(history.plans, la, child_id).sort("start_date")
    before = child_plans.filter(pl.col("start_date") < s47_start)
    open_plan = before.filter(
        pl.col("end_date").is_null() | (pl.col("end_date") >= s47_start)
    ).height
    episodes = {
        e["referral_date"]: e for e in _child(history.episodes, la, child_id).iter_rows(named=True)
    }
    cin_plans = _child(history.cin_plans, la, child_id).filter(pl.col("start_date").is_not_null())
    since = years_before(s47_start, lookback_years) if lookback_years else None
    rows = []
    for plan in before.iter_rows(named=True):
        step_down = None
        if plan["end_date"] is not None:
            later = cin_plans.filter(
                (pl.col("referral_date") == plan["referral_date"])
                & (pl.col("start_date") >= plan["end_date"] - timedelta(days=1))
            )
            step_down = later.get_column("start_date").min() if later.height else None
        episode = episodes.get(plan["referral_date"])
        counts = since is None or plan["end_date"] is None or plan["end_date"] >= since
        rows.append(
            {
                **{c: plan[c] for c in PLAN_COLUMNS[:8]},
                "step_down_date": step_down,
                "closure_date": episode.get("closure_date") if episode else None,
                "closure_reason": episode.get("reason_for_closure") if episode else None,
                "ended": _how_ended(plan, episode, step_down),
                "counts": counts,
            }
        )
    schema = {c: history.plans.schema[c] for c in PLAN_COLUMNS[:8]} | {
        "step_down_date": pl.Date(),
        "closure_date": pl.Date(),
        "closure_reason": pl.Utf8(),
        "ended": pl.Utf8(),
        "counts": pl.Boolean(),
    }
    plans = pl.DataFrame(rows, schema=schema)
    recorded = plans.get_column("previous_plans")[-1] if plans.height else None
    undated = max(0, recorded + 1 - plans.height) if recorded is not None else 0
    in_returns = bool(
        child_plans.height
        or _child(history.children, la, child_id).height
        or _child(history.episodes, la, child_id).height
    )
    return HistoryCheck(
        la=la,
        child_id=child_id,
        s47_start=s47_start,
        lookback_years=lookback_years,
        child_in_returns=in_returns,
        plans=plans,
        recorded_previous=recorded,
        undated_plans=undated,
        open_plan=bool(open_plan),
        data_to=data_to,
    )


# ------------------------------------------------------------------ request states


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


# ------------------------------------------------------------------ oversight


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
        last = min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), period.end)
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


def empty_requests() -> pl.DataFrame:
    """An empty requests table (:data:`REQUEST_SCHEMA`)."""
    return pl.DataFrame(schema=REQUEST_SCHEMA)


def empty_events() -> pl.DataFrame:
    """An empty events table (:data:`EVENT_SCHEMA`)."""
    return pl.DataFrame(schema=EVENT_SCHEMA)


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


__all__ = [
    "AuthorisationOversight",
    "AuthorisationRecords",
    "HistoryCheck",
    "authorisation_oversight",
    "conference_due",
    "conferences_for_repeat_children",
    "history_check",
    "request_states",
    "working_days_left",
]
