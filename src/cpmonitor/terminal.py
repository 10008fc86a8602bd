"""What every terminal command shares: loading returns with a progress bar, and saying so.

Progress and notices go to standard error, so ``--format json`` / ``csv`` output on standard
output stays clean for pipes. Every console is made by :func:`make_console`, which never reads
Rich markup: an LAchildID, code or file name such as ``[/]`` or ``[red]bad.xml`` prints as it
is (colour is given with ``style=`` or :class:`rich.text.Text`, never with markup in a string).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.text import Text

from .census.dataset import CensusData


def make_console(stderr: bool = False, **options) -> Console:
    """A Rich console that prints text as it is (no markup; tables' cells included)."""
    return Console(stderr=stderr, markup=False, **options)


err_console = make_console(stderr=True, soft_wrap=True)


def progress_bar(console: Console = err_console, bytes_: bool = True) -> Progress:
    """A Rich progress bar (bytes and speed for reading files, plain counts otherwise)."""
    columns = [TextColumn("{task.description}", markup=False), BarColumn()]
    if bytes_:
        columns += [DownloadColumn(), TransferSpeedColumn()]
    else:
        columns += [TextColumn("{task.completed}/{task.total}")]
    return Progress(*columns, TimeRemainingColumn(), console=console, transient=True)


def load_returns(
    paths: Sequence[Path],
    year: int | None = None,
    la: str | None = None,
    quiet: bool = False,
) -> CensusData:
    """Load CIN census returns from files/folders, showing progress and what was not read.

    Exits with status 2 and a one-line message when nothing at all could be read.
    """
    from .census.load import load

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        err_console.print(Text.assemble(("Not found:", "red"), f" {', '.join(map(str, missing))}"))
        raise typer.Exit(2)
    with progress_bar() as bar:
        task = bar.add_task("Reading returns", total=None)

        def advance(done: int, total: int, file: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Reading {Path(file).name}")

        data = load([Path(p) for p in paths], year=year, la=la, progress=advance)
    if not quiet:
        report_loading(data)
    if not data.returns:
        err_console.print(
            Text.assemble(("No CIN census return could be read", "red"), " from the paths given.")
        )
        raise typer.Exit(2)
    return data


def report_loading(data: CensusData) -> None:
    """Say which returns were read (and where their year came from) and which were not."""
    for info in data.returns:
        if info.year_source != "header":
            err_console.print(
                Text.assemble(
                    (Path(info.file).name, "yellow"),
                    ": no census year in its header; "
                    f"{info.census_year - 1}-{info.census_year % 100:02d} taken from the "
                    f"{info.year_source}",
                )
            )
    for rejected in data.rejected:
        err_console.print(
            Text.assemble(("Not read", "red"), f" {rejected.file}: {rejected.reason}")
        )
    years = sorted({r.census_year for r in data.returns})
    if years:
        first, last = (f"{y - 1}-{y % 100:02d}" for y in (years[0], years[-1]))
        span = first if len(years) == 1 else f"{first} to {last}"
        err_console.print(
            f"Read {len(data.returns)} return(s) for LA {', '.join(data.las)}, census years "
            f"{span}; {len(data.issues)} data-quality issue(s) found while reading."
        )
