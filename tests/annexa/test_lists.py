"""Each Annex A list's template header row is defined once, in the core, and read as that list."""

from __future__ import annotations

from cpmonitor.annexa.lists import LISTS, match_header


def test_each_lists_template_header_row_is_recognised_as_that_list_with_every_column():
    for spec in LISTS:
        found = match_header(spec.header)
        assert found is not None, spec.label
        matched, columns = found
        assert matched is spec
        assert {c.name for c in columns.values()} == {c.name for c in spec.columns}


def test_every_column_read_is_named_in_its_lists_template_header_row():
    for spec in LISTS:
        assert [c.template for c in spec.columns if c.template not in spec.header] == []
