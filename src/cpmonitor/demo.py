"""``cpmonitor demo`` (``make demo``): a synthetic council, its benchmarks, its measures, its report.

1. Simulate the built-in demo council (:mod:`cpmonitor.synth`, LA 335 borrowed from Walsall,
   synthetic children only) and write its CIN census returns for 2012-13 to 2025-26.
2. Import the DfE benchmark files into the user's benchmark store, if they are beside the
   repository (``../shared/cpp-benchmark-data``, as in development and CI). cpmonitor never
   ships them: without them the report says benchmarks are not yet imported and how to import
   them, and England's built-in series is used.
3. Read the returns back (as a user's would be), print the repeat-plan measures for every year
   beside England and the statistical neighbours.
4. Write the report for the latest year to date as HTML, PDF, Word and Excel, and say where.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from .benchmarks import BenchmarkImportError, BenchmarkStore
from .benchmarks.layouts import BenchmarkFileError
from .history import build_history
from .measures.repeat import repeat_plan_table
from .periods import financial_year
from .terminal import err_console, load_returns, make_console

DEMO_YEARS = range(2013, 2027)  # census years 2012-13 .. 2025-26
DEMO_NAME = "Demo council (synthetic)"
DEMO_REMARK = (
    "A synthetic council: every child and every figure for it in this report was made up by "
    "cpmonitor's simulator (no real child). It borrows Walsall's LA code (335) so that it sits "
    "beside Walsall's statistical neighbours and England as DfE publishes them."
)
#: The DfE files the demo imports (paths inside ``cpp-benchmark-data``).
BENCHMARK_FILES = (
    "dfe_ees/d3_cpps_subsequent_plan_2013_to_2025.csv",
    "dfe_ees/d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "lait/bds_long_0.parquet",
    "statistical_neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv",
    "statistical_neighbours/sn_model_2025_wide.csv",
)
REPORT_FORMATS = ("html", "pdf", "docx", "xlsx")


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


def _simulate(out: Path, la: str, children: int, seed: int) -> Path:
    from .synth import DEMO_PROFILE, simulate, write_returns

    folder = out / "returns"
    with _progress() as bar:
        task = bar.add_task("Simulating the demo council's children", total=None)
        sim = simulate(
            la=la,
            years=DEMO_YEARS,
            children=children,
            seed=seed,
            profile=DEMO_PROFILE,
            progress=lambda text: bar.update(task, description=f"Simulating: {text}"),
        )
        bar.update(task, description="Writing census returns", total=len(DEMO_YEARS), completed=0)
        write_returns(sim, folder, progress=lambda _written: bar.advance(task))
    return folder


def _import_benchmarks(folder: Path | None, console: Console) -> BenchmarkStore:
    store = BenchmarkStore()
    if folder is None:
        console.print(
            "DfE benchmark files not found beside the repository (../shared/cpp-benchmark-data): "
            "the report uses England's built-in series and says how to import the rest "
            "(cpmonitor benchmarks import FILE…).",
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


def _print_measures(data, la: str, store: BenchmarkStore, console: Console) -> None:
    history = build_history(data)
    years = sorted({r.census_year for r in data.returns if r.la == la})
    table = repeat_plan_table(
        history.plans.filter(pl.col("la") == la), [financial_year(y) for y in years], by=()
    )
    bench = {r.year: r for r in store.series(la).rows}
    out = Table(
        title=f"Repeat child protection plans, demo council (LA {la})",
        caption="<2y / 2y+: repeat plans starting within / over two years of the previous plan's "
        "end; ?: no earlier end on record. SN: statistical neighbours' mean.",
    )
    for name in ("Year", "Starts", "Repeat", "%", "<2y", "2y+", "?", "SN %", "England %"):
        out.add_column(name, justify="left" if name == "Year" else "right", no_wrap=True)
    for year, row in zip(years, table.iter_rows(named=True), strict=True):
        b = bench.get(year)

        def fmt(value):
            return "–" if value is None else f"{value:.1f}"

        out.add_row(
            row["period"],
            str(row["plans_started"]),
            str(row["repeat"]),
            fmt(row["percent"]),
            str(row["within_two_years"]),
            str(row["over_two_years"]),
            str(row["gap_unknown"]),
            fmt(b.neighbours_mean if b else None),
            fmt(b.england_value if b else None),
        )
    console.print(out)


def run_demo(
    out: Path,
    la: str = "335",
    children: int | None = None,
    seed: int = 0,
    benchmark_files: Path | None | Literal["auto"] = "auto",
    formats: Sequence[str] = REPORT_FORMATS,
    console: Console | None = None,
) -> list[Path]:
    """Everything ``make demo`` does; returns the report files written.

    ``benchmark_files``: the ``cpp-benchmark-data`` folder, ``None`` for none (as in a fresh
    clone), or ``"auto"`` to look beside the repository.
    """
    from .report import build_report, write_report
    from .synth import DEMO_CHILDREN

    console = console or make_console()
    out.mkdir(parents=True, exist_ok=True)
    folder = _simulate(out, la, children or DEMO_CHILDREN, seed)
    console.print(
        f"Synthetic returns for census years {financial_year(DEMO_YEARS[0]).label} to "
        f"{financial_year(DEMO_YEARS[-1]).label} written to {folder}",
        highlight=False,
    )
    if benchmark_files == "auto":
        benchmark_files = find_benchmark_files()
    store = _import_benchmarks(benchmark_files, console)
    data = load_returns([folder])
    _print_measures(data, la, store, console)
    written = []
    with _progress() as bar:
        task = bar.add_task("Writing the report", total=len(formats) + 1)
        report = build_report(
            data,
            la,
            store=store,
            council_name=DEMO_NAME,
            compare_published=False,
            remarks=[DEMO_REMARK],
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
    seed: Annotated[int, typer.Option(help="Random seed of the simulation.")] = 0,
    children: Annotated[
        int | None,
        typer.Option(help="Council size: children in each year's return (default 2,500)."),
    ] = None,
) -> None:
    """Generate a synthetic council, benchmark it and write its report (synthetic data only)."""
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
        f"the figure: cpmonitor report {out / 'returns'} --la 335 --restricted "
        f'--name "{DEMO_NAME}" --no-compare-published --out {out / "restricted.pdf"}',
        highlight=False,
    )
