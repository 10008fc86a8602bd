"""Report section 5: related measures — plans lasting 2+ years, plans open, review and
conference timeliness, by period."""

from __future__ import annotations

from ...disclosure import Disclosure
from ...stats import percent
from .. import words as w
from ..inputs import RELATED_BENCHMARKS, ReportInputs
from ..model import Column, Paragraph, Section, Table


def related(inputs: ReportInputs) -> Section:
    """Plans lasting 2+ years, plans open, review and conference timeliness, by period."""
    policy = inputs.disclosure
    periods = inputs.related_periods
    names = [w.period_name(p) for p in periods]
    trend = {r["period"]: r for r in inputs.trend.iter_rows(named=True)}
    conf = {r["period"]: r for r in inputs.conferences.iter_rows(named=True)}
    rev = {r["period"]: r for r in inputs.reviews.iter_rows(named=True)}
    lines: dict[str, list] = {
        k: []
        for k in (
            "ended",
            "lasted",
            "lasted_pc",
            "open",
            "reviewable",
            "on_time",
            "reviews_pc",
            "conferences",
            "in_time",
            "conf_pc",
            "untimed",
        )
    }
    for p in periods:
        t, c, r = trend[p.label], conf[p.label], rev[p.label]
        s = policy.counts(
            {
                "ended": t["plans_ended"],
                "lasted": t["lasted_two_years_or_more"],
                "shorter": t["plans_ended"] - t["lasted_two_years_or_more"],
            },
            [(["lasted", "shorter"], "ended")],
        )
        lines["ended"].append(s["ended"])
        lines["lasted"].append(s["lasted"])
        lines["lasted_pc"].append(
            Disclosure.derived(
                percent(t["lasted_two_years_or_more"], t["plans_ended"]), s["lasted"], s["ended"]
            )
        )
        lines["open"].append(policy.count(t["open_at_end"]))
        s = policy.counts(
            {
                "all": r["plans_reviewable"],
                "on": r["reviewed_on_time"],
                "late": r["plans_reviewable"] - r["reviewed_on_time"],
            },
            [(["on", "late"], "all")],
        )
        lines["reviewable"].append(s["all"])
        lines["on_time"].append(s["on"])
        lines["reviews_pc"].append(Disclosure.derived(r["percent"], s["on"], s["all"]))
        s = policy.counts(
            {
                "all": c["conferences"],
                "in": c["within_15_working_days"],
                "late": c["conferences"] - c["within_15_working_days"],
            },
            [(["in", "late"], "all")],
        )
        lines["conferences"].append(s["all"])
        lines["in_time"].append(s["in"])
        lines["conf_pc"].append(Disclosure.derived(c["percent"], s["in"], s["all"]))
        lines["untimed"].append(policy.count(c["conferences_without_s47_start"]))
    england = {m: _latest_england(inputs, m) for m in RELATED_BENCHMARKS}
    eng_label = {
        m: (f"{w.pct(v)} ({y})" if v is not None else "–") for m, (v, y) in england.items()
    }
    spec = [
        ("Plans ended", "ended", "count", ""),
        ("of which lasted 2 years or more", "lasted", "count", ""),
        (
            "Plans ended that had lasted 2 years or more, %",
            "lasted_pc",
            "percent",
            eng_label["plans_ended_2_years_or_more"],
        ),
        ("Plans open on the last day", "open", "count", ""),
        ("Plans due a review (open 3 months or more)", "reviewable", "count", ""),
        ("of which every review on time", "on_time", "count", ""),
        ("Plans with every review on time, %", "reviews_pc", "percent", ""),
        ("Initial conferences held", "conferences", "count", ""),
        ("of which within 15 working days of the section 47 start", "in_time", "count", ""),
        (
            "Initial conferences within 15 working days, %",
            "conf_pc",
            "percent",
            eng_label["conferences_within_15_days"],
        ),
        ("Conferences that cannot be timed (no section 47 start date)", "untimed", "count", ""),
    ]
    rows = [[label, *lines[key], eng] for label, key, _, eng in spec]
    table = Table(
        "related",
        "Related plan measures, by period",
        [
            Column("Measure", "text"),
            *[Column(n, "number") for n in names],
            Column("England (latest published)", "text"),
        ],
        rows,
        notes=[
            "Plans lasting 2 years or more: more than 729 days on the plan counting the first "
            "and last days (DfE LAIT CPPlans2yrs). Reviews: the first within 3 months of the "
            "plan starting, then at most 6 months apart (Working Together). Conferences: within "
            "15 working days of the start of the section 47 enquiry, England and Wales bank "
            "holidays excluded (LAIT CP_conf_15days).",
        ],
    )
    if not any(v is not None for v, _ in england.values()):
        note = "England's figures for these come from DfE's LAIT data set, not available here."
        if not inputs.publish:
            note += " To add them: `cpmonitor benchmarks import bds_long_0.parquet`."
        table.notes.append(note)
    return Section(
        "related",
        "Related plan measures",
        [
            Paragraph(
                "Measures read beside repeat plans: plans that last too long, plans still open, "
                "and whether reviews and conferences happen on time."
            ),
            table,
        ],
    )


def _latest_england(inputs: ReportInputs, measure: str) -> tuple[float | None, str | None]:
    series = inputs.related_benchmarks.get(measure)
    rows = [r for r in (series.rows if series else []) if r.england_value is not None]
    if not rows:
        return None, None
    row = max(rows, key=lambda r: r.year)
    return row.england_value, row.label
