"""``cpmonitor report``: the committee report from CIN census returns, in HTML, PDF, Word or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..measures.audits import AuditDataError, read_audit
from ..periods import PeriodError, parse_date, parse_period
from ..terminal import err_console, load_returns, make_console
from .build import FORMATS, build_report, write_report
from .inputs import ReportError


def report_command(
    paths: Annotated[
        list[Path], typer.Argument(help="CIN census XML returns, or folders of them.")
    ],
    la: Annotated[str, typer.Option("--la", help="3-digit LA code of the council reported on.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="File to write; its extension picks the format: .html .pdf .docx .xlsx"
        ),
    ],
    period: Annotated[
        str | None,
        typer.Option(
            help="2015-16 (a census year) or 2016-04-01..2016-08-31. "
            "Default: the year to date at --as-at."
        ),
    ] = None,
    as_at: Annotated[
        str | None,
        typer.Option(
            "--as-at",
            help="Date the figures run to (YYYY-MM-DD). Default: the latest reference date in "
            "the returns (or the end of --period).",
        ),
    ] = None,
    restricted: Annotated[
        bool,
        typer.Option(
            "--restricted/--publish",
            help="--publish (default): small numbers suppressed, no child identified. "
            "--restricted: adds the children behind the figure (LAchildIDs), no suppression, "
            "OFFICIAL-SENSITIVE on every page.",
        ),
    ] = False,
    name: Annotated[
        str | None,
        typer.Option("--name", help="Council name to show (default: DfE's name for the code)."),
    ] = None,
    compare_published: Annotated[
        bool,
        typer.Option(
            "--compare-published/--no-compare-published",
            help="Check the computed figures against DfE's published ones (turn off for "
            "synthetic data that borrows a real council's code).",
        ),
    ] = True,
    year: Annotated[
        int | None,
        typer.Option("--year", help="Census year for returns whose header has none."),
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option(
            "--audit",
            help="A case audit (JSON, downloaded from the web app's audit summary) to add as "
            "the Case audit section.",
        ),
    ] = None,
) -> None:
    """Write the report on repeat child protection plans for one council and period."""
    if out.suffix.lower() not in FORMATS:
        err_console.print(
            Text.assemble(
                (f"--out {out}:", "red"), f" the file name must end in {', '.join(FORMATS)}"
            )
        )
        raise typer.Exit(2)
    try:
        chosen = parse_period(period) if period else None
        when = parse_date(as_at, "--as-at") if as_at else None
        audited = read_audit(audit) if audit else None
    except (PeriodError, AuditDataError, ValueError) as exc:
        err_console.print(str(exc), style="red")
        raise typer.Exit(2) from None
    data = load_returns(paths, year=year)
    with err_console.status("Computing the measures and writing the report…"):
        try:
            report = build_report(
                data,
                la,
                period=chosen,
                as_at=when,
                publish=not restricted,
                council_name=name,
                compare_published=compare_published,
                audit=audited,
            )
            written = write_report(report, out)
        except ReportError as exc:
            err_console.print(str(exc), style="red")
            raise typer.Exit(2) from None
        except OSError as exc:
            err_console.print(
                Text.assemble((f"Cannot write {out}:", "red"), f" {exc.strerror or exc}")
            )
            raise typer.Exit(1) from None
    kind = "RESTRICTED (OFFICIAL-SENSITIVE)" if restricted else "for publication"
    make_console().print(
        f"Report {kind} for {report.council}, {report.period_label}: {written}", highlight=False
    )
