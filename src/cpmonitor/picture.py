"""One council's picture: which figures every output shows, decided once.

The report's sections, the web dashboard, ``cpmonitor measures`` (``--every-year``,
``--rolling``) and ``cpmonitor demo`` all read a :class:`CouncilPicture`; none of them picks
years, benchmarks, fallbacks or data-quality issues itself. Counting stays in
:mod:`cpmonitor.measures`; this module only chooses *which* counts and comparators to show.

Rules:

- **As at and period.** ``as_at`` defaults to the latest census reference date among the
  council's returns (the period's end, if that is earlier); the period defaults to the year
  to date at ``as_at`` (1 April to ``as_at``; the whole census year on 31 March).
- **Trend.** Every census year loaded for the council that ended by ``as_at``, then the
  period if it is not one of them. Each full census year also has DfE's own figure "as
  returned" (from that year's return alone: :func:`~cpmonitor.measures.repeat.as_returned_table`).
- **Rolling.** The rolling 12 months to each month end, from the end of the first trend year
  to the end of the period.
- **Like with like.** A figure is set beside England, its region and its statistical
  neighbours *for the same year* (DfE publishes whole years ending 31 March). A year to date,
  or a year DfE has not yet published, has no comparator of its own: the latest published year
  may be shown, labelled as another period, and nothing is judged across periods.
- **England fallback.** With no DfE file imported, or a code DfE publishes nothing for,
  England's published series built into :mod:`cpmonitor.benchmarks.england` is used.
- **Issues.** The reader's issues for the council's returns, the cross-return checks
  (:func:`cpmonitor.quality.check_history`) and every difference between a figure computed
  from the returns and DfE's published figure (``differs-from-published``).
- **What changed.** The period against the same period a year earlier
  (:func:`~cpmonitor.periods.year_earlier`), compared only when the returns loaded cover the
  earlier period (its start is not before the first census year loaded); and the plans that
  ended in each of the last :data:`CHANGE_COHORTS` census years that ended by ``as_at``,
  followed to the latest reference date loaded (:func:`change_periods`).
- **Data age.** The latest reference date loaded; a warning when the question asked (the
  period's end, or "today" for a year to date) is past it.
- **Synthetic.** Returns written by cpmonitor's simulator carry a mark
  (:data:`~cpmonitor.census.dataset.SYNTHETIC_SOFTWARE_CODE`); every output made from them
  says so, and is never compared with the real council's published figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

from .census.dataset import CensusData, ReturnInfo
from .census.issues import Issue
from .history import History, build_history
from .measures.repeat import as_returned_table, repeat_plan_table
from .periods import (
    Period,
    financial_year,
    is_full_year,
    months_between,
    rolling_twelve_months,
    year_earlier,
    year_to_date,
)
from .stats import Interval, round_half_up, wilson_interval

if TYPE_CHECKING:
    from .benchmarks import BenchmarkSeries, BenchmarkStore, YearRow

#: Months of rolling 12-month figures shown where space is short (the dashboard).
RECENT_ROLLING_MONTHS = 24
#: Full years shown beside the period for the related plan measures.
RELATED_YEARS = 3
#: Differences from DfE's published figure smaller than this (points) are rounding.
PUBLISHED_TOLERANCE = 0.05
#: Census years of ended plans whose re-plan curves "What changed" shows side by side.
CHANGE_COHORTS = 4


class PictureError(ValueError):
    """The picture cannot be drawn from what was given (the message is for the user)."""


@dataclass(frozen=True)
class Comparator:
    """A published figure set beside one of the council's figures.

    ``same_period``: published for the same year as the council's figure; when ``False`` it
    is the latest published year, shown for context only, never judged against.
    """

    name: str  # "England", the region's name, "Statistical neighbours' mean"
    value: float
    year: int  # the year ending 31 March that DfE published it for
    release: str | None
    same_period: bool
    detail: str = ""

    @property
    def label(self) -> str:
        return financial_year(self.year).label


@dataclass(frozen=True)
class Judgement:
    """Where a comparator falls against the council's 95% interval (same period only)."""

    comparator: Comparator
    verdict: str  # "higher", "lower", "not clearly different"


@dataclass(frozen=True)
class PublishedDifference:
    """A year where the figure computed from the returns differs from DfE's published one."""

    year: int
    computed: float | None
    as_returned: float | None
    published: float
    difference: float | None  # computed − published, points
    reason: str

    @property
    def label(self) -> str:
        return financial_year(self.year).label


@dataclass(frozen=True)
class DataAge:
    """How old the data are: the latest reference date loaded, against today."""

    latest_reference: date
    today: date

    @property
    def days(self) -> int:
        return (self.today - self.latest_reference).days

    @property
    def months(self) -> int:
        """Whole calendar months from the latest reference date to today."""
        return max(0, months_between(self.latest_reference, self.today))

    def ago(self) -> str:
        """``20 months before 1 December 2026``; ``today``."""
        today = _day(self.today)
        if self.months >= 1:
            return f"{self.months} {'month' if self.months == 1 else 'months'} before {today}"
        if self.days > 0:
            return f"{self.days} {'day' if self.days == 1 else 'days'} before {today}"
        return "today"

    def describe(self) -> str:
        """``31 March 2025, 20 months before 1 December 2026``: the data's last day and age."""
        return f"{_day(self.latest_reference)}, {self.ago()}"

    def warning(self, asked: date, what: str = "the figures") -> str | None:
        """A warning when the question asked (a date) is past the data, else ``None``."""
        if asked <= self.latest_reference:
            return None
        return (
            f"The returns loaded run to {_day(self.latest_reference)}; {what} for "
            f"{_day(asked)} cannot include anything after that date, so they are incomplete."
        )


@dataclass(frozen=True)
class ChangePeriods:
    """Which periods "What changed" compares (the report's section and the dashboard's page).

    ``before`` is the same period a year earlier; ``covered`` says the returns loaded cover
    it (no comparison otherwise); ``cohorts`` are the census years whose ended plans are
    followed to ``followed_to`` (see the module's rules).
    """

    period: Period
    before: Period
    covered: bool
    cohorts: tuple[Period, ...]
    followed_to: date


def change_periods(
    period: Period, census_years: Sequence[int], as_at: date, followed_to: date
) -> ChangePeriods:
    """The "What changed" periods for ``period`` from the census years loaded (one LA)."""
    before = year_earlier(period)
    covered = bool(census_years) and financial_year(min(census_years)).start <= before.start
    years = [y for y in sorted(census_years) if financial_year(y).end <= as_at][-CHANGE_COHORTS:]
    return ChangePeriods(
        period=period,
        before=before,
        covered=covered,
        cohorts=tuple(financial_year(y) for y in years),
        followed_to=followed_to,
    )


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def latest_reference(data: CensusData, la: str) -> date:
    """The latest date ``la``'s data reach: census reference dates and Annex A extract dates."""
    return max(
        [r.reference_date for r in data.returns if r.la == la]
        + [a.extract_date for a in data.annex_a if a.la == la]
    )


@dataclass
class CouncilPicture:
    """The figures every output shows for one council, one period and one as-at date.

    Built by :func:`council_picture`; every attribute is computed the first time it is
    asked for, from the loaded tables and the benchmark store.
    """

    la: str
    data: CensusData
    history: History
    as_at: date
    period: Period
    today: date
    store: BenchmarkStore | None = None
    name: str | None = None
    compare_published: bool = True
    #: :attr:`dfe_findings` being computed already (see :func:`council_picture`)
    findings: Future[pl.DataFrame] | None = None

    # ------------------------------------------------------------------ the returns

    @cached_property
    def returns(self) -> list[ReturnInfo]:
        return [r for r in self.data.returns if r.la == self.la]

    @cached_property
    def files(self) -> set[str]:
        """The council's census returns and Annex A workbooks."""
        return {r.file for r in self.returns} | {
            a.file for a in self.data.annex_a if a.la == self.la
        }

    @cached_property
    def years(self) -> list[int]:
        """Census years loaded for the council (years ending 31 March)."""
        return sorted({r.census_year for r in self.returns})

    @cached_property
    def latest_reference(self) -> date:
        return latest_reference(self.data, self.la)

    @cached_property
    def synthetic(self) -> bool:
        """Any of the council's returns was written by cpmonitor's simulator."""
        return any(r.synthetic for r in self.returns)

    @cached_property
    def age(self) -> DataAge:
        return DataAge(self.latest_reference, self.today)

    @cached_property
    def plans(self) -> pl.DataFrame:
        return self.history.plans.filter(pl.col("la") == self.la)

    # ------------------------------------------------------------------ periods and figures

    @property
    def period_is_full_year(self) -> bool:
        return is_full_year(self.period)

    @cached_property
    def trend_periods(self) -> list[Period]:
        full = [financial_year(y) for y in self.years if financial_year(y).end <= self.as_at]
        if self.period in full:
            return full
        return [p for p in full if p.end < self.period.start] + [self.period]

    @cached_property
    def trend(self) -> pl.DataFrame:
        """One row per trend period: every repeat-plan measure from the stitched history,
        and for full census years DfE's figure as returned (``as_returned_plans_started``,
        ``as_returned_repeat``, ``as_returned_percent``; null for other periods)."""
        table = repeat_plan_table(self.plans, self.trend_periods, by=())
        returned = as_returned_table(
            self.data["cp_plans"].filter(pl.col("la") == self.la), self.years
        )
        full = [financial_year(y).label for y in self.years]
        full = [p.label for p in self.trend_periods if p.label in full]
        returned = (
            pl.DataFrame({"period": full}, schema={"period": pl.Utf8})
            .join(returned, on="period", how="left")
            .select(
                "period",
                pl.col("plans_started").fill_null(0).alias("as_returned_plans_started"),
                pl.col("repeat").fill_null(0).alias("as_returned_repeat"),
                pl.col("percent").alias("as_returned_percent"),
            )
        )
        return table.join(returned, on="period", how="left", maintain_order="left")

    @property
    def current(self) -> dict:
        """The trend row of the period."""
        return self.trend.filter(pl.col("period") == self.period.label).row(0, named=True)

    @cached_property
    def intervals(self) -> dict[str, Interval | None]:
        """95% Wilson interval of each trend period's percentage, by period label."""
        return {
            row["period"]: wilson_interval(row["repeat"], row["plans_started"])
            for row in self.trend.iter_rows(named=True)
        }

    @property
    def related_periods(self) -> list[Period]:
        """The period and the :data:`RELATED_YEARS` trend years before it (related plan
        measures: plans lasting two years, reviews, conferences)."""
        earlier = [p for p in self.trend_periods if p != self.period]
        return earlier[-RELATED_YEARS:] + [self.period]

    def related_series(self, measure: str) -> BenchmarkSeries | None:
        """The published series of another measure (``benchmarks.catalogue``) for the
        council, or ``None`` when DfE publishes nothing for its code."""
        if self.series is None:
            return None
        from .benchmarks import BenchmarkStore

        return (self.store if self.store is not None else BenchmarkStore()).series(
            self.la, measure=measure
        )

    @cached_property
    def change_periods(self) -> ChangePeriods:
        """What "What changed" compares: the period and a year earlier, recent cohorts."""
        return change_periods(self.period, self.years, self.as_at, self.latest_reference)

    @cached_property
    def rolling_periods(self) -> list[Period]:
        first = self.trend_periods[0].end
        first = first if first <= self.period.end else self.period.end
        return rolling_twelve_months(first, self.period.end)

    @cached_property
    def rolling(self) -> pl.DataFrame:
        """Rolling 12 months to each month end (see the module's rules)."""
        return repeat_plan_table(self.plans, self.rolling_periods, by=())

    @cached_property
    def rolling_recent(self) -> pl.DataFrame:
        """The last :data:`RECENT_ROLLING_MONTHS` rows of :attr:`rolling` (only those
        windows are counted when the whole series has not been)."""
        if "rolling" in self.__dict__:
            return self.rolling.tail(RECENT_ROLLING_MONTHS)
        recent = self.rolling_periods[-RECENT_ROLLING_MONTHS:]
        return repeat_plan_table(self.plans, recent, by=())

    # ------------------------------------------------------------------ benchmarks

    @cached_property
    def _benchmarks(self) -> tuple[BenchmarkSeries | None, bool, list[str]]:
        from .benchmarks import BenchmarkStore, UnknownArea

        store = self.store if self.store is not None else BenchmarkStore()
        imported = bool(store.releases())
        try:
            series = store.series(self.la)
        except UnknownArea:
            return (
                None,
                imported,
                [
                    f"LA code {self.la} is not a council DfE publishes figures for: England's "
                    "published figures are the only benchmark."
                ],
            )
        except LookupError as exc:  # nothing usable in the store for this council
            return None, imported, [str(exc)]
        return series, imported, list(series.notes)

    @property
    def series(self) -> BenchmarkSeries | None:
        """The council's published series with England, region and neighbours (or None)."""
        return self._benchmarks[0]

    @property
    def benchmarks_imported(self) -> bool:
        return self._benchmarks[1]

    @property
    def benchmark_notes(self) -> list[str]:
        return self._benchmarks[2]

    @cached_property
    def published_rows(self) -> dict[int, YearRow]:
        """Published figures by year (ending 31 March); England's built-in series when the
        store gives none."""
        from .benchmarks import ENGLAND_REPEAT_PLANS, YearRow

        rows = {r.year: r for r in self.series.rows} if self.series is not None else {}
        for year, figure in ENGLAND_REPEAT_PLANS.items():
            row = rows.get(year)
            if row is None:
                rows[year] = YearRow(
                    "repeat_plans",
                    year,
                    self.la,
                    self.council,
                    england_value=figure.percent,
                    england_release=figure.source,
                )
            elif row.england_value is None:
                row.england_value, row.england_release = figure.percent, figure.source
        return dict(sorted(rows.items()))

    def published(self, period: Period) -> YearRow | None:
        """The published row for ``period`` when it is a whole census year, else ``None``."""
        if not is_full_year(period):
            return None
        return self.published_rows.get(period.end.year)

    def comparators(self, period: Period | None = None) -> list[Comparator]:
        """England, the region and the neighbours' mean beside ``period`` (default: the
        picture's): the same year's figure where published, else the latest year published
        that ended by the period's end, marked ``same_period=False``."""
        period = period or self.period
        same = self.published(period)
        out = []
        for name, attr, release in (
            ("England", "england_value", "england_release"),
            ("region", "region_value", "region_release"),
            ("Statistical neighbours' mean", "neighbours_mean", None),
        ):
            row = same if same is not None and getattr(same, attr) is not None else None
            if row is None:
                known = [
                    r
                    for r in self.published_rows.values()
                    if getattr(r, attr) is not None and financial_year(r.year).end <= period.end
                ]
                if not known:
                    continue
                row = max(known, key=lambda r: r.year)
            label = (row.region_name or "Region") if name == "region" else name
            detail = f"mean of {row.neighbours_count} councils" if attr == "neighbours_mean" else ""
            out.append(
                Comparator(
                    label,
                    getattr(row, attr),
                    row.year,
                    getattr(row, release) if release else row.neighbours_list,
                    row is same,
                    detail,
                )
            )
        return out

    def judgements(self, period: Period | None = None) -> list[Judgement]:
        """Each same-period comparator against the council's 95% interval; none across
        periods."""
        period = period or self.period
        ci = self.intervals.get(period.label)
        if ci is None:
            return []
        out = []
        for c in self.comparators(period):
            if not c.same_period:
                continue
            if c.value < ci.low:
                verdict = "higher"
            elif c.value > ci.high:
                verdict = "lower"
            else:
                verdict = "not clearly different"
            out.append(Judgement(c, verdict))
        return out

    @property
    def council(self) -> str:
        """The council's name: as given, else as DfE knows the code, else ``LA nnn``."""
        if self.name:
            return self.name
        return self.series.la.name if self.series is not None else f"LA {self.la}"

    # ------------------------------------------------------------------ data quality

    @cached_property
    def published_differences(self) -> list[PublishedDifference]:
        """Years where the computed figure differs from DfE's published one, with the
        likely reason (see :func:`_difference_reason`). None for synthetic data."""
        if not self.compare_published or self.synthetic:
            return []
        trend = {r["period"]: r for r in self.trend.iter_rows(named=True)}
        out = []
        for year in self.years:
            label = financial_year(year).label
            row, published = trend.get(label), self.published_rows.get(year)
            if row is None or published is None or published.la_value is None:
                continue
            computed, returned = row["percent"], row["as_returned_percent"]
            if computed is not None and abs(computed - published.la_value) < PUBLISHED_TOLERANCE:
                continue
            difference = (
                None if computed is None else round_half_up(computed - published.la_value, 1)
            )
            out.append(
                PublishedDifference(
                    year,
                    computed,
                    returned,
                    published.la_value,
                    difference,
                    _difference_reason(computed, returned, published.la_value),
                )
            )
        return out

    @cached_property
    def issues(self) -> list[Issue]:
        """Every data-quality issue for the council: as read, across returns and by DfE's
        rules (exactly what ``cpmonitor validate`` gives for these returns), then one
        ``differs-from-published`` issue per year whose figure differs from DfE's."""
        from .quality import check_history

        # DfE rule issues stored with the returns (the web app) are computed afresh below
        read = [
            i for i in self.data.issues if i.file in self.files and not i.code.startswith("dfe-")
        ]
        across = [i for i in check_history(self.data, self.history) if i.file in self.files]
        by_year = {r.census_year: r.file for r in self.returns}
        published = [
            Issue(
                by_year[d.year],
                None,
                None,
                None,
                "warning",
                "differs-from-published",
                f"{d.label}: computed {_pct(d.computed)} from the returns loaded against "
                f"{_pct(d.published)} published by DfE ({d.reason})",
            )
            for d in self.published_differences
        ]
        return read + across + self.dfe_issues + published

    @cached_property
    def dfe_findings(self) -> pl.DataFrame:
        """Every DfE rule's failing rows over the returns loaded
        (:func:`cpmonitor.rules.registry.dfe_findings`), computed once (or taken from
        :attr:`findings`)."""
        if self.findings is not None:
            with suppress(Exception):  # a failure there is met again, and raised, here
                return self.findings.result()
        from .rules.registry import dfe_findings

        return dfe_findings(self.data)

    @cached_property
    def dfe_issues(self) -> list[Issue]:
        """DfE's CIN census validation rules (:mod:`cpmonitor.rules`) over the council's
        returns."""
        from .rules import check_dfe_rules

        found = self.dfe_findings
        return [i for i in check_dfe_rules(self.data, found=found) if i.file in self.files]

    @cached_property
    def issue_counts(self) -> dict[str, int]:
        """Issues by severity (``error``, ``warning``, ``notice``)."""
        return _by_severity(self.issues)

    @property
    def return_issue_counts(self) -> dict[str, int]:
        """:attr:`issue_counts` of the returns loaded alone, as ``cpmonitor validate`` finds
        them: without the years whose figure differs from DfE's published one."""
        return _by_severity(i for i in self.issues if i.code != "differs-from-published")

    # ------------------------------------------------------------------ notes for the reader

    def notes(self, asked: date | None = None) -> list[str]:
        """What every output must say beside the figures: synthetic data, incomplete
        periods, and benchmarks the council cannot have. ``asked``: the date the question is
        about (default the period's end; a dashboard's year to date asks about today)."""
        out = []
        if self.synthetic:
            out.append(SYNTHETIC_NOTICE)
        warning = self.age.warning(asked or self.period.end)
        if warning:
            out.append(warning)
        if self.series is None:
            out += self.benchmark_notes
        return out

    def summary(self, *, issues: bool = True, **options) -> dict:
        """The period's measures, interval, breakdowns and cohort as JSON-ready data
        (:func:`cpmonitor.measures.summary`, given ``options``), with the picture's
        comparators, issue counts (unless ``issues=False``: :attr:`issue_counts` is then
        asked for apart) and data age."""
        from .measures import summary

        out = summary(self.history, self.period, la=self.la, **options)
        out["synthetic"] = self.synthetic
        out["data_to"] = self.latest_reference.isoformat()
        out["comparators"] = [_comparator_dict(c) for c in self.comparators()]
        if issues:
            out["issues"] = self.issue_counts
        out["notes"] = self.notes()
        return out

    def trend_dicts(self) -> list[dict]:
        """The trend as JSON-ready rows: measures, DfE's figure as returned, comparators."""
        out = []
        for row in self.trend.iter_rows(named=True):
            period = next(p for p in self.trend_periods if p.label == row["period"])
            record = {
                k: (v.isoformat() if isinstance(v, date) else v)
                for k, v in row.items()
                if not k.startswith("as_returned_")
            }
            record["as_returned"] = (
                {
                    "plans_started": row["as_returned_plans_started"],
                    "repeat": row["as_returned_repeat"],
                    "percent": row["as_returned_percent"],
                }
                if row["as_returned_plans_started"] is not None
                else None
            )
            record["comparators"] = [
                _comparator_dict(c) for c in self.comparators(period) if c.same_period
            ]
            out.append(record)
        return out


SYNTHETIC_NOTICE = (
    "Synthetic data: every child and every figure here was made by cpmonitor's simulator. "
    "Nothing in it is about a real child or a real council."
)


def _comparator_dict(c: Comparator) -> dict:
    return {
        "name": c.name,
        "year": c.label,
        "percent": c.value,
        "same_period": c.same_period,
        "release": c.release,
    }


def _by_severity(issues) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "notice": 0}
    for i in issues:
        counts[i.severity] = counts.get(i.severity, 0) + 1
    return counts


def _pct(value: float | None) -> str:
    return "no figure" if value is None else f"{value:.1f}%"


def _difference_reason(computed, returned, published) -> str:
    """Why a computed figure differs from DfE's published one, as far as the data tell."""
    if returned is not None and abs(returned - published) < PUBLISHED_TOLERANCE:
        return (
            "that year's return as loaded gives DfE's figure; later returns changed its plans "
            "(corrected dates or NumberOfPreviousCPP, or plans reported late)"
        )
    return (
        "the return loaded for that year does not give DfE's figure either: it is probably not "
        "the return DfE published from (resubmitted or edited since)"
    )


def council_picture(
    data: CensusData,
    la: str,
    period: Period | None = None,
    as_at: date | None = None,
    *,
    store: BenchmarkStore | None = None,
    history: History | None = None,
    name: str | None = None,
    compare_published: bool = True,
    today: date | None = None,
    findings: Future[pl.DataFrame] | None = None,
) -> CouncilPicture:
    """The picture for council ``la`` (3-digit code) from the returns loaded.

    ``history``: the stitched history if already built (the web app caches it);
    ``compare_published=False`` leaves out the check against DfE's published figures;
    ``today`` defaults to the system date (tests fix it); ``findings``: the DfE rules' findings
    over ``data`` being computed already
    (:func:`cpmonitor.rules.registry.dfe_findings_started`).
    """
    if la not in data.las:
        loaded = ", ".join(data.las) or "none"
        raise PictureError(f"LA {la} is not in the returns loaded (LAs loaded: {loaded})")
    reference = latest_reference(data, la)
    if as_at is None:
        as_at = period.end if period is not None and period.end < reference else reference
    if period is None:
        period = year_to_date(as_at)
    return CouncilPicture(
        la=la,
        data=data,
        history=history if history is not None else build_history(data),
        as_at=as_at,
        period=period,
        today=today or date.today(),
        store=store,
        name=name,
        compare_published=compare_published,
        findings=findings,
    )
