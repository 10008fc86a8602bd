"""DfE rules on child protection plan reviews (``<Reviews>/<CPPreviewDate>``)."""

from __future__ import annotations

import polars as pl

from .registry import Frames, detail, failing, rule


@rule(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date.",
    subject="reviews",
    element="CPPreviewDate",
)
def review_not_after_start(f: Frames) -> pl.DataFrame:
    """Every review date of a plan is checked, not only the first (each is its own issue)."""
    bad = f.reviews.filter(pl.col("review_date") <= pl.col("plan_start"))
    return failing(bad, detail("CPPreviewDate {}, CPPstartDate {}", "review_date", "plan_start"))
