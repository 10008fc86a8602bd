"""DfE rules on child protection plan reviews (``<Reviews>/<CPPreviewDate>``)."""

from __future__ import annotations

import polars as pl

from .registry import detail, rule_where

# Every review date of a plan is checked, not only the first (each is its own issue).
review_not_after_start = rule_where(
    "8841",
    "The review date cannot be on the same day or before the Child protection Plan start date.",
    subject="reviews",
    element="CPPreviewDate",
    table="reviews",
    when=pl.col("review_date") <= pl.col("plan_start"),
    found=detail("CPPreviewDate {}, CPPstartDate {}", "review_date", "plan_start"),
)
