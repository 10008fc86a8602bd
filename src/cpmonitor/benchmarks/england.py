"""England's published repeat-plan series, built in so a fresh install can compare with England.

Source (2012-13 to 2024-25): DfE, *Children in need* 2025 release, Explore Education
Statistics table D3 "Child protection plans which are a second or subsequent plan"
(``d3_cpps_subsequent_plan_2013_to_2025.csv``), national rows. England's counts are rounded
to the nearest 10; the percentage was computed by DfE from the unrounded counts and is used as
published. Contains public sector information licensed under the Open Government Licence v3.0.

2011-12 is not in table D3; the figure here (13.8%) is the one the October 2016 Walsall
Overview & Scrutiny Committee report ("Children who become subject to a Child Protection Plan
for a second or subsequent time", Diagram 1) gives for England, with no counts.

Imported DfE files always take precedence over this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EnglandFigure:
    year: int  # time_period: the year ending 31 March
    starts: int | None
    repeat: int | None
    percent: float
    source: str


D3_2025 = "built in: DfE Children in need 2025 release, EES table D3 (national)"
REPORT_2016 = "built in: Walsall scrutiny report, October 2016, Diagram 1"

_D3_2025_NATIONAL = (
    # time_period, CPP_start, CPP_subsequent, CPP_subsequent_percent
    (2013, 52680, 7870, 14.9),
    (2014, 59780, 9450, 15.8),
    (2015, 62210, 10310, 16.6),
    (2016, 63310, 11350, 17.9),
    (2017, 66410, 12420, 18.7),
    (2018, 68770, 13900, 20.2),
    (2019, 66680, 13860, 20.8),
    (2020, 66380, 14540, 21.9),
    (2021, 63830, 14090, 22.1),
    (2022, 64390, 14550, 22.7),
    (2023, 63870, 15050, 23.6),
    (2024, 62110, 15330, 24.7),
    (2025, 61840, 15130, 24.5),
)

#: England, repeat child protection plans, by year ending 31 March.
ENGLAND_REPEAT_PLANS: dict[int, EnglandFigure] = {
    2012: EnglandFigure(2012, None, None, 13.8, REPORT_2016),
    **{
        year: EnglandFigure(year, starts, repeat, pct, D3_2025)
        for year, starts, repeat, pct in _D3_2025_NATIONAL
    },
}
