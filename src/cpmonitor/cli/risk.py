"""``cpmonitor risk``: the chance of a new child protection plan after a plan ends.

A thin shell over :func:`cpmonitor.measures.risk.replan_risk`; the definitions are there and
in docs/methodology.md.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..periods import PeriodError, parse_period
from .terminal import load_returns, make_console

console = make_console()
err_console = make_console(stderr=True)


class RiskFormat(StrEnum):
    table = "table"
    json = "json"


class RiskBy(StrEnum):
    category = "category"
    age_band = "age_band"
    plan_length = "plan_length"


def _fail(message: str) -> None:
    err_console.print(message, style="red")
    raise typer.Exit(2)


def risk_command(
    paths: Annotated[
        list[Path], typer.Argument(help="CIN census XML returns, or folders.", metavar="RETURNS")
    ],
    ended: Annotated[
        str,
        typer.Option(
            "--ended",
            help="The plans that ended in this period: 2014-15 or 2014-04-01..2015-03-31.",
        ),
    ],
    la: Annotated[
        str | None, typer.Option("--la", help="3-digit LA code: one council of those loaded.")
    ] = None,
    by: Annotated[RiskBy | None, typer.Option("--by", help="One curve per group.")] = None,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Census year (e.g. 2016) for returns whose header has none."),
    ] = None,
    output: Annotated[RiskFormat, typer.Option("--format")] = RiskFormat.table,
) -> None:
    """Chance of a new plan 6, 12 and 24 months after a plan ends. Kaplan–Meier estimates.

    Follow-up stops at the latest reference date loaded or the child's 18th birthday.
    """
    try:
        period = parse_period(ended)
    except PeriodError as exc:
        _fail(str(exc))
    data = load_returns(paths, year=year)
    if la is None:
        if len(data.las) > 1:
            _fail(
                f"Returns for several councils are loaded ({', '.join(data.las)}): "
                "choose one with --la."
            )
        la = data.las[0]
    elif la not in data.las:
        _fail(f"LA {la} is not in the returns loaded ({', '.join(data.las)})")
    followed_to = max(r.reference_date for r in data.returns if r.la == la)
    if period.start > followed_to:
        _fail(
            f"The returns loaded for LA {la} run to {followed_to.isoformat()}: no plan in them "
            f"can have ended in {period.label}."
        )
    from ..history import build_history
    from ..measures.risk import replan_risk

    history = build_history(data)
    result = replan_risk(history.plans, period, followed_to, by=by.value if by else None, la=la)
    results = result if isinstance(result, list) else [result]
    if output is RiskFormat.json:
        body = [r.as_dict() for r in results] if isinstance(result, list) else result.as_dict()
        print(json.dumps(body, indent=2))
        return
    _print(results, period.label, la, followed_to.isoformat(), by)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"


def _print(results: list, label: str, la: str, followed_to: str, by) -> None:
    title = f"New plan after a plan ended in {label} (LA {la})"
    table = Table(title=title, caption=f"Followed to {followed_to}; Kaplan–Meier, 95% intervals")
    if by is not None:
        from ..measures.risk import GROUPING_NAMES

        table.add_column(GROUPING_NAMES[by.value].capitalize(), overflow="fold", max_width=26)
    table.add_column("Ended", justify="right")
    table.add_column("Within", justify="right")
    table.add_column("New plan", justify="right")
    table.add_column("95% interval", justify="right")
    table.add_column("At risk", justify="right")
    for r in results:
        for i, point in enumerate(r.curve):
            interval = "–" if point.low is None else f"{point.low:.1f}–{point.high:.1f}"
            cells = [
                str(r.plans_ended) if i == 0 else "",
                f"{point.months} months",
                _pct(point.probability),
                interval,
                str(point.at_risk),
            ]
            if by is not None:
                cells.insert(0, (r.label or r.group or "") if i == 0 else "")
            table.add_row(*cells, end_section=i == len(r.curve) - 1 and by is not None)
    console.print(table)
    console.print(
        "– : no plan in the group was followed that long. At risk: plans still followed, "
        "without a new plan, on that day.",
        width=min(console.width, 80),
    )
