"""The life-course simulator: synthetic councils, their children and their CIN census returns.

Everything it makes is synthetic (children are ``SYN000123``; no names). One model
(:mod:`.model`) serves both outputs: XML returns per census year (:func:`write_returns`, the
``cpmonitor synth`` command) and the same canonical tables in memory for benchmarks at
national scale (:func:`national_census_data`, :func:`.returns.census_data`).

``children`` (``--children N``) is the expected number of children in each year's return;
see :mod:`.simulate`.
"""

from .councils import DEMO_LA, LA_CODES, CouncilCodeError, check_la
from .model import Council, Simulation
from .profiles import PROFILES, ProfileError
from .returns import census_data, return_tables
from .simulate import (
    DEMO_CHILDREN,
    DEMO_PROFILE,
    DEMO_YEARS,
    SynthError,
    check_years,
    national_census_data,
    national_councils,
    simulate,
    write_returns,
)
from .writer import WrittenReturn, write_return

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
