"""The simulator's parameters, in one place, with where their values come from.

Targets are England's published figures (DfE *Characteristics of children in need*, EES tables
b1, c1, d3 and d5, 2013-2025; copies and provenance in ``../shared/cpp-benchmark-data/``):
about 64,000 plan starts a year against about 700,000 children in need at any time in the year
(b1) plus about 230,000 referrals a year that end at referral or after assessment (c1), so plan
starts are about 7% of the children in a year's return; 20-25% of plan starts are second or
subsequent plans (d3); re-referral within 12 months about 22% (c1); about 2-3% of plans open at
31 March had lasted two years or more (d5). The rest are plausible shapes, not published
figures, and are labelled as such. Nothing here is real data about any child.
"""

from __future__ import annotations

import numpy as np

#: Family arrivals (first referral to the council) per child of ``children`` per year.
#: Calibrated so that a year's return holds about ``children`` children (see tests/synth).
FAMILIES_PER_CHILD_YEAR = 0.215

#: Working days within which an initial child protection conference is due after the
#: section 47 enquiry starts (Working Together; DfE LAIT measure CP_conf_15days).
ICPC_TARGET_WORKING_DAYS = 15

# --- families and children (plausible shapes) ---------------------------------------------
MAX_CHILDREN = 6  # slots per family: up to 5 children at arrival, plus one later baby
P_CHRONIC = 0.20  # entrenched neglect / domestic abuse: the families behind most repeat plans
P_TRANSFER_IN = 0.008  # arrive on a plan from another council (NumberOfPreviousCPP > 0)
P_UNBORN_AT_ARRIVAL = 0.07  # first referral is a pre-birth referral
EXTRA_CHILDREN_MEAN = 0.9  # Poisson mean of siblings beyond the youngest
P_LATER_BABY = np.array([0.10, 0.35])  # [ordinary, chronic]: a baby born after arrival
PRE_BIRTH_WINDOW_DAYS = 150  # an unborn child joins a family referral when due within this
#: Weight of each age (0..17) of the youngest child when a family is first referred.
YOUNGEST_AGE_WEIGHTS = np.array([16, 7, 6, 5, 5] + [4] * 5 + [3.2] * 6 + [2.5] * 2, dtype=float)
P_TEEN_INCLUDED = 0.55  # a 16-17-year-old sibling is part of a family referral
P_MALE = 0.51

ETHNICITY = {
    "WBRI": 0.66, "WIRI": 0.004, "WIRT": 0.003, "WOTH": 0.05, "WROM": 0.006,
    "MWBC": 0.025, "MWBA": 0.008, "MWAS": 0.01, "MOTH": 0.025,
    "AIND": 0.015, "APKN": 0.03, "ABAN": 0.012, "AOTH": 0.012,
    "BCRB": 0.015, "BAFR": 0.035, "BOTH": 0.008, "CHNE": 0.002,
    "OOTH": 0.02, "REFU": 0.004, "NOBT": 0.056,
}  # fmt: skip
P_DISABLED = 0.10
DISABILITIES = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA")
DISABILITY_WEIGHTS = np.array([4, 1, 2, 1, 6, 8, 1, 1, 6, 1, 9, 3], dtype=float)

# --- referrals ------------------------------------------------------------------------------
#: Referral sources (CIN census code list), weights near England's mix (police, schools and
#: health the largest). ``5D`` (early help) is only used from 1 April 2022 (2022-23).
REFERRAL_SOURCES = ("1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
                    "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10")  # fmt: skip
REFERRAL_SOURCE_WEIGHTS = np.array(
    [5, 1, 1, 1, 18, 1.5, 2, 2, 0.5, 2, 2.5, 5, 2, 4, 4, 2, 2.5, 29, 4, 5, 1, 1.5], dtype=float
)

#: Referrals with no further action (c1 no_further_action_percent, England): by census year.
NFA_BY_YEAR = {2013: 0.145, 2014: 0.141, 2015: 0.138, 2016: 0.099, 2017: 0.102, 2018: 0.094,
               2019: 0.081, 2020: 0.063, 2021: 0.06, 2022: 0.076, 2023: 0.071, 2024: 0.063,
               2025: 0.065}  # fmt: skip

# --- what happens after a referral (family level; calibrated against the targets above) ---
#: Section 47 enquiry after assessment: [ordinary, chronic] x [no plan before, plan before].
P_S47 = np.array([[0.30, 0.42], [0.52, 0.55]])
P_S47_PRE_BIRTH = 0.65
S47_INFANT_FACTOR = 1.3  # a baby (born or unborn) in the family referral  # pre-birth referrals of a family already known
#: An initial conference is convened after the enquiry: [no plan before, plan before].
P_ICPC = np.array([0.25, 0.27])
P_PLAN_AFTER_ICPC = 0.87
P_NOT_IN_NEED = 0.46  # of assessed referrals without a section 47 enquiry (c1 not_in_need)
P_ICPC_ON_TIME = 0.80  # within 15 working days (LAIT CP_conf_15days: England 77-83%)

# --- child protection plans -----------------------------------------------------------------
CATEGORIES = ("NEG", "EMO", "PHY", "SAB", "MUL")
#: Initial category of abuse [ordinary, chronic] (England: neglect about half, then emotional).
CATEGORY_WEIGHTS = np.array([[0.40, 0.40, 0.10, 0.05, 0.05], [0.62, 0.29, 0.04, 0.02, 0.03]])
P_CATEGORY_CHANGE = 0.08
P_CHILD_ON_PLAN = 0.95  # each child of the family referral (teenagers: P_TEEN_INCLUDED)
#: Chance the plan ends at its k-th review (reviews: first within 3 months, then 6-monthly).
END_AT_REVIEW = np.array([0.27, 0.50, 0.58, 0.70, 0.72, 0.75, 0.80, 1.0])
P_END_BETWEEN_REVIEWS = 0.12  # ended by events: the child looked after, moved away...
P_FIRST_REVIEW_ON_TIME = 0.90
P_REVIEW_ON_TIME = 0.92
#: How a plan that ends between reviews ends: looked after, moved away, other.
END_EVENT_WEIGHTS = np.array([0.55, 0.30, 0.15])
#: A second plan in the same episode (deterioration during step-down) [ordinary, chronic].
P_SECOND_PLAN = np.array([0.02, 0.09])

# --- after the episode ----------------------------------------------------------------------
#: Re-referral after an episode closes [ordinary, chronic] x [no plan before, plan before].
P_REREFERRAL = np.array([[0.36, 0.50], [0.72, 0.80]])
REREFERRAL_MEDIAN_DAYS = np.array([330.0, 200.0])  # [ordinary, chronic]
REREFERRAL_AFTER_CARE = 0.30  # multiplier once children have been looked after
P_LEAVE_AFTER_MOVE = 0.85

PRIMARY_NEED_PLAN = ("N1", "N5", "N4")
PRIMARY_NEED_PLAN_WEIGHTS = np.array([0.9, 0.06, 0.04])
PRIMARY_NEED_CIN = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N0")
PRIMARY_NEED_CIN_WEIGHTS = np.array([0.5, 0.08, 0.06, 0.1, 0.17, 0.03, 0.01, 0.02, 0.03])
PRIMARY_NEED_NOT_IN_NEED = ("N9", "N0", "N1", "N5")
PRIMARY_NEED_NOT_IN_NEED_WEIGHTS = np.array([0.5, 0.2, 0.2, 0.1])


def nfa_rate(census_year: np.ndarray) -> np.ndarray:
    """England's share of referrals with no further action, for each census year."""
    years = np.array(sorted(NFA_BY_YEAR))
    values = np.array([NFA_BY_YEAR[y] for y in years])
    return np.interp(census_year, years, values)


def normalised(weights: np.ndarray) -> np.ndarray:
    """Weights as probabilities (the last axis sums to 1)."""
    w = np.asarray(weights, dtype=float)
    return w / w.sum(axis=-1, keepdims=True)


# --- factors identified at assessment ------------------------------------------------------
#: Factor codes this simulator uses (CIN census code list). Physical and sexual abuse are
#: 18A/19A before 2020-21 and 18B/18C, 19B/19C (child on child / adult on child) after.
FACTOR_CODES = ("1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C",
                "5A", "5B", "6A", "6B", "7A", "10A", "11A", "12A", "13A", "14A", "15A",
                "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21", "22A",
                "23A", "24A")  # fmt: skip
#: Family factors: probability by episode level [not in need, in need, s47 without plan, plan];
#: the last column is the multiplier for chronic families (neglect and domestic abuse
#: dominate repeat families: the 2016 report's audit, section 2.3).
FAMILY_FACTORS = {
    "1B": (0.03, 0.07, 0.10, 0.16, 1.8),
    "1C": (0.005, 0.01, 0.02, 0.03, 1.5),
    "2B": (0.03, 0.07, 0.11, 0.18, 1.8),
    "2C": (0.005, 0.01, 0.02, 0.03, 1.5),
    "3A": (0.05, 0.12, 0.18, 0.30, 1.5),
    "3B": (0.08, 0.20, 0.30, 0.48, 1.5),
    "3C": (0.01, 0.02, 0.03, 0.04, 1.2),
    "4B": (0.08, 0.22, 0.28, 0.38, 1.4),
    "4C": (0.01, 0.02, 0.02, 0.03, 1.0),
    "5B": (0.01, 0.03, 0.04, 0.08, 1.5),
    "6B": (0.02, 0.05, 0.04, 0.04, 1.0),
    "16A": (0.04, 0.14, 0.22, 0.0, 1.8),
    "17A": (0.05, 0.14, 0.25, 0.0, 1.2),
    "18C": (0.03, 0.05, 0.15, 0.0, 1.0),
    "19C": (0.01, 0.02, 0.05, 0.0, 1.0),
    "20": (0.05, 0.08, 0.05, 0.05, 1.0),
    "22A": (0.001, 0.002, 0.002, 0.001, 1.0),
    "23A": (0.0, 0.001, 0.002, 0.002, 1.0),
}
#: Factors of the child: probability for a child under 11 and for a child of 11 or over.
CHILD_FACTORS = {
    "1A": (0.0, 0.03),
    "2A": (0.0, 0.06),
    "4A": (0.01, 0.15),
    "5A": (0.03, 0.03),
    "6A": (0.03, 0.03),
    "7A": (0.005, 0.02),
    "10A": (0.0, 0.07),
    "11A": (0.0, 0.06),
    "12A": (0.0, 0.005),
    "13A": (0.0, 0.03),
    "14A": (0.0, 0.06),
    "15A": (0.0, 0.08),
    "18B": (0.0, 0.03),
    "19B": (0.0, 0.02),
    "24A": (0.0, 0.05),
}
#: Factors that go with a plan's initial category of abuse (probability each is recorded).
CATEGORY_FACTORS = {
    "NEG": {"16A": 0.9},
    "EMO": {"17A": 0.75, "3B": 0.35},
    "PHY": {"18C": 0.8},
    "SAB": {"19C": 0.8},
    "MUL": {"16A": 0.7, "17A": 0.6, "18C": 0.3},
}
