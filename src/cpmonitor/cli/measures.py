"""``cpmonitor measures``: the DfE repeat-plan measure and its local breakdowns, by period."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..codes import in_words
from ..measures.registry import REPEAT_MEASURES
from ..periods import Period
from ..spreadsheet import neutralise_frame
from .arguments import AsAtOption, LaOption, Paths, YearOption, as_at_option, fmt, year_option
from .options import OptionError, within_data
from .options import period as read_period
from .terminal import bad_option, fitted_tables, load_returns, make_console

if TYPE_CHECKING:
    import polars as pl

console = make_console()
err_console = make_console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


MEASURE_LABELS = {name: m.label for name, m in REPEAT_MEASURES.items()}


def _period(text: str, data, la: str | None = None) -> Period:
    """``--period`` as typed, checked against the span the data cover."""
    try:
        chosen = read_period("--period", text)
        within_data("--period", text, chosen, data, la)
    except OptionError as exc:
        raise bad_option(exc) from None
    return chosen


def _period_form(text: str) -> None:
    """A --period that cannot be read fails before any file is."""
    try:
        read_period("--period", text)
    except OptionError as exc:
        raise bad_option(exc) from None


def _check_la(la: str | None, data) -> None:
    if la is not None and la not in data.las:
        err_console.print(
            Text.assemble(
                (f"LA {la} is not in the returns loaded", "red"), f" ({', '.join(data.las)})"
            )
        )
        raise typer.Exit(2)


def _print_summary(result: dict) -> None:
    period = result["period"]
    la = result["la"] if isinstance(result["la"], str) else ", ".join(result["la"])
    table = Table(title=f"Repeat child protection plans — LA {la}, {period['label']}")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    interval = result["percent_interval"]
    for name, value in result["repeat_plans"].items():
        table.add_row(MEASURE_LABELS[name], fmt(value))
        if name == "percent" and interval:  # the percentage's own interval, under it
            table.add_row(
                f"  {interval['level']:.0%} interval (Wilson)",
                f"{interval['low']:.1f}–{interval['high']:.1f}",
            )
    console.print(table)
    _print_performance(result)
    for name, rows in result["breakdowns"].items():
        sub = Table(title=f"Plan starts by {name.replace('_', ' ')}")
        for col in ("", "First plans", "Repeat plans", "All"):
            sub.add_column(col, justify="right" if col else "left")
        for row in rows:
            sub.add_row(row["label"], str(row["first"]), str(row["repeat"]), str(row["total"]))
        console.print(sub)
    cohort = result["cohort"]
    headers = [
        "Child",
        "Start",
        "Previous end",
        "Gap (days)",
        "Previous plans",
        "Category",
        "Previous category",
    ]
    rows = [
        [
            row["child_id"],
            row["start_date"],
            fmt(row["previous_end"]),
            fmt(row["gap_days"]),
            fmt(row["previous_plans"]),
            in_words(row["initial_category"], "category"),
            in_words(row["previous_initial_category"], "category"),
        ]
        for row in cohort
    ]
    right = [False, False, False, True, True, False, False]
    title = f"The repeat cohort: {len(cohort)} plan(s)"
    # a child's ID and the plan's start are the keys: never cut, repeated if the table splits
    for part in fitted_tables(title, headers, rows, keys=2, width=console.width, right=right):
        console.print(part)


def _print_performance(result: dict) -> None:
    """Assessments (census) and statutory visits (Annex A), when there are any."""
    table = Table(title="Performance dataset")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    done = result["assessments"]
    if done["completed"]:
        table.add_row("Assessments completed", str(done["completed"]))
        table.add_row("  within 45 working days, %", fmt(done["percent"]))
    visits = result["visits"]
    if visits is not None:
        table.add_row(f"Children on a plan at {visits['as_at']}", str(visits["children_on_plan"]))
        table.add_row(
            f"  visited within {visits['standard_working_days']} working days (local standard), %",
            fmt(visits["percent"]),
        )
        table.add_row("  seen alone at the last visit", str(visits["seen_alone"]))
    if table.row_count:
        console.print(table)
    extracts = sorted({a["extract_date"] for a in result.get("annex_a", [])})
    if visits is None and extracts:
        console.print(
            f"Statutory visits: no Annex A workbook extracted on {result['period']['end']} "
            f"(visits are measured on an extract day; loaded: {', '.join(extracts)}).",
            highlight=False,
        )


def measures_command(
    paths: Paths,
    period: Annotated[
        str | None,
        typer.Option(
            help="2015-16 (financial year) or 2016-04-01..2016-08-31. "
            "Default: the year to date at the latest reference date loaded (the latest "
            "census year)."
        ),
    ] = None,
    every_year: Annotated[
        bool, typer.Option("--every-year", help="One row per census year loaded.")
    ] = False,
    rolling: Annotated[
        bool, typer.Option("--rolling", help="Rolling 12-month windows ending each month.")
    ] = False,
    la: LaOption = None,
    year: YearOption = None,
    output: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    as_at: AsAtOption = None,
    visit_standard: Annotated[
        int | None,
        typer.Option(
            "--visit-standard",
            min=1,
            help="The council's standard for statutory visits, in working days (a local "
            "standard: DfE sets none). Default: 10.",
        ),
    ] = None,
) -> None:
    """The DfE repeat-plan measure and its local breakdowns. From CIN census returns, and
    Ofsted Annex A workbooks for the year to date and statutory visits.

    By default the year to date at the latest date the data reach (the latest census year, or
    an Annex A extract). --every-year shows every census year loaded up to the period, and
    --rolling the 12 months to each month end from the first year's end to the period's. The
    periods are those of the report and the dashboard.
    \f
    Which periods are shown is the council picture's (:mod:`cpmonitor.picture`).
    """
    from ..census.workers import start_for

    start_for(paths)  # the reading processes start while this one imports what it needs
    import polars as pl

    from ..history import build_history
    from ..measures import repeat_plan_table, summary
    from ..measures.visits import DEFAULT_STANDARD_WORKING_DAYS
    from ..picture import council_picture
    from ..rules.registry import dfe_findings_started

    visit_standard = visit_standard or DEFAULT_STANDARD_WORKING_DAYS

    if period is not None:
        _period_form(period)
    as_at_date = as_at_option(as_at)
    data = load_returns(paths, year=year_option(year), annex_la=la, as_at=as_at_date)
    _check_la(la, data)
    findings = dfe_findings_started(data)  # the DfE rules run while the rest is computed
    history = build_history(data)
    chosen = _period(period, data, la) if period is not None else None
    pictures = [
        council_picture(data, code, chosen, as_at_date, history=history, findings=findings)
        for code in ([la] if la else data.las)
    ]
    for note in dict.fromkeys(n for p in pictures for n in p.notes()):
        err_console.print(note, markup=False, highlight=False)
    if every_year or rolling:
        table = pl.concat(
            [
                (p.rolling if rolling else p.trend).with_columns(pl.lit(p.la).alias("la"))
                for p in pictures
            ],
            how="diagonal",
        )
        table = table.select("la", *[c for c in table.columns if c != "la"])
        if output is OutputFormat.json:
            rows = (
                [r | {"la": p.la} for p in pictures for r in _rows(p.rolling)]
                if rolling
                else [{"la": p.la} | r for p in pictures for r in p.trend_dicts()]
            )
            print(json.dumps({"la": la or data.las, **_about(pictures), "periods": rows}, indent=2))
        elif output is OutputFormat.csv:
            sys.stdout.write(neutralise_frame(table).write_csv())
        else:
            _print_table(table, as_returned=not rolling)
        return
    if len(pictures) == 1:
        # the table and CSV show the issue counts after the figures, or not at all: the
        # rules' findings are not waited for before them
        issues = output is OutputFormat.json
        result = pictures[0].summary(issues=issues, visit_standard=visit_standard)
    else:  # several councils and no --la: pooled, for the picture's period
        result = summary(
            history, pictures[0].period, la=None, visit_standard=visit_standard
        ) | _about(pictures)
    result["annex_a"] = [
        {
            "file": a.file,
            "la": a.la,
            "la_source": a.la_source,
            "extract_date": a.extract_date.isoformat(),
            "date_source": a.date_source,
        }
        for a in data.annex_a
    ]
    if output is OutputFormat.json:
        result["returns"] = [
            {
                "file": r.file,
                "la": r.la,
                "census_year": r.census_year,
                "year_source": r.year_source,
                "synthetic": r.synthetic,
            }
            for r in data.returns
        ]
        print(json.dumps(result, indent=2))
    elif output is OutputFormat.csv:
        plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
        sys.stdout.write(
            neutralise_frame(repeat_plan_table(plans, [pictures[0].period])).write_csv()
        )
    else:
        _print_summary(result)
        for p in pictures:
            _print_issue_counts(p)


def _print_issue_counts(picture) -> None:
    """The council's data-quality issues by severity: those in its returns (as ``cpmonitor
    validate`` finds them), then the years whose figure differs from DfE's published one."""
    counts = picture.return_issue_counts
    found = ", ".join(f"{n:,} {s}{'' if n == 1 else 's'}" for s, n in counts.items())
    text = f"Data quality, LA {picture.la}: {found} in the returns loaded (cpmonitor validate lists them)"
    differ = len(picture.published_differences)
    if differ:
        text += f"; {differ} year{'' if differ == 1 else 's'} differ from DfE's published figure (the report explains)"
    console.print(text + ".", highlight=False)


def _about(pictures) -> dict:
    """What every output says beside the figures: synthetic or not, and the data's age."""
    return {
        "synthetic": any(p.synthetic for p in pictures),
        "data_to": max(p.latest_reference for p in pictures).isoformat(),
    }


def _rows(table: pl.DataFrame) -> list[dict]:
    rows = table.to_dicts()
    for row in rows:
        row["period_start"] = row["period_start"].isoformat()
        row["period_end"] = row["period_end"].isoformat()
    return rows


PERIOD_COLUMNS = {  # the by-period table's columns, headed in words that wrap at spaces
    "la": "LA",
    "period": "Period",
    "plans_started": "Plans started",
    "repeat": "Repeat plans",
    "percent": "Repeat %",
    "as_returned_percent": "As returned %",
    "within_two_years": "Within two years",
    "over_two_years": "Over two years",
    "gap_unknown": "Gap not known",
    "plans_ended": "Plans ended",
    "lasted_two_years_or_more": "Ended after 2 years or more",
    "open_at_end": "Open at end",
}


def _print_table(table: pl.DataFrame, as_returned: bool = False) -> None:
    keys = ["la", "period"] if table["la"].n_unique() > 1 else ["period"]
    columns = keys + [
        c
        for c in PERIOD_COLUMNS
        if c not in ("la", "period") and (as_returned or c != "as_returned_percent")
    ]
    rows = [[fmt(row[c]) for c in columns] for row in table.iter_rows(named=True)]
    title = "Repeat child protection plans by period"
    if keys == ["period"]:
        title += f", LA {table['la'][0]}"
    headers = [PERIOD_COLUMNS[c] for c in columns]
    for part in fitted_tables(title, headers, rows, keys=len(keys), width=console.width):
        console.print(part)
