"""``cpmonitor synth``: write a synthetic council's CIN census returns, one per census year."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.text import Text

from ..periods import year_label
from ..synth.councils import DEMO_CHILDREN, DEMO_LA, CouncilCodeError
from ..synth.profiles import PROFILES, ProfileError
from .terminal import make_console

_RANGE = re.compile(r"^\s*(\d{4})\s*(?:(?:-|\.\.)\s*(\d{4}|\d{2}))?\s*$")


def parse_years(text: str) -> tuple[int, ...]:
    """Census years from ``2013-2025`` (a range), ``2016`` or ``2015-16`` (one year)."""
    from ..synth.simulate import SynthError, check_years

    match = _RANGE.match(text)
    if not match:
        raise SynthError(
            f"cannot read years {text!r}: give census years like 2013-2025, 2016 or 2015-16"
        )
    first, last = match.group(1), match.group(2)
    if last is None:
        return check_years([int(first)])
    if len(last) == 2:  # 2015-16: the census year ending 31 March 2016
        end = int(first[:2] + last)
        if end != int(first) + 1:
            raise SynthError(f"{text!r} is not a census year label (like 2015-16)")
        return check_years([end])
    if int(last) < int(first):
        raise SynthError(f"years {text!r} run backwards")
    return check_years(range(int(first), int(last) + 1))


def synth_command(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the returns into (created if missing).")
    ],
    la: Annotated[
        str, typer.Option("--la", help="3-digit DfE LA code the synthetic council takes.")
    ] = DEMO_LA,
    years: Annotated[
        str,
        typer.Option("--years", help="Census years (ending 31 March): 2013-2025, 2016 or 2015-16."),
    ] = "2013-2025",
    children: Annotated[
        int,
        typer.Option(
            "--children",
            help="Council size: the expected number of children in each year's return "
            "(children with a CIN episode open during the year); about 7% start a plan.",
        ),
    ] = DEMO_CHILDREN,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same files.")] = 0,
    profile: Annotated[
        str,
        typer.Option(
            "--profile",
            help=f"Repeat-plan trend by year: {', '.join(PROFILES)} "
            "(demo: a rise to 2015-16, then a fall).",
        ),
    ] = "england",
    annex_a: Annotated[
        str | None,
        typer.Option(
            "--annex-a",
            help="Also write the council's Ofsted Annex A workbook extracted on this date "
            "(YYYY-MM-DD), e.g. in the year after the last return: the year to date.",
        ),
    ] = None,
) -> None:
    """Write a synthetic council's CIN census returns. One XML file per census year.

    Children are simulated as life courses: referral, assessment, section 47 enquiry,
    conference, plan, reviews, end, re-referral and repeat plans. All data is synthetic.
    """
    from ..synth.simulate import SynthError, simulate, write_returns

    err = make_console(stderr=True)
    console = make_console()
    try:
        census_years = parse_years(years)
        try:
            extract = date.fromisoformat(annex_a) if annex_a else None
        except ValueError:
            raise SynthError(f"--annex-a {annex_a}: not a date (write YYYY-MM-DD)") from None
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False, style="progress.description"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("Simulating families", total=None)
            sim = simulate(
                la=la,
                years=census_years,
                children=children,
                seed=seed,
                profile=profile,
                progress=lambda text: bar.update(task, description=f"Simulating: {text}"),
                until=extract,
            )
            bar.update(task, description="Writing returns", total=len(census_years), completed=0)
            written = write_returns(
                sim, out, years=census_years, progress=lambda w: bar.update(task, advance=1)
            )
            workbook = None
            if extract is not None:
                from ..synth.annexa import write_annex_a

                bar.update(task, description="Writing the Annex A workbook")
                workbook = write_annex_a(sim, out, sim.las[0], extract, seed)
    except (CouncilCodeError, SynthError, ProfileError) as exc:
        err.print(Text.assemble(("Error:", "red"), f" {exc}"))
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(
            Text.assemble(("Error:", "red"), f" cannot write to {out}: {exc.strerror or exc}")
        )
        raise typer.Exit(1) from None
    for w in written:
        share = f"{100 * w.repeat_starts / w.plan_starts:.1f}%" if w.plan_starts else "-"
        console.print(
            f"{year_label(w.census_year)}  {w.path.name}  "
            f"{w.children:,} children  {w.plan_starts:,} plan starts "
            f"({w.repeat_starts:,} repeat, {share})",
            highlight=False,
            soft_wrap=True,
        )
    if workbook is not None:
        console.print(f"Annex A at {extract}: {workbook.name}", highlight=False)
    console.print(
        f"Synthetic council {sim.las[0]}: {len(written)} returns in {out} "
        "(synthetic data, no real children).",
        highlight=False,
        soft_wrap=True,
    )
