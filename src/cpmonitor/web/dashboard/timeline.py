"""One child's record as a dated list of events (presentation of the core's History)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import polars as pl

from cpmonitor.codes import factors_in_words, in_words
from cpmonitor.report.words import day


@dataclass
class Event:
    """One thing that happened, for the timeline."""

    day: date
    kind: str  # referral, assessment, section47, conference, cin_plan, plan_start, plan_end, review, closure, gap
    title: str
    detail: str = ""
    order: int = 0


def _category(code: str | None) -> str:
    return in_words(code, "category") if code else "category not recorded"


class ByChild:
    """A history's tables sorted by child once, with where each child's rows lie, so one
    child's rows are a slice rather than a scan of every table (the timeline page asks for
    one child at a time). Rows keep the history's order within a child."""

    TABLES = ("episodes", "assessments", "section47", "cin_plans", "plans", "reviews", "children")

    def __init__(self, history) -> None:
        self._tables: dict[str, tuple[pl.DataFrame, dict]] = {}
        for name in self.TABLES:
            ordered = getattr(history, name).sort(["la", "child_id"], maintain_order=True)
            spans = ordered.group_by(["la", "child_id"], maintain_order=True).len()
            starts = spans["len"].cum_sum() - spans["len"]
            where = {
                (la, child): (start, n)
                for la, child, start, n in zip(
                    spans["la"], spans["child_id"], starts, spans["len"], strict=True
                )
            }
            self._tables[name] = (ordered, where)

    def rows(self, table: str, la: str, child_id: str) -> list[dict]:
        """The child's rows of ``table`` (a list of dicts; empty when there are none)."""
        ordered, where = self._tables[table]
        span = where.get((la, child_id))
        return [] if span is None else ordered.slice(*span).to_dicts()


#: How many parts a council's :class:`ByChild` index is kept in: a timeline page takes one
#: part (about 500 children of the demo council's 30,000: 0.4 MB, a few milliseconds to load)
#: from the shared cache, never the whole index (25 MB, 0.3 s).
SHARDS = 64


def shard_of(child_id: str | None, shards: int = SHARDS) -> int:
    """The part of a council's index that holds ``child_id``'s rows: a stable hash (CRC-32 of
    the ID), the same in every process, unlike Python's ``hash``."""
    return zlib.crc32((child_id or "").encode("utf-8")) % shards


def by_shard(history, shards: int = SHARDS) -> list[ByChild]:
    """The history's :class:`ByChild` index in ``shards`` parts: part ``i`` holds every row
    of the children whose :func:`shard_of` is ``i``, in the history's order (so a child's
    rows in its part are those of the whole index)."""
    tables = {name: getattr(history, name) for name in ByChild.TABLES}
    ids = {c for frame in tables.values() for c in frame["child_id"].unique().to_list()}
    part_of = {c: shard_of(c, shards) for c in ids if c is not None}
    split = {}
    for name, frame in tables.items():
        column = (
            pl.col("child_id")
            .replace_strict(part_of, default=None, return_dtype=pl.Int64)
            .fill_null(shard_of(None, shards))
            .alias("_shard")
        )
        split[name] = frame.with_columns(column).partition_by(
            "_shard", as_dict=True, maintain_order=True, include_key=False
        )
    return [
        ByChild(
            SimpleNamespace(
                **{name: split[name].get((i,), tables[name].clear()) for name in ByChild.TABLES}
            )
        )
        for i in range(shards)
    ]


def for_child(
    by_child: ByChild, la: str, child_id: str
) -> tuple[list[Event], list[dict], dict | None]:
    """Events in date order, the child's plans (as the core numbered them), their details,
    from the history's :class:`ByChild` index."""

    def rows(table: str) -> list[dict]:
        return by_child.rows(table, la, child_id)

    events: list[Event] = []
    for ep in rows("episodes"):
        if ep["referral_date"]:
            nfa = " – no further action" if ep["referral_nfa"] else ""
            events.append(
                Event(
                    ep["referral_date"],
                    "referral",
                    "Referral" + nfa,
                    f"Referred by: {in_words(ep['referral_source'], 'referral_source')}. "
                    f"Primary need: {in_words(ep['primary_need'], 'primary_need')}.",
                    0,
                )
            )
        if ep["initial_cpc_date"]:
            events.append(
                Event(
                    ep["initial_cpc_date"],
                    "conference",
                    "Initial child protection conference",
                    "",
                    3,
                )
            )
        if ep["closure_date"]:
            events.append(
                Event(
                    ep["closure_date"],
                    "closure",
                    "Case closed",
                    f"Reason: {in_words(ep['reason_for_closure'], 'reason_for_closure')}",
                    9,
                )
            )
    for a in rows("assessments"):
        if a["start_date"]:
            factors = factors_in_words(a["factors"])
            done = (
                f". Authorised {day(a['authorisation_date'])}"
                if a["authorisation_date"]
                else ". Not yet authorised"
            )
            events.append(
                Event(
                    a["start_date"],
                    "assessment",
                    "Assessment started",
                    f"Factors: {factors}{done}",
                    1,
                )
            )
    for s in rows("section47"):
        if s["start_date"]:
            icpc = (
                "conference not required"
                if s["icpc_not_required"]
                else (
                    f"conference held {day(s['icpc_date'])}"
                    if s["icpc_date"]
                    else "no conference date recorded"
                )
            )
            events.append(
                Event(s["start_date"], "section47", "Section 47 enquiry started", icpc, 2)
            )
        if s["icpc_date"] and not any(
            e.kind == "conference" and e.day == s["icpc_date"] for e in events
        ):
            events.append(
                Event(s["icpc_date"], "conference", "Initial child protection conference", "", 3)
            )
    for c in rows("cin_plans"):
        if c["start_date"]:
            events.append(Event(c["start_date"], "cin_plan", "Child in need plan started", "", 4))
        if c["end_date"]:
            events.append(Event(c["end_date"], "cin_plan", "Child in need plan ended", "", 8))
    plans = sorted(rows("plans"), key=lambda p: p["start_date"])
    for p in plans:
        n = p["plan_number"]
        if p["gap_days"] is not None:
            when = "within" if p["within_two_years"] else "more than"
            events.append(
                Event(
                    p["start_date"],
                    "gap",
                    f"{p['gap_days']} days since the previous plan ended",
                    f"{when.capitalize()} two years",
                    4,
                )
            )
        recorded = "not recorded" if p["previous_plans"] is None else str(p["previous_plans"])
        events.append(
            Event(
                p["start_date"],
                "plan_start",
                f"Child protection plan {n} started",
                f"{_category(p['initial_category'])}; previous plans recorded: {recorded}",
                5,
            )
        )
        if p["end_date"]:
            events.append(
                Event(
                    p["end_date"],
                    "plan_end",
                    f"Child protection plan {n} ended",
                    f"Latest category {_category(p['latest_category'])}; {p['days_on_plan']} days on plan",
                    7,
                )
            )
    for r in rows("reviews"):
        if r["review_date"]:
            events.append(
                Event(
                    r["review_date"],
                    "review",
                    "Review conference",
                    f"Plan started {day(r['plan_start'])}",
                    6,
                )
            )
    events.sort(key=lambda e: (e.day, e.order))
    person = next(iter(rows("children")), None)
    return events, plans, person
