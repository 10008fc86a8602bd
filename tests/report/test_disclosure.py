"""Small-number suppression (cpmonitor.disclosure), hand-worked."""

from __future__ import annotations

from cpmonitor.disclosure import (
    SUPPRESSED,
    Disclosure,
    hidden_cells,
    is_small,
    table_groups,
)

C = SUPPRESSED


def test_one_to_five_are_small_zero_and_six_are_not():
    assert [is_small(n) for n in (None, 0, 1, 5, 6, 100)] == [
        False,
        False,
        True,
        True,
        False,
        False,
    ]


def test_primary_suppression_only_when_no_total_is_published():
    policy = Disclosure()
    assert [policy.count(n) for n in (0, 1, 3, 5, 6, 22, None)] == [0, C, C, C, 6, 22, None]


def test_restricted_shows_every_number():
    policy = Disclosure(publish=False)
    cells = {"first": 3, "repeat": 40, "all": 43}
    assert policy.counts(cells, [(["first", "repeat"], "all")]) == cells
    assert policy.count(2) == 2


def test_one_hidden_part_hides_the_smallest_other_part():
    # 22 repeat plans: 4 within two years, 15 over, 3 unknown -> 4 and 3 primary; nothing more
    cells = {"within": 4, "over": 15, "unknown": 3, "repeat": 22}
    assert hidden_cells(cells, [(["within", "over", "unknown"], "repeat")]) == {
        "within",
        "unknown",
    }
    # 9 within, 11 over, 2 unknown -> 2 primary, then 9 (the smaller of 9 and 11) secondary
    cells = {"within": 9, "over": 11, "unknown": 2, "repeat": 22}
    assert hidden_cells(cells, [(["within", "over", "unknown"], "repeat")]) == {
        "unknown",
        "within",
    }


def test_zero_parts_do_not_protect_so_the_next_non_zero_part_is_hidden():
    cells = {"a": 0, "b": 4, "c": 0, "d": 30, "all": 34}
    assert hidden_cells(cells, [(["a", "b", "c", "d"], "all")]) == {"b", "d"}


def test_the_total_is_hidden_when_no_other_part_can_be():
    cells = {"a": 3, "b": 0, "all": 3}
    # 3 is small on its own: the total is hidden by the primary rule too
    assert hidden_cells(cells, [(["a", "b"], "all")]) == {"a", "all"}


def test_a_derivable_count_takes_part_in_its_group():
    """First plans are not shown in the headline, but started - repeat gives them."""
    cells = {"first": 2, "repeat": 40, "started": 42}
    shown = Disclosure().counts(cells, [(["first", "repeat"], "started")])
    assert shown == {"first": C, "repeat": C, "started": 42}


def test_forced_cells_stay_hidden_and_spread():
    cells = {"within": 10, "over": 12, "repeat": 22}
    groups = [(["within", "over"], "repeat")]
    assert hidden_cells(cells, groups, forced=["repeat"]) == {"repeat", "within"}


def test_two_way_table_secondary_suppression_reaches_a_fixed_point():
    """Category x (first, repeat) with margins, worked by hand.

             first repeat total
    NEG        40     4    44     4 small -> hide; row NEG: hide 40 (only other part)
    PHY        10     8    18     column repeat: 4 hidden -> hide smallest other: 8 (PHY)
    EMO        20    12    32     row PHY: 8 hidden -> hide 10; column first: 40 and 10 hidden
    total      70    24    94     nothing has exactly one hidden member: done
    """
    rows, cols = ["NEG", "PHY", "EMO"], ["first", "repeat"]
    values = {"NEG": (40, 4), "PHY": (10, 8), "EMO": (20, 12)}
    cells = {}
    for r, (first, repeat) in values.items():
        cells[(r, "first")], cells[(r, "repeat")] = first, repeat
        cells[(r, "all")] = first + repeat
    cells[("all", "first")], cells[("all", "repeat")], cells[("all", "all")] = 70, 24, 94
    hidden = hidden_cells(cells, table_groups(rows, cols, "all", "all"))
    assert hidden == {("NEG", "repeat"), ("NEG", "first"), ("PHY", "repeat"), ("PHY", "first")}
    # no published total has exactly one hidden member left
    for parts, total in table_groups(rows, cols, "all", "all"):
        assert sum(m in hidden for m in [*parts, total]) != 1


def test_derived_figures_follow_their_counts():
    assert Disclosure.derived(8.5, 22, 259) == 8.5
    assert Disclosure.derived(8.5, C, 259) == C
    assert Disclosure.derived((3.0, 12.0), 22, C) == C
