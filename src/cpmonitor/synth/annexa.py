"""A synthetic council's Ofsted Annex A workbook at a date: Lists 4, 5 and 7 (openpyxl).

What the workbook shows is the simulated truth as known on the extract day ``as_at``, like a
case system's export: the lists cover the 12 months up to ``as_at`` (a plan, assessment or
enquiry open at some time in them); a plan end, authorisation or conference after ``as_at``
is blank, and so is the latest category when it changed later. Values are written in
Ofsted's template forms (``a) Neglect``, ``a) Male``, ``a) Yes``; dates as Excel dates), each
list under a title row, in its own sheet.

The simulator has no visits, teams or workers; they are drawn here, reproducibly from the
seed: four teams, three workers each; the last statutory visit to a child on a plan is a few
working days before the extract day (about one child in eight past ten working days, none
before the plan started, and a plan that started in the last few days may not have had one
yet); a child under three is not seen alone, an older child usually is. Everything is
synthetic.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from ..annexa.lists import ASSESSMENTS, CHILD_PROTECTION, SECTION47
from ..workdays import add_working_days
from .model import Simulation

TEAMS = ("North", "South", "East", "West")
_CATEGORY = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
_SEX = {"M": "a) Male", "F": "b) Female"}
_YES_NO = {True: "a) Yes", False: "b) No"}

# Each list's header row is the core's (Ofsted's template, as the reader recognises it).
LIST7 = CHILD_PROTECTION.header
LIST4 = ASSESSMENTS.header
LIST5 = SECTION47.header


def file_name(la: str, as_at: date) -> str:
    """``annex_a_335_2026-08-31.xlsx``: the council and the extract date, as the reader reads."""
    return f"annex_a_{la}_{as_at.isoformat()}.xlsx"


def _known(column: str, as_at: date) -> pl.Expr:
    return pl.when(pl.col(column) <= as_at).then(pl.col(column)).alias(column)


def _staff(child: int) -> tuple[str, str]:
    """A team and worker per child, fixed by the child's number (the same in every list)."""
    team = TEAMS[child % len(TEAMS)]
    return team, f"{team} SW{(child // len(TEAMS)) % 3 + 1}"


def _age(birth: date | None, on: date) -> int | None:
    if birth is None or birth > on:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def child_protection(sim: Simulation, la: str, as_at: date, seed: int = 0) -> list[list]:
    """List 7 rows as known at ``as_at`` (columns as :data:`LIST7`, in the template forms)."""
    since = as_at - timedelta(days=365)
    children = sim["children"].filter(pl.col("la") == la)
    reviews = (
        sim["reviews"]
        .filter(pl.col("review_date") <= as_at)
        .group_by("child", "plan_start")
        .agg(pl.col("review_date").max().alias("latest_review"))
        .rename({"plan_start": "start_date"})
    )
    plans = (
        sim["cp_plans"]
        .filter(
            (pl.col("la") == la)
            & (pl.col("start_date") <= as_at)
            & (pl.col("end_date").is_null() | (pl.col("end_date") > since))
        )
        .join(
            children.select("child", "birth_date", "sex", "ethnicity", "disabilities"), on="child"
        )
        .join(reviews, on=["child", "start_date"], how="left")
        .with_columns(
            _known("end_date", as_at),
            pl.when(pl.col("category_changed") <= as_at)
            .then(pl.col("latest_category"))
            .otherwise(pl.col("initial_category"))
            .alias("latest_category"),
        )
        .sort("start_date", "child")
    )
    rng = np.random.default_rng([seed, as_at.toordinal(), 13])
    rows = []
    for p in plans.iter_rows(named=True):
        last_day = p["end_date"] or as_at
        visit: date | None = add_working_days(last_day, -int(rng.choice(16, p=_VISIT_GAPS)))
        if visit < p["start_date"]:  # type: ignore[operator]
            # a plan a few days old: visited after it started, or not yet
            visit = p["start_date"] if rng.random() < 0.7 else None
        age = _age(p["birth_date"], as_at)
        unborn = p["birth_date"] is None or p["birth_date"] > as_at
        alone = (
            None if visit is None else bool(age is not None and age >= 3 and rng.random() < 0.85)
        )
        team, worker = _staff(p["child"])
        rows.append(
            [
                p["child_id"],
                "c) Not stated/recorded"
                if unborn
                else _SEX.get(p["sex"], "c) Not stated/recorded"),
                p["ethnicity"],
                None if unborn else p["birth_date"],
                age,
                _YES_NO[bool(p["disabilities"])],
                p["start_date"],
                _CATEGORY.get(p["initial_category"]),
                _CATEGORY.get(p["latest_category"]),
                visit,
                None if alone is None else _YES_NO[alone],
                p["latest_review"],
                p["end_date"],
                "b) No",
                p["previous_plans"],
                team,
                worker,
            ]
        )
    return rows


#: P(the last visit was k working days back), k = 0..15: most within ten, ~1 in 8 later.
_VISIT_GAPS = np.array([6, 8, 9, 9, 9, 9, 8, 8, 7, 6, 6, 4, 3, 3, 3, 2], dtype=float)
_VISIT_GAPS /= _VISIT_GAPS.sum()


def _child_columns(frame: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    return frame.join(
        children.select("child", "birth_date", "sex", "ethnicity"), on="child", how="left"
    )


def assessments(sim: Simulation, la: str, as_at: date) -> list[list]:
    """List 4 rows: assessments open at some time in the 12 months to ``as_at``."""
    since = as_at - timedelta(days=365)
    frame = _child_columns(
        sim["assessments"].filter(
            (pl.col("la") == la)
            & (pl.col("start_date") <= as_at)
            & (pl.col("authorisation_date").is_null() | (pl.col("authorisation_date") > since))
        ),
        sim["children"],
    ).sort("start_date", "child")
    rows = []
    for a in frame.iter_rows(named=True):
        unborn = a["birth_date"] is None or a["birth_date"] > as_at
        done = a["authorisation_date"]
        rows.append(
            [
                a["child_id"],
                "c) Not stated/recorded"
                if unborn
                else _SEX.get(a["sex"], "c) Not stated/recorded"),
                a["ethnicity"],
                None if unborn else a["birth_date"],
                a["start_date"],
                done if done is not None and done <= as_at else None,
                *_staff(a["child"]),
            ]
        )
    return rows


def enquiries(sim: Simulation, la: str, as_at: date) -> list[list]:
    """List 5 rows: section 47 enquiries started in the 12 months to ``as_at`` (a conference
    resulted in a plan when the child's plan started on the day it was held)."""
    since = as_at - timedelta(days=365)
    plans = sim["cp_plans"].select(
        "child", pl.col("start_date").alias("icpc_date"), pl.lit(1).alias("_plan")
    )
    frame = (
        _child_columns(
            sim["section47"].filter(
                (pl.col("la") == la) & pl.col("start_date").is_between(since, as_at, closed="right")
            ),
            sim["children"],
        )
        .join(plans.unique(["child", "icpc_date"]), on=["child", "icpc_date"], how="left")
        .sort("start_date", "child")
    )
    rows = []
    for s in frame.iter_rows(named=True):
        unborn = s["birth_date"] is None or s["birth_date"] > as_at
        decided = s["icpc_target"] is not None and s["icpc_target"] <= as_at
        held = s["icpc_date"] if s["icpc_date"] is not None and s["icpc_date"] <= as_at else None
        rows.append(
            [
                s["child_id"],
                "c) Not stated/recorded"
                if unborn
                else _SEX.get(s["sex"], "c) Not stated/recorded"),
                s["ethnicity"],
                None if unborn else s["birth_date"],
                s["start_date"],
                _YES_NO[bool(s["icpc_not_required"])] if decided else None,
                held,
                None if held is None else _YES_NO[s["_plan"] is not None],
                *_staff(s["child"]),
            ]
        )
    return rows


def write_annex_a(
    sim: Simulation, out_dir: Path | str, la: str, as_at: date, seed: int = 0
) -> Path:
    """Write council ``la``'s Annex A at ``as_at`` into ``out_dir``; returns the file.

    The simulation must reach ``as_at`` (its last census year ends on or after it).
    """
    from openpyxl import Workbook

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    title = f"as at {as_at:%d/%m/%Y} (synthetic data: no real child)"
    for name, heading, header, rows in (
        ("List 4", "List 4: Assessments", LIST4, assessments(sim, la, as_at)),
        ("List 5", "List 5: Section 47 enquiries and ICPCs", LIST5, enquiries(sim, la, as_at)),
        ("List 7", "List 7: Child protection", LIST7, child_protection(sim, la, as_at, seed)),
    ):
        sheet = book.create_sheet(name)
        sheet.append([f"{heading}, {title}"])
        sheet.append(list(header))
        for row in rows:
            sheet.append(row)
    path = out / file_name(la, as_at)
    book.save(path)
    return path
