"""The ``cpmonitor`` command line: thin Typer commands over the core."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table
from rich.text import Text

from .benchmarks.cli import app as benchmarks_app
from .census.issues import Issue
from .demo import demo_command
from .history import build_history
from .measures import repeat_plan_table, summary
from .periods import Period, PeriodError, financial_year, parse_period, rolling_twelve_months
from .quality import check_history
from .report.cli import report_command
from .spreadsheet import neutralise_frame
from .synth.cli import synth_command
from .terminal import load_returns, make_console
from .web.serve import serve as serve_command

app = typer.Typer(
    name="cpmonitor",
    help="Repeat child protection plans: read CIN census returns, compute DfE measures, "
    "benchmark, report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = make_console()
err_console = make_console(stderr=True)


app.add_typer(benchmarks_app, name="benchmarks")
app.command("serve")(serve_command)
app.command("report")(report_command)
app.command("demo")(demo_command)
app.command("synth")(synth_command)


@app.callback()
def main() -> None:
    """cpmonitor: which children come back onto a child protection plan, how often, how soon."""


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class IssueFormat(StrEnum):
    table = "table"
    json = "json"


MEASURE_LABELS = {
    "plans_started": "Plans started",
    "repeat": "Second or subsequent plans (DfE: NumberOfPreviousCPP ≥ 1)",
    "percent": "Repeat plans, % of plans started",
    "repeat_by_record_or_history": "Repeat by the record or the loaded history",
    "within_two_years": "  of the repeats: within two years of the previous plan ending",
    "over_two_years": "  of the repeats: two years or more after",
    "gap_unknown": "  of the repeats: no earlier plan end date on record",
    "children_started": "Children starting a plan",
    "plans_ended": "Plans ended",
    "lasted_two_years_or_more": "  of those: lasted two years or more",
    "open_at_end": "Plans open on the last day",
}

Paths = Annotated[
    list[Path], typer.Argument(help="CIN census XML returns, or folders of them.", exists=False)
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        help="Census year (ending 31 March, e.g. 2016) for returns whose header has none.",
    ),
]
LaOption = Annotated[
    str | None, typer.Option("--la", help="3-digit LA code: one council of those loaded.")
]


def _period(text: str | None, data) -> Period:
    if text is None:
        return financial_year(max(r.census_year for r in data.returns))
    try:
        return parse_period(text)
    except PeriodError as exc:
        err_console.print(str(exc), style="red")
        raise typer.Exit(2) from None


def _check_la(la: str | None, data) -> None:
    if la is not None and la not in data.las:
        err_console.print(
            Text.assemble(
                (f"LA {la} is not in the returns loaded", "red"), f" ({', '.join(data.las)})"
            )
        )
        raise typer.Exit(2)


def _fmt(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _print_summary(result: dict) -> None:
    period = result["period"]
    la = result["la"] if isinstance(result["la"], str) else ", ".join(result["la"])
    table = Table(title=f"Repeat child protection plans — LA {la}, {period['label']}")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    for name, value in result["repeat_plans"].items():
        table.add_row(MEASURE_LABELS[name], _fmt(value))
    interval = result["percent_interval"]
    if interval:
        table.add_row("  95% interval (Wilson)", f"{interval['low']:.1f}–{interval['high']:.1f}")
    console.print(table)
    for name, rows in result["breakdowns"].items():
        sub = Table(title=f"Plan starts by {name.replace('_', ' ')}")
        for col in ("", "First plans", "Repeat plans", "All"):
            sub.add_column(col, justify="right" if col else "left")
        for row in rows:
            sub.add_row(row["label"], str(row["first"]), str(row["repeat"]), str(row["total"]))
        console.print(sub)
    cohort = result["cohort"]
    sub = Table(title=f"The repeat cohort: {len(cohort)} plan(s)")
    for col in (
        "Child",
        "Start",
        "Previous end",
        "Gap (days)",
        "Previous plans",
        "Category",
        "Previous category",
    ):
        sub.add_column(col)
    for row in cohort:
        sub.add_row(
            row["child_id"],
            row["start_date"],
            _fmt(row["previous_end"]),
            _fmt(row["gap_days"]),
            _fmt(row["previous_plans"]),
            _fmt(row["initial_category"]),
            _fmt(row["previous_initial_category"]),
        )
    console.print(sub)


@app.command()
def measures(
    paths: Paths,
    period: Annotated[
        str | None,
        typer.Option(
            help="2015-16 (financial year) or 2016-04-01..2016-08-31. "
            "Default: the latest census year loaded."
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
) -> None:
    """The DfE repeat-plan measure and its local breakdowns, from CIN census returns."""
    data = load_returns(paths, year=year)
    _check_la(la, data)
    history = build_history(data)
    if every_year or rolling:
        years = sorted({r.census_year for r in data.returns})
        if rolling:
            last = max(r.reference_date for r in data.returns)
            first = financial_year(years[0]).end
            periods = rolling_twelve_months(first, last)
        else:
            periods = [financial_year(y) for y in years]
        plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
        table = repeat_plan_table(plans, periods)
        if output is OutputFormat.json:
            print(json.dumps({"la": la or data.las, "periods": _rows(table)}, indent=2))
        elif output is OutputFormat.csv:
            sys.stdout.write(neutralise_frame(table).write_csv())
        else:
            _print_table(table)
        return
    chosen = _period(period, data)
    result = summary(history, chosen, la=la)
    if output is OutputFormat.json:
        result["returns"] = [
            {
                "file": r.file,
                "la": r.la,
                "census_year": r.census_year,
                "year_source": r.year_source,
            }
            for r in data.returns
        ]
        print(json.dumps(result, indent=2))
    elif output is OutputFormat.csv:
        plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
        sys.stdout.write(neutralise_frame(repeat_plan_table(plans, [chosen])).write_csv())
    else:
        _print_summary(result)


def _rows(table: pl.DataFrame) -> list[dict]:
    rows = table.to_dicts()
    for row in rows:
        row["period_start"] = row["period_start"].isoformat()
        row["period_end"] = row["period_end"].isoformat()
    return rows


def _print_table(table: pl.DataFrame) -> None:
    out = Table(title="Repeat child protection plans by period")
    columns = [
        "la",
        "period",
        "plans_started",
        "repeat",
        "percent",
        "within_two_years",
        "over_two_years",
        "gap_unknown",
        "plans_ended",
        "lasted_two_years_or_more",
        "open_at_end",
    ]
    for col in columns:
        out.add_column(
            col.replace("_", " "), justify="left" if col in ("la", "period") else "right"
        )
    for row in table.iter_rows(named=True):
        out.add_row(*(_fmt(row[c]) for c in columns))
    console.print(out)


@app.command()
def validate(
    paths: Paths,
    year: YearOption = None,
    output: Annotated[IssueFormat, typer.Option("--format")] = IssueFormat.table,
    limit: Annotated[int, typer.Option(help="Issues to list in the table (0 = all).")] = 200,
) -> None:
    """Data-quality checks that matter for repeat plans.

    Exit status: 0 no errors, 1 errors found, 2 a file could not be read at all.
    """
    data = load_returns(paths, year=year)
    issues = list(data.issues) + check_history(data)
    issues += [
        Issue(r.file, None, None, None, "error", "file-rejected", r.reason) for r in data.rejected
    ]
    if output is IssueFormat.json:
        print(json.dumps([i.as_dict() for i in issues], indent=2))
    else:
        _print_issues(issues, limit)
    if data.rejected:
        raise typer.Exit(2)
    if any(i.severity == "error" for i in issues):
        raise typer.Exit(1)


def _print_issues(issues: list[Issue], limit: int) -> None:
    counts = Counter((i.severity, i.code) for i in issues)
    summary_table = Table(title=f"{len(issues)} data-quality issue(s)")
    for col in ("Severity", "Check", "Count"):
        summary_table.add_column(col)
    for (severity, code), n in sorted(counts.items()):
        summary_table.add_row(severity, code, str(n))
    console.print(summary_table)
    shown = issues if limit <= 0 else issues[:limit]
    detail = Table(show_lines=False)
    for col in ("File", "Line", "Child", "Element", "Severity", "Message"):
        detail.add_column(col)
    for i in shown:
        detail.add_row(
            Path(i.file).name, _fmt(i.line), i.child or "", i.element or "", i.severity, i.message
        )
    if shown:
        console.print(detail)
    if len(shown) < len(issues):
        console.print(f"{len(issues) - len(shown)} more: use --limit 0 or --format json.")
