"""``cpmonitor demo`` (``make demo``): a synthetic council, its benchmarks, its measures, its report.

1. Write the demo council (:mod:`cpmonitor.synth.demo`, the one ``cpmonitor serve`` shows
   too: LA 335 borrowed from Walsall, synthetic children only): its CIN census returns for
   2012-13 to 2025-26 and its Ofsted Annex A workbook extracted on 31 August 2026 (the year to
   date, and the visits). An earlier run's files in the folder are reused.
2. Import the DfE benchmark files into the user's benchmark store, if they are beside the
   repository (``../shared/cpp-benchmark-data``, as in development and CI). cpmonitor never
   ships them: without them the report says benchmarks are not yet imported and how to import
   them, and England's built-in series is used.
3. Read the returns back (as a user's would be), print the repeat-plan measures for every year
   beside England and the statistical neighbours.
4. Write the report for the latest year to date as HTML, PDF, Word and Excel, and say where,
   with the demo's record of Group Manager authorisations (:mod:`cpmonitor.synth.conferences`,
   the record ``cpmonitor serve`` writes into its database too).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..periods import financial_year
from ..report import words as w
from ..synth.demo import DEMO, DemoCouncil
from .terminal import command, err_console, load_returns, make_console

if TYPE_CHECKING:  # polars and the benchmarks store are imported when the demo runs
    from ..benchmarks import BenchmarkStore

#: The DfE files the demo imports (paths inside ``cpp-benchmark-data``).
BENCHMARK_FILES = (
    "dfe_ees/d3_cpps_subsequent_plan_2013_to_2025.csv",
    "dfe_ees/d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "lait/bds_long_0.parquet",
    "statistical_neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv",
    "statistical_neighbours/sn_model_2025_wide.csv",
)
REPORT_FORMATS = ("html", "pdf", "docx", "xlsx")
#: The demo's benchmark store, in its output folder (the name the default store has, so
#: ``CPMONITOR_DATA_DIR=<out>`` points any command at it).
BENCHMARK_STORE = "benchmarks.sqlite3"


def find_benchmark_files() -> Path | None:
    """``../shared/cpp-benchmark-data`` beside the repository (or the working directory)."""
    repo = Path(__file__).resolve().parents[2]
    for base in (repo.parent, Path.cwd().parent):
        folder = base / "shared" / "cpp-benchmark-data"
        if all((folder / name).is_file() for name in BENCHMARK_FILES):
            return folder
    return None


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _simulate(out: Path, council: DemoCouncil) -> Path:
    from ..synth.demo import write_demo

    with _progress() as bar:
        task = bar.add_task("Simulating the demo council's children", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total or None)

        return write_demo(out / "returns", council, progress=progress).folder


def _import_benchmarks(folder: Path | None, console: Console, out: Path) -> BenchmarkStore:
    from ..benchmarks import BenchmarkImportError, BenchmarkStore
    from ..benchmarks.layouts import BenchmarkFileError

    # the demo's own store, in its folder: never the user's, so nothing imported elsewhere
    # (another checkout, a real council's files) shows up beside the demo council
    store = BenchmarkStore(out / BENCHMARK_STORE)
    if folder is None:
        console.print(
            "DfE benchmark files not found beside the repository (../shared/cpp-benchmark-data): "
            "the report uses England's built-in series and says how to import the rest "
            f"({command()} benchmarks import FILE…).",
            highlight=False,
        )
        return store
    files = [folder / name for name in BENCHMARK_FILES]
    with _progress() as bar:
        task = bar.add_task("Importing DfE benchmarks", total=len(files))
        try:
            result = store.import_files(
                files, progress=lambda done, total, _f: bar.update(task, completed=done)
            )
        except (BenchmarkImportError, BenchmarkFileError) as exc:
            console.print(Text.assemble(("Benchmarks not imported:", "red"), f" {exc}"))
            return store
    new = len(result.imported)
    console.print(
        f"DfE benchmarks: {len(files)} files from {folder} "
        + (f"imported into {store.path}" if new else f"already in {store.path}"),
        highlight=False,
    )
    return store


def _print_measures(picture, console: Console) -> None:
    """The picture's trend: each year beside the same year's published benchmarks (the year,
    a key, is never cut: the table splits at narrow widths instead)."""
    from .terminal import fitted_tables

    def fmt(value):
        return "–" if value is None else f"{value:.1f}"

    rows = []
    for period, row in zip(picture.trend_periods, picture.trend.iter_rows(named=True), strict=True):
        b = picture.published(period)
        rows.append(
            [
                w.period_name(period),
                str(row["plans_started"]),
                str(row["repeat"]),
                fmt(row["percent"]),
                str(row["within_two_years"]),
                str(row["over_two_years"]),
                str(row["gap_unknown"]),
                fmt(b.neighbours_mean if b else None),
                fmt(b.england_value if b else None),
            ]
        )
    title = f"Repeat child protection plans, demo council (LA {picture.la}), synthetic data"
    headers = ["Year", "Starts", "Repeat", "%", "<2y", "2y+", "?", "SN %", "England %"]
    for part in fitted_tables(title, headers, rows, keys=1, width=console.width):
        console.print(part)
    console.print(
        "<2y / 2y+: repeat plans starting within / over two years of the previous plan's end; "
        "?: no earlier end on record. SN: statistical neighbours' mean, same year (– where DfE "
        "has not published it).",
        highlight=False,
    )
    for note in picture.notes():
        console.print(note, markup=False, highlight=False)


def run_demo(
    out: Path,
    children: int | None = None,
    seed: int | None = None,
    benchmark_files: Path | None | Literal["auto"] = "auto",
    formats: Sequence[str] = REPORT_FORMATS,
    console: Console | None = None,
) -> list[Path]:
    """Everything ``make demo`` does; returns the report files written.

    ``benchmark_files``: the ``cpp-benchmark-data`` folder, ``None`` for none (as in a fresh
    clone), or ``"auto"`` to look beside the repository.
    """
    from ..report import build_report, write_report
    from ..synth.conferences import demo_records
    from ..synth.demo import sized

    console = console or make_console()
    out.mkdir(parents=True, exist_ok=True)
    council = sized(children, seed)
    la = council.la
    folder = _simulate(out, council)
    console.print(
        f"Synthetic returns for census years {financial_year(council.first_year).label} to "
        f"{financial_year(council.last_year).label} and an Annex A workbook at "
        f"{council.annex_a:%-d %B %Y} in {folder}",
        highlight=False,
    )
    if benchmark_files == "auto":
        benchmark_files = find_benchmark_files()
    store = _import_benchmarks(benchmark_files, console, out)
    data = load_returns([folder])
    from ..picture import council_picture

    picture = council_picture(data, la, store=store, name=council.name)
    _print_measures(picture, console)
    written = []
    with _progress() as bar:
        task = bar.add_task("Writing the report", total=len(formats) + 1)
        report = build_report(
            data,
            la,
            store=store,
            council_name=council.name,
            compare_published=False,
            remarks=[council.remark],
            # the conference record ``cpmonitor serve`` writes into its database too
            authorisations=demo_records(picture.history, la, council.annex_a),
        )
        bar.advance(task)
        for ext in formats:
            bar.update(task, description=f"Writing the report ({ext.upper()})")
            written.append(write_report(report, out / f"report.{ext}"))
            bar.advance(task)
    return written


def demo_command(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the returns and the report.")
    ] = Path("out"),
    seed: Annotated[
        int | None, typer.Option(help=f"Random seed of the simulation (default {DEMO.seed}).")
    ] = None,
    children: Annotated[
        int | None,
        typer.Option(
            help=f"Council size: children in each year's return (default {DEMO.children:,})."
        ),
    ] = None,
) -> None:
    """Generate a synthetic council and write its report. It is benchmarked beside the real
    DfE figures; all its children are synthetic."""
    console = make_console()
    started = time.perf_counter()
    try:
        written = run_demo(out, children=children, seed=seed, console=console)
    except OSError as exc:
        err_console.print(
            Text.assemble((f"Cannot write to {out}:", "red"), f" {exc.strerror or exc}")
        )
        raise typer.Exit(1) from None
    seconds = time.perf_counter() - started
    console.print(f"\nThe demo council's report for the latest year to date ({seconds:.0f} s):")
    for path in written:
        console.print(f"  {path}", highlight=False)
    console.print(
        f"Open {written[0]} in a browser. For the restricted version with the children behind "
        "the figure (with the demo's own benchmarks), run:",
        highlight=False,
    )
    console.print(  # one line however narrow the terminal, so it copies as one command
        f"CPMONITOR_DATA_DIR={out} {command()} report {out / 'returns'} --la {DEMO.la} --restricted "
        f'--name "{DEMO.name}" --no-compare-published --out {out / "restricted.pdf"}',
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
