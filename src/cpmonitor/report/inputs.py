"""Everything a report shows, gathered once from the core (no measure is computed here).

:func:`gather` loads nothing itself: it takes the :class:`~cpmonitor.census.dataset.CensusData`
already read, builds the history, calls each core measure for the report's periods, and reads
the benchmark store. Section builders (:mod:`.sections`) only word and lay out what is here.

Which periods, benchmarks and data-quality issues the report shows is the council picture's
(:mod:`cpmonitor.picture`), the same as the dashboard's and the CLI's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ..benchmarks import BenchmarkSeries, BenchmarkStore
from ..census.dataset import CensusData
from ..census.issues import Issue
from ..disclosure import Disclosure
from ..history import History
from ..measures.audits import AuditRecord, AuditSummary, summarise
from ..measures.authorisation import AuthorisationOversight, AuthorisationRecords
from ..measures.breakdowns import all_breakdowns
from ..measures.factors import factor_themes
from ..measures.gaps import gap_distribution
from ..measures.performance import PerformanceDataset, performance_dataset
from ..measures.repeat import repeat_cohort
from ..measures.timeliness import conference_timeliness, review_timeliness
from ..periods import Period
from ..picture import CouncilPicture, PictureError, council_picture
from ..rules.impact import Impact, repeat_impact
from ..rules.registry import dfe_findings_started
from ..stats import Interval
from .change_inputs import ChangeInputs, gather_change
from .formats import ReportError  # noqa: F401 - raised here, defined there for the CLI

#: Benchmarks read beside the related plan measures (section 5), by core column.
RELATED_BENCHMARKS = ("plans_ended_2_years_or_more", "conferences_within_15_days")


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
    what_changed: ChangeInputs | None = None  # the "What changed" section's figures
    performance: PerformanceDataset | None = None  # assessments, and visits from Annex A
    picture: CouncilPicture | None = None  # the council picture the report renders
    complete: bool = True  # the later parts filled in (see add_later)

    @property
    def current(self) -> dict:
        """The trend row of the report's period."""
        return self.trend.filter(pl.col("period") == self.period.label).row(0, named=True)

    @property
    def publish(self) -> bool:
        return self.disclosure.publish


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
    today: date | None = None,
    later: bool = True,
) -> ReportInputs:
    """Run the core for council ``la`` (3-digit code) and the report's period.

    The periods, benchmarks, fallbacks and data-quality issues are the council picture's
    (:func:`cpmonitor.picture.council_picture`); this adds the report's own sections' data.
    ``council_name`` replaces the name DfE knows the code by; ``compare_published=False``
    leaves out the check of computed against published figures (synthetic data is never
    compared); ``remarks`` are shown at the top of the summary; ``authorisations``
    (conference requests and decisions, e.g. from the web app) adds the Group Manager
    authorisation figures; ``audit`` (a case audit: :mod:`cpmonitor.measures.audits`) adds
    the Case audit section. ``later=False`` leaves what only the sections after the
    charts show (:data:`LATER`: the related measures, the performance figures and the
    data-quality checks) to :func:`add_later`, so that the report can start its charts
    first.
    """
    try:
        picture = council_picture(
            data,
            la,
            period,
            as_at,
            store=store,
            name=council_name,
            compare_published=compare_published,
            today=today,
            findings=dfe_findings_started(data) if la in data.las else None,
        )
    except PictureError as exc:
        raise ReportError(str(exc)) from None
    period, history, plans = picture.period, picture.history, picture.plans
    trend_periods = picture.trend_periods
    related = picture.related_periods
    inputs = ReportInputs(
        la=la,
        council=picture.council,
        data=data,
        history=history,
        plans=plans,
        as_at=picture.as_at,
        period=period,
        period_is_full_year=picture.period_is_full_year
        or (period.start.month == 4 and period.start.day == 1 and period.days in (365, 366)),
        latest_reference=picture.latest_reference,
        trend_periods=trend_periods,
        trend=picture.trend,
        intervals=picture.intervals,
        rolling=picture.rolling,
        cohort=repeat_cohort(plans, period),
        gaps=gap_distribution(plans, period),
        breakdowns=all_breakdowns(plans, period),
        themes=factor_themes(plans, history.assessments, period, la),
        related_periods=related,
        conferences=pl.DataFrame(),
        reviews=pl.DataFrame(),
        benchmarks=picture.series,
        benchmarks_imported=picture.benchmarks_imported,
        related_benchmarks={},
        computed_notes=[],
        issues=[],
        disclosure=Disclosure(publish=publish),
        notes=picture.notes(),
        remarks=list(remarks),
        audit=summarise(audit) if audit is not None else None,
        authorisation=(
            authorisations.oversight(history, period, la) if authorisations is not None else None
        ),
        what_changed=gather_change(plans, picture.change_periods),
        picture=picture,
        complete=False,
    )
    return add_later(inputs) if later else inputs


#: the parts of :class:`ReportInputs` that :func:`add_later` fills in
LATER = (
    "conferences",
    "reviews",
    "related_benchmarks",
    "performance",
    "issues",
    "dfe_counts",
    "dfe_impact",
)


def add_later(inputs: ReportInputs) -> ReportInputs:
    """Fill in the later parts of ``inputs`` (once, :data:`LATER`): conference and review
    timeliness, the related benchmarks and the performance figures (their two sections),
    and the data-quality checks: the issues the report shows (DfE's rules counted apart),
    the DfE rule issues by severity, and how the rule failures bear on the repeat figure
    (:func:`cpmonitor.rules.impact.repeat_impact`)."""
    if inputs.complete:
        return inputs
    picture, history, la, related = (
        inputs.picture,
        inputs.history,
        inputs.la,
        inputs.related_periods,
    )
    section47 = history.section47.filter(pl.col("la") == la)
    reviews = history.reviews.filter(pl.col("la") == la)
    inputs.conferences = conference_timeliness(section47, related, by=())
    inputs.reviews = review_timeliness(inputs.plans, reviews, related, by=())
    inputs.related_benchmarks = {
        m: series for m in RELATED_BENCHMARKS if (series := picture.related_series(m)) is not None
    }
    inputs.performance = performance_dataset(history, la, related)
    inputs.issues = [i for i in picture.issues if not i.code.startswith("dfe-")]
    inputs.dfe_counts = dict(Counter(i.severity for i in picture.dfe_issues))
    inputs.dfe_impact = repeat_impact(
        inputs.data, inputs.history, inputs.period, inputs.la, found=picture.dfe_findings
    )
    inputs.complete = True
    return inputs
