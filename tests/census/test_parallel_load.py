"""A folder read in parallel (one process per file) gives exactly the serial read."""

from __future__ import annotations

from cin_returns import child, episode, header, message, plan

from cpmonitor.census.load import load
from cpmonitor.census.tables import TABLES


def _returns(write, tmp_path):
    for year in (2014, 2015, 2016, 2017):
        kids = "".join(
            child(f"P{year}{k}", episodes=episode(plan()) if k % 3 else "") for k in range(40)
        )
        write(message(kids, head=header(year)), f"cin_{year}.xml")
    write(message(child("BAD", sex="<GenderCurrent>7</GenderCurrent>")), "cin_bad.xml")  # an issue
    write(b"", "empty.xml")  # rejected
    return tmp_path


def test_reading_in_two_processes_gives_the_same_tables_issues_and_order(write, tmp_path):
    folder = _returns(write, tmp_path)
    serial = load([folder], workers=1)
    parallel = load([folder], workers=2)
    for name in TABLES:
        assert parallel[name].equals(serial[name]), name
    assert [r.file for r in parallel.returns] == [r.file for r in serial.returns]
    assert parallel.returns == serial.returns
    assert [i.as_dict() for i in parallel.issues] == [i.as_dict() for i in serial.issues]
    assert [(r.file, r.reason) for r in parallel.rejected] == [
        (r.file, r.reason) for r in serial.rejected
    ]
    assert len(serial.returns) == 5 and len(serial.rejected) == 1


def test_a_parallel_read_reports_progress_file_by_file_up_to_the_total(write, tmp_path):
    folder = _returns(write, tmp_path)
    total = sum(p.stat().st_size for p in folder.iterdir())
    calls: list[tuple[int, int]] = []
    load([folder], workers=2, progress=lambda done, tot, _file: calls.append((done, tot)))
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_the_number_of_reading_processes_can_be_set_from_the_environment(
    write, tmp_path, monkeypatch
):
    import pytest

    folder = _returns(write, tmp_path)
    monkeypatch.setenv("CPMONITOR_READ_WORKERS", "2")
    assert len(load([folder], workers=None).returns) == 5  # None: the command line's choice
    monkeypatch.setenv("CPMONITOR_READ_WORKERS", "two")
    assert len(load([folder]).returns) == 5  # the default (one process) reads no setting
    with pytest.raises(ValueError, match="CPMONITOR_READ_WORKERS must be a whole number"):
        load([folder], workers=None)
