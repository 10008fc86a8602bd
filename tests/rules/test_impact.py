"""How DfE rule failures change the repeat figure: one hand-worked 2015-16 return.

Seven plans start in 2015-16, three of them DfE repeats (C2, C3, C6's second): 3/7 = 42.9%.
- C3's repeat plan is on a referral with no further action (8832): not to be counted, so
  2/6 = 33.3% (−9.6 points);
- C4's first plan starts the day after its conference (2885): possibly another year's, so
  3/6 = 50.0% (+7.1);
- C5's plan has no NumberOfPreviousCPP (8730): as a repeat, 4/7 = 57.1% (+14.2);
- C6's first plan ends after its episode closed (8565), so the gap before C6's repeat is in
  doubt: one repeat, the figure unchanged.
"""

from __future__ import annotations

from cin_returns import header, message
from dfe_cases import IMPACT_CHILDREN as CHILDREN
from dfe_cases import child

from cpmonitor.census.load import load
from cpmonitor.history import build_history
from cpmonitor.periods import financial_year
from cpmonitor.rules import RULES
from cpmonitor.rules.impact import KINDS, describe, repeat_impact


def _impacts(tmp_path):
    path = tmp_path / "cin_2016.xml"
    path.write_text(message(CHILDREN, header(2016)), encoding="utf-8")
    data = load(path)
    found = repeat_impact(data, build_history(data), financial_year(2016))
    return {i.kind: i for i in found}


def test_each_kind_of_failure_moves_the_figure_by_the_hand_worked_amount(tmp_path):
    found = _impacts(tmp_path)
    assert found["not counted"].plans == 1 and found["not counted"].repeats == 1
    assert (found["not counted"].percent, found["not counted"].percent_if) == (42.9, 33.3)
    assert found["not counted"].change == -9.6
    assert found["not counted"].rules == ("8832",)
    assert (found["wrong year"].plans, found["wrong year"].percent_if) == (1, 50.0)
    assert found["wrong year"].rules == ("2885",)
    assert (found["not a repeat"].plans, found["not a repeat"].percent_if) == (1, 57.1)
    assert found["not a repeat"].change == 14.2
    assert (found["wrong gap"].plans, found["wrong gap"].rules) == (1, ("8565",))
    assert found["wrong gap"].change == 0


def test_the_sentences_say_the_rule_and_the_figure_with_and_without(tmp_path):
    found = _impacts(tmp_path)
    assert describe(found["not counted"]) == (
        "Plans that should not be counted (1; DfE 8832): without them the figure would be "
        "33.3% instead of 42.9% (-9.6 points)"
    )
    assert "the figure itself is unchanged" in describe(found["wrong gap"])


def test_a_clean_return_changes_nothing(tmp_path):
    path = tmp_path / "cin_2016.xml"
    path.write_text(message(child(cid="C1"), header(2016)), encoding="utf-8")
    data = load(path)
    found = repeat_impact(data, build_history(data), financial_year(2016))
    assert [(i.plans, i.change) for i in found] == [(0, 0.0)] * len(KINDS)


def test_every_rule_named_in_the_kinds_is_a_declared_dfe_rule():
    assert all(code in RULES for codes, _ in KINDS.values() for code in codes)


def test_every_rules_findings_computed_once_give_the_same_figures_as_each_kinds_own(tmp_path):
    """The report passes the findings of every DfE rule (its data-quality figures) instead
    of running each kind's rules again: the figures are the same hand-worked ones."""
    from cpmonitor.rules.registry import check_dfe_rules, dfe_findings

    path = tmp_path / "cin_2016.xml"
    path.write_text(message(CHILDREN, header(2016)), encoding="utf-8")
    data = load(path)
    history, year = build_history(data), financial_year(2016)
    every = dfe_findings(data)
    assert set(every["rule"]) >= {"8832", "2885", "8730", "8565"}
    assert repeat_impact(data, history, year, found=every) == repeat_impact(data, history, year)
    assert check_dfe_rules(data, found=every) == check_dfe_rules(data)
