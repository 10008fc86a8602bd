"""The simulator's returns pass every DfE error-level rule for their year (queries may fire)."""

from __future__ import annotations

from collections import Counter

from cpmonitor.census.load import load
from cpmonitor.rules import RULES, check_dfe_rules
from cpmonitor.synth import census_data, simulate

# Queries real councils' returns raise too: overdue conferences and assessments at 31 March,
# an enquiry whose assessment ended in an earlier year, "closed after assessment" (RC8) on a
# referral with no further action, and factor 21 on an episode that went on to services.
EXPECTED_QUERIES = {"2991Q", "8670Q", "8675Q", "8825Q", "8873Q"}


def _errors(issues) -> Counter:
    return Counter(i.code for i in issues if i.severity == "error")


def test_the_small_councils_xml_returns_break_no_dfe_error_rule_in_any_year(small_returns):
    data = load([r.path for r in small_returns])
    assert len(data.returns) == len(small_returns) and not data.rejected
    issues = check_dfe_rules(data)
    assert _errors(issues) == Counter()
    fired = {i.code.removeprefix("dfe-") for i in issues}
    assert fired <= EXPECTED_QUERIES, fired - EXPECTED_QUERIES


def test_a_larger_council_with_another_seed_breaks_no_dfe_error_rule_either():
    sim = simulate(children=6000, years=range(2013, 2027), seed=3, profile="england")
    issues = check_dfe_rules(census_data(sim))
    assert _errors(issues) == Counter()
    assert {i.code.removeprefix("dfe-") for i in issues} <= EXPECTED_QUERIES


def test_the_expected_queries_are_declared_dfe_queries():
    assert all(RULES[code].severity == "query" for code in EXPECTED_QUERIES)
