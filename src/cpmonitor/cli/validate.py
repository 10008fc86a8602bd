"""``cpmonitor validate``: DfE's CIN census validation rules and cpmonitor's own checks."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ..census.issues import Issue
from ..rules.ruleset import RuleSet
from .arguments import AsAtOption, Paths, YearOption, as_at_option, fmt, year_option
from .terminal import load_returns, make_console

console = make_console()


class IssueFormat(StrEnum):
    table = "table"
    json = "json"


def validate_command(
    paths: Paths,
    year: YearOption = None,
    output: Annotated[IssueFormat, typer.Option("--format")] = IssueFormat.table,
    limit: Annotated[int, typer.Option(help="Issues to list in the table (0 = all).")] = 200,
    la: Annotated[
        str | None,
        typer.Option("--la", help="3-digit LA code of Annex A workbooks whose file name has none."),
    ] = None,
    as_at: AsAtOption = None,
    rules: Annotated[
        RuleSet,
        typer.Option(
            "--rules",
            help="dfe: DfE's CIN census validation rules; cpmonitor: cpmonitor's checks of "
            "each value and across returns; all: both.",
        ),
    ] = RuleSet.all,
) -> None:
    """Data-quality checks that matter for repeat plans. DfE's rules and cpmonitor's own, over
    CIN census returns and Annex A workbooks.

    Exit status: 0 no errors, 1 errors found, 2 a file could not be read at all.
    """
    from ..census.workers import start_for

    start_for(paths)  # the reading processes start while this one imports the rules
    from ..rules import summary as rule_summary
    from ..rules import validation_issues

    data = load_returns(paths, year=year_option(year), annex_la=la, as_at=as_at_option(as_at))
    issues = validation_issues(data, rules)
    if output is IssueFormat.json:
        print(json.dumps([i.as_dict() for i in issues], indent=2))
    else:
        _print_issues(issues, limit, *rule_summary(issues, rules, data))
    if data.rejected:
        raise typer.Exit(2)
    if any(i.severity == "error" for i in issues):
        raise typer.Exit(1)


ISSUE_KEYS = ("File", "Line", "Child", "Element", "Severity")


def _print_issues(issues: list[Issue], limit: int, rows: list, notes: list[str]) -> None:
    summary_table = Table(title=f"{len(issues)} data-quality issue(s)")
    for col in ("Severity", "Check", "Count", "Rule"):
        summary_table.add_column(col)
    for severity, code, n, what in rows:
        summary_table.add_row(severity, code, str(n), what)
    console.print(summary_table)
    for note in notes:
        console.print(note)
    shown = issues if limit <= 0 else issues[:limit]
    cells = [
        (Path(i.file).name, fmt(i.line), i.child or "", i.element or "", i.severity, i.message)
        for i in shown
    ]
    keys = [max([len(h), *(len(c[n]) for c in cells)]) + 3 for n, h in enumerate(ISSUE_KEYS)]
    if shown and sum(keys) + 30 <= console.width:
        detail = Table(show_lines=False)
        for col in (*ISSUE_KEYS, "Message"):
            detail.add_column(col, no_wrap=col in ISSUE_KEYS)  # keys: never cut
        for c in cells:
            detail.add_row(*c)
        console.print(detail)
    else:  # too narrow for a table that keeps file names and child IDs whole: one issue a line
        for file, line, child, element, severity, text in cells:
            where = ", ".join(
                p
                for p in (file, f"line {line}" if line != "–" else "", child and f"child {child}")
                if p
            )
            what = f"{element}: " if element else ""
            console.print(
                Text.assemble(f"{where}: {what}", (severity, "bold"), f" – {text}"),
                highlight=False,
            )
    if len(shown) < len(issues):
        console.print(f"{len(issues) - len(shown)} more: use --limit 0 or --format json.")
