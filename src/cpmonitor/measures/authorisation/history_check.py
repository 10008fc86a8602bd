"""The history check: a child's plans before a section 47 start, and whether the rule applies.

The rule (Walsall, scrutiny report of October 2016, 3.2): "the relevant Group Manager must
authorise each decision" to arrange a Child Protection Conference "when the child has
previously been the subject of a plan". Previous plans as the DfE repeat-plan rule counts them
(``NumberOfPreviousCPP`` ≥ 1, or an earlier plan in the returns), optionally only recent ones.

- :func:`history_check`: a child's plans before a section 47 start (dates, categories, how
  each ended, the gap since the last), the latest ``NumberOfPreviousCPP`` on record, and
  whether the rule asks for authorisation (optionally counting only recent plans).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from ...codes import REASON_FOR_CLOSURE
from ...history import History, within_two_years
from ...periods import months_between, years_before

#: CIN census ``ReasonForClosure`` codes (DfE CIN census specification, item N00103; RC9
#: from 2022-23), from the one mapping in :mod:`cpmonitor.codes`.
REASONS_FOR_CLOSURE = REASON_FOR_CLOSURE


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
        months = months_between(self.data_to, self.s47_start)
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
