"""A council's own repeat-plan figure, computed from its census returns, beside the published one.

The computation is the foundation's, not a copy: :func:`cpmonitor.history.build_history`
then :func:`cpmonitor.measures.repeat.repeat_plan_table` for each census year the council's
returns cover. The difference is computed minus published, in percentage points (and in
plans for the counts); a gap usually means returns were corrected after submission, or a
plan's ``NumberOfPreviousCPP`` was recorded differently from the history loaded.
"""

from __future__ import annotations

from ..census.dataset import CensusData
from ..stats import round_half_up
from .series import Computed, YearRow

#: Measures for which a figure can be computed from census returns.
COMPUTABLE = ("repeat_plans",)


def attach_computed(series, data: CensusData) -> list[str]:
    """Fill ``row.computed`` on a :class:`~.store.BenchmarkSeries`; return notes for the reader.

    Only the years the council's loaded returns cover get a computed figure.
    """
    from ..history import build_history
    from ..measures.repeat import repeat_plan_table
    from ..periods import financial_year

    if series.measure.name not in COMPUTABLE:
        raise ValueError(
            f"computed figures from census returns are available for {', '.join(COMPUTABLE)}, "
            f"not {series.measure.name}"
        )
    la = series.la.code
    if la not in data.las:
        raise ValueError(
            f"the returns loaded are for LA {', '.join(data.las) or '(none)'}, not "
            f"{series.la.name} ({la})"
        )
    years = sorted({r.census_year for r in data.returns if r.la == la})
    history = build_history(data)
    table = repeat_plan_table(history.plans, [financial_year(y) for y in years])
    table = table.filter(table["la"] == la)
    by_label = {r["period"]: r for r in table.iter_rows(named=True)}
    have = {row.label for row in series.rows}
    for year in years:
        if financial_year(year).label not in have:  # not published yet: computed only
            series.rows.append(YearRow(series.measure.name, year, la, series.la.name))
    series.rows.sort(key=lambda r: r.year)
    covered = []
    for row in series.rows:
        computed = by_label.get(row.label)
        if computed is None:
            continue
        covered.append(row.label)
        published = row.la_value
        difference = None
        if computed["percent"] is not None and published is not None:
            difference = round_half_up(computed["percent"] - published, 1)
        row.computed = Computed(
            numerator=computed["repeat"],
            denominator=computed["plans_started"],
            value=computed["percent"],
            difference=difference,
            numerator_difference=(
                computed["repeat"] - row.la_numerator if row.la_numerator is not None else None
            ),
            denominator_difference=(
                computed["plans_started"] - row.la_denominator
                if row.la_denominator is not None
                else None
            ),
        )
    unpublished = [r.label for r in series.rows if r.computed and r.la_value is None]
    notes = [
        f"Computed from {len(data.returns)} census return(s) for {', '.join(covered)}; "
        "difference = computed minus published."
    ]
    if unpublished:
        notes.append(f"No published figure to compare with for {', '.join(unpublished)}.")
    return notes
