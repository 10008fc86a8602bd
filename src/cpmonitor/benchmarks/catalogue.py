"""The published measures cpmonitor imports, where each comes from, and which way is "good".

Every measure is read from one DfE source only, so a figure never has two competing origins:

- Explore Education Statistics (EES), *Children in need* release, tables D3 (repeat plans),
  D5 (plans open at 31 March by duration), B1 (children in need) and C1 (referrals and
  re-referrals): numerator, denominator and the published percentage.
- The Local Authority Interactive Tool (LAIT) "big data set", for the measures the EES tables
  above do not carry: rates per 10,000, plans ending after two years or more, conference
  timeliness.

Polarity ("low" = a lower value is better) is DfE's, from the LAIT data dictionary
(``lait_data_dictionary.csv``, column ``Polarity``); ``None`` where DfE gives "-" (no
judgement), in which case no rank or quartile is given, as in LAIT.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Status symbols DfE publishes in place of a figure (EES symbol guidance; LAIT uses "-").
#: They are kept as statuses, never read as zeros.
STATUS_SYMBOLS: dict[str, str] = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    ":": "not available",
    "-": "not published (missing or suppressed)",
    "low": "rounds to zero but is not zero",
    "k": "rounds to zero but is not zero",
}

EES_CIN = "DfE, Explore Education Statistics: Children in need"
LAIT = "DfE Local Authority Interactive Tool (LAIT) big data set"
LAIT_DICTIONARY = "LAIT data dictionary (lait_data_dictionary.csv)"


@dataclass(frozen=True)
class MeasureDef:
    """One published measure.

    ``numerator``/``denominator``/``value`` name the columns in the source file (``None``
    when the source has no such column; a count-only measure has just ``value``).
    ``keys`` are the short names used for this measure's JSON/CSV keys
    (``la_<numerator key>``, ``la_<denominator key>``, ``la_<value key>``).
    """

    name: str
    title: str
    unit: str  # "%", "rate per 10,000", "count"
    source: str  # e.g. "EES Children in need, table D3"
    layout: str  # the import layout that carries it
    value: str
    numerator: str | None = None
    denominator: str | None = None
    keys: tuple[str, str, str] = ("numerator", "denominator", "value")
    polarity: str | None = None  # "low", "high" or None
    polarity_source: str | None = None

    @property
    def has_counts(self) -> bool:
        return self.numerator is not None and self.denominator is not None

    @property
    def better(self) -> str:
        """How to read the rank, in words."""
        if self.polarity == "low":
            return "lower is better"
        if self.polarity == "high":
            return "higher is better"
        return "DfE gives no polarity"


MEASURES: dict[str, MeasureDef] = {
    m.name: m
    for m in [
        MeasureDef(
            "repeat_plans",
            "Child protection plans starting in the year that were a second or subsequent plan",
            "%",
            f"{EES_CIN}, table D3",
            "ees_d3",
            value="CPP_subsequent_percent",
            numerator="CPP_subsequent",
            denominator="CPP_start",
            keys=("repeat", "starts", "percent"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: PrevRegCPR (measure 15), Polarity 'Low'",
        ),
        MeasureDef(
            "plans_open_2_years_or_more",
            "Children on a plan at 31 March whose plan had lasted 2 years or more",
            "%",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="2_years_or_more_percent",
            numerator="2_years_or_more",
            denominator="CPP_At31",
            keys=("two_years_or_more", "at_31_march", "percent"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: CPPlans2yrsActive (measure 264), Polarity 'Low'",
        ),
        MeasureDef(
            "plans_open_3_months_or_less",
            "Children on a plan at 31 March whose plan had lasted 3 months or less",
            "%",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="3_months_or_less_percent",
            numerator="3_months_or_less",
            denominator="CPP_At31",
            keys=("three_months_or_less", "at_31_march", "percent"),
        ),
        MeasureDef(
            "plans_open_3_to_6_months",
            "Children on a plan at 31 March whose plan had lasted more than 3 months to 6 months",
            "%",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="more_than_3_months_6_months_percent",
            numerator="more_than_3_months_6_months",
            denominator="CPP_At31",
            keys=("three_to_six_months", "at_31_march", "percent"),
        ),
        MeasureDef(
            "plans_open_6_months_to_1_year",
            "Children on a plan at 31 March whose plan had lasted more than 6 months, under 1 year",
            "%",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="more_than_6_months_less_than_1_year_percent",
            numerator="more_than_6_months_less_than_1_year",
            denominator="CPP_At31",
            keys=("six_months_to_one_year", "at_31_march", "percent"),
        ),
        MeasureDef(
            "plans_open_1_to_2_years",
            "Children on a plan at 31 March whose plan had lasted 1 year, under 2 years",
            "%",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="1_year_less_than_2_years_percent",
            numerator="1_year_less_than_2_years",
            denominator="CPP_At31",
            keys=("one_to_two_years", "at_31_march", "percent"),
        ),
        MeasureDef(
            "plans_at_31_march",
            "Children on a child protection plan at 31 March",
            "count",
            f"{EES_CIN}, table D5",
            "ees_d5",
            value="CPP_At31",
            keys=("numerator", "denominator", "count"),
        ),
        MeasureDef(
            "rereferrals",
            "Referrals within 12 months of a previous referral",
            "%",
            f"{EES_CIN}, table C1",
            "ees_c1",
            value="rereferral_percent",
            numerator="rereferral_count",
            denominator="referral_count",
            keys=("rereferrals", "referrals", "percent"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: ReReferral (measure 271), Polarity 'Low'",
        ),
        MeasureDef(
            "rereferral_children",
            "Children referred within 12 months of a previous referral",
            "%",
            f"{EES_CIN}, table C1",
            "ees_c1",
            value="rereferral_child_percent",
            numerator="rereferral_child_count",
            denominator="referral_child_count",
            keys=("rereferral_children", "referred_children", "percent"),
        ),
        MeasureDef(
            "referrals_no_further_action",
            "Referrals closed with no further action",
            "%",
            f"{EES_CIN}, table C1",
            "ees_c1",
            value="no_further_action_percent",
            numerator="no_further_action_count",
            denominator="referral_count",
            keys=("no_further_action", "referrals", "percent"),
        ),
        MeasureDef(
            "referrals_not_in_need",
            "Referrals assessed and found not to be in need",
            "%",
            f"{EES_CIN}, table C1",
            "ees_c1",
            value="not_in_need_percent",
            numerator="not_in_need_count",
            denominator="referral_count",
            keys=("not_in_need", "referrals", "percent"),
        ),
        *[
            MeasureDef(
                f"cin_{column.lower()}",
                title,
                "count",
                f"{EES_CIN}, table B1",
                "ees_b1",
                value=column,
                keys=("numerator", "denominator", "count"),
            )
            for column, title in [
                ("Anypoint_episodes", "Episodes of need open at any point in the year"),
                ("Anypoint_child", "Children in need at any point in the year"),
                ("Started_episodes", "Episodes of need starting in the year"),
                ("Started_child", "Children starting an episode of need in the year"),
                ("Ended_episodes", "Episodes of need ending in the year"),
                ("Ended_child", "Children ending an episode of need in the year"),
                ("At31_episodes", "Episodes of need open at 31 March"),
                ("awaiting_assessment", "Children awaiting assessment at 31 March"),
            ]
        ],
        # --- measures only LAIT carries (Short Desc as the source column) ---
        MeasureDef(
            "plan_starts_rate",
            "Child protection plans starting in the year, rate per 10,000 children",
            "rate per 10,000",
            f"{LAIT}: CPP_Abuse_Rate",
            "lait_long",
            value="CPP_Abuse_Rate",
            keys=("numerator", "denominator", "rate"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: CPP_Abuse_Rate (measure 219), Polarity 'Low'",
        ),
        MeasureDef(
            "plans_at_31_march_rate",
            "Children on a child protection plan at 31 March, rate per 10,000 children",
            "rate per 10,000",
            f"{LAIT}: CPP_rate",
            "lait_long",
            value="CPP_rate",
            keys=("numerator", "denominator", "rate"),
        ),
        MeasureDef(
            "plans_ended_2_years_or_more",
            "Plans ending in the year that had lasted 2 years or more",
            "%",
            f"{LAIT}: CPPlans2yrs",
            "lait_long",
            value="CPPlans2yrs",
            keys=("numerator", "denominator", "percent"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: CPPlans2yrs (measure 98), Polarity 'Low'",
        ),
        MeasureDef(
            "plans_2_years_or_more_lait",
            "Child protection plans lasting 2 years or more as at 31 March (LAIT)",
            "%",
            f"{LAIT}: CPPlans2yrsActive",
            "lait_long",
            value="CPPlans2yrsActive",
            keys=("numerator", "denominator", "percent"),
            polarity="low",
            polarity_source=f"{LAIT_DICTIONARY}: CPPlans2yrsActive (measure 264), Polarity 'Low'",
        ),
        MeasureDef(
            "plans_ended_rate",
            "Child protection plans ceasing in the year, rate per 10,000 children",
            "rate per 10,000",
            f"{LAIT}: DeRegCPR",
            "lait_long",
            value="DeRegCPR",
            keys=("numerator", "denominator", "rate"),
        ),
        MeasureDef(
            "initial_conferences_rate",
            "Initial child protection conferences, rate per 10,000 children",
            "rate per 10,000",
            f"{LAIT}: ISCP_Conf",
            "lait_long",
            value="ISCP_Conf",
            keys=("numerator", "denominator", "rate"),
        ),
        MeasureDef(
            "conferences_within_15_days",
            "Initial child protection conferences held within 15 working days of the strategy "
            "discussion",
            "%",
            f"{LAIT}: CP_conf_15days",
            "lait_long",
            value="CP_conf_15days",
            keys=("numerator", "denominator", "percent"),
            polarity="high",
            polarity_source=f"{LAIT_DICTIONARY}: CP_conf_15days (measure 218), Polarity 'High'",
        ),
        MeasureDef(
            "children_in_need_rate",
            "Children in need, rate per 10,000 children",
            "rate per 10,000",
            f"{LAIT}: CIN",
            "lait_long",
            value="CIN",
            keys=("numerator", "denominator", "rate"),
        ),
    ]
}


def measures_in(layout: str) -> list[MeasureDef]:
    """The measures a layout carries."""
    return [m for m in MEASURES.values() if m.layout == layout]


def get_measure(name: str) -> MeasureDef:
    """The measure called ``name``; a ``KeyError`` naming the known measures otherwise."""
    try:
        return MEASURES[name]
    except KeyError:
        raise KeyError(
            f"unknown measure {name!r}; known measures: {', '.join(sorted(MEASURES))}"
        ) from None
