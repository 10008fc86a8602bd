"""Hand-worked examples for the cross-return checks (``cpmonitor validate``)."""

from __future__ import annotations

from builders import make_data, plan
from cpmonitor.quality import check_history


def test_a_blank_in_a_later_return_is_reported_where_it_appears():
    plans = [
        plan("C", "2014-08-01", None, prev=1, year=2015, line=7),
        plan("C", "2014-08-01", "2015-06-01", prev=None, year=2016, line=9),
    ]
    issues = [i for i in check_history(make_data(plans)) if i.code == "blanked-in-later-return"]
    assert len(issues) == 1
    (issue,) = issues
    assert (issue.file, issue.line, issue.child, issue.element) == (
        "cin_335_2016.xml",
        9,
        "C",
        "NumberOfPreviousCPP",
    )
    assert issue.severity == "warning"
    assert "was 1 in an earlier return" in issue.message


def test_an_end_date_recorded_once_and_then_left_out_is_reported():
    plans = [
        plan("C", "2014-08-01", "2015-03-01", prev=0, year=2015),
        plan("C", "2014-08-01", None, prev=0, year=2016),
    ]
    issues = [i for i in check_history(make_data(plans)) if i.code == "blanked-in-later-return"]
    assert [i.element for i in issues] == ["CPPendDate"]
    assert "2015-03-01" in issues[0].message


def test_an_item_blank_from_the_start_is_not_a_blanking():
    plans = [
        plan("C", "2014-08-01", None, prev=None, year=2015),
        plan("C", "2014-08-01", None, prev=None, year=2016),
    ]
    assert not [i for i in check_history(make_data(plans)) if i.code == "blanked-in-later-return"]
