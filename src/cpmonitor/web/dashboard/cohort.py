"""Filtering and sorting the core's repeat-plan cohort for display (no measure is computed)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cpmonitor.measures.breakdowns import DIMENSIONS
from cpmonitor.measures.repeat import GAP_GROUPS

#: Cohort columns exported, with the names users know (:data:`SHOWN` on the page).
COHORT_FIELDS = (
    ("child_id", "LAchildID"),
    ("start_date", "Plan started"),
    ("end_date", "Plan ended"),
    ("initial_category", "Category of abuse"),
    ("latest_category", "Latest category"),
    ("previous_plans", "Previous plans (recorded)"),
    ("earlier_plans", "Earlier plans on record"),
    ("previous_end", "Previous plan ended"),
    ("gap_days", "Gap (days)"),
    ("gap_group", "Gap"),
    ("previous_initial_category", "Previous plan's category"),
    ("age_band", "Age at start"),
    ("sex", "Sex"),
)
SHOWN = tuple(f for f in COHORT_FIELDS if f[0] not in ("latest_category", "earlier_plans"))
SORTABLE = {f for f, _ in COHORT_FIELDS}
GAPS = GAP_GROUPS


@dataclass(frozen=True)
class CohortFilter:
    """The user's choices; empty strings mean "any"."""

    gap: str = ""
    category: str = ""
    age_band: str = ""
    previous: str = ""
    sort: str = "start_date"
    descending: bool = False

    @classmethod
    def from_query(cls, query) -> CohortFilter:
        sort = query.get("sort", "start_date").lstrip("-")
        return cls(
            gap=query.get("gap", "") if query.get("gap", "") in GAPS else "",
            category=query.get("category", "")[:10],
            age_band=query.get("age_band", "")[:20],
            previous=query.get("previous", "")[:20],
            sort=sort if sort in SORTABLE else "start_date",
            descending=query.get("sort", "").startswith("-"),
        )

    def describe(self) -> str:
        """One line for the access log: which filters were applied."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("gap", self.gap),
                ("category", self.category),
                ("age", self.age_band),
                ("previous", self.previous),
            )
            if value
        ]
        return "filters: " + (", ".join(parts) if parts else "none")


def filter_cohort(frame: pl.DataFrame, chosen: CohortFilter) -> pl.DataFrame:
    """Rows matching every chosen filter, sorted; bands use the core's breakdown rules."""
    if chosen.gap:
        frame = frame.filter(pl.col("gap_group") == GAPS[chosen.gap])
    if chosen.category:
        frame = frame.filter(DIMENSIONS["category"][0] == chosen.category)
    if chosen.age_band:
        frame = frame.filter(pl.col("age_band") == chosen.age_band)
    if chosen.previous:
        frame = frame.filter(DIMENSIONS["previous_plans"][0] == chosen.previous)
    return frame.sort(
        [chosen.sort, "start_date", "child_id"],
        descending=[chosen.descending, False, False],
        nulls_last=True,
    )
