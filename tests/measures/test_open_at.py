"""One "still open" rule: a plan open at the end of a day (hand-worked)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cpmonitor.history import open_at


def test_a_plan_is_open_at_a_day_it_started_by_and_had_not_ended_by():
    plans = pl.DataFrame(
        {
            "child": [
                "started that day",
                "ended that day",
                "ended the day after",
                "no end",
                "later",
            ],
            "start_date": [
                date(2016, 3, 31),
                date(2015, 6, 1),
                date(2015, 6, 1),
                date(2014, 1, 1),
                date(2016, 4, 1),
            ],
            "end_date": [None, date(2016, 3, 31), date(2016, 4, 1), None, None],
        }
    )
    open_children = plans.filter(open_at(date(2016, 3, 31)))["child"].to_list()
    assert open_children == ["started that day", "ended the day after", "no end"]
