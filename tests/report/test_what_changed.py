"""The report's "What changed" section from hand-worked data: the words, chance, suppression."""

from __future__ import annotations

from datetime import date

from builders import make_data, plan
from cpmonitor.disclosure import SUPPRESSED as C
from cpmonitor.report import build_report
from cpmonitor.report.model import Chart, Notice, Paragraph

TODAY = date(2026, 11, 26)


def starts(year: int, n: int, repeat: int, cat: str = "NEG", tag: str = "") -> list[dict]:
    """``n`` plan starts on 1 June of census year ``year``, the first ``repeat`` repeat plans."""
    return [
        plan(f"{tag}{year}{cat}{i:03d}", f"{year - 1}-06-01", prev=1 if i < repeat else 0, cat=cat)
        for i in range(n)
    ]


def section(rows, store, publish=True):
    rep = build_report(make_data(rows), "335", store=store, today=TODAY, publish=publish)
    return rep, next(s for s in rep.sections if s.key == "what_changed")


def words(s) -> str:
    return " ".join(b.text for b in s.blocks if isinstance(b, Paragraph | Notice))


def test_a_small_change_on_few_plans_is_within_chance_and_not_read_into(empty_store):
    rows = starts(2015, 20, 2) + starts(2016, 20, 3)
    _, s = section(rows, empty_store, publish=False)
    text = words(s)
    assert (
        "15.0% of the plans starting in 2015-16 were repeat plans, against 10.0% in 2014-15" in text
    )
    assert "a 5.0-point rise" in text
    assert "is within what chance alone would give (Fisher's exact test, p = 1;" in text
    assert "should not be read as a change in practice" in text
    assert "they do not say what caused it" in text
    assert "The largest single part" not in text


def test_a_large_change_is_split_into_mix_and_rate_that_add_up(empty_store):
    # before: neglect 2 of 20, physical 0 of 20 (5%); now: neglect 24 of 30, physical 0 of 10
    # (60%): neglect's share 1/2 -> 3/4 at rates 1/10 and 4/5: mix 1/4 × 9/20 = 11.25
    # points, rate 7/10 × 5/8 = 43.75 points; physical adds nothing. 55 points in all.
    rows = starts(2015, 20, 2) + starts(2015, 20, 0, "PHY")
    rows += starts(2016, 30, 24) + starts(2016, 10, 0, "PHY")
    rep, s = section(rows, empty_store, publish=False)
    text = words(s)
    assert "a 55.0-point rise" in text
    assert "larger than chance alone would usually give (Fisher's exact test, p < 0.001" in text
    assert (
        "By category of abuse: of the 55.0-point rise, 11.3 points came from the mix of plans "
        "between the categories of abuse changing and 43.7 from the repeat rate within them "
        "changing."
    ) in text
    assert "The largest single part, +55.0 points, came from Neglect" in text
    table = rep.table("change_category")
    by_group = {r[0]: r[1:] for r in table.rows}
    assert by_group["Neglect"] == [20, 2, 10.0, 30, 24, 80.0, 11.3, 43.8]
    assert by_group["Total"] == [40, 2, 5.0, 40, 24, 60.0, 11.3, 43.7]


def test_published_hides_small_counts_their_parts_and_does_not_name_a_group(empty_store):
    rows = starts(2015, 20, 6) + starts(2015, 20, 0, "PHY") + starts(2015, 3, 1, "SAB")
    rows += starts(2016, 30, 24) + starts(2016, 10, 0, "PHY") + starts(2016, 4, 2, "SAB")
    rep, s = section(rows, empty_store, publish=True)
    by_group = {r[0]: r[1:] for r in rep.table("change_category").rows}
    assert by_group["Sexual abuse"] == [C, C, C, C, C, C, C, C]
    # the repeat plans of another group are hidden too (so SAB's cannot be worked out), and
    # with them that group's percentages and parts
    assert by_group["Neglect"][1] == C and by_group["Neglect"][6:] == [C, C]
    by_category = next(
        b.text for b in s.blocks if isinstance(b, Paragraph) and b.text.startswith("By category")
    )
    assert "The largest single part" not in by_category


def test_no_earlier_year_in_the_returns_says_so(empty_store):
    _, s = section(starts(2016, 20, 3), empty_store)
    assert "The returns loaded do not go back to 1 April 2014 to 31 March 2015" in words(s)


def test_the_replan_table_and_published_suppression_of_few_new_plans(empty_store):
    # 2014-15: ten plans end on 1 June 2014; six children come back 1 September 2014 (92
    # days). 2015-16: ten end on 1 June 2015; three come back 1 September 2015.
    rows = starts(2015, 1, 0)  # something started in 2014-15
    for year, back in ((2015, 6), (2016, 3)):
        for i in range(10):
            cid = f"E{year}{i}"
            rows.append(plan(cid, f"{year - 2}-06-01", f"{year - 1}-06-01", year=year))
            if i < back:
                rows.append(plan(cid, f"{year - 1}-09-01", prev=1, year=year))
    rep, s = section(rows, empty_store, publish=False)
    table = {r[0]: r[1:] for r in rep.table("replan").rows}
    assert table["2014-15"][:2] == [10, 60.0]
    assert table["2014-15"][3] == 60.0  # no more by 12 months
    assert table["2014-15"][5] is None  # followed 669 days to 31 March 2016: not 24 months
    assert table["2015-16"][:2] == [10, 30.0]
    assert table["2015-16"][3] is None  # followed 304 days: not yet 12 months
    chart = next(b for b in s.blocks if isinstance(b, Chart))
    assert chart.data["steps"] is True
    published, s = section(rows, empty_store, publish=True)
    table = {r[0]: r[1:] for r in published.table("replan").rows}
    assert table["2014-15"][1] == 60.0
    assert table["2015-16"][1:3] == [C, C]  # three new plans: suppressed
    chart = next(b for b in s.blocks if isinstance(b, Chart))
    assert chart.data["steps"] is False
    assert "Ended 2015-16" not in chart.data["series"]  # nothing of it may be drawn
    assert "30.0" not in chart.svg
