"""The dashboard names each repeat-plan measure as the measures registry does
(:data:`cpmonitor.measures.registry.REPEAT_MEASURES`, the table the command line and the
report read): no dashboard template writes a registered measure's label by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpmonitor.measures.registry import REPEAT_MEASURES
from cpmonitor.web.dashboard.templatetags.cpmonitor_tags import measure_label

TEMPLATES = Path(__file__).resolve().parents[3] / "src/cpmonitor/web/templates/dashboard"
#: Words on a dashboard page that read like a registered label but name another count.
NOT_THE_REGISTRY_MEASURE = {
    # the early-warning table's column: plans ended in its reference window, counted by
    # cpmonitor.measures.early_warning for the groups' risk, not the year's plans_ended
    ("early_warning.html", "plans ended"),
}


def _labels() -> dict[str, str]:
    """Each registered label as a person reads it (the CLI's indent dropped), lower case."""
    return {name: m.label.strip().lower() for name, m in REPEAT_MEASURES.items()}


def hand_written_labels(name: str, text: str) -> list[str]:
    """The registered labels written out in template ``text`` (any case, any spacing)."""
    plain = re.sub(r"\s+", " ", text).lower()
    return sorted(
        label
        for label in _labels().values()
        if re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", plain)
        and (name, label) not in NOT_THE_REGISTRY_MEASURE
    )


def test_a_label_written_by_hand_is_found_whatever_its_case_and_spacing():
    text = (
        '<dt class="govuk-summary-list__key">Plans\n   ended</dt><dt>{{ "x"|measure_label }}</dt>'
    )
    assert hand_written_labels("dashboard.html", text) == ["plans ended"]
    assert hand_written_labels("dashboard.html", "Plans ended later") == ["plans ended"]
    assert hand_written_labels("dashboard.html", "Plans endedness") == []


def test_no_dashboard_template_writes_a_registered_measure_label_by_hand():
    found = {
        path.name: labels
        for path in sorted(TEMPLATES.glob("*.html"))
        if (labels := hand_written_labels(path.name, path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_label_filter_gives_the_registry_label_as_a_person_reads_it():
    assert measure_label("plans_started") == "Plans started"
    assert measure_label("lasted_two_years_or_more") == "of those: lasted two years or more"


def test_the_label_filter_refuses_a_measure_the_registry_does_not_have():
    with pytest.raises(KeyError, match="no_such_measure"):
        measure_label("no_such_measure")


@pytest.mark.django_db
def test_the_dashboards_plan_measures_are_labelled_as_the_registry_labels_them(client_as, loaded):
    html = client_as("manager").get("/dashboard/").content.decode()
    keys = re.findall(r'<dt class="govuk-summary-list__key">(.*?)</dt>', html)
    # hand-worked: the year to date 2016-17 ends on 31 March 2017
    assert keys == [
        "Plans started",
        "Repeat by the record or the loaded history",
        "Plans ended",
        "Of those: lasted two years or more",
        "Plans open on the last day (31 March 2017)",
    ]
    registered = set(_labels().values())
    assert all(re.sub(r" \(.*\)$", "", k).lower() in registered for k in keys)
