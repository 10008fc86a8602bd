"""The timeline's index of a history (:class:`~cpmonitor.web.dashboard.timeline.ByChild`)
gives each child exactly the rows a scan of every table would, in the history's order, and so
does the part of it that holds the child (:func:`~cpmonitor.web.dashboard.timeline.by_shard`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import polars as pl
import pytest

from cpmonitor.web.dashboard.timeline import ByChild, by_shard, shard_of
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


def test_each_childs_rows_in_its_part_of_the_index_are_those_of_the_whole_index(loaded):
    history = services.history("999")
    whole = ByChild(history)
    parts = by_shard(history, shards=4)
    assert len(parts) == 4
    children = history.children["child_id"].unique().to_list()
    assert {shard_of(c, 4) for c in children} == {0, 1, 2, 3}  # the test returns use every part
    for child in children:
        mine = parts[shard_of(child, 4)]
        for table in ByChild.TABLES:
            assert mine.rows(table, "999", child) == whole.rows(table, "999", child), (table, child)
            others = [p for i, p in enumerate(parts) if i != shard_of(child, 4)]
            assert all(p.rows(table, "999", child) == [] for p in others), (table, child)


def test_a_childs_part_is_the_same_in_every_process():
    ids = [f"TL{n:04d}" for n in range(40)]
    code = (
        "import json, sys\n"
        "from cpmonitor.web.dashboard.timeline import shard_of\n"
        "print(json.dumps([shard_of(c) for c in sys.argv[1:]]))"
    )
    here = [shard_of(c) for c in ids]
    for seed in ("1", "2"):  # processes whose str hashes differ
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, *ids], env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(done.stdout) == here
    assert len(set(here)) > 10  # and the children are spread over the parts
