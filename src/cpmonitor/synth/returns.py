"""What each year's CIN census return shows of the simulated truth: the canonical tables.

A return (census year ending 31 March, e.g. 2016 = 2015-16, reference date 2016-03-31) holds
every child with a CIN episode open at any time in the year — episodes that started before it
or in it and had not closed before it started, including those closed during it (DfE CIN
census guide) — with the episode's assessments, section 47 enquiries, CIN plans (from 2021-22)
and child protection plans that were open at some time in the year, and all of a plan's
reviews up to the reference date. What had not happened by the reference date is not known
yet: a later closure, plan end, conference or authorisation is left blank (and an enquiry whose
conference target is still ahead is not yet "conference not required"), an unborn child has
an expected date of birth and sex ``U``, and a category of abuse changed after the reference
date is still the initial one.

The XML writer serialises exactly these tables, so the in-memory path and the files agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
import polars as pl

from cpmonitor.census.dataset import CensusData, ReturnInfo
from cpmonitor.census.tables import SCHEMAS, TABLES, conform, empty
from cpmonitor.periods import financial_year

from . import spec
from .model import Simulation, factor_lists


def _window(census_year: int) -> tuple[date, date]:
    year = financial_year(census_year)
    return year.start, year.end


def _blank_after(column: str, ref: date) -> pl.Expr:
    return pl.when(pl.col(column) <= ref).then(pl.col(column)).otherwise(None).alias(column)


def return_tables(
    sim: Simulation, census_year: int, tables: Iterable[str] = TABLES
) -> dict[str, pl.DataFrame]:
    """The canonical tables of every council's return for ``census_year`` (provenance too)."""
    start, ref = _window(census_year)
    wanted = set(tables)
    t = sim.tables
    episodes = t["episodes"].filter(
        (pl.col("referral_date") <= ref) & (pl.col("closure_date") >= start)
    )
    out: dict[str, pl.DataFrame] = {}
    if "episodes" in wanted:
        out["episodes"] = episodes.with_columns(
            _blank_after("closure_date", ref),
            _blank_after("initial_cpc_date", ref),
            pl.when(pl.col("closure_date") <= ref).then(pl.col("reason_for_closure")),
        )
    if "children" in wanted:
        unborn = pl.col("birth_date") > ref
        out["children"] = (
            t["children"]
            .filter(pl.col("child").is_in(episodes.get_column("child").unique().implode()))
            .with_columns(
                pl.when(unborn).then(None).otherwise(pl.col("birth_date")).alias("birth_date"),
                pl.when(unborn).then(pl.col("expected_birth_date")).alias("expected_birth_date"),
                pl.when(unborn).then(pl.lit("U")).otherwise(pl.col("sex")).alias("sex"),
            )
        )
    if "assessments" in wanted:
        frame = t["assessments"].filter(
            (pl.col("start_date") <= ref) & (pl.col("authorisation_date") >= start)
        )
        # Factors are recorded when the assessment is authorised: none before.
        done = (frame.get_column("authorisation_date") <= ref).to_numpy()
        bits = np.where(done, frame.get_column("factor_bits").to_numpy(), 0)
        out["assessments"] = frame.with_columns(
            _blank_after("authorisation_date", ref),
            factor_lists(bits, census_year).alias("factors"),
        )
    if "section47" in wanted:
        closed = (
            t["episodes"]
            .select("child", "referral_date", pl.col("closure_date").alias("_closed"))
            .unique(["child", "referral_date"])
        )
        decided = (pl.col("icpc_target") <= ref) | (pl.col("_closed") <= ref)
        out["section47"] = (
            t["section47"]
            .filter(
                pl.col("start_date").is_between(start, ref)
                | pl.col("icpc_date").is_between(start, ref)
            )
            .join(closed, on=["child", "referral_date"], how="left")
            .with_columns(
                _blank_after("icpc_date", ref),
                # "no conference needed" is decided by the target date, or by the episode
                # closing first (DfE rule 8868); unknown before either
                (pl.col("icpc_not_required") & decided.fill_null(False)).alias("icpc_not_required"),
            )
        )
    if "cin_plans" in wanted:
        frame = t["cin_plans"]
        if not spec.has_cin_plan_dates(census_year):
            frame = frame.clear()
        out["cin_plans"] = frame.filter(
            (pl.col("start_date") <= ref) & (pl.col("end_date") >= start)
        ).with_columns(_blank_after("end_date", ref))
    if "cp_plans" in wanted:
        changed = pl.col("category_changed") <= ref
        out["cp_plans"] = (
            t["cp_plans"]
            .filter((pl.col("start_date") <= ref) & (pl.col("end_date") >= start))
            .with_columns(
                _blank_after("end_date", ref),
                pl.when(changed.fill_null(False))
                .then(pl.col("latest_category"))
                .otherwise(pl.col("initial_category"))
                .alias("latest_category"),
            )
        )
    if "reviews" in wanted:
        out["reviews"] = t["reviews"].filter(
            (pl.col("plan_start") <= ref)
            & (pl.col("plan_end") >= start)
            & (pl.col("review_date") <= ref)
        )
    file_names = {la: spec.file_name(la, census_year) for la in sim.las}
    provenance = [
        pl.col("la").replace_strict(file_names, return_dtype=pl.Utf8).alias("source_file"),
        pl.lit(census_year, dtype=pl.Int32).alias("census_year"),
        pl.lit(None, dtype=pl.Int32).alias("line"),
    ]
    return {
        name: conform(name, frame.with_columns(provenance)) if frame.height else empty(name)
        for name, frame in out.items()
    }


def census_data(
    sim: Simulation,
    years: Sequence[int] | None = None,
    tables: Iterable[str] = TABLES,
    progress=None,
) -> CensusData:
    """Every council's return for each census year, as :class:`CensusData` (no XML written).

    ``line`` is blank (there is no file); ``source_file`` is the name the XML writer would use.
    """
    years = tuple(sim.years if years is None else years)
    tables = tuple(tables)
    parts: dict[str, list[pl.DataFrame]] = {name: [] for name in tables}
    returns: list[ReturnInfo] = []
    for year in years:
        frames = return_tables(sim, year, tables)
        for name, frame in frames.items():
            if frame.height:
                parts[name].append(frame)
        counts = _children_per_la(sim, year, frames)
        for la in sim.las:
            returns.append(
                ReturnInfo(
                    file=spec.file_name(la, year),
                    la=la,
                    census_year=year,
                    reference_date=date(year, 3, 31),
                    year_source="header",
                    children=counts.get(la, 0),
                    size_bytes=0,
                    synthetic=True,
                )
            )
        if progress:
            progress(year)
    data = CensusData()
    for name in tables:
        data.tables[name] = (
            pl.concat(parts[name], how="vertical")
            if parts[name]
            else pl.DataFrame(schema=SCHEMAS[name])
        )
    data.returns = returns
    return data


def _children_per_la(sim: Simulation, year: int, frames: dict[str, pl.DataFrame]) -> dict:
    if "children" in frames:
        children = frames["children"]
    else:
        start, ref = _window(year)
        children = (
            sim.tables["episodes"]
            .filter((pl.col("referral_date") <= ref) & (pl.col("closure_date") >= start))
            .unique(["la", "child_id"])
        )
    return dict(children.group_by("la").len().iter_rows())
