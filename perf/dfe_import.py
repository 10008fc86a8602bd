"""Benchmark import: every shared DfE file into the benchmarks store, and the queries after it.

Measured in the same run:

- **raw read** — polars reading the same files as text (CSV) / Parquet and the two XLSX
  workbooks with openpyxl, with no checking: the floor for any importer;
- **pandas read** — ``pandas.read_csv(dtype=str)`` of the CSVs (an analyst's notebook; the
  Parquet and XLSX are left out, so this baseline does less work than the others);
- **cpmonitor import** — :meth:`cpmonitor.benchmarks.BenchmarkStore.import_files` into an
  empty store: recognise, parse, check every figure and symbol, hash, write SQLite;
- **re-import** — the same files again (identity check only, nothing written);
- **series** / **funnel** — ``store.series("335")`` and ``store.funnel(2016, la="335")``.

Run: ``uv run python -m perf dfe_import``. Target: the import in seconds, not minutes;
a series in well under a second (the web dashboard calls it per page).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "cpp-benchmark-data"
FILES = [
    *sorted((DATA / "dfe_ees").glob("*.csv")),
    DATA / "lait" / "bds_long_0.parquet",
    *sorted((DATA / "statistical_neighbours").glob("*.*")),
]


def _time(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _raw_read() -> None:
    import polars as pl
    from openpyxl import load_workbook

    for path in FILES:
        if path.suffix == ".csv":
            pl.read_csv(path, infer_schema=False)
        elif path.suffix == ".parquet":
            pl.read_parquet(path)
        else:
            book = load_workbook(path, read_only=True)
            for sheet in book:
                list(sheet.iter_rows(values_only=True))
            book.close()


def _pandas_read() -> None:
    import pandas as pd

    for path in FILES:
        if path.suffix == ".csv":
            pd.read_csv(path, dtype=str, keep_default_na=False)


def run() -> None:
    from cpmonitor.benchmarks import BenchmarkStore

    missing = [p for p in FILES if not p.is_file()]
    if missing:
        print(f"missing DfE files: {', '.join(map(str, missing))}")
        return
    size = sum(p.stat().st_size for p in FILES) / 1e6
    print(f"{len(FILES)} files, {size:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(1000))

        def fresh_import() -> None:
            BenchmarkStore(Path(tmp) / f"s{next(counter)}.sqlite3").import_files(FILES)

        raw = _time(_raw_read)
        pandas = _time(_pandas_read)
        imported = _time(fresh_import)
        store = BenchmarkStore(Path(tmp) / "s0.sqlite3")
        again = _time(lambda: store.import_files(FILES))
        store.series("335")  # first call pays scipy's import
        series = _time(lambda: store.series("335"), repeat=5)
        funnel = _time(lambda: store.funnel(2016, la="335"), repeat=5)
    rows = [
        ("raw read (polars, openpyxl)", raw),
        ("pandas read_csv (CSVs only)", pandas),
        ("cpmonitor import (empty store)", imported),
        ("cpmonitor re-import (no change)", again),
        ("series('335'), 14 years", series),
        ("funnel(2016, la='335')", funnel),
    ]
    for name, seconds in rows:
        print(f"{name:34s} {seconds:7.3f} s   {seconds / raw:6.1f} x raw read")


if __name__ == "__main__":
    run()
