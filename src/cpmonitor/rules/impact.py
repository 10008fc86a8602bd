"""Which DfE rule failures change the repeat-plan figure, and by how much.

The DfE figure for a period is the plans starting in it with ``NumberOfPreviousCPP`` ≥ 1, as a
percentage of all plans starting in it (see :mod:`cpmonitor.measures.repeat`). A DfE rule
failure bears on it in one of four ways:

- **not to be counted**: the plan should not exist — a plan on a referral with no further
  action (8832), in an episode closed after assessment (2990), or starting and ending the same
  day (8840). The figure without those plans is shown.
- **possibly in the wrong year**: the start date, which decides the year a plan counts in, is
  contradicted — not on a conference day (2885), before the referral (1105), after the
  reference date (8720), after the child's death (8915). The figure without them is shown:
  each may belong to another period.
- **not counted as a repeat**: ``NumberOfPreviousCPP`` missing (8730): DfE counts the plan as
  a first plan. The figure if each were a repeat is shown (the most it could move).
- **wrong gap**: a repeat whose previous plan's end date is contradicted (8925, 8930, 8920,
  8565 on ``CPPendDate``, 8940) — the split of repeats by the time since the previous plan
  (within two years or not) may be wrong; the figure itself is not.

Plans are matched to the history by council, child and start date (a plan reported in
several returns is one plan: a failure in any of its returns counts).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..census.dataset import CensusData
from ..history import History
from ..periods import Period
from ..stats import percent
from .registry import EPISODE, dfe_findings

NOT_COUNTED = ("8832", "2990", "8840")
WRONG_YEAR = ("2885", "1105", "8720", "8915")
NOT_A_REPEAT = ("8730",)
WRONG_GAP = ("8925", "8930", "8920", "8565", "8940")
KINDS = {
    "not counted": (NOT_COUNTED, "plans that should not be counted"),
    "wrong year": (WRONG_YEAR, "plans whose start date (so their year) is contradicted"),
    "not a repeat": (NOT_A_REPEAT, "plans with no NumberOfPreviousCPP, counted as first plans"),
    "wrong gap": (WRONG_GAP, "repeat plans whose previous plan's end date is contradicted"),
}


@dataclass(frozen=True)
class Impact:
    """One way DfE rule failures bear on the period's repeat figure."""

    kind: str  # a key of KINDS
    what: str  # in words
    rules: tuple[str, ...]  # the DfE rules that found the plans
    plans: int  # plans starting in the period concerned
    repeats: int  # of them, DfE repeats
    percent: float | None  # the DfE figure as computed
    percent_if: float | None  # without those plans (as a repeat, for "not a repeat")

    @property
    def change(self) -> float | None:
        """``percent_if`` − ``percent`` in points (``None`` when either is missing)."""
        if self.percent is None or self.percent_if is None:
            return None
        return round(self.percent_if - self.percent, 1)


def _flagged_plans(data: CensusData, codes: tuple[str, ...], found: pl.DataFrame) -> pl.DataFrame:
    """(la, child_id, start_date, rule) of the plans the rules ``codes`` found (``found``:
    :func:`~.registry.dfe_findings` of these rules and maybe others)."""
    if not found.is_empty():
        found = found.filter(pl.col("rule").is_in(codes))
    if found.is_empty():
        return pl.DataFrame(
            schema={"la": pl.Utf8, "child_id": pl.Utf8, "start_date": pl.Date, "rule": pl.Utf8}
        )
    if "8565" in codes:  # activity after closure bears on the gap only through CPPendDate
        found = found.filter((pl.col("rule") != "8565") | (pl.col("element") == "CPPendDate"))
    files = pl.DataFrame(
        {"source_file": [r.file for r in data.returns], "la": [r.la for r in data.returns]},
        schema={"source_file": pl.Utf8, "la": pl.Utf8},
    ).unique("source_file")
    plans = found.filter(pl.col("plan_start").is_not_null()).select(
        "source_file", "child_id", pl.col("plan_start").alias("start_date"), "rule"
    )
    # episode-level findings (2990) concern every plan of the episode
    episodes = found.filter(pl.col("plan_start").is_null() & pl.col("referral_date").is_not_null())
    in_episode = episodes.join(
        data["cp_plans"].select(*EPISODE, "start_date"), on=list(EPISODE), how="inner"
    ).select("source_file", "child_id", "start_date", "rule")
    return (
        pl.concat([plans, in_episode])
        .join(files, on="source_file", how="left")
        .select("la", "child_id", "start_date", "rule")
        .unique()
    )


def repeat_impact(
    data: CensusData,
    history: History,
    period: Period,
    la: str | None = None,
    found: pl.DataFrame | None = None,
) -> list[Impact]:
    """How the DfE rules' failures bear on ``period``'s repeat figure (see the module).

    ``found``: :func:`~.registry.dfe_findings` of every rule over ``data``, when already
    computed (the report has them for its data-quality figures)."""
    plans = history.plans if la is None else history.plans.filter(pl.col("la") == la)
    started = plans.filter(pl.col("start_date").is_between(period.start, period.end))
    repeat = pl.col("previous_plans").fill_null(0) >= 1
    total, repeats = started.height, started.filter(repeat).height
    now = percent(repeats, total)
    key = ["la", "child_id", "start_date"]
    # every kind's rules run together, on one set of joined frames
    if found is None:
        found = dfe_findings(data, [c for codes, _ in KINDS.values() for c in codes])
    out = []
    for kind, (codes, what) in KINDS.items():
        flagged = _flagged_plans(data, codes, found)
        if kind == "wrong gap":
            # a repeat in the period is affected when an earlier plan of the child is flagged
            earlier = flagged.select(
                "la", "child_id", pl.col("start_date").alias("_flagged_start"), "rule"
            )
            hit = (
                started.filter(repeat)
                .join(earlier, on=["la", "child_id"], how="inner")
                .filter(pl.col("_flagged_start") < pl.col("start_date"))
            )
            rules = tuple(sorted(set(hit["rule"]), key=_number))
            n = hit.select(key).unique().height
            out.append(Impact(kind, what, rules, n, n, now, now))
            continue
        hit = started.join(flagged, on=key, how="inner")
        rules = tuple(sorted(set(hit["rule"]), key=_number))
        hit = hit.unique(key)
        n, r = hit.height, hit.filter(repeat).height
        if kind == "not a repeat":
            after = percent(repeats + n, total)
        else:
            after = percent(repeats - r, total - n)
        out.append(Impact(kind, what, rules, n, r, now, after))
    return out


def _number(code: str) -> int:
    return int(code.rstrip("Q"))


def describe(impact: Impact) -> str:
    """One sentence for a report or page, e.g. "Plans that should not be counted (3; DfE
    8832): without them the figure would be 21.4% instead of 22.0% (-0.6 points)"."""
    rules = "; DfE " + ", ".join(impact.rules) if impact.rules else ""
    head = f"{impact.what[0].upper()}{impact.what[1:]} ({impact.plans}{rules})"
    if impact.kind == "wrong gap":
        return head + ": the figure itself is unchanged, its split by gap may not be"
    if impact.change is None:
        return head
    if impact.kind == "not a repeat":
        return (
            f"{head}: if each were a repeat the figure would be {impact.percent_if:.1f}% "
            f"instead of {impact.percent:.1f}% ({impact.change:+.1f} points)"
        )
    return (
        f"{head}: without them the figure would be {impact.percent_if:.1f}% instead of "
        f"{impact.percent:.1f}% ({impact.change:+.1f} points)"
    )
