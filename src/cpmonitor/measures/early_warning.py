"""The early-warning list: children whose plan ended recently and who are back in contact.

Definition (issue "Who may come back"; not a DfE measure). On the day ``as_at``:

- **Whose plan ended in the last 24 months**: the child's latest plan on record has an end
  date in the 24 months to ``as_at`` (from the day after the date 24 months earlier, to
  ``as_at``), and no later plan has started by ``as_at`` (a child already back on a plan is
  not a warning any more: they are in the repeat cohort).
- **Since referred again, assessed or had a section 47 enquiry**: at least one CIN referral
  (``CINreferralDate``), assessment (``AssessmentActualStartDate``) or section 47 enquiry
  (``S47ActualStartDate``) dated after the plan's end date and by ``as_at``.
- **Their group's risk**: the Kaplan–Meier probability of a new plan within 12 and 24 months
  (:func:`cpmonitor.measures.risk.replan_risk`) for plans in the same group (``by``: length of
  plan by default, or category, or age band at the end) that ended in the three years before
  the list's 24 months, followed to ``as_at`` — the council's own recent experience, not a
  prediction for the child.

The list identifies children: it is for managers only, and every view of it is logged.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from ..history import History
from ..periods import Period, months_before
from .risk import GROUPINGS, ReplanRisk, replan_risk

WINDOW_MONTHS = 24
REFERENCE_YEARS = 3
ACTIVITY = (
    ("episodes", "referral_date", "Referral"),
    ("assessments", "start_date", "Assessment"),
    ("section47", "start_date", "Section 47 enquiry"),
)


def windows(as_at: date) -> tuple[Period, Period]:
    """The list's 24 months to ``as_at``, and the three years before it (the reference)."""
    start = months_before(as_at, WINDOW_MONTHS) + timedelta(days=1)
    reference_start = months_before(start, 12 * REFERENCE_YEARS)
    return Period(start, as_at), Period(reference_start, start - timedelta(days=1))


def early_warning(
    history: History, as_at: date, la: str, by: str = "plan_length"
) -> tuple[pl.DataFrame, list[ReplanRisk], Period, Period]:
    """The early-warning list for council ``la`` on ``as_at``.

    Returns (the list, the reference curves by group, the list's window, the reference
    period). The list has one row per child: ``la, child_id, start_date, end_date``, the
    categories, ``group`` (and ``group_label``), ``contacts`` (e.g. ``"Referral 2016-05-03; Section 47 enquiry
    2016-05-10"``, in date order), ``latest_contact``, ``risk_12`` and ``risk_24`` (the
    group's probabilities, percent, ``None`` when not known), ordered by latest contact,
    most recent first.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}: use one of {', '.join(GROUPINGS)}")
    window, reference = windows(as_at)
    plans = history.plans.filter(pl.col("la") == la)
    key = ["la", "child_id"]
    started = plans.filter(pl.col("start_date") <= as_at)
    latest = started.sort("start_date").group_by(key, maintain_order=True).last()
    ended = latest.filter(pl.col("end_date").is_between(window.start, window.end, closed="both"))
    contacts = []
    for rank, (table, column, label) in enumerate(ACTIVITY):
        frame = getattr(history, table)
        contacts.append(
            frame.filter(pl.col("la") == la)
            .select(*key, pl.col(column).alias("on"))
            .drop_nulls("on")
            .with_columns(pl.lit(label).alias("what"), pl.lit(rank).alias("_rank"))
        )
    contact = (
        pl.concat(contacts)
        .unique()
        .join(ended.select(*key, "end_date"), on=key, how="inner")
        .filter((pl.col("on") > pl.col("end_date")) & (pl.col("on") <= as_at))
        .sort("on", "_rank")
        .group_by(key, maintain_order=True)
        .agg(
            pl.concat_str(pl.col("what"), pl.col("on").cast(pl.Utf8), separator=" ")
            .str.join("; ")
            .alias("contacts"),
            pl.col("on").max().alias("latest_contact"),
        )
    )
    curves = replan_risk(plans, reference, as_at, by=by)
    assert isinstance(curves, list)
    risk = pl.DataFrame(
        {
            "group": [c.group for c in curves],
            "risk_12": [c.point(12).probability for c in curves],
            "risk_24": [c.point(24).probability for c in curves],
        },
        schema={"group": pl.Utf8, "risk_12": pl.Float64, "risk_24": pl.Float64},
    )
    expr, _order, labels = GROUPINGS[by]
    listed = (
        ended.join(contact, on=key, how="inner")
        .with_columns(expr.alias("group"))
        .with_columns(
            pl.col("group").replace_strict(labels, default=pl.col("group")).alias("group_label")
        )
        .join(risk, on="group", how="left")
        .select(
            *key,
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
            "group",
            "group_label",
            "contacts",
            "latest_contact",
            "risk_12",
            "risk_24",
        )
        .sort(["latest_contact", "child_id"], descending=[True, False])
    )
    return listed, curves, window, reference
