"""A folder read in parallel (one process per file) gives exactly the serial read."""

from __future__ import annotations

from pathlib import Path

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


def test_progress_is_reported_in_the_calling_thread_as_each_file_is_read(write, tmp_path):
    import threading

    folder = _returns(write, tmp_path)
    threads, files = set(), []

    def progress(_done, _total, file):
        threads.add(threading.current_thread())
        files.append(Path(file).name)

    load([folder], workers=2, progress=progress)
    assert threads == {threading.current_thread()}
    # the start, then each file once (the empty file, rejected, too), whoever read it
    assert sorted(files[1:]) == sorted(p.name for p in folder.iterdir())


def test_a_file_whose_worker_process_died_is_read_in_the_calling_process(
    write, tmp_path, monkeypatch
):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from cpmonitor.census import load as loading

    class DeadPool:
        """A pool whose every worker process has died (out of memory, killed)."""

        def submit(self, *_args):
            future = Future()
            future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
            return future

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            return False

    folder = _returns(write, tmp_path)
    monkeypatch.setattr(loading, "workers_pool", lambda _n: DeadPool())
    serial = load([folder], workers=1)
    rescued = load([folder], workers=2)
    for name in TABLES:
        assert rescued[name].equals(serial[name]), name
    assert rescued.returns == serial.returns


def test_the_command_line_uses_worker_processes_only_for_enough_to_read(monkeypatch):
    from cpmonitor.census.workers import PARALLEL_MIN_BYTES, choose_workers, cpu_count

    monkeypatch.delenv("CPMONITOR_READ_WORKERS", raising=False)
    assert choose_workers(None, PARALLEL_MIN_BYTES - 1, 13) == 1
    assert choose_workers(None, PARALLEL_MIN_BYTES, 13) == min(cpu_count(), 13)
    assert choose_workers(None, PARALLEL_MIN_BYTES, 1) == 1  # never more than the files
    assert choose_workers(4, 10, 2) == 2  # as asked, but for the files there are
    monkeypatch.setenv("CPMONITOR_READ_WORKERS", "3")
    assert choose_workers(None, 10, 13) == 3


def test_starting_the_workers_early_never_fails_on_what_the_load_will_report(tmp_path, monkeypatch):
    from cpmonitor.census.workers import start_for

    monkeypatch.setenv("CPMONITOR_READ_WORKERS", "two")
    start_for([tmp_path / "missing"])  # a bad setting, a missing path: the load says so
    monkeypatch.delenv("CPMONITOR_READ_WORKERS")
    start_for([tmp_path])  # nothing to read: nothing started, nothing raised
