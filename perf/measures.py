"""Measures benchmark: every repeat-plan measure for every council and year, national scale.

A synthetic national history (``cpmonitor.synth.national_census_data``: 150 councils × 13
census years, about 0.7 million plan starts) is stitched into one history and all the
measures of :data:`cpmonitor.measures.repeat.MEASURES` are computed for every council and
financial year, against a straightforward pandas implementation (the way an analyst would
write it: de-duplicate, shift within each child, then ``groupby("la").apply`` per year) run in
the same benchmark on the same rows. Both must give identical tables.

Run: ``uv run python -m perf.measures [--councils 150]``. Target: under 2 seconds for
the measures once the tables are loaded.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd
import polars as pl

from cpmonitor.history import build_history
from cpmonitor.measures.repeat import MEASURES, repeat_plan_table
from cpmonitor.measures.timeliness import conference_timeliness, review_timeliness
from cpmonitor.periods import financial_year
from cpmonitor.stats import percent
from cpmonitor.synth import DEMO_YEARS, national_census_data

YEARS = tuple(y for y in DEMO_YEARS if y <= 2025)


def _timed(fn, *args, repeat: int = 3, **kwargs):
    """Best wall time of ``repeat`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return best, result


def pandas_measures(cp_plans: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """The baseline: the same measures in plain pandas, group by group."""
    plans = (
        cp_plans.dropna(subset=["start_date"])
        .reset_index(drop=True)
        .assign(_order=lambda f: range(len(f)))
        .sort_values(["census_year", "_order"])
        .drop_duplicates(["la", "child_id", "start_date"], keep="last")
        .sort_values(["la", "child_id", "start_date"])
    )
    plans["earlier"] = plans.groupby(["la", "child_id"]).cumcount()
    plans["previous_end"] = plans.groupby(["la", "child_id"])["end_date"].transform(
        lambda s: s.cummax().ffill().shift(1)
    )
    plans["anniversary"] = plans["previous_end"] + pd.DateOffset(years=2)
    plans["days"] = (plans["end_date"] - plans["start_date"]).dt.days + 1
    plans["repeat"] = plans["previous_plans"].fillna(0) >= 1

    def one_council(group: pd.DataFrame, start, end) -> pd.Series:
        started = group[(group.start_date >= start) & (group.start_date <= end)]
        rep = started[started.repeat]
        ended = group[(group.end_date >= start) & (group.end_date <= end)]
        out = {
            "plans_started": len(started),
            "repeat": len(rep),
            "repeat_by_record_or_history": int((started.repeat | (started.earlier > 0)).sum()),
            "within_two_years": int((rep.start_date < rep.anniversary).sum()),
            "over_two_years": int((rep.start_date >= rep.anniversary).sum()),
            "gap_unknown": int(rep.previous_end.isna().sum()),
            "children_started": started.child_id.nunique(),
            "plans_ended": len(ended),
            "lasted_two_years_or_more": int((ended.days > 729).sum()),
            "open_at_end": int(
                ((group.start_date <= end) & (group.end_date.isna() | (group.end_date > end))).sum()
            ),
        }
        out["percent"] = percent(out["repeat"], out["plans_started"])
        return pd.Series(out)

    frames = []
    for year in years:
        period = financial_year(year)
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        table = (
            plans.groupby("la")[list(plans.columns)]
            .apply(one_council, start, end)
            .reset_index()
            .assign(period=period.label)
        )
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def _to_pandas(cp_plans: pl.DataFrame) -> pd.DataFrame:
    columns = ("la", "child_id", "census_year", "start_date", "end_date", "previous_plans")
    frame = pd.DataFrame({c: cp_plans[c].to_numpy() for c in columns})
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def run(councils: int = 150, baseline_councils: int = 10) -> dict:
    t0 = time.perf_counter()
    data = national_census_data(councils, YEARS, seed=1, tables=("children", "cp_plans"))
    generate_s = time.perf_counter() - t0
    reports = data["cp_plans"].height
    print(
        f"synthetic national history: {councils} councils × {len(YEARS)} census years, "
        f"{reports:,} plan reports, {data['children'].height:,} child reports "
        f"(generated in {generate_s:.0f} s)"
    )
    periods = [financial_year(y) for y in YEARS]
    history_s, history = _timed(build_history, data)
    measures_s, ours = _timed(repeat_plan_table, history.plans, periods)
    starts = int(ours["plans_started"].sum())
    print(f"plans in the history: {history.plans.height:,}; plan starts counted: {starts:,}")

    # The pandas baseline takes minutes per ten councils, so both run on the same subset.
    subset = sorted(history.las)[:baseline_councils]
    sub_plans = history.plans.filter(pl.col("la").is_in(subset))
    sub_s, sub_ours = _timed(repeat_plan_table, sub_plans, periods)
    cp = _to_pandas(data["cp_plans"].filter(pl.col("la").is_in(subset)))
    pandas_s, theirs = _timed(pandas_measures, cp, YEARS, repeat=1)
    baseline = pl.DataFrame(theirs.to_dict("list")).select("la", "period", *MEASURES)
    counts = [c for c in MEASURES if c != "percent"]
    same = (
        sub_ours.select("la", "period", *MEASURES)
        .sort(["la", "period"])
        .equals(baseline.with_columns(pl.col(counts).cast(pl.Int64)).sort(["la", "period"]))
    )

    sec47 = national_census_data(20, YEARS, seed=1, tables=("section47",))["section47"]
    conf_s, _ = _timed(conference_timeliness, sec47, periods)
    rev_s, _ = _timed(review_timeliness, history.plans, history.reviews, periods)

    print(f"{'step':<58} {'seconds':>8}")
    print(f"{'stitch the returns into one history (build_history)':<58} {history_s:>8.3f}")
    print(f"{'all repeat-plan measures, every council and year':<58} {measures_s:>8.3f}")
    print(f"{'  the same for ' + str(len(subset)) + ' councils':<58} {sub_s:>8.3f}")
    print(
        f"{'  pandas groupby-apply baseline, the same ' + str(len(subset)) + ' councils':<58} "
        f"{pandas_s:>8.3f}   ({pandas_s / sub_s:,.0f}× slower)"
    )
    print(
        f"conference timeliness, 20 councils ({sec47.height:,} section 47s): {conf_s:.3f} s; "
        f"review timeliness, every council: {rev_s:.3f} s"
    )
    print(
        f"baseline gives identical results: {same}; target (measures < 2 s): "
        f"{'met' if measures_s < 2 else 'NOT met'}"
    )
    return {
        "councils": councils,
        "plan_reports": reports,
        "plan_starts": starts,
        "history_s": history_s,
        "measures_s": measures_s,
        "subset_s": sub_s,
        "pandas_s": pandas_s,
        "ratio": pandas_s / sub_s,
        "identical": same,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--baseline-councils", type=int, default=10)
    args = parser.parse_args(argv)
    result = run(args.councils, args.baseline_councils)
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
