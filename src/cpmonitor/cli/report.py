"""``cpmonitor report``: the committee report from CIN census returns, in HTML, PDF, Word or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..measures.audits import AuditDataError, read_audit
from ..periods import year_to_date
from . import options
from .arguments import Paths
from .terminal import bad_option, err_console, load_returns, make_console


def report_command(
    paths: Paths,
    la: Annotated[str, typer.Option("--la", help="3-digit LA code of the council reported on.")],
    out: Annotated[
        list[Path],
        typer.Option(
            "--out",
            metavar="FILE",
            help="File to write; its extension picks the format: .html .pdf .docx .xlsx. "
            "Give --out more than once for several formats from one read of the returns.",
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
            help="Date the figures run to, e.g. 2016-08-31. Default: the latest reference date in "
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
        str | None,
        typer.Option(
            "--year", help="Census year (e.g. 2015-16) for returns whose header has none."
        ),
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option(
            "--audit",
            help="A case audit (JSON, downloaded from the web app's audit summary) to add as "
            "the Case audit section.",
        ),
    ] = None,
    front_matter: Annotated[
        Path | None,
        typer.Option(
            "--front-matter",
            help="The officers' words for the committee paper (a TOML file: committee, date, "
            "reason, recommendations, conclusion, contacts; example in docs/committee-paper.toml).",
        ),
    ] = None,
) -> None:
    """Write the repeat-plans report for one council and period. Its extension picks each
    file's format: HTML, PDF, Word or Excel."""
    # the report's own code is imported after the reading has started (see report.warm)
    from ..report.formats import FORMATS, ReportError
    from ..report.paper import read_front_matter

    for target in out:
        if target.suffix.lower() not in FORMATS:
            err_console.print(
                Text.assemble(
                    (f"--out {target}:", "red"), f" the file name must end in {', '.join(FORMATS)}"
                )
            )
            raise typer.Exit(2)
    if len({t.resolve() for t in out}) < len(out):
        err_console.print(Text.assemble(("--out:", "red"), " the same file is named twice"))
        raise typer.Exit(2)
    try:
        chosen = options.period("--period", period) if period else None
        when = options.day("--as-at", as_at) if as_at else None
        census_year = options.census_year("--year", year) if year else None
        audited = read_audit(audit) if audit else None
        front = read_front_matter(front_matter) if front_matter else None
    except (options.OptionError, AuditDataError, ReportError) as exc:
        raise bad_option(exc) from None
    from ..census.workers import start_for

    start_for(paths)  # the reading processes start while this one imports and sets up
    from ..census import load as _reader  # noqa: F401 - imported before the warm-up starts
    from ..report.drawing import ChartDrawer, kinds_for

    # the charts are drawn in a process of their own (it imports matplotlib while the
    # returns are read, and draws while this process runs the data-quality checks)
    with ChartDrawer(kinds_for(t.suffix for t in out)) as drawer:
        from ..report.warm import warm_up

        # the report's code, scipy, … imported beside the reading (matplotlib only without a
        # drawing process)
        warm_up((t.suffix for t in out), charts=not drawer.running)
        data = load_returns(paths, year=census_year, annex_la=la, as_at=when)
        from ..report.build import build_report, write_report

        try:
            if chosen:
                options.within_data("--period", period, chosen, data, la)
            elif when:
                options.within_data(
                    "--as-at", as_at, year_to_date(when), data, la, form=options.DATE_FORM
                )
        except options.OptionError as exc:
            raise bad_option(exc) from None
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
                    front_matter=front,
                    drawer=drawer,
                )
            except ReportError as exc:
                err_console.print(str(exc), style="red")
                raise typer.Exit(2) from None
            written = []
            for target in out:  # one read of the returns, one report, each format written from it
                try:
                    written.append(write_report(report, target))
                except OSError as exc:
                    err_console.print(
                        Text.assemble((f"Cannot write {target}:", "red"), f" {exc.strerror or exc}")
                    )
                    raise typer.Exit(1) from None
                except ReportError as exc:  # e.g. a chart that cannot be drawn
                    err_console.print(Text.assemble((f"Cannot write {target}:", "red"), f" {exc}"))
                    raise typer.Exit(1) from None
        kind = "RESTRICTED (OFFICIAL-SENSITIVE)" if restricted else "for publication"
        make_console().print(
            f"Report {kind} for {report.council}, {report.period_label}: "
            + ", ".join(str(w) for w in written),
            highlight=False,
        )
