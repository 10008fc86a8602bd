"""What every terminal command shares: loading returns with a progress bar, and saying so.

Progress and notices go to standard error, so ``--format json`` / ``csv`` output on standard
output stays clean for pipes. Every console is made by :func:`make_console`, which never reads
Rich markup: an LAchildID, code or file name such as ``[/]`` or ``[red]bad.xml`` prints as it
is (colour is given with ``style=`` or :class:`rich.text.Text`, never with markup in a string).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

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

from ..periods import year_label

if TYPE_CHECKING:
    from ..census.dataset import CensusData


def make_console(stderr: bool = False, **options) -> Console:
    """A Rich console that prints text as it is (no markup; tables' cells included)."""
    return Console(stderr=stderr, markup=False, **options)


err_console = make_console(stderr=True, soft_wrap=True)


def bad_option(exc: Exception) -> typer.Exit:
    """Say why an option's value cannot be used (in red, the typed text shown as typed) and
    exit with status 2, as a usage error does."""
    from rich.text import Text

    err_console.print(Text(str(exc), style="red"))
    return typer.Exit(2)


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
    annex_la: str | None = None,
    as_at: date | None = None,
) -> CensusData:
    """Load CIN census returns (and Annex A workbooks) from files/folders, showing progress
    and what was not read. ``annex_la`` and ``as_at``: a workbook's council and extract date
    when it does not say (see :func:`cpmonitor.census.load.load`).

    Exits with status 2 and a one-line message when nothing at all could be read.
    """
    from ..census.load import load

    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        err_console.print(Text.assemble(("Not found:", "red"), f" {', '.join(map(str, missing))}"))
        raise typer.Exit(2)
    with progress_bar() as bar:
        task = bar.add_task("Reading returns", total=None)

        def advance(done: int, total: int, file: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Reading {Path(file).name}")

        try:
            data = load(
                [Path(p) for p in paths],
                year=year,
                la=la,
                progress=advance,
                annex_la=annex_la,
                as_at=as_at,
                workers=None,
            )
        except ValueError as exc:  # CPMONITOR_READ_WORKERS not a number
            err_console.print(str(exc), style="red")
            raise typer.Exit(2) from None
    if not quiet:
        report_loading(data)
    if not data.returns and not data.annex_a:
        err_console.print(
            Text.assemble(
                ("No CIN census return or Annex A workbook could be read", "red"),
                " from the paths given.",
            )
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
                    f"{year_label(info.census_year)} taken from the "
                    f"{info.year_source}",
                )
            )
    for rejected in data.rejected:
        err_console.print(
            Text.assemble(("Not read", "red"), f" {rejected.file}: {rejected.reason}")
        )
    years = sorted({r.census_year for r in data.returns})
    if years:
        first, last = year_label(years[0]), year_label(years[-1])
        span = first if len(years) == 1 else f"{first} to {last}"
        err_console.print(
            f"Read {len(data.returns)} return(s) for LA {', '.join(data.las)}, census years "
            f"{span}; {len(data.issues)} data-quality issue(s) found while reading."
        )
    for annex in data.annex_a:
        lists = ", ".join(
            f"List {n}"
            for key, n in (("child_protection", 7), ("assessments", 4), ("section47", 5))
            if key in annex.lists
        )
        err_console.print(
            f"Read Annex A {Path(annex.file).name}: LA {annex.la} (from the {annex.la_source}), "
            f"extracted {annex.extract_date.isoformat()} (from the {annex.date_source}); "
            f"{lists}; {annex.plans.height} plan row(s).",
            highlight=False,
        )


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def fitted_tables(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    keys: int = 1,
    width: int | None = None,
    right: Sequence[bool] | None = None,
) -> list:
    """Rich tables of ``rows`` that never cut a key (a year, a month, a child's ID, a file
    name, a measure's key) at any terminal width.

    The first ``keys`` columns are keys: never wrapped or shortened. Other columns wrap
    their headings at spaces and keep their values whole; when they do not all fit beside the
    keys, the table is split into several, each repeating the keys, so nothing is cut.
    ``right``: which columns are right-aligned (numbers); default all but the keys.
    """
    from rich.table import Table

    width = width or err_console.width
    right = list(right) if right is not None else [i >= keys for i in range(len(headers))]

    def need(i: int, key: bool) -> int:
        cells = [len(str(r[i])) for r in rows]
        head = len(headers[i]) if key else _longest_word(headers[i])
        return max([head, *cells]) + 3  # padding and border

    key_width = sum(need(i, True) for i in range(keys)) + 1
    groups: list[list[int]] = [[]]
    used = key_width
    for i in range(keys, len(headers)):
        if groups[-1] and used + need(i, False) > width:
            groups.append([])
            used = key_width
        groups[-1].append(i)
        used += need(i, False)
    tables = []
    for n, group in enumerate(groups, 1):
        part = f" ({n} of {len(groups)})" if len(groups) > 1 else ""
        table = Table(title=f"{title}{part}")
        for i in [*range(keys), *group]:
            key = i < keys
            inside = need(i, key) - 3
            table.add_column(
                "\n".join(textwrap.wrap(headers[i], inside)) or headers[i],
                justify="right" if right[i] else "left",
                no_wrap=True,
                min_width=need(i, key) - 3,
                overflow="fold",
            )
        for r in rows:
            table.add_row(*(str(r[i]) for i in [*range(keys), *group]))
        tables.append(table)
    return tables


def command() -> str:
    """How to type cpmonitor in the user's shell, for the hints we print (always runnable).

    ``cpmonitor`` when it is installed on the PATH (``uv tool install .``); inside the checkout
    under ``uv run`` (which puts the project's environment on the PATH only while it runs),
    ``uv run cpmonitor`` — or ``python3 -m uv run cpmonitor`` when ``uv`` itself is not on it.
    """
    import os
    import shutil

    if os.environ.get("UV_RUN_RECURSION_DEPTH"):
        return "uv run cpmonitor" if shutil.which("uv") else "python3 -m uv run cpmonitor"
    if not shutil.which("cpmonitor") and sys.argv and Path(sys.argv[0]).name == "cpmonitor":
        return sys.argv[0]  # run by its path (e.g. .venv/bin/cpmonitor): the same path again
    return "cpmonitor"
