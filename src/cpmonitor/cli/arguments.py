"""The arguments and options the ``measures`` and ``validate`` commands share, read through
:mod:`cpmonitor.cli.options` (a bad value is one clear line and exit status 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from .options import OptionError, census_year, day
from .terminal import bad_option

Paths = Annotated[
    list[Path],
    typer.Argument(
        help="CIN census XML returns and Ofsted Annex A workbooks (.xlsx), or folders of them.",
        metavar="RETURNS",
        exists=False,
    ),
]
AsAtOption = Annotated[
    str | None,
    typer.Option(
        "--as-at",
        help="Extract date (YYYY-MM-DD) of Annex A workbooks whose file name and title rows "
        "give none.",
    ),
]
YearOption = Annotated[
    str | None,
    typer.Option(
        "--year",
        help="Census year (e.g. 2015-16) for returns whose header has none.",
    ),
]
LaOption = Annotated[
    str | None, typer.Option("--la", help="3-digit LA code: one council of those loaded.")
]


def as_at_option(text: str | None) -> date | None:
    """``--as-at`` as typed: a date, or None when not given."""
    try:
        return day("--as-at", text) if text else None
    except OptionError as exc:
        raise bad_option(exc) from None


def year_option(text: str | None) -> int | None:
    """``--year`` as typed (``2015-16``): the census year (2016), or None when not given."""
    try:
        return None if text is None else census_year("--year", text)
    except OptionError as exc:
        raise bad_option(exc) from None


def fmt(value) -> str:
    """A figure in a table cell: one decimal place, a dash when there is none."""
    if value is None:
        return "–"
    return f"{value:.1f}" if isinstance(value, float) else str(value)
