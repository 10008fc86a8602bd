"""Everything a report shows, gathered once from the core (no measure is computed here).

:func:`gather` loads nothing itself: it takes the :class:`~cpmonitor.census.dataset.CensusData`
already read, builds the history, calls each core measure for the report's periods, and reads
the benchmark store. Section builders (:mod:`.sections`) only word and lay out what is here.

Periods: ``as_at`` defaults to the latest reference date among the council's returns;
the report's period defaults to the year to date at ``as_at`` (1 April to ``as_at``, the
whole census year when ``as_at`` is 31 March). The trend covers every census year loaded that
ended by ``as_at``, then the report's period if it is not one of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..benchmarks import BenchmarkSeries, BenchmarkStore, UnknownArea, attach_computed
from ..census.dataset import CensusData
from ..census.issues import Issue
from ..disclosure import Disclosure
from ..history import History, build_history
from ..measures.audits import AuditRecord, AuditSummary, summarise
from ..measures.authorisation import AuthorisationOversight, AuthorisationRecords
from ..measures.breakdowns import all_breakdowns
from ..measures.factors import factor_themes
from ..measures.gaps import gap_distribution
from ..measures.repeat import repeat_cohort, repeat_plan_table
from ..measures.timeliness import conference_timeliness, review_timeliness
from ..periods import Period, financial_year, rolling_twelve_months, year_to_date
from ..quality import check_history
from ..rules import check_dfe_rules
from ..rules.impact import Impact, repeat_impact
from ..stats import Interval, wilson_interval

#: Benchmarks read beside the related plan measures (section 5), by core column.
RELATED_BENCHMARKS = ("plans_ended_2_years_or_more", "conferences_within_15_days")
#: Full years shown beside the report's period in section 5.
RELATED_YEARS = 3


class ReportError(ValueError):
    """The report cannot be made from what was given (message for the user)."""


@dataclass
class ReportInputs:
    """The core's answers for one council and one period (see :func:`gather`)."""

    la: str
    council: str
    data: CensusData
    history: History
    plans: pl.DataFrame
    as_at: date
    period: Period
    period_is_full_year: bool
    latest_reference: date
    trend_periods: list[Period]
    trend: pl.DataFrame
    intervals: dict[str, Interval | None]
    rolling: pl.DataFrame
    cohort: pl.DataFrame
    gaps: pl.DataFrame
    breakdowns: dict[str, pl.DataFrame]
    themes: pl.DataFrame
    related_periods: list[Period]
    conferences: pl.DataFrame
    reviews: pl.DataFrame
    benchmarks: BenchmarkSeries | None
    benchmarks_imported: bool
    related_benchmarks: dict[str, BenchmarkSeries]
    computed_notes: list[str]
    issues: list[Issue]
    disclosure: Disclosure
    notes: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    audit: AuditSummary | None = None  # only when a case audit was given
    authorisation: AuthorisationOversight | None = None  # only when records were given
    dfe_counts: dict[str, int] = field(default_factory=dict)  # DfE rule issues by severity
    dfe_impact: list[Impact] = field(default_factory=list)  # how they move the figure

    @property
    def current(self) -> dict:
        """The trend row of the report's period."""
        return self.trend.filter(pl.col("period") == self.period.label).row(0, named=True)

    @property
    def publish(self) -> bool:
        return self.disclosure.publish


def latest_reference(data: CensusData, la: str) -> date:
    """The latest census reference date among ``la``'s returns."""
    return max(r.reference_date for r in data.returns if r.la == la)


def gather(
    data: CensusData,
    la: str,
    period: Period | None = None,
    as_at: date | None = None,
    publish: bool = True,
    store: BenchmarkStore | None = None,
    council_name: str | None = None,
    compare_published: bool = True,
    remarks: Sequence[str] = (),
    authorisations: AuthorisationRecords | None = None,
    audit: AuditRecord | None = None,
) -> ReportInputs:
    """Run the core for council ``la`` (3-digit code) and the report's period.

    ``council_name`` replaces the name DfE knows the code by; ``compare_published=False``
    leaves out the check of computed against published figures (synthetic data borrowing a
    real council's code); ``remarks`` are shown at the top of the summary;
    ``authorisations`` (conference requests and decisions, e.g. from the web app) adds the
    Group Manager authorisation figures.
    ``audit`` (a case audit: :mod:`cpmonitor.measures.audits`) adds the Case audit section.
    """
    if la not in data.las:
        loaded = ", ".join(data.las) or "none"
        raise ReportError(f"LA {la} is not in the returns loaded (LAs loaded: {loaded})")
    reference = latest_reference(data, la)
    if as_at is None:
        as_at = period.end if period is not None and period.end < reference else reference
    if period is None:
        period = year_to_date(as_at)
    notes = []
    if period.end > reference:
        notes.append(
            f"The returns loaded run to {reference:%-d %B %Y}; anything after that date is not "
            "in them, so the figures for the report's period are incomplete."
        )
    history = build_history(data)
    plans = history.plans.filter(pl.col("la") == la)
    years = sorted({r.census_year for r in data.returns if r.la == la})
    trend_periods = [financial_year(y) for y in years if financial_year(y).end <= as_at]
    full_year = period in trend_periods or (
        period.start.month == 4 and period.start.day == 1 and period.days in (365, 366)
    )
    if period not in trend_periods:
        trend_periods = [p for p in trend_periods if p.end < period.start] + [period]
    trend = repeat_plan_table(plans, trend_periods, by=())
    intervals = {
        row["period"]: wilson_interval(row["repeat"], row["plans_started"])
        for row in trend.iter_rows(named=True)
    }
    first_end = trend_periods[0].end if trend_periods[0].end <= period.end else period.end
    rolling = repeat_plan_table(plans, rolling_twelve_months(first_end, period.end), by=())

    related = [p for p in trend_periods if p != period][-RELATED_YEARS:] + [period]
    section47 = history.section47.filter(pl.col("la") == la)
    reviews = history.reviews.filter(pl.col("la") == la)

    store = store if store is not None else BenchmarkStore()
    imported = bool(store.releases())
    try:
        series = store.series(la)
    except UnknownArea:
        series = None
        notes.append(f"LA code {la} is not a council DfE publishes figures for: no benchmarks.")
    computed_notes: list[str] = []
    related_series: dict[str, BenchmarkSeries] = {}
    if series is not None:
        if compare_published and imported and any(r.la_value is not None for r in series.rows):
            computed_notes = attach_computed(series, data)
        for measure in RELATED_BENCHMARKS:
            related_series[measure] = store.series(la, measure=measure)
    name = council_name or (series.la.name if series is not None else f"LA {la}")
    files = {r.file for r in data.returns if r.la == la}
    # DfE rule issues stored with the returns (web) have their own part of the report
    stored = [i for i in data.issues if i.file in files and not i.code.startswith("dfe-")]
    issues = stored + check_history(data, history)
    issues = [i for i in issues if i.file in files]
    dfe_counts = Counter(i.severity for i in check_dfe_rules(data) if i.file in files)
    return ReportInputs(
        la=la,
        council=name,
        data=data,
        history=history,
        plans=plans,
        as_at=as_at,
        period=period,
        period_is_full_year=full_year,
        latest_reference=reference,
        trend_periods=trend_periods,
        trend=trend,
        intervals=intervals,
        rolling=rolling,
        cohort=repeat_cohort(plans, period),
        gaps=gap_distribution(plans, period),
        breakdowns=all_breakdowns(plans, period),
        themes=factor_themes(plans, history.assessments, period, la),
        related_periods=related,
        conferences=conference_timeliness(section47, related, by=()),
        reviews=review_timeliness(plans, reviews, related, by=()),
        benchmarks=series,
        benchmarks_imported=imported,
        related_benchmarks=related_series,
        computed_notes=computed_notes,
        issues=issues,
        disclosure=Disclosure(publish=publish),
        notes=notes,
        remarks=list(remarks),
        dfe_counts=dict(dfe_counts),
        dfe_impact=repeat_impact(data, history, period, la),
        audit=summarise(audit) if audit is not None else None,
        authorisation=(
            authorisations.oversight(history, period, la) if authorisations is not None else None
        ),
    )
