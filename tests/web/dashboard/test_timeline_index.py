"""The timeline's index of a history (:class:`~cpmonitor.web.dashboard.timeline.ByChild`)
gives each child exactly the rows a scan of every table would, in the history's order."""

from __future__ import annotations

import polars as pl
import pytest

from cpmonitor.web.dashboard.timeline import ByChild
from cpmonitor.web.store import services

pytestmark = pytest.mark.django_db


def test_each_childs_rows_are_those_a_scan_finds_in_the_same_order(loaded):
    history = services.history("999")
    index = ByChild(history)
    children = history.children["child_id"].unique().to_list()
    assert len(children) > 3
    for table in ByChild.TABLES:
        frame = getattr(history, table)
        for child in [*children, "NOT-A-CHILD"]:
            scan = frame.filter((pl.col("la") == "999") & (pl.col("child_id") == child))
            assert index.rows(table, "999", child) == scan.to_dicts(), (table, child)


def test_a_child_of_another_council_has_no_rows_here(loaded):
    history = services.history("999")
    child = history.children["child_id"][0]
    assert ByChild(history).rows("plans", "335", child) == []
