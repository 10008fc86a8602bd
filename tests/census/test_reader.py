"""The CIN census reader on hand-written synthetic returns: values, traps and bad input."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
from cin_returns import child, episode, header, message, plan

from cpmonitor.census.issues import ReturnRejected
from cpmonitor.census.reader import parse_date, read_return, year_from_file_name
from cpmonitor.census.tables import SCHEMAS, TABLES


def codes(data, code: str) -> list:
    return [i for i in data.issues if i.code == code]


FULL_EPISODE = episode(
    "<CINclosureDate>2016-02-01</CINclosureDate>\n"
    "<ReasonForClosure>RC1</ReasonForClosure>\n"
    "<DateOfInitialCPC>2015-06-20</DateOfInitialCPC>\n"
    "<Assessments>\n"
    "<AssessmentActualStartDate>2015-06-02</AssessmentActualStartDate>\n"
    "<AssessmentAuthorisationDate>2015-06-30</AssessmentAuthorisationDate>\n"
    "<FactorsIdentifiedAtAssessment>\n"
    "<AssessmentFactors>3A</AssessmentFactors>\n<AssessmentFactors>18A</AssessmentFactors>\n"
    "</FactorsIdentifiedAtAssessment>\n"
    "</Assessments>\n"
    "<Section47>\n<S47ActualStartDate>2015-06-03</S47ActualStartDate>\n"
    "<InitialCPCtarget>2015-06-24</InitialCPCtarget>\n"
    "<DateOfInitialCPC>2015-06-20</DateOfInitialCPC>\n"
    "<ICPCnotRequired>0</ICPCnotRequired>\n</Section47>\n"
    + plan(reviews=("2015-09-20", "2015-12-20", "2016-01-05"))
)


def test_a_full_child_fills_every_table_with_provenance(write):
    path = write(message(child("C1", episodes=FULL_EPISODE)), "cin_2016.xml")
    data = read_return(path)
    assert data.issues == []
    (info,) = data.returns
    assert (info.la, info.census_year, info.year_source, info.children) == (
        "201",
        2016,
        "header",
        1,
    )
    assert info.reference_date == date(2016, 3, 31)
    for name in TABLES:
        assert data[name].schema == pl.Schema(SCHEMAS[name]), name
    kid = data["children"].row(0, named=True)
    assert kid["child_id"] == "C1"
    assert (kid["birth_date"], kid["sex"], kid["ethnicity"]) == (date(2010, 5, 1), "M", "WBRI")
    assert kid["disabilities"] == []
    ep = data["episodes"].row(0, named=True)
    assert ep["referral_date"] == date(2015, 6, 1)
    assert (ep["referral_source"], ep["primary_need"], ep["reason_for_closure"]) == (
        "6",
        "N1",
        "RC1",
    )
    assert ep["closure_date"] == date(2016, 2, 1) and ep["referral_nfa"] is False
    a = data["assessments"].row(0, named=True)
    assert a["factors"] == ["3A", "18A"] and a["referral_date"] == date(2015, 6, 1)
    s47 = data["section47"].row(0, named=True)
    assert s47["icpc_date"] == date(2015, 6, 20) and s47["icpc_not_required"] is False
    cpp = data["cp_plans"].row(0, named=True)
    assert (cpp["start_date"], cpp["end_date"]) == (date(2015, 7, 1), date(2016, 1, 10))
    assert (cpp["initial_category"], cpp["latest_category"], cpp["previous_plans"]) == (
        "NEG",
        "NEG",
        0,
    )
    for name in TABLES:
        frame = data[name]
        if frame.height:
            row = frame.row(0, named=True)
            assert row["source_file"] == str(path) and row["la"] == "201"
            assert row["census_year"] == 2016 and row["line"] > 1 and row["child_id"] == "C1"


def test_every_review_date_is_kept_with_its_own_line(write):
    data = read_return(write(message(child(episodes=FULL_EPISODE))))
    reviews = data["reviews"]
    assert reviews["review_date"].to_list() == [
        date(2015, 9, 20),
        date(2015, 12, 20),
        date(2016, 1, 5),
    ]
    assert reviews["plan_start"].unique().to_list() == [date(2015, 7, 1)]
    lines = reviews["line"].to_list()
    assert lines == sorted(lines) and len(set(lines)) == 3


def test_child_ids_are_text_with_leading_zeros_kept(write):
    kids = child("000123") + child("12345") + child("  0042 ") + child("1.0")
    data = read_return(write(message(kids)))
    assert data["children"]["child_id"].to_list() == ["000123", "12345", "0042", "1.0"]
    assert data["children"]["child_id"].dtype == pl.Utf8
    assert data["cp_plans"].height == 0


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_child_id_skips_that_child_and_says_so(write, blank):
    kids = child("A1") + child(blank, episodes=episode(plan())) + child("A2")
    data = read_return(write(message(kids)))
    assert data["children"]["child_id"].to_list() == ["A1", "A2"]
    assert data["cp_plans"].height == 0  # the skipped child's plan is not loaded
    (issue,) = codes(data, "missing-child-id")
    assert issue.severity == "error" and issue.element == "LAchildID" and issue.child is None
    assert "1 child protection plan" in issue.message and "blank" in issue.message
    assert data.returns[0].children == 2


def test_a_missing_child_id_skips_that_child_and_says_so(write):
    text = message(child(None) + child("B1"))
    data = read_return(write(text))
    assert data["children"]["child_id"].to_list() == ["B1"]
    (issue,) = codes(data, "missing-child-id")
    child_line = text.splitlines().index("<Child>") + 1
    assert "no LAchildID" in issue.message and issue.line == child_line


def test_no_header_takes_the_year_from_the_argument(write):
    path = write(message(child(), head=""), "return.xml")
    data = read_return(path, 2016, la="201")
    (info,) = data.returns
    assert (info.census_year, info.year_source, info.la) == (2016, "--year", "201")
    notices = {i.code for i in data.issues if i.severity == "notice"}
    assert {"year-not-in-header", "la-not-in-header"} <= notices
    assert "--year" in codes(data, "year-not-in-header")[0].message


@pytest.mark.parametrize(
    ("name", "year"),
    [("cin_2015-16.xml", 2016), ("Council_CIN_2016.xml", 2016), ("cin 2014_15 final.xml", 2015)],
)
def test_no_header_takes_the_year_from_the_file_name(write, name, year):
    data = read_return(write(message(child(), head=header(year=None)), name))
    (info,) = data.returns
    assert (info.census_year, info.year_source) == (year, "file name")
    assert "file name" in codes(data, "year-not-in-header")[0].message


def test_no_year_anywhere_rejects_the_file(write):
    path = write(message(child(), head=header(year=None)), "return.xml")
    with pytest.raises(ReturnRejected, match="no census year") as caught:
        read_return(path)
    assert "\n" not in caught.value.reason


def test_no_la_anywhere_rejects_the_file(write):
    with pytest.raises(ReturnRejected, match="LA code"):
        read_return(write(message(child(), head=header(la=None))))
    assert read_return(write(message(child(), head=header(la=None))), la="877").las == ["877"]


def test_the_header_year_wins_over_the_argument_with_a_warning(write):
    data = read_return(write(message(child())), 2017)
    assert data.returns[0].census_year == 2016 and data.returns[0].year_source == "header"
    assert codes(data, "year-mismatch")[0].severity == "warning"


def test_header_year_disagreeing_with_the_reference_date_is_a_warning(write):
    head = header(year=2015, ref="2016-03-31")
    data = read_return(write(message(child(), head=head)))
    assert data.returns[0].census_year == 2016
    assert codes(data, "header-mismatch")[0].severity == "warning"


def test_a_reference_date_not_on_31_march_is_a_warning(write):
    data = read_return(write(message(child(), head=header(year=2016, ref="2016-03-28"))))
    assert data.returns[0].census_year == 2016
    (issue,) = codes(data, "header-reference-date")
    assert issue.severity == "warning" and "2016-03-28" in issue.message


@pytest.mark.parametrize("prefixed", [False, True])
def test_namespaces_are_ignored(write, prefixed):
    text = message(child("N1", episodes=FULL_EPISODE))
    if prefixed:  # every element as c:Name
        text = re.sub(r"<(/?)(\w+)", r"<\1c:\2", text)
        text = text.replace("<c:Message>", '<c:Message xmlns:c="urn:cin">')
    else:
        text = text.replace("<Message>", '<Message xmlns="http://www.example.org/cin">')
    plain = read_return(write(message(child("N1", episodes=FULL_EPISODE)), "plain_2016.xml"))
    data = read_return(write(text, "ns_2016.xml"))
    assert data.issues == []
    for name in TABLES:
        assert data[name].drop("source_file").equals(plain[name].drop("source_file")), name


def test_a_byte_order_mark_is_fine(write):
    data = read_return(write(b"\xef\xbb\xbf" + message(child("BOM1")).encode("utf-8")))
    assert data["children"]["child_id"].to_list() == ["BOM1"] and data.issues == []


def test_utf16_with_a_byte_order_mark_is_fine(write):
    text = message(child("U16")).replace("UTF-8", "UTF-16")
    data = read_return(write(text.encode("utf-16")))
    assert data["children"]["child_id"].to_list() == ["U16"]


def test_codes_in_lower_case_or_with_spaces_are_normalised(write):
    inner = (
        "<Assessments><AssessmentActualStartDate>2015-06-02</AssessmentActualStartDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors> 2b </AssessmentFactors>"
        "</FactorsIdentifiedAtAssessment></Assessments>\n" + plan(category="neg ")
    )
    kid = child(
        sex="<GenderCurrent> 2 </GenderCurrent>",
        chars="<Ethnicity>wbri</Ethnicity><Disabilities><Disability> aut</Disability>"
        "</Disabilities>",
        episodes=episode(inner).replace("N1", " n1 "),
    )
    data = read_return(write(message(kid)))
    assert data.issues == []
    assert data["children"].select("sex", "ethnicity", "disabilities").row(0) == (
        "F",
        "WBRI",
        ["AUT"],
    )
    assert data["episodes"]["primary_need"].to_list() == ["N1"]
    assert data["assessments"]["factors"].to_list() == [["2B"]]
    assert data["cp_plans"].select("initial_category", "latest_category").row(0) == (
        "NEG",
        "NEG",
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [("0", False), ("1", True), ("true", True), ("FALSE", False), ("True", True), (" 1 ", True)],
)
def test_booleans_accept_0_1_true_false_in_any_case(write, text, value):
    data = read_return(write(message(child(episodes=episode(nfa=text)))))
    assert data["episodes"]["referral_nfa"].to_list() == [value] and data.issues == []


def test_a_bad_boolean_is_an_error_and_left_blank(write):
    data = read_return(write(message(child("Y1", episodes=episode(nfa="yes")))))
    (issue,) = codes(data, "bad-boolean")
    assert (issue.child, issue.element, issue.severity) == ("Y1", "ReferralNFA", "error")
    assert "'yes'" in issue.message
    assert data["episodes"]["referral_nfa"].to_list() == [None]


@pytest.mark.parametrize(("code", "sex"), [("1", "M"), ("2", "F"), ("0", "U"), ("9", "U")])
def test_gender_current_is_normalised_to_m_f_u(write, code, sex):
    data = read_return(write(message(child(sex=f"<GenderCurrent>{code}</GenderCurrent>"))))
    assert data["children"]["sex"].to_list() == [sex]


@pytest.mark.parametrize("code", ["M", "F", "U"])
def test_sex_from_2024_25(write, code):
    kid = child(sex=f"<Sex>{code}</Sex>")
    data = read_return(write(message(kid, head=header(2025)), "cin_2025.xml"))
    assert data["children"]["sex"].to_list() == [code] and data.issues == []


def test_the_other_years_sex_item_loads_with_a_notice(write):
    kids = child("S1", sex="<Sex>f</Sex>") + child("S2", sex="<Sex>M</Sex>")
    data = read_return(write(message(kids)))  # 2015-16 expects GenderCurrent
    assert data["children"]["sex"].to_list() == ["F", "M"]
    (notice,) = codes(data, "not-in-spec-year")  # once per file
    assert notice.severity == "notice" and notice.element == "Sex"
    later = read_return(write(message(child(), head=header(2025)), "cin_2025.xml"))
    assert later["children"]["sex"].to_list() == ["M"]
    assert codes(later, "not-in-spec-year")[0].element == "GenderCurrent"


def test_a_gender_code_in_sex_is_a_bad_code(write):
    data = read_return(write(message(child("G1", sex="<Sex>1</Sex>"), head=header(2025))))
    (issue,) = codes(data, "bad-code")
    assert issue.element == "Sex" and "GenderCurrent code" in issue.message
    assert data["children"]["sex"].to_list() == [None]


def test_missing_sex_is_a_missing_item(write):
    data = read_return(write(message(child("G2", sex=""))))
    (issue,) = codes(data, "missing-item")
    assert (issue.element, issue.child) == ("GenderCurrent", "G2")


def factors_child(*factors: str) -> str:
    items = "".join(f"<AssessmentFactors>{f}</AssessmentFactors>" for f in factors)
    inner = (
        "<Assessments><AssessmentActualStartDate>2019-06-02</AssessmentActualStartDate>"
        f"<FactorsIdentifiedAtAssessment>{items}</FactorsIdentifiedAtAssessment></Assessments>\n"
    )
    return child("F1", episodes=episode(inner, referral="2019-06-01"))


def test_factors_18a_19a_until_2019_20_and_18b_c_19b_c_from_2020_21(write):
    old = read_return(write(message(factors_child("18A", "19A"), head=header(2020))))
    assert old["assessments"]["factors"].to_list() == [["18A", "19A"]] and old.issues == []
    new = read_return(write(message(factors_child("18B", "18C", "19B", "19C"), head=header(2021))))
    assert new["assessments"]["factors"].to_list() == [["18B", "18C", "19B", "19C"]]
    assert new.issues == []
    mixed = read_return(write(message(factors_child("18A", "3A"), head=header(2022))))
    assert mixed["assessments"]["factors"].to_list() == [["3A"]]
    (issue,) = codes(mixed, "bad-code")
    assert issue.element == "AssessmentFactors" and issue.child == "F1"
    assert "'18A'" in issue.message and "2012-13 to 2019-20" in issue.message
    early = read_return(write(message(factors_child("18B", "24A"), head=header(2020))))
    assert early["assessments"]["factors"].to_list() == [[]]
    assert len(codes(early, "bad-code")) == 2


def test_codes_added_in_2022_23(write):
    closing = "<CINclosureDate>2016-01-01</CINclosureDate><ReasonForClosure>RC9</ReasonForClosure>"
    kid = child(episodes=episode(closing).replace(">6<", ">5D<"))
    assert read_return(write(message(kid, head=header(2023)))).issues == []
    old = read_return(write(message(kid, head=header(2022))))
    assert sorted(i.element for i in codes(old, "bad-code")) == [
        "ReasonForClosure",
        "ReferralSource",
    ]
    assert old["episodes"].select("referral_source", "reason_for_closure").row(0) == (None, None)


CIN_PLAN = (
    "<CINPlanDates><CINPlanStartDate>2021-07-01</CINPlanStartDate>"
    "<CINPlanEndDate>2021-12-01</CINPlanEndDate></CINPlanDates>\n"
)


def test_cin_plan_dates_present_or_absent(write):
    with_plans = read_return(write(message(child(episodes=episode(CIN_PLAN)), head=header(2022))))
    assert with_plans["cin_plans"].select("start_date", "end_date").row(0) == (
        date(2021, 7, 1),
        date(2021, 12, 1),
    )
    assert with_plans.issues == []
    without = read_return(write(message(child(), head=header(2022))))
    assert without["cin_plans"].height == 0 and without.issues == []


def test_cin_plan_dates_before_their_spec_year_load_with_a_notice(write):
    data = read_return(write(message(child(episodes=episode(CIN_PLAN)), head=header(2018))))
    assert data["cin_plans"].height == 1
    (notice,) = codes(data, "not-in-spec-year")
    assert notice.element == "CINPlanDates" and "2017-18" in notice.message


def test_unknown_elements_are_ignored_with_one_notice_per_name(write):
    pre = "<PreProceedingsandFGDM><PPStartDate>2016-01-01</PPStartDate></PreProceedingsandFGDM>\n"
    head = header().replace("</Header>", "<Content>anything</Content></Header>")
    kids = child("K1", episodes=episode(pre)) + child("K2", episodes=episode(pre + pre))
    data = read_return(write(message(kids, head=head)))
    assert data["episodes"].height == 2
    unknown = {i.element: i for i in codes(data, "unknown-element")}
    assert set(unknown) == {"PreProceedingsandFGDM", "Content"}
    assert "3 times" in unknown["PreProceedingsandFGDM"].message
    assert all(i.severity == "notice" for i in unknown.values())


def test_unknown_elements_between_children_report_the_first_line_they_are_on(write):
    """Issue 12: "first at line N" gave the last of them."""
    junk = "<Junk>1</Junk>\n<Junk>2</Junk>\n<Junk>3</Junk>\n"
    text = message(child("K1") + junk + child("K2"))
    first = text.splitlines().index("<Junk>1</Junk>") + 1  # 1-based, as the reader counts
    data = read_return(write(text))
    (notice,) = codes(data, "unknown-element")
    assert notice.line == first
    assert (
        notice.message
        == f"Unknown element <Junk> in <Children> ignored (3 times, first at line {first})"
    )
    assert data["children"].height == 2


def test_issues_of_one_kind_past_a_thousand_are_counted_not_kept(write):
    """Issue 12: 3 million empty <Child/> kept 3 million issues whole (1.26 GB)."""
    from cpmonitor.census.reader import ISSUES_KEPT_PER_KIND

    bad = child(episodes=episode(plan(category="XXX")))  # two bad codes per child
    kids = "".join(bad.replace("C1", f"C{n}") for n in range(600)) + "<Child/>\n" * 1200
    data = read_return(write(message(kids)))
    assert data["children"].height == 600  # every child with an ID still read
    bad_codes = codes(data, "bad-code")
    assert len(bad_codes) == ISSUES_KEPT_PER_KIND + 1 == 1001
    (summary,) = [i for i in bad_codes if i.line is None]
    assert summary.severity == "error"
    assert (
        summary.message
        == "200 more 'bad-code' issues in this file are not listed: the first 1,000 are"
    )
    (skipped,) = [i for i in data.issues if i.line is None and i.code != "bad-code"]
    assert skipped.message.startswith("200 more '")


def test_stray_text_is_one_notice(write):
    kid = child(ids="<UPNunknown>UN3</UPNunknown>PersonBirthDate\n")
    data = read_return(write(message(kid + kid.replace("C1", "C2"))))
    (notice,) = codes(data, "stray-text")
    assert notice.severity == "notice" and "2 places" in notice.message
    assert data["children"].height == 2


def test_elements_in_any_order(write):
    shuffled = (
        "<CINdetails>\n<ReferralNFA>1</ReferralNFA>\n"
        + plan(previous="2")
        + "<PrimaryNeedCode>N2</PrimaryNeedCode>\n<ReferralSource>1A</ReferralSource>\n"
        "<CINreferralDate>2015-05-05</CINreferralDate>\n</CINdetails>\n"
    )
    kid = (
        "<Child>\n"
        + shuffled
        + "<ChildCharacteristics><Ethnicity>AIND</Ethnicity></ChildCharacteristics>\n"
        "<ChildIdentifiers><GenderCurrent>2</GenderCurrent><LAchildID>O1</LAchildID>"
        "</ChildIdentifiers>\n</Child>\n"
    )
    data = read_return(write(message(kid)))
    assert data.issues == []
    assert data["episodes"].select("referral_date", "referral_source", "referral_nfa").row(0) == (
        date(2015, 5, 5),
        "1A",
        True,
    )
    assert data["cp_plans"].select("referral_date", "previous_plans").row(0) == (
        date(2015, 5, 5),
        2,
    )


@pytest.mark.parametrize(
    "bad", ["2016-13-01", "2016-02-30", "01/04/2016", "2016-04-01T00:00:00", "20160401", "soon"]
)
def test_a_bad_date_is_an_error_the_rest_of_the_child_loads(write, bad):
    data = read_return(write(message(child("D1", episodes=episode(plan(start=bad))))))
    (issue,) = codes(data, "bad-date")
    assert (issue.child, issue.element, issue.severity) == ("D1", "CPPstartDate", "error")
    assert repr(bad) in issue.message and issue.line is not None
    cpp = data["cp_plans"].row(0, named=True)
    assert cpp["start_date"] is None and cpp["end_date"] == date(2016, 1, 10)
    assert cpp["initial_category"] == "NEG" and data["children"].height == 1
    assert data["reviews"].height == 1


@pytest.mark.parametrize(("text", "day"), [("2016-04-01Z", 1), (" 2016-04-02+01:00 ", 2)])
def test_dates_with_a_time_zone_are_valid_xs_dates(write, text, day):
    data = read_return(write(message(child(episodes=episode(plan(start=text))))))
    assert data.issues == []
    assert data["cp_plans"]["start_date"].to_list() == [date(2016, 4, day)]


def test_parse_date_is_strict_iso():
    assert parse_date("2016-03-31") == date(2016, 3, 31)
    assert parse_date("2016-3-31") is None and parse_date("2016-W13-4") is None
    assert parse_date("２０１６-03-31") is None  # non-ASCII digits


def test_impossible_but_valid_dates_load(write):
    data = read_return(write(message(child(episodes=episode(plan(start="2028-04-28"))))))
    assert data.issues == [] and data["cp_plans"]["start_date"].to_list() == [date(2028, 4, 28)]


def test_missing_mandatory_items_are_errors(write):
    inner = (
        "<CPPendDate>2016-01-01</CPPendDate>"
        "<InitialCategoryOfAbuse>PHY</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse></LatestCategoryOfAbuse>"
    )
    kid = child("M1", episodes=episode(f"<ChildProtectionPlans>{inner}</ChildProtectionPlans>"))
    data = read_return(write(message(kid)))
    missing = sorted(i.element for i in codes(data, "missing-item"))
    assert missing == ["CPPstartDate", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]
    assert all(i.child == "M1" and i.severity == "error" for i in codes(data, "missing-item"))
    cpp = data["cp_plans"].row(0, named=True)
    assert cpp["start_date"] is None and cpp["previous_plans"] is None
    assert (cpp["end_date"], cpp["initial_category"]) == (date(2016, 1, 1), "PHY")


@pytest.mark.parametrize("bad", ["-1", "two", "1.5"])
def test_a_bad_number_of_previous_plans_is_an_error(write, bad):
    data = read_return(write(message(child("P1", episodes=episode(plan(previous=bad))))))
    (issue,) = codes(data, "bad-number")
    assert issue.element == "NumberOfPreviousCPP" and repr(bad) in issue.message
    assert data["cp_plans"]["previous_plans"].to_list() == [None]


def test_a_code_outside_the_list_is_an_error(write):
    data = read_return(write(message(child("Q1", episodes=episode(plan(category="ABC"))))))
    issues = codes(data, "bad-code")
    assert [i.element for i in issues] == ["InitialCategoryOfAbuse", "LatestCategoryOfAbuse"]
    assert "NEG" in issues[0].message  # the valid codes are listed
    assert data["cp_plans"]["start_date"].to_list() == [date(2015, 7, 1)]


def test_a_return_without_children_loads_with_a_warning(write):
    data = read_return(write(message("")))
    assert data["children"].height == 0 and codes(data, "no-children")


def test_year_from_file_name():
    assert year_from_file_name("CIN_2015-16.xml") == 2016
    assert year_from_file_name("/a/b/cin201516.xml") == 2016
    assert year_from_file_name("cin_2016_v2.xml") == 2016
    assert year_from_file_name("cin_2015_2017.xml") is None  # ambiguous
    assert year_from_file_name("cin.xml") is None


def test_progress_reports_bytes_read(write):
    path = write(message("".join(child(f"P{n}") for n in range(300))))
    seen: list[tuple[int, int]] = []
    read_return(path, progress=lambda done, total: seen.append((done, total)))
    size = path.stat().st_size
    assert seen and seen[-1] == (size, size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_implausible_header_years_are_ignored_with_a_warning(write):
    head = header(year=None).replace(
        "<Collection>CIN</Collection>",
        "<Collection>CIN</Collection><Year>0000</Year><ReferenceDate>1016-03-31</ReferenceDate>",
    )
    data = read_return(write(message(child(), head=head), "cin_2016.xml"))
    assert (data.returns[0].census_year, data.returns[0].year_source) == (2016, "file name")
    assert [i.element for i in codes(data, "bad-header")] == ["Year", "ReferenceDate"]


def test_bad_year_and_la_arguments_are_refused(write):
    path = write(message(child(), head=header(year=None, la=None)), "return.xml")
    with pytest.raises(ReturnRejected, match="not a census year"):
        read_return(path, 16, la="201")
    with pytest.raises(ReturnRejected, match="not a 3-digit LA code"):
        read_return(path, 2016, la="20")


def test_a_year_outside_the_known_specs_is_read_with_the_nearest_lists(write):
    data = read_return(write(message(child(), head=header(2030))))
    assert data.returns[0].census_year == 2030
    assert codes(data, "year-outside-spec")[0].severity == "warning"


def test_rows_turned_into_columns_in_parts_give_the_same_tables(write, monkeypatch):
    kids = "".join(child(f"R{n}", episodes=FULL_EPISODE) for n in range(7))
    path = write(message(kids + child("", episodes=FULL_EPISODE)))
    whole = read_return(path)
    monkeypatch.setattr("cpmonitor.census.reader._FLUSH_EVERY", 2)
    parts = read_return(path)
    for name in TABLES:
        assert parts[name].equals(whole[name]), name
    assert parts.issues == whole.issues


def test_an_item_in_the_wrong_block_is_a_warning_naming_its_place(write):
    misplaced = "<CPPstartDate>2015-07-01</CPPstartDate>\n"
    data = read_return(write(message(child("W1", episodes=episode(misplaced)))))
    (issue,) = codes(data, "misplaced-element")
    assert issue.severity == "warning" and issue.element == "CPPstartDate"
    assert "<ChildProtectionPlans>" in issue.message and "<CINdetails>" in issue.message
    assert data["cp_plans"].height == 0 and data["episodes"].height == 1


def test_after_line_65535_data_item_lines_are_exact_without_a_notice(write):
    kids = "".join(child(f"C{n}") for n in range(4400)) + child(
        "LAST", episodes=episode(referral="2015-13-01")
    )
    text = message(kids)
    data = read_return(write(text))
    (bad,) = codes(data, "bad-date")
    assert bad.line > 65_535
    assert text.split("\n")[bad.line - 1] == "<CINreferralDate>2015-13-01</CINreferralDate>"
    assert codes(data, "lines-approximate") == []  # (blocks' lines: tests/census/test_exact_lines)
