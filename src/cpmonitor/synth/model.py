"""The life-course model: families, and their children, moving through children's social care.

A family arrives (its first referral to the council), then lives episode after episode:
referral (with its source) → no further action, or an assessment (with the factors it found) →
possibly a section 47 enquiry → possibly an initial child protection conference (mostly within
15 working days) → possibly a child protection plan for the children of the referral, with a
first review within 3 months and then 6-monthly, ending at a review (or earlier, when a child
becomes looked after or the family moves) → step-down as a child in need → closure → possibly a
re-referral, and a repeat plan. Some families arrive from another council already on a plan
(their children's ``NumberOfPreviousCPP`` counts those plans); some have a baby during their
involvement (a pre-birth referral, a plan that starts before the birth).

Everything is vectorised with numpy: round *k* simulates the *k*-th episode of every family
still active, across all councils at once. The result is the *truth*: every record with its
real dates, including those after a return's reference date. What a census return shows of it
is :mod:`cpmonitor.synth.returns`' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from cpmonitor.census.tables import TABLES

from ..workdays import add_working_days_to_days as add_working_days
from ..workdays import next_working_days as next_working_day
from . import rates as R
from . import spec

NA = np.iinfo(np.int64).min  # a missing day number (numpy's NaT)
NA32 = np.iinfo(np.int32).min  # the same in the int32 records
EPOCH = date(1970, 1, 1)
NEEDS = ("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
_BIT = {code: np.uint64(1) << np.uint64(i) for i, code in enumerate(R.FACTOR_CODES)}
_BIT_INT = {code: 1 << i for i, code in enumerate(R.FACTOR_CODES)}

Progress = Callable[[str], None]
BATCH_FAMILIES = 250_000


def day_number(d: date | str) -> int:
    """Days since 1970-01-01."""
    d = date.fromisoformat(d) if isinstance(d, str) else d
    return (d - EPOCH).days


def census_year_of(days: np.ndarray) -> np.ndarray:
    """The census year (year ending 31 March) containing each day number."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    return np.where(month >= 4, year + 1, year)


def add_years(days: np.ndarray, years: int) -> np.ndarray:
    """The same calendar day ``years`` later (29 February becomes 1 March)."""
    d = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_in_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    return ((month + 12 * years).astype("datetime64[D]")).astype(np.int64) + day_in_month


@dataclass(frozen=True)
class Council:
    """One simulated council: its 3-digit LA code, its size and its repeat-plan trend.

    ``children``: the expected number of children in each year's return (children with a CIN
    episode open at some time in the census year). ``repeat_odds``: per census year of
    the simulation, the multiplier on the chance that a family who has had a plan before is
    brought to conference again (1 = England's calibrated level; see :mod:`.profiles`).
    """

    la: str
    children: int
    repeat_odds: tuple[float, ...]


@dataclass
class Simulation:
    """The truth of a simulation: one table per record type, every date as it really was.

    Tables have the canonical tables' columns without provenance (``la``, ``child_id``, then
    the items), plus internal ones: ``child`` (an integer key), ``plan_end`` on reviews,
    ``factor_bits`` on assessments (decode with :func:`factor_lists`). ``children`` adds
    ``external_plans`` (plans before the council's records: in another council, for a transfer
    in) and ``family``; ``cp_plans`` adds ``previous_plans`` (external plans plus the child's
    earlier plans here: ``NumberOfPreviousCPP``) and ``category_changed`` (when the latest
    category took over). Records that ended before the first census year are left out, except
    child protection plans, which ``previous_plans`` counts.
    """

    councils: tuple[Council, ...]
    years: tuple[int, ...]
    seed: int
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    @property
    def las(self) -> list[str]:
        return [c.la for c in self.councils]


def _pick(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """``n`` indices drawn with the given weights."""
    return rng.choice(len(weights), size=n, p=R.normalised(weights))


def _pick_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One index per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs, axis=1)
    u = rng.random(probs.shape[0])[:, None] * cum[:, -1:]
    return np.minimum((u >= cum).sum(axis=1), probs.shape[1] - 1)


def _lognormal_days(rng, median: np.ndarray | float, sigma: float, n: int, lo: int, hi: int):
    return np.clip(rng.lognormal(np.log(median), sigma, n), lo, hi).astype(np.int64)


class _Records:
    """Columns of child-level records gathered round by round (days kept as int32)."""

    def __init__(self) -> None:
        self.parts: dict[str, list[dict[str, np.ndarray]]] = {}

    def add(self, table: str, **columns: np.ndarray) -> None:
        small = {
            k: np.where(v == NA, NA32, v).astype(np.int32) if v.dtype == np.int64 else v
            for k, v in columns.items()
        }
        self.parts.setdefault(table, []).append(small)

    def take(self, table: str) -> dict[str, np.ndarray]:
        """A table's columns, handed over (the parts are freed)."""
        parts = self.parts.pop(table, [])
        return (
            {k: np.concatenate([p.pop(k) for p in parts]) for k in list(parts[0])} if parts else {}
        )


@dataclass
class _Families:
    la: np.ndarray
    chronic: np.ndarray
    transfer: np.ndarray
    ethnicity: np.ndarray
    births: np.ndarray  # (F, MAX_CHILDREN), NA where no child
    adult: np.ndarray  # 18th birthdays
    sex: np.ndarray  # 0 = F, 1 = M
    disability: np.ndarray  # bit mask over rates.DISABILITIES (0 = none)
    external: np.ndarray  # plans before arrival (transfers in)
    expected: np.ndarray  # expected date of birth (for children once unborn at a referral)
    first_seen: np.ndarray  # first referral date of each child (NA: never referred)
    last_seen: np.ndarray  # latest episode closure of each child


def _families(rng, councils: Sequence[Council], start: int, end: int):
    """Families arriving in the councils between ``start`` and ``end``, and arrival days."""
    years = (end - start + 1) / 365.25
    rate = np.array([c.children for c in councils], dtype=float) * R.FAMILIES_PER_CHILD_YEAR
    counts = rng.poisson(rate * years)
    la = np.repeat(np.arange(len(councils), dtype=np.int32), counts)
    f = la.size
    arrival = rng.integers(start, end + 1, f)
    chronic = rng.random(f) < R.P_CHRONIC
    transfer = rng.random(f) < R.P_TRANSFER_IN
    k = R.MAX_CHILDREN
    births = np.full((f, k), NA, dtype=np.int64)
    unborn = rng.random(f) < R.P_UNBORN_AT_ARRIVAL
    age = _pick(rng, R.YOUNGEST_AGE_WEIGHTS, f)
    youngest = np.where(
        unborn,
        arrival + rng.integers(30, R.PRE_BIRTH_WINDOW_DAYS, f),
        arrival - (age * 365.25 + rng.integers(0, 365, f)).astype(np.int64),
    )
    births[:, 0] = youngest
    extra = np.minimum(rng.poisson(R.EXTRA_CHILDREN_MEAN, f), k - 2)
    previous = youngest
    eighteen_before = add_years(arrival, -18)
    for slot in range(1, k - 1):
        gap = 330 + rng.gamma(2.0, 320.0, f).astype(np.int64)
        born = previous - gap
        keep = (slot <= extra) & (born > eighteen_before)
        births[:, slot] = np.where(keep, born, NA)
        previous = born
    baby = rng.random(f) < R.P_LATER_BABY[chronic.astype(int)]
    births[:, k - 1] = np.where(
        baby, np.maximum(arrival, youngest) + rng.integers(300, 2500, f), NA
    )
    valid = births != NA
    adult = np.full_like(births, NA)
    adult[valid] = add_years(births[valid], 18)
    disabled = rng.random((f, k)) < R.P_DISABLED
    disability = np.zeros((f, k), dtype=np.uint16)
    kind = _pick(rng, R.DISABILITY_WEIGHTS, int(disabled.sum())).astype(np.uint16)
    disability[disabled] = np.uint16(1) << kind
    return _Families(
        la=la,
        chronic=chronic,
        transfer=transfer,
        ethnicity=_pick(rng, np.array(list(R.ETHNICITY.values())), f).astype(np.int8),
        births=births,
        adult=adult,
        sex=(rng.random((f, k)) < R.P_MALE).astype(np.int8),
        disability=disability,
        external=np.zeros((f, k), dtype=np.int32),
        expected=np.full((f, k), NA, dtype=np.int64),
        first_seen=np.full((f, k), NA, dtype=np.int64),
        last_seen=np.full((f, k), NA, dtype=np.int64),
    ), arrival


def _plan_course(rng, start: np.ndarray, chronic: np.ndarray):
    """Reviews, end and categories of plans starting on ``start`` (one row per family plan)."""
    n = start.size
    kmax = R.END_AT_REVIEW.size
    first = np.where(
        rng.random(n) < R.P_FIRST_REVIEW_ON_TIME,
        rng.integers(56, 89, n),
        rng.integers(92, 131, n),
    )
    gaps = np.where(
        rng.random((n, kmax - 1)) < R.P_REVIEW_ON_TIME,
        rng.integers(150, 179, (n, kmax - 1)),
        rng.integers(185, 231, (n, kmax - 1)),
    )
    offsets = np.cumsum(np.column_stack([first, gaps]), axis=1)
    reviews = next_working_day(start[:, None] + offsets)
    hazard = R.END_AT_REVIEW[None, :] * np.where(chronic, 0.9, 1.0)[:, None]
    ends = rng.random((n, kmax)) < hazard
    ends[:, -1] = True
    at = ends.argmax(axis=1)
    end = reviews[np.arange(n), at]
    event = rng.random(n) < R.P_END_BETWEEN_REVIEWS
    event_day = next_working_day(start + 1 + (rng.random(n) * (end - start - 1)).astype(np.int64))
    end = np.where(event, np.minimum(event_day, end), end)
    kind = np.where(event, 1 + _pick(rng, R.END_EVENT_WEIGHTS, n), 0)
    held = reviews <= end[:, None]
    initial = _pick_rows(rng, R.CATEGORY_WEIGHTS[chronic.astype(int)]).astype(np.int8)
    n_held = held.sum(axis=1)
    change = (rng.random(n) < R.P_CATEGORY_CHANGE) & (n_held > 0)
    which = (rng.random(n) * np.maximum(n_held, 1)).astype(np.int64)
    changed = np.where(change, reviews[np.arange(n), which], NA)
    shift = 1 + (rng.random(n) * (len(R.CATEGORIES) - 1)).astype(np.int8)
    latest = np.where(change, (initial + shift) % len(R.CATEGORIES), initial).astype(np.int8)
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "reviews": reviews,
        "held": held,
        "initial": initial,
        "latest": latest,
        "changed": changed,
    }


def _factors(rng, level: np.ndarray, chronic: np.ndarray, category: np.ndarray) -> np.ndarray:
    """Family factor bit masks: level 0 not in need, 1 in need, 2 s47 without plan, 3 plan."""
    n = level.size
    on_plan = level == 3
    mask = np.zeros(n, dtype=np.uint64)
    for code, (*by_level, chronic_factor) in R.FAMILY_FACTORS.items():
        p = np.array(by_level)[level] * np.where(chronic, chronic_factor, 1.0)
        with_category = np.array([R.CATEGORY_FACTORS[c].get(code, 0.0) for c in R.CATEGORIES])
        p = np.where(on_plan, np.maximum(p, with_category[np.maximum(category, 0)]), p)
        mask |= np.where(rng.random(n) < np.minimum(p, 0.95), _BIT[code], np.uint64(0))
    return mask


def _child_factors(rng, age_years: np.ndarray) -> np.ndarray:
    """The child's own factors (most only from age 11: exploitation, missing, self-harm...)."""
    older = age_years >= 11
    mask = np.zeros(age_years.size, dtype=np.uint64)
    for code, (young, old) in R.CHILD_FACTORS.items():
        p = np.where(older, old, young)
        mask |= np.where(rng.random(age_years.size) < p, _BIT[code], np.uint64(0))
    return mask


def _dated_factors(mask: np.ndarray, start: np.ndarray, not_in_need: np.ndarray) -> np.ndarray:
    """No factor before its code existed (24A from 2021-22); none found is 21 (no factors
    identified) when the child was found not in need, else 20 (other).

    Physical and sexual abuse are kept as 18B/18C/19B/19C whenever they were found; a return
    of a year before the split writes 18A/19A (see :func:`factor_lists`).
    """
    cce = start >= day_number(spec.first_day("AssessmentFactors", "24A"))
    out = np.where(cce, mask, mask & ~_BIT["24A"])
    return np.where(out == 0, np.where(not_in_need, _BIT["21"], _BIT["20"]), out)


def factor_lists(bits: np.ndarray, census_year: int | None = None) -> pl.Series:
    """Factor code lists from bit masks, as ``census_year``'s code list writes them.

    A code the year's list lacks takes its earlier equivalent (18C -> 18A before 2020-21).
    Each distinct mask is decoded once.
    """
    allowed = spec.factor_codes(census_year) if census_year else frozenset(R.FACTOR_CODES)
    uniq, inverse = np.unique(np.asarray(bits, dtype=np.uint64), return_inverse=True)
    joined = []
    for u in uniq.tolist():
        codes: list[str] = []
        for c in R.FACTOR_CODES:
            if u & _BIT_INT[c]:
                code = c if c in allowed else spec.EARLIER_CODE.get(c)
                if code in allowed and code not in codes:
                    codes.append(code)
        joined.append(",".join(codes))
    return _split_codes(joined).gather(inverse.astype(np.int64))


def _split_codes(joined: list[str]) -> pl.Series:
    """Comma-joined codes as a list column (an empty string is an empty list)."""
    return (
        pl.Series(joined, dtype=pl.Utf8)
        .str.split(",")
        .list.eval(pl.element().filter(pl.element() != ""))
    )


def simulate_truth(
    councils: Sequence[Council],
    years: Sequence[int],
    seed: int,
    warmup_years: int = 10,
    progress: Progress | None = None,
    tables: Iterable[str] = TABLES,
) -> Simulation:
    """Simulate every council's families from ``warmup_years`` before the first census year.

    The warm-up fills the council with families who already have a history, so the first
    return holds plans whose ``NumberOfPreviousCPP`` counts plans no return shows.
    ``tables`` limits the truth tables built (children, episodes and plans always are); the
    simulation itself, and so every record, is the same whatever is asked for.
    """
    years = tuple(years)
    rng = np.random.default_rng(seed)
    start = day_number(date(years[0] - 1 - warmup_years, 4, 1))
    end = day_number(date(years[-1], 3, 31))
    fam, arrival = _families(rng, councils, start, end)
    odds = np.array([c.repeat_odds for c in councils], dtype=float).reshape(len(councils), -1)
    n_f = fam.la.size
    state = _State(
        t_next=arrival.astype(np.int64),
        active=np.ones(n_f, dtype=bool),
        had_plan=np.zeros(n_f, dtype=bool),
        in_care=np.zeros(n_f, dtype=bool),
        transfer_pending=fam.transfer.copy(),
    )
    t_next, active = state.t_next, state.active
    rec = _Records()
    # Families never meet, so they are simulated in batches: memory stays bounded.
    for first in range(0, n_f, BATCH_FAMILIES):
        batch = np.arange(first, min(first + BATCH_FAMILIES, n_f))
        round_no = 0
        while True:
            live = active[batch] & (t_next[batch] <= end)
            active[batch] = live
            idx = batch[live]
            if idx.size == 0:
                break
            round_no += 1
            if progress:
                progress(
                    f"families {first + 1:,}-{batch[-1] + 1:,} of {n_f:,}, "
                    f"episode {round_no}: {idx.size:,} families"
                )
            r = t_next[idx]
            births = fam.births[idx]
            valid = births != NA
            teen = valid & (r[:, None] - births >= 16 * 365.25)
            present = (
                valid
                & (births <= r[:, None] + R.PRE_BIRTH_WINDOW_DAYS)
                & (r[:, None] < fam.adult[idx])
                & (~teen | (rng.random(births.shape) < R.P_TEEN_INCLUDED))
            )
            nobody = ~present.any(axis=1)
            if nobody.any():
                # Nobody to refer now: a family expecting a baby comes back before the birth.
                never = np.iinfo(np.int64).max
                due = np.where(valid & (births > r[:, None]), births, never).min(axis=1)
                wait = nobody & (due < never)
                t_next[idx[wait]] = np.maximum(
                    r[wait] + 1,
                    due[wait] - rng.integers(60, R.PRE_BIRTH_WINDOW_DAYS, int(wait.sum())),
                )
                active[idx[nobody & ~wait]] = False
                keep = ~nobody
                idx, r, births, present, teen = (a[keep] for a in (idx, r, births, present, teen))
            if idx.size == 0:
                continue
            la = fam.la[idx]

            def multiplier(days: np.ndarray, rows: np.ndarray, la=la) -> np.ndarray:
                """The repeat multiplier of each family row's council in the year of ``days``."""
                year = np.clip(census_year_of(days) - years[0], 0, odds.shape[1] - 1)
                return odds[la[rows], year]

            _episode(rng, fam, state, idx, r, births, present, teen, multiplier, rec)

    return _assemble(councils, years, seed, fam, rec, {*tables, *ALWAYS})


@dataclass
class _State:
    """Where each family is: next referral day, still active, history flags."""

    t_next: np.ndarray
    active: np.ndarray
    had_plan: np.ndarray
    in_care: np.ndarray
    transfer_pending: np.ndarray


def _episode(
    rng, fam: _Families, state: _State, idx, r, births, present, teen, multiplier, rec
) -> None:
    """One episode for each family ``idx`` referred on day ``r``; records go to ``rec``.

    ``multiplier(days, rows)``: the repeat-plan multiplier of those family rows' councils in
    the census year of ``days`` (applied in the year the conference would be held).
    """
    n = idx.size
    k = R.MAX_CHILDREN
    chronic = fam.chronic[idx]
    had = state.had_plan[idx]
    transfer = state.transfer_pending[idx]
    state.transfer_pending[idx] = False
    cy = census_year_of(r)
    unborn = present & (births > r[:, None])
    pre_birth = unborn.any(axis=1) & ~(present & ~unborn).any(axis=1)

    # --- decisions -----------------------------------------------------------------
    nfa = ~transfer & (rng.random(n) < R.nfa_rate(cy) * np.where(had, 0.5, 1.0))
    assessed = ~nfa
    p_s47 = R.P_S47[chronic.astype(int), had.astype(int)]
    p_s47 = np.where(pre_birth & had, np.maximum(p_s47, R.P_S47_PRE_BIRTH), p_s47)
    infant = (present & (births > r[:, None] - 365)).any(axis=1)
    p_s47 = np.minimum(p_s47 * np.where(infant, R.S47_INFANT_FACTOR, 1.0), 0.95)
    s47 = assessed & ~transfer & (rng.random(n) < p_s47)

    # --- dates -----------------------------------------------------------------------
    a_start = add_working_days(r, np.minimum(rng.geometric(0.45, n) - 1, 15))
    a_days = np.where(rng.random(n) < 0.85, rng.integers(8, 46, n), rng.integers(46, 81, n))
    a_auth = add_working_days(a_start, a_days)
    s_start = add_working_days(r, np.minimum(rng.geometric(0.5, n) - 1, 10))
    target = add_working_days(s_start, R.ICPC_TARGET_WORKING_DAYS)
    icpc_day = np.where(
        rng.random(n) < R.P_ICPC_ON_TIME,
        add_working_days(s_start, rng.integers(5, 16, n)),
        add_working_days(s_start, 16 + np.minimum(rng.geometric(0.12, n), 60)),
    )
    m = multiplier(icpc_day, np.arange(n))
    p_icpc = np.minimum(R.P_ICPC[had.astype(int)] * np.where(had, m, 1.0), 0.97)
    icpc = s47 & (rng.random(n) < p_icpc)
    plan = (icpc & (rng.random(n) < R.P_PLAN_AFTER_ICPC)) | transfer
    not_in_need = assessed & ~s47 & ~transfer & (rng.random(n) < R.P_NOT_IN_NEED)
    in_need = assessed & ~plan & ~not_in_need
    plan_start = np.where(transfer, add_working_days(r, rng.integers(5, 16, n)), icpc_day)

    closure = np.full(n, NA, dtype=np.int64)
    reason = np.full(n, -1, dtype=np.int8)
    leaves = np.zeros(n, dtype=bool)
    to_care = np.zeros(n, dtype=bool)
    early_help = rng.random(n) < 0.35
    rc89 = np.where(
        early_help & (a_auth >= day_number(spec.first_day("ReasonForClosure", "RC9"))), 8, 7
    )
    closure[nfa] = r[nfa]
    reason[nfa] = 7
    closure[not_in_need] = a_auth[not_in_need]
    reason[not_in_need] = rc89[not_in_need]

    # Children in need without a plan (some after a section 47 enquiry).
    served = in_need & (rng.random(n) < np.where(s47, 0.7, 0.9))
    after = np.where(icpc, np.maximum(a_auth, icpc_day), a_auth)
    cin_len = _lognormal_days(rng, 160.0, 0.7, n, 20, 1100)
    closure = np.where(served, after + cin_len, closure)
    closure = np.where(in_need & ~served, after, closure)
    # "Closed after assessment" (RC8, RC9) only when nothing followed the assessment (DfE
    # rule 2990): an enquiry that led to no plan or service closes as RC7.
    reason = np.where(in_need & ~served, np.where(s47, 6, rc89), reason)
    other = _pick(rng, np.array([0.92, 0.04, 0.02, 0.02]), n)  # RC7, RC5, RC3, RC4
    reason = np.where(served, np.array([6, 4, 2, 3])[other], reason).astype(np.int8)
    cinp_start = next_working_day(after + rng.integers(0, 8, n))
    rows = np.nonzero(served & (rng.random(n) < 0.85) & (cinp_start < closure))[0]

    # Each entry: (family rows of this round, their values).
    cin_plans = [(rows, {"start": cinp_start[rows], "end": closure[rows]})]
    rows = np.nonzero(assessed)[0]
    assessments = [(rows, {"start": a_start[rows], "auth": a_auth[rows]})]
    rows = np.nonzero(s47)[0]
    icpc_or_na = np.where(icpc, icpc_day, NA)
    section47 = [(rows, {"start": s_start[rows], "target": target[rows], "icpc": icpc_or_na[rows]})]

    # Child protection plans: the first, and perhaps a second in the same episode.
    p_idx = np.nonzero(plan)[0]
    course = _plan_course(rng, plan_start[p_idx], chronic[p_idx])
    plans = [(p_idx, course)]
    youngest = np.where(present, births, -(2**40)).max(axis=1)

    def finish(rows, plan_end, how):
        """Close the episode after its last plan ends ``how`` (see _plan_course)."""
        stepdown = _lognormal_days(rng, 120.0, 0.6, rows.size, 30, 540)
        step = (how == 0) | (how == 3)
        c = np.where(step, plan_end + 1 + stepdown, plan_end)
        c = np.where(how == 1, plan_end + rng.integers(365, 1461, rows.size), c)
        young = (plan_end - youngest[rows]) < 5 * 365.25
        care_reason = np.where(
            young & (rng.random(rows.size) < 0.35),
            0,
            np.array([3, 2, 6])[_pick(rng, np.array([0.45, 0.2, 0.35]), rows.size)],
        )
        closure[rows] = c
        reason[rows] = np.select([how == 1, how == 2], [care_reason, 4], 6)
        to_care[rows] |= how == 1
        leaves[rows] |= (how == 2) & (rng.random(rows.size) < R.P_LEAVE_AFTER_MOVE)
        cin_plans.append((rows[step], {"start": plan_end[step] + 1, "end": c[step]}))

    m_later = multiplier(course["end"], p_idx)  # a deterioration after the plan ends
    second = (course["kind"] == 0) & (
        rng.random(p_idx.size)
        < np.minimum(R.P_SECOND_PLAN[chronic[p_idx].astype(int)] * m_later, 0.9)
    )
    finish(p_idx[~second], course["end"][~second], course["kind"][~second])
    if second.any():
        q = p_idx[second]
        first_end = course["end"][second]
        s2 = next_working_day(first_end + 1 + rng.integers(20, 200, q.size))
        icpc2 = add_working_days(s2, rng.integers(5, 16, q.size))
        course2 = _plan_course(rng, icpc2, chronic[q])
        plans.append((q, course2))
        target2 = add_working_days(s2, R.ICPC_TARGET_WORKING_DAYS)
        section47.append((q, {"start": s2, "target": target2, "icpc": icpc2}))
        auth2 = add_working_days(s2, rng.integers(8, 40, q.size))
        assessments.append((q, {"start": s2, "auth": auth2}))
        cin_plans.append((q, {"start": first_end + 1, "end": icpc2 - 1}))
        finish(q, course2["end"], course2["kind"])

    # --- child level -----------------------------------------------------------------
    on_plan = present & (rng.random(present.shape) < np.where(teen, 0.8, R.P_CHILD_ON_PLAN))
    none_on = np.nonzero(~on_plan.any(axis=1))[0]
    on_plan[none_on, present[none_on].argmax(axis=1)] = True
    on_plan &= plan[:, None]
    if transfer.any():
        t = np.nonzero(transfer)[0]
        born = on_plan[t] & (births[t] <= r[t, None])
        count = 1 + (rng.random(born.shape) < 0.25) + (rng.random(born.shape) < 0.05)
        fam.external[idx[t]] = np.where(born, count, fam.external[idx[t]])

    fi, slot = np.nonzero(present)
    fam_i = idx[fi]
    child = fam_i * k + slot
    cutoff = fam.adult[fam_i, slot] - 1  # the day before the 18th birthday
    seen = fam.first_seen[fam_i, slot]
    fam.first_seen[fam_i, slot] = np.where(seen == NA, r[fi], seen)
    expected = fam.expected[fam_i, slot]
    fam.expected[fam_i, slot] = np.where(
        unborn[fi, slot] & (expected == NA),
        np.maximum(births[fi, slot] + rng.integers(-14, 15, fi.size), r[fi] + 1),
        expected,
    )
    c_close = np.minimum(closure[fi], cutoff)
    fam.last_seen[fam_i, slot] = np.maximum(fam.last_seen[fam_i, slot], c_close)
    aged_out = c_close < closure[fi]
    c_reason = np.where(aged_out, np.where(rng.random(fi.size) < 0.3, 5, 6), reason[fi])
    level = np.select([plan, s47, in_need], [3, 2, 1], 0)
    need = _primary_need(rng, level, assessed)
    source = _referral_source(rng, r, pre_birth, transfer)
    rec.add(
        "episodes",
        child=child,
        referral=r[fi],
        source=source[fi],
        need=need[fi],
        closure=c_close,
        reason=c_reason.astype(np.int8),
        # The episode's own DateOfInitialCPC is the transfer-in conference, which made the
        # plan without an enquiry here; a conference after an enquiry is recorded with the
        # enquiry only (DfE rules 2884, 2885).
        icpc=np.where(transfer[fi] & (plan_start[fi] <= cutoff), plan_start[fi], NA),
        nfa=nfa[fi],
    )
    category = np.full(n, -1, dtype=np.int8)
    category[p_idx] = course["initial"]
    family_factors = _factors(rng, level, chronic, category)
    age_years = (r[fi] - births[fi, slot]) / 365.25

    def matched(rows):
        """Positions of the child rows whose family row is in ``rows``, and its index."""
        lookup = np.full(n, -1, dtype=np.int64)
        lookup[rows] = np.arange(rows.size)
        pos = np.nonzero(lookup[fi] >= 0)[0]
        return pos, lookup[fi[pos]]

    for rows, v in assessments:
        pos, j = matched(rows)
        start_v = v["start"][j]
        keep = start_v <= cutoff[pos]
        factors = family_factors[fi[pos]] | _child_factors(rng, age_years[pos])
        rec.add(
            "assessments",
            child=child[pos][keep],
            referral=r[fi[pos]][keep],
            start=start_v[keep],
            auth=np.minimum(v["auth"][j], c_close[pos])[keep],
            factors=_dated_factors(factors, start_v, level[fi[pos]] == 0)[keep],
        )
    for rows, v in section47:
        pos, j = matched(rows)
        keep = v["start"][j] <= cutoff[pos]
        held = np.where(v["icpc"][j] > cutoff[pos], NA, v["icpc"][j])
        rec.add(
            "section47",
            child=child[pos][keep],
            referral=r[fi[pos]][keep],
            start=v["start"][j][keep],
            target=v["target"][j][keep],
            icpc=held[keep],
            not_required=(held == NA)[keep],
        )
    for rows, v in cin_plans:
        pos, j = matched(rows)
        end_v = np.minimum(v["end"][j], c_close[pos])
        keep = v["start"][j] <= end_v
        rec.add(
            "cin_plans",
            child=child[pos][keep],
            referral=r[fi[pos]][keep],
            start=v["start"][j][keep],
            end=end_v[keep],
        )
    for rows, crs in plans:
        pos, j = matched(rows)
        sel = on_plan[fi[pos], slot[pos]]
        pos, j = pos[sel], j[sel]
        ps, pe = crs["start"][j], np.minimum(crs["end"][j], c_close[pos])
        keep = ps < pe  # a plan cannot start and end on the same day (DfE rule 8840)
        pos, j, ps, pe = pos[keep], j[keep], ps[keep], pe[keep]
        changed = crs["changed"][j]
        changed_ok = (changed != NA) & (changed <= pe)
        rec.add(
            "cp_plans",
            child=child[pos],
            referral=r[fi[pos]],
            start=ps,
            end=pe,
            initial=crs["initial"][j],
            latest=np.where(changed_ok, crs["latest"][j], crs["initial"][j]),
            changed=np.where(changed_ok, changed, NA),
        )
        rv = crs["reviews"][j]
        ri, rk = np.nonzero(crs["held"][j] & (rv <= pe[:, None]))
        rec.add(
            "reviews",
            child=child[pos][ri],
            plan_start=ps[ri],
            review=rv[ri, rk],
            plan_end=pe[ri],
        )

    # --- what next --------------------------------------------------------------------
    state.had_plan[idx] |= plan
    state.in_care[idx] |= to_care
    had_now = state.had_plan[idx]
    p_rr = R.P_REREFERRAL[chronic.astype(int), had_now.astype(int)] * np.where(
        state.in_care[idx], R.REREFERRAL_AFTER_CARE, 1.0
    )
    again = (rng.random(n) < p_rr) & ~leaves
    gap = _lognormal_days(rng, R.REREFERRAL_MEDIAN_DAYS[chronic.astype(int)], 0.9, n, 14, 3650)
    nxt = closure + gap
    baby = births[:, k - 1]
    expecting = (
        (baby != NA)
        & (baby > closure + 90)
        & (had_now | chronic)
        & ~leaves
        & (rng.random(n) < 0.75)
    )
    pre = np.where(expecting, baby - rng.integers(60, 141, n), NA)
    pre_ok = expecting & (pre > closure + 14)
    nxt = np.where(pre_ok & (~again | (pre < nxt)), pre, nxt)
    again |= pre_ok
    state.t_next[idx] = nxt
    state.active[idx] = again


def _primary_need(rng, level: np.ndarray, assessed: np.ndarray) -> np.ndarray:
    """Primary need code index by episode level (none for a referral with no further action)."""
    n = level.size

    def draw(codes, weights):
        return np.array([NEEDS.index(c) for c in codes])[_pick(rng, weights, n)]

    need = np.full(n, -1, dtype=np.int8)
    need = np.where(level >= 2, draw(R.PRIMARY_NEED_PLAN, R.PRIMARY_NEED_PLAN_WEIGHTS), need)
    need = np.where(level == 1, draw(R.PRIMARY_NEED_CIN, R.PRIMARY_NEED_CIN_WEIGHTS), need)
    need = np.where(
        (level == 0) & assessed,
        draw(R.PRIMARY_NEED_NOT_IN_NEED, R.PRIMARY_NEED_NOT_IN_NEED_WEIGHTS),
        need,
    )
    return need.astype(np.int8)


def _referral_source(rng, r, pre_birth, transfer) -> np.ndarray:
    n = r.size
    w = R.REFERRAL_SOURCE_WEIGHTS.copy()
    codes = R.REFERRAL_SOURCES
    w_old = w.copy()
    w_old[codes.index("5D")] = 0
    new = r >= day_number(spec.first_day("ReferralSource", "5D"))
    source = np.where(new, _pick(rng, w, n), _pick(rng, w_old, n))
    pre = np.array([codes.index(c) for c in ("3D", "3F", "5A")])
    source = np.where(pre_birth, pre[_pick(rng, np.array([0.4, 0.4, 0.2]), n)], source)
    return np.where(transfer, codes.index("5C"), source).astype(np.int8)


def _dates(values: np.ndarray) -> pl.Series:
    """Day numbers (int64 or int32 records; NA/NA32 missing) as a polars Date column."""
    days = np.asarray(values)
    if days.dtype == np.int32:
        days = np.where(days == NA32, NA, days.astype(np.int64))
    return pl.Series(days.astype(np.int64).view("datetime64[D]"))


def _codes(names: Sequence[str], index: np.ndarray) -> pl.Series:
    """Codes from indices (-1 = missing)."""
    lookup = pl.Series(list(names) + [None], dtype=pl.Utf8)
    return lookup.gather(np.where(index < 0, len(names), index).astype(np.int64))


def _disability_lists(masks: np.ndarray) -> pl.Series:
    uniq, inverse = np.unique(masks, return_inverse=True)
    joined = [
        ",".join(d for i, d in enumerate(R.DISABILITIES) if u & (1 << i)) or "NONE"
        for u in uniq.tolist()
    ]
    return _split_codes(joined).gather(inverse.astype(np.int64))


#: Truth tables built whatever is asked: a return's children are those with an episode in it.
ALWAYS = ("children", "episodes", "cp_plans")


def _assemble(councils, years, seed, fam: _Families, rec: _Records, wanted) -> Simulation:
    """Child-level truth tables with child IDs (``SYN`` + 6 digits, numbered per council).

    Records that ended before the first census year are dropped, except plans (the earlier
    plans ``NumberOfPreviousCPP`` counts) and the children themselves.
    """
    k = R.MAX_CHILDREN
    window = day_number(date(years[0] - 1, 4, 1))
    flat_seen = fam.first_seen.ravel()
    # Children whose involvement ended before the first census year appear in no return.
    child = np.nonzero((flat_seen != NA) & (fam.last_seen.ravel() >= window))[0]
    f_idx, slot = child // k, child % k
    la_index = fam.la[f_idx]
    order = np.lexsort((child, flat_seen[child], la_index))
    child, f_idx, slot, la_index = child[order], f_idx[order], slot[order], la_index[order]
    starts = np.r_[0, np.nonzero(np.diff(la_index))[0] + 1]
    first_of_la = np.repeat(starts, np.diff(np.r_[starts, la_index.size]))
    number = np.arange(child.size) - first_of_la + 1
    child_ids = pl.Series(number).cast(pl.Utf8).str.zfill(6)
    child_ids = (
        ("SYN" + child_ids).alias("child_id") if child.size else pl.Series([], dtype=pl.Utf8)
    )
    las = _codes([c.la for c in councils], la_index)
    rank = np.full(k * fam.la.size, -1, dtype=np.int64)
    rank[child] = np.arange(child.size)  # child index -> row of the children table (-1: none)

    def frame(table: str, keep, **columns) -> pl.DataFrame | None:
        """A truth table in simulation order (each child's records in date order)."""
        data = rec.take(table)
        if table not in wanted:
            return None
        if not data:  # no such record at all: an empty table with the right columns
            data = {"child": np.zeros(0, dtype=np.int64)}
            data |= {source: np.zeros(0, dtype=np.int32) for source, _ in columns.values()}
        kept = rank[data["child"]] >= 0
        if keep is not None:
            kept &= keep(data)
        data = {name: values[kept] for name, values in data.items()}
        pos = rank[data["child"]]
        out = {"la": las.gather(pos), "child_id": child_ids.gather(pos), "child": child[pos]}
        for name, (source, convert) in columns.items():
            out[name] = convert(data[source])
        return pl.DataFrame(out)

    def after(column):
        return lambda data: data[column] >= window

    def bool_(a):
        return a.astype(bool)

    tables = {
        "children": pl.DataFrame(
            {
                "la": las,
                "child_id": child_ids,
                "child": child,
                "birth_date": _dates(fam.births[f_idx, slot]),
                "expected_birth_date": _dates(fam.expected[f_idx, slot]),
                "sex": _codes(("F", "M"), fam.sex[f_idx, slot]),
                "ethnicity": _codes(list(R.ETHNICITY), fam.ethnicity[f_idx]),
                "disabilities": _disability_lists(fam.disability[f_idx, slot]),
                "death_date": _dates(np.full(child.size, NA)),
                "external_plans": fam.external[f_idx, slot].astype(np.int32),
                "family": f_idx.astype(np.int64),
            }
        ),
        "episodes": frame(
            "episodes",
            after("closure"),
            referral_date=("referral", _dates),
            referral_source=("source", lambda a: _codes(R.REFERRAL_SOURCES, a)),
            primary_need=("need", lambda a: _codes(NEEDS, a)),
            closure_date=("closure", _dates),
            reason_for_closure=("reason", lambda a: _codes(REASONS, a)),
            initial_cpc_date=("icpc", _dates),
            referral_nfa=("nfa", bool_),
        ),
        "assessments": frame(
            "assessments",
            after("auth"),
            referral_date=("referral", _dates),
            start_date=("start", _dates),
            internal_review_date=("start", lambda a: _dates(np.full(a.size, NA))),
            authorisation_date=("auth", _dates),
            factor_bits=("factors", lambda a: pl.Series(a.astype(np.uint64))),
        ),
        "section47": frame(
            "section47",
            lambda d: np.maximum(d["start"], d["icpc"]) >= window,
            referral_date=("referral", _dates),
            start_date=("start", _dates),
            icpc_target=("target", _dates),
            icpc_date=("icpc", _dates),
            icpc_not_required=("not_required", bool_),
        ),
        "cin_plans": frame(
            "cin_plans",
            after("end"),
            referral_date=("referral", _dates),
            start_date=("start", _dates),
            end_date=("end", _dates),
        ),
        "cp_plans": frame(
            "cp_plans",
            None,
            referral_date=("referral", _dates),
            start_date=("start", _dates),
            end_date=("end", _dates),
            initial_category=("initial", lambda a: _codes(R.CATEGORIES, a)),
            latest_category=("latest", lambda a: _codes(R.CATEGORIES, a)),
            category_changed=("changed", _dates),
        ),
        "reviews": frame(
            "reviews",
            after("plan_end"),
            plan_start=("plan_start", _dates),
            review_date=("review", _dates),
            plan_end=("plan_end", _dates),
        ),
    }
    tables = {name: table for name, table in tables.items() if table is not None}
    plans = tables["cp_plans"]
    previous = pl.int_range(pl.len()).over("child") + pl.col("external")
    external = tables["children"].select("child", external="external_plans")
    tables["cp_plans"] = (
        plans.join(external, on="child", how="left")
        .sort("child", "start_date")
        .with_columns(previous.cast(pl.Int32).alias("previous_plans"))
        .drop("external")
    )
    return Simulation(councils=tuple(councils), years=tuple(years), seed=seed, tables=tables)
