"""Hand-worked factors at assessment, first vs repeat plans."""

from __future__ import annotations

from builders import assessment, make_data, plan
from cpmonitor.history import build_history
from cpmonitor.measures.factors import TOXIC_TRIO, factor_themes
from cpmonitor.periods import financial_year


def test_factors_of_the_plans_episode_grouped_into_themes():
    plans = [
        plan("A", "2015-06-01", prev=1),  # referral_date = start date in the builder
        plan("B", "2015-07-01", prev=0),
        plan("C", "2015-08-01", prev=1),  # no assessment on record
    ]
    assessments = [
        assessment("A", "2015-06-01", "2015-06-01", ["3A", "16A", "4B", "2B"]),
        assessment("A", "2015-06-01", "2015-09-01", ["19C"]),  # after the plan started
        assessment("A", "2014-01-01", "2014-01-02", ["18A"]),  # another episode
        assessment("B", "2015-07-01", "2015-07-01", ["16A", "21"]),
    ]
    history = build_history(make_data(plans, assessments=assessments))
    table = factor_themes(history.plans, history.assessments, financial_year(2016))
    rows = {r["theme"]: r for r in table.iter_rows(named=True)}
    assert rows["Domestic abuse"]["repeat"] == 1 and rows["Domestic abuse"]["first"] == 0
    assert rows["Neglect"]["repeat"] == 1 and rows["Neglect"]["first"] == 1
    assert rows["Sexual abuse"]["repeat"] == 0
    assert rows["Physical abuse"]["repeat"] == 0
    assert rows[TOXIC_TRIO]["repeat"] == 1
    assert rows["Neglect"]["repeat_assessed"] == 1  # C has no assessment
    assert rows["Neglect"]["first_percent"] == 100.0
