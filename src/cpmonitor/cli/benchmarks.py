"""``cpmonitor benchmarks``: import DfE files, show a council beside England, region, neighbours.

Thin commands over :mod:`cpmonitor.benchmarks`; tables and notices go to the terminal,
``--format json``/``csv`` to standard output only (notices on standard error).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from ..benchmarks.areas import UnknownArea
from ..benchmarks.catalogue import MEASURES, STATUS_SYMBOLS, get_measure
from ..periods import PeriodError, parse_period
from ..spreadsheet import neutralise_frame
from ..stats import round_half_up
from .options import OptionError, census_year
from .terminal import bad_option, command, make_console

if TYPE_CHECKING:  # the store and the file layouts need polars: imported by the commands
    from ..benchmarks.store import BenchmarkSeries

app = typer.Typer(
    name="benchmarks",
    help="Benchmarks from the official DfE files. A council beside England, its region and its "
    "statistical neighbours.",
    no_args_is_help=True,
    rich_markup_mode=None,  # as the app's (cli/__init__.py)
)
console = make_console()
err_console = make_console(stderr=True)

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Department for Education, Children in need statistics and the Children's "
    "services statistical neighbour benchmarking tool."
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(message, style="red", highlight=False)
    return typer.Exit(code)


def _release_year(text: str | None) -> int | None:
    if text is None:
        return None
    value = text.strip()
    if value.isdigit() and len(value) == 4:
        return int(value)
    try:
        return parse_period(value).end.year
    except PeriodError:
        raise _fail(
            f"--release {text!r}: give the year of the release, e.g. 2024 (figures as published "
            "in the 2024 releases)"
        ) from None


LaOption = Annotated[
    str, typer.Option("--la", help="The council: 3-digit LA number (335), ONS code or name.")
]
MeasureOption = Annotated[
    str, typer.Option("--measure", help="The measure (see `cpmonitor benchmarks measures`).")
]
NeighboursOption = Annotated[
    str | None,
    typer.Option(
        "--neighbours", help="Statistical-neighbour list year: 2021 or 2025 (default newest)."
    ),
]
ReleaseOption = Annotated[
    str | None,
    typer.Option(
        "--release",
        help="Figures as published in that year's releases (e.g. 2024); default the newest.",
    ),
]


@app.command("import")
def import_files(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="DfE files (EES CSV, LAIT parquet, SN lists) or folders.", metavar="FILES"
        ),
    ],
    neighbours_year: Annotated[
        int | None,
        typer.Option(help="Year of a statistical-neighbour list whose file name has no year."),
    ] = None,
) -> None:
    """Import DfE benchmark files into the store. All or nothing; re-importing is harmless."""
    from ..benchmarks.layouts import BenchmarkFileError
    from ..benchmarks.store import BenchmarkImportError, BenchmarkStore
    from .terminal import progress_bar

    store = BenchmarkStore()
    with progress_bar(err_console, bytes_=False) as bar:
        task = bar.add_task("Reading", total=None)

        def advance(done: int, total: int, file: str) -> None:
            text = f"Reading {Path(file).name}" if file else "Writing the store"
            bar.update(task, completed=done, total=total, description=text)

        try:
            result = store.import_files(files, neighbours_year=neighbours_year, progress=advance)
        except (BenchmarkImportError, BenchmarkFileError) as exc:
            raise _fail(str(exc)) from None
    table = Table(title="Benchmark import", title_justify="left")
    # at 80 columns a long file name folds onto the next line, never cut to "…"
    table.add_column("File", overflow="fold")
    table.add_column("Release", no_wrap=True)
    table.add_column("Figures", justify="right", no_wrap=True)
    table.add_column("Result", no_wrap=True)
    table.add_column("Notes", overflow="fold")
    for outcome in result.files:
        table.add_row(
            outcome.path.name,
            outcome.label or "",
            f"{outcome.rows:,}" if outcome.rows else "",
            outcome.status,
            "; ".join(outcome.notes),
        )
    console.print(table)
    console.print(f"{len(result.imported)} release(s) added to {store.path}", highlight=False)


@app.command()
def releases() -> None:
    """List the releases and statistical-neighbour lists in the store."""
    from ..benchmarks.store import BenchmarkStore

    store = BenchmarkStore()
    found = store.releases()
    if not found:
        console.print(f"Nothing imported yet (store: {store.path}).", highlight=False)
        console.print(f"Import DfE files with: {command()} benchmarks import FILE...")
        return
    table = Table(title=f"Imported releases ({store.path})", title_justify="left")
    # at 80 columns a long file name or id folds onto the next line, never cut to "…"
    table.add_column("Release", no_wrap=True)
    table.add_column("Source", min_width=12)  # its longest word, "statistical"
    table.add_column("File", overflow="fold")
    table.add_column("Figures", justify="right", no_wrap=True)
    table.add_column("Imported", no_wrap=True)
    table.add_column("Id", overflow="fold")
    for r in found:
        imported = r.imported_at[:10]  # the day (stored in UTC, to the second)
        table.add_row(r.label, r.source, r.file_name, f"{r.rows:,}", imported, r.release_id[:12])
    console.print(table)


@app.command("measures")
def list_measures() -> None:
    """List the published measures the store can hold. Each one's source, and which way is
    good."""
    table = Table(title="Benchmark measures", title_justify="left", show_lines=True)
    table.add_column("Measure (--measure)", no_wrap=True)  # the key you type: never cut
    table.add_column("What it is")
    for m in MEASURES.values():
        table.add_row(m.name, f"{m.title} ({m.unit}; {m.better}). Source: {m.source}.")
    console.print(table)


def _fmt(value: float | int | None, status: str | None = None, places: int = 1) -> str:
    if value is None:
        return status or "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{round_half_up(value, places):.{places}f}"


def _print_series(series: BenchmarkSeries) -> None:
    m = series.measure
    la = series.la
    unit = " %" if m.unit == "%" else ""
    console.print(
        Text.assemble((la.name, "bold"), f" ({la.code}, {la.ons_code}), {la.region_name}")
    )
    console.print(f"{m.title} ({m.source})", highlight=False, markup=False)
    table = Table(box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, collapse_padding=True)
    columns = ["Year"]
    if m.has_counts:
        columns.append(f"{m.keys[0].replace('_', ' ').capitalize()} / {m.keys[1]}")
    columns.append(f"{la.name}{unit}")
    if m.has_counts and m.unit == "%":
        columns.append("95% CI")
    if m.polarity:
        columns.append("Rank, quartile")
    columns += [f"Region{unit}", f"SN mean{unit} (n)", f"England{unit}"]
    revised: list[str] = []
    symbols: set[str] = set()
    body: list[list[str]] = []
    for r in series.rows:
        marks = {rev.area for rev in r.revisions}
        for rev in r.revisions:
            was = _fmt(rev.value, rev.value_status)
            counts = (
                f" ({rev.numerator:,} / {rev.denominator:,})"
                if rev.numerator is not None and rev.denominator is not None
                else ""
            )
            now = {"la": r.la_value, "england": r.england_value, "region": r.region_value}
            name = {"la": la.name, "england": "England", "region": r.region_name}[rev.area]
            revised.append(
                f"{name} {r.label}: {_fmt(now[rev.area])} now; {was}{counts} in the "
                f"{rev.release} release"
            )
        for status in (
            r.la_status,
            r.la_numerator_status,
            r.la_denominator_status,
            r.england_status,
            r.region_status,
        ):
            if status:
                symbols.add(status)
        cells = [r.label]
        if m.has_counts:
            cells.append(
                f"{_fmt(r.la_numerator, r.la_numerator_status)} / "
                f"{_fmt(r.la_denominator, r.la_denominator_status)}"
                if r.la_release
                else "–"
            )
        cells.append(_fmt(r.la_value, r.la_status) + (" †" if "la" in marks else ""))
        if m.has_counts and m.unit == "%":
            cells.append(f"{r.ci_low:.1f}–{r.ci_high:.1f}" if r.ci_low is not None else "–")
        if m.polarity:
            cells.append(f"{r.rank}/{r.rank_of} {r.quartile}" if r.rank else "–")
        cells.append(_fmt(r.region_value, r.region_status) + (" †" if "region" in marks else ""))
        cells.append(
            f"{_fmt(r.neighbours_mean)} ({r.neighbours_count})"
            if r.neighbours_mean is not None
            else "–"
        )
        england = _fmt(r.england_value, r.england_status)
        if r.england_release and r.england_release.startswith("built in"):
            england += " *"  # see the note on the built-in series
        cells.append(england + (" †" if "england" in marks else ""))
        body.append(cells)
    for index, column in enumerate(columns):
        width = max([len(row[index]) for row in body] + [len(w) for w in column.split()])
        table.add_column(column, justify="left" if index == 0 else "right", width=width)
    for cells in body:
        table.add_row(*cells)
    console.print(table)
    if any(r.computed for r in series.rows):
        _print_computed(series)
    lines = []
    if m.polarity:
        lines.append(
            f"Rank 1 = best of the councils with a figure that year: {m.better} "
            f"({m.polarity_source}). Quartile A = best quarter, D = worst (as DfE LAIT). "
            "Region: as published; London boroughs are compared with London."
        )
    if m.has_counts and m.unit == "%":
        lines.append(
            f"{la.name}'s % is recomputed from its counts (rounded half up, as DfE); "
            "95% CI: Wilson score interval. England and region as published."
        )
    if series.neighbours and series.neighbours.codes:
        names = ", ".join(f"{series.neighbour_names[c]} ({c})" for c in series.neighbours.codes)
        lines.append(
            f"SN mean: mean of the statistical neighbours with a figure that year (n of "
            f"{len(series.neighbours.codes)}), {series.neighbours.list_label} list: {names}."
        )
    for text in revised:
        lines.append(f"† Revised: {text}.")
    for symbol in sorted(symbols):
        lines.append(f"{symbol} = {STATUS_SYMBOLS.get(symbol.lower(), 'as published')}")
    lines += series.notes
    lines.append(ATTRIBUTION)
    for line in lines:
        console.print(line, highlight=False, markup=False)


def _print_computed(series: BenchmarkSeries) -> None:
    """Computed from the council's returns beside the published figure."""
    m = series.measure
    table = Table(
        title=f"{series.la.name}: computed from its census returns vs published",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("Year", "Published", "Published %", "Computed", "Computed %", "Difference"):
        table.add_column(column, justify="left" if column == "Year" else "right")
    for r in series.rows:
        c = r.computed
        if c is None:
            continue
        published = (
            f"{_fmt(r.la_numerator, r.la_numerator_status)} / "
            f"{_fmt(r.la_denominator, r.la_denominator_status)}"
            if r.la_release
            else "not published"
        )
        table.add_row(
            r.label,
            published,
            _fmt(r.la_value, r.la_status),
            f"{c.numerator} / {c.denominator}",
            _fmt(c.value),
            f"{c.difference:+.1f} pts" if c.difference is not None else "–",
        )
    console.print(table)
    console.print(
        f"Published: {m.keys[0]} / {m.keys[1]} from {m.source}; computed: the same rule applied "
        "to the loaded returns (cpmonitor.measures.repeat). Difference = computed − published.",
        highlight=False,
        markup=False,
    )


@app.command()
def show(
    la: LaOption,
    measure: MeasureOption = "repeat_plans",
    neighbours: NeighboursOption = None,
    release: ReleaseOption = None,
    output: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
    returns: Annotated[
        list[Path] | None,
        typer.Option(
            "--returns",
            metavar="RETURNS",
            help="CIN census returns (files or folders): show the council's own computed "
            "figure beside the published one.",
        ),
    ] = None,
) -> None:
    """A council's published figures by year, beside its benchmarks. The benchmarks are
    England, its region and its statistical neighbours."""
    from ..benchmarks.store import BenchmarkImportError, BenchmarkStore

    store = BenchmarkStore()
    try:
        series = store.series(la, measure, neighbours=neighbours, release=_release_year(release))
    except (UnknownArea, KeyError, LookupError, BenchmarkImportError) as exc:
        raise _fail(str(exc.args[0] if exc.args else exc)) from None
    if returns:
        from ..benchmarks.computed import attach_computed
        from .terminal import load_returns

        data = load_returns(returns, quiet=output != Format.table)
        try:
            series.notes += attach_computed(series, data)
        except ValueError as exc:
            raise _fail(str(exc)) from None
    if output == Format.json:
        sys.stdout.write(json.dumps(series.to_dicts(), indent=2) + "\n")
    elif output == Format.csv:
        sys.stdout.write(neutralise_frame(series.to_frame()).write_csv())
    else:
        _print_series(series)


@app.command()
def funnel(
    la: LaOption,
    year: Annotated[str, typer.Option("--year", help="The census year, e.g. 2015-16.")],
    out: Annotated[Path, typer.Option("--out", help="The SVG to write (a PNG is written beside).")],
    measure: MeasureOption = "repeat_plans",
    neighbours: NeighboursOption = None,
    release: ReleaseOption = None,
) -> None:
    """A funnel plot for one year, as SVG and PNG. Every council, England and the 95% and
    99.8% limits."""
    from ..benchmarks.funnel import render
    from ..benchmarks.store import BenchmarkStore

    try:
        ending = census_year("--year", year)
    except OptionError as exc:
        raise bad_option(exc) from None
    try:
        get_measure(measure)
        data = BenchmarkStore().funnel(
            ending, la=la, measure=measure, neighbours=neighbours, release=_release_year(release)
        )
    except (UnknownArea, KeyError, LookupError, ValueError) as exc:
        raise _fail(str(exc.args[0] if exc.args else exc)) from None
    svg, png = render(data, out)
    console.print(f"Wrote {svg} and {png}", highlight=False)
    console.print(data.summary(), highlight=False, markup=False)
