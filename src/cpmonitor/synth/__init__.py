"""The life-course simulator: synthetic councils, their children and their CIN census returns.

Everything it makes is synthetic (children are ``SYN000123``; no names). One model
(:mod:`.model`) serves both outputs: XML returns per census year (:func:`write_returns`, the
``cpmonitor synth`` command) and the same canonical tables in memory for benchmarks at
national scale (:func:`national_census_data`, :func:`.returns.census_data`).

``children`` (``--children N``) is the expected number of children in each year's return;
see :mod:`.simulate`.
"""

from cpmonitor._lazy import lazy_exports

_EXPORTS = {
    "DEMO_LA": ".councils",
    "LA_CODES": ".councils",
    "CouncilCodeError": ".councils",
    "check_la": ".councils",
    "Council": ".model",
    "Simulation": ".model",
    "PROFILES": ".profiles",
    "ProfileError": ".profiles",
    "census_data": ".returns",
    "return_tables": ".returns",
    "DEMO_CHILDREN": ".simulate",
    "DEMO_PROFILE": ".simulate",
    "DEMO_YEARS": ".simulate",
    "SynthError": ".simulate",
    "check_years": ".simulate",
    "national_census_data": ".simulate",
    "national_councils": ".simulate",
    "simulate": ".simulate",
    "write_returns": ".simulate",
    "WrittenReturn": ".writer",
    "write_return": ".writer",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = [
    "DEMO_CHILDREN",
    "DEMO_LA",
    "DEMO_PROFILE",
    "DEMO_YEARS",
    "LA_CODES",
    "PROFILES",
    "Council",
    "CouncilCodeError",
    "ProfileError",
    "Simulation",
    "SynthError",
    "WrittenReturn",
    "census_data",
    "check_la",
    "check_years",
    "national_census_data",
    "national_councils",
    "return_tables",
    "simulate",
    "write_return",
    "write_returns",
]
