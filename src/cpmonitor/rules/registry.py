"""The registry of DfE CIN census validation rules: one declaration per rule.

Each rule is declared once, with DfE's number, DfE's message, its severity (``error`` or
``query``, DfE's "Q" rules) and the census years it applies to, and one vectorised polars
check over the canonical tables (:mod:`cpmonitor.census.tables`). Source of the rules: DfE,
*Children in need census: validation rules* (the rule spreadsheet published with each year's
specification), as councils run them in data-to-insight's ``csc-validator-be-cin``; where
cpmonitor reads a rule differently from that validator, ``docs/methodology.md`` says why.

A check is a function of :class:`Frames` returning the failing rows: columns
``source_file``, ``census_year``, ``line``, ``child_id``, ``detail`` (what was found, in
words) and optionally ``element`` (the item at fault when it is not the rule's own).
Rules are checked return by return: "the census year" is 1 April to the return's reference
date, 31 March (the collection period).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import polars as pl

from ..census.dataset import CensusData
from ..census.issues import Issue
from ..census.spec import FIRST_YEAR, LAST_YEAR

DfeSeverity = Literal["error", "query"]
Check = Callable[["Frames"], pl.DataFrame]
OUTPUT = ("source_file", "census_year", "line", "child_id", "element", "detail")
KEYS = ("referral_date", "plan_start")  # which episode, which plan a finding is about
EPISODE = ("source_file", "child_id", "referral_date")  # how blocks link to their CIN episode


@dataclass(frozen=True)
class Rule:
    """One DfE validation rule: its number, DfE's message, severity, years and check."""

    code: str  # DfE's number; queries keep their "Q" (8675Q)
    message: str  # DfE's wording
    severity: DfeSeverity
    subject: str  # plans, reviews, section47, episodes, assessments
    element: str  # the item the issue names (DfE's first affected field)
    check: Check
    first_year: int = FIRST_YEAR  # census years (2016 = 2015-16) the rule applies to
    last_year: int = LAST_YEAR

    @property
    def issue_code(self) -> str:
        return f"dfe-{self.code}"

    def applies_to(self, census_year: int) -> bool:
        return self.first_year <= census_year <= self.last_year


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    message: str,
    *,
    subject: str,
    element: str,
    first_year: int = FIRST_YEAR,
    last_year: int = LAST_YEAR,
) -> Callable[[Check], Check]:
    """Declare the decorated check as DfE rule ``code`` (a "Q" suffix makes it a query)."""

    def register(check: Check) -> Check:
        if code in RULES:
            raise ValueError(f"DfE rule {code} is declared twice")
        RULES[code] = Rule(
            code=code,
            message=message,
            severity="query" if code.endswith("Q") else "error",
            subject=subject,
            element=element,
            check=check,
            first_year=first_year,
            last_year=last_year,
        )
        return check

    return register


# --- expressions shared by the checks ---------------------------------------------------------


def reference_date() -> pl.Expr:
    """The return's reference date: 31 March of its census year."""
    return pl.date(pl.col("census_year"), 3, 31)


def collection_start() -> pl.Expr:
    """The first day of the census year: 1 April of the year before."""
    return pl.date(pl.col("census_year") - 1, 4, 1)


def in_census_year(column: str) -> pl.Expr:
    return pl.col(column).is_between(collection_start(), reference_date())


def outside_census_year(column: str) -> pl.Expr:
    """A date that is given and falls outside the census year (the collection period)."""
    return pl.col(column).is_not_null() & in_census_year(column).not_()


def shown(column: str) -> pl.Expr:
    """A column's value in words for an issue's detail (``blank`` when null)."""
    return pl.col(column).cast(pl.Utf8).fill_null("blank")


def detail(template: str, *columns: str) -> pl.Expr:
    """``template`` with each ``{}`` replaced by a column's value (see :func:`shown`)."""
    return pl.format(template, *(shown(c) for c in columns)).alias("detail")


def weekend(column: str) -> pl.Expr:
    return pl.col(column).dt.weekday() >= 6


def failing(frame: pl.DataFrame, text: pl.Expr, element: str | None = None) -> pl.DataFrame:
    """The output of a check: the failing rows' location and what was found.

    Also the episode (``referral_date``) and, for a plan or its reviews, the plan
    (``plan_start``) the finding is about, so that its effect on the measures can be traced.
    """
    columns = frame.columns
    if "previous_plans" in columns:  # the child protection plans table
        plan = pl.col("start_date")
    elif "plan_start" in columns:  # reviews
        plan = pl.col("plan_start")
    else:
        plan = pl.lit(None, dtype=pl.Date)
    referral = pl.col("referral_date") if "referral_date" in columns else pl.lit(None, pl.Date)
    return frame.select(
        "source_file",
        "census_year",
        "line",
        "child_id",
        pl.lit(element, dtype=pl.Utf8).alias("element"),
        text.alias("detail"),
        referral.alias("referral_date"),
        plan.alias("plan_start"),
    )


# --- the tables, prepared once -----------------------------------------------------------------


class Frames:
    """The canonical tables with what the checks share: each block's episode and child.

    ``episodes`` carries the child's dates of birth and death; the blocks inside an episode
    (``assessments``, ``section47``, ``cin_plans``, ``cp_plans``) carry their episode's items
    as ``ep_*`` columns (linked by return, child and referral date, as the tables are).
    """

    def __init__(self, data: CensusData):
        self.data = data

    def table(self, name: str) -> pl.DataFrame:
        return self.data.tables[name]

    @cached_property
    def children(self) -> pl.DataFrame:
        return self.table("children").unique(["source_file", "child_id"], keep="first")

    @cached_property
    def episodes(self) -> pl.DataFrame:
        people = self.children.select(
            "source_file",
            "child_id",
            pl.col("birth_date").alias("child_birth"),
            pl.col("expected_birth_date").alias("child_expected_birth"),
            pl.col("death_date").alias("child_death"),
        )
        return self.table("episodes").join(people, on=["source_file", "child_id"], how="left")

    @cached_property
    def _episode_items(self) -> pl.DataFrame:
        return self.episodes.unique(list(EPISODE), keep="first").select(
            *EPISODE,
            pl.col("line").alias("ep_line"),
            pl.col("closure_date").alias("ep_closure"),
            pl.col("reason_for_closure").alias("ep_reason"),
            pl.col("initial_cpc_date").alias("ep_icpc"),
            pl.col("referral_nfa").alias("ep_nfa"),
            "child_death",
        )

    def in_episode(self, name: str) -> pl.DataFrame:
        """Table ``name`` with its episode's items (``ep_*``) and the child's death date."""
        return self.table(name).join(
            self._episode_items, on=list(EPISODE), how="left", nulls_equal=True
        )

    @cached_property
    def assessments(self) -> pl.DataFrame:
        return self.in_episode("assessments")

    @cached_property
    def section47(self) -> pl.DataFrame:
        return self.in_episode("section47")

    @cached_property
    def cp_plans(self) -> pl.DataFrame:
        return self.in_episode("cp_plans")

    @cached_property
    def cin_plans(self) -> pl.DataFrame:
        return self.in_episode("cin_plans")

    @cached_property
    def reviews(self) -> pl.DataFrame:
        return self.table("reviews")

    @cached_property
    def episodes_with_counts(self) -> pl.DataFrame:
        """``episodes`` with how many assessments (``_assessments``), enquiries (``_s47``), CIN
        plans (``_cin_plans``) and plans (``_plans``) each holds."""
        out = self.episodes
        for table, name in (
            ("assessments", "_assessments"),
            ("section47", "_s47"),
            ("cin_plans", "_cin_plans"),
            ("cp_plans", "_plans"),
        ):
            counts = self.per_episode(table, pl.len().alias(name))
            out = out.join(counts, on=list(EPISODE), how="left", nulls_equal=True)
        counted = pl.col("_assessments", "_s47", "_cin_plans", "_plans")
        return out.with_columns(counted.fill_null(0))

    def per_episode(self, name: str, *aggs: pl.Expr) -> pl.DataFrame:
        """Aggregates of table ``name`` per episode, to join onto ``episodes``."""
        return self.table(name).group_by(list(EPISODE)).agg(*aggs)


def clashing(frame: pl.DataFrame, start: str, others: dict[str, pl.Expr], clash: pl.Expr):
    """The rows of ``frame`` that clash with another row of the same child in the same return
    (each row once, in order): ``others`` names the other row's columns as they are compared,
    ``clash`` the condition over the two rows. Rows without ``start`` are not compared."""
    rows = frame.filter(pl.col(start).is_not_null()).with_row_index("_row")
    other = rows.select(
        "source_file",
        "child_id",
        pl.col("_row").alias("_other"),
        *(value.alias(name) for name, value in others.items()),
    )
    pairs = (
        rows.lazy()
        .join(other.lazy(), on=["source_file", "child_id"])
        .filter((pl.col("_row") != pl.col("_other")) & clash)
    )
    return pairs.unique("_row", keep="first").sort("_row").collect()


def rule_where(
    code: str,
    message: str,
    *,
    subject: str,
    element: str,
    table: str,
    when: pl.Expr,
    found: pl.Expr,
) -> Check:
    """Declare DfE rule ``code`` (as :func:`rule` does) whose check is the commonest one: the
    rows of ``table`` (a :class:`Frames` table: a block with its episode's ``ep_*`` items and
    the child's death date) where ``when`` holds, each found in the words of ``found``
    (usually :func:`detail`)."""

    def check(f: Frames) -> pl.DataFrame:
        return failing(getattr(f, table).filter(when), found)

    check.__name__ = check.__qualname__ = f"rule_{code}"
    return rule(code, message, subject=subject, element=element)(check)


# --- running the rules ---------------------------------------------------------------------


def dfe_findings(data: CensusData, codes: list[str] | None = None) -> pl.DataFrame:
    """Every DfE rule's (or those in ``codes``) failing rows over ``data``, one frame.

    Columns: those of a check (see :func:`failing`) and ``rule``.
    """
    rules = [RULES[c] for c in codes] if codes is not None else list(RULES.values())
    return _issue_frame(rules, Frames(data))


def dfe_findings_started(data: CensusData) -> Future[pl.DataFrame]:
    """:func:`dfe_findings` over ``data``, computed from now in a thread of its own, so that a
    command does the rest of its work meanwhile (most of the rules' work is polars', which
    runs without the interpreter lock). ``.result()`` gives the frame, or raises what
    computing it raised."""
    executor = ThreadPoolExecutor(1, thread_name_prefix="dfe-rules")
    try:
        return executor.submit(dfe_findings, data)
    finally:
        executor.shutdown(wait=False)


def _issue_frame(rules: list[Rule], frames: Frames) -> pl.DataFrame:
    parts = []
    for r in rules:
        found = r.check(frames)
        years = pl.col("census_year").is_between(r.first_year, r.last_year)
        parts.append(
            found.filter(years).with_columns(
                pl.col("element").fill_null(r.element), pl.lit(r.code).alias("rule")
            )
        )
    if not parts:
        return pl.DataFrame()
    return pl.concat([p.select(*OUTPUT, *KEYS, "rule") for p in parts], how="vertical")


def check_dfe_rules(
    data: CensusData, codes: list[str] | None = None, found: pl.DataFrame | None = None
) -> list[Issue]:
    """Every DfE rule (or those in ``codes``) over ``data``, as issues in file and line order.

    A DfE error is an ``error``; a DfE query a ``warning`` (loaded, but check it). Each
    issue's ``code`` is ``dfe-<number>`` and its message starts with the rule's number.
    ``found``: :func:`dfe_findings` of the same, when already computed.
    """
    if found is None:
        found = dfe_findings(data, codes)
    if found.is_empty():
        return []
    found = found.sort(["source_file", "line", "rule"], nulls_last=False)
    out = []
    for source_file, _year, line, child, element, text, code in found.select(
        *OUTPUT, "rule"
    ).iter_rows():
        r = RULES[code]
        out.append(
            Issue(
                file=source_file,
                line=line,
                child=child,
                element=element,
                severity="error" if r.severity == "error" else "warning",
                code=r.issue_code,
                message=f"DfE {r.code}: {r.message}" + (f" ({text})" if text else ""),
            )
        )
    return out


# The subject modules declare their rules here when imported: the registry is complete once
# this module is, whoever imports it first.
from . import assessments, episodes, plans, reviews, section47  # noqa: E402, F401
