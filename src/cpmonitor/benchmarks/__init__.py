"""Benchmarks: a council's published figures beside England, its region and its neighbours.

From the official DfE files a user downloads each year (EES *Children in need* tables D3, D5,
B1, C1; the LAIT big data set; the statistical-neighbour lists of April 2021 and May 2025),
imported into a store in the user's data directory, every release kept.

Python API (the report and the web app call these; the CLI is a thin shell over them)::

    from cpmonitor.benchmarks import BenchmarkStore

    store = BenchmarkStore()                    # path=None: <data dir>/benchmarks.sqlite3
    store.import_files([path, ...])             # all or nothing; re-importing changes nothing
    series = store.series("335")                # or "E08000030" or "Walsall"
    series.rows                                 # list[YearRow], one per year
    series.to_dicts()                           # JSON-ready (keys: year, la_repeat, ...)
    series.to_frame()                           # polars DataFrame
    store.series("335", neighbours="2021", release=2024, measure="repeat_plans")
    data = store.funnel(2016, la="335")         # FunnelData (points, limits, summary())
    render(data, "funnel.svg")                  # SVG + PNG
    attach_computed(series, census_data)        # the council's own figure from its returns
    store.releases(), store.neighbour_lists(), store.directory().resolve("Dorset")

Modules: :mod:`.catalogue` (measures, sources, polarity, symbols), :mod:`.areas` (LA identity
and code changes), :mod:`.layouts` (reading and recognising the files), :mod:`.store`
(SQLite store), :mod:`.series` (the year rows: neighbour mean, rank, quartile, Wilson CI),
:mod:`.funnel` (control limits and the chart), :mod:`.england` (England's series built in),
:mod:`.computed` (computed vs published), :mod:`.cli` (``cpmonitor benchmarks``).
"""

from cpmonitor._lazy import lazy_exports

_EXPORTS = {
    "LaDirectory": ".areas",
    "LocalAuthority": ".areas",
    "UnknownArea": ".areas",
    "MEASURES": ".catalogue",
    "MeasureDef": ".catalogue",
    "get_measure": ".catalogue",
    "attach_computed": ".computed",
    "ENGLAND_REPEAT_PLANS": ".england",
    "FunnelData": ".funnel",
    "render": ".funnel",
    "BenchmarkFileError": ".layouts",
    "UnknownLayout": ".layouts",
    "read_file": ".layouts",
    "YearRow": ".series",
    "BenchmarkImportError": ".store",
    "BenchmarkSeries": ".store",
    "BenchmarkStore": ".store",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = [
    "ENGLAND_REPEAT_PLANS",
    "MEASURES",
    "BenchmarkFileError",
    "BenchmarkImportError",
    "BenchmarkSeries",
    "BenchmarkStore",
    "FunnelData",
    "LaDirectory",
    "LocalAuthority",
    "MeasureDef",
    "UnknownArea",
    "UnknownLayout",
    "YearRow",
    "attach_computed",
    "get_measure",
    "read_file",
    "render",
]
