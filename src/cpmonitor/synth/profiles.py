"""Repeat-plan trends: the share of plan starts that are repeat plans, by census year.

A profile names a target percentage for each census year. The simulator turns it into a
multiplier on the one decision the 2016 report's council changed — convening a conference for
a child who has had a plan before (report, section 3.2: Group Manager authorisation) — using
a calibration curve measured on the model itself (constant multiplier, steady state). The
realised share of a simulated council scatters around the target as a real council's does.

- ``england``: England's published series (DfE EES table d3, 2025 release: 14.9% in 2012-13
  rising to 24.7% in 2023-24).
- ``demo``: the built-in demo council's story, shaped like the 2016 report's: lower than
  England, a rise to a peak in 2015-16, a sharp fall in 2016-17 once conferences for children
  with a previous plan need a Group Manager's authorisation, then a drift back towards England.
- ``flat``: the model's own level (about 23%) every year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported when a profile is used, not by ``cpmonitor --help``
    import numpy as np

ENGLAND = {2013: 14.9, 2014: 15.8, 2015: 16.6, 2016: 17.9, 2017: 18.7, 2018: 20.2, 2019: 20.8,
           2020: 21.9, 2021: 22.1, 2022: 22.7, 2023: 23.6, 2024: 24.7, 2025: 24.5}  # fmt: skip
DEMO = {2013: 10.5, 2014: 13.0, 2015: 13.5, 2016: 21.0, 2017: 8.0, 2018: 12.0, 2019: 16.0,
        2020: 18.0, 2021: 20.0, 2022: 21.0, 2023: 22.0, 2024: 22.0, 2025: 21.0}  # fmt: skip
#: Measured on the model (N = 40,000, 14 warm-up years, plan starts 2015-16..2024-25):
#: (multiplier, share of plan starts that are repeat plans).
CALIBRATION = ((0.0, 0.0509), (0.1, 0.071), (0.25, 0.1029), (0.5, 0.1462), (0.75, 0.185),
               (1.0, 0.2288), (1.5, 0.2928), (2.0, 0.3406), (3.0, 0.43), (4.0, 0.4752))  # fmt: skip
FLAT = 100 * CALIBRATION[5][1]

PROFILES: dict[str, Mapping[int, float]] = {
    "england": ENGLAND,
    "demo": DEMO,
    "flat": dict.fromkeys(ENGLAND, FLAT),
}


class ProfileError(ValueError):
    """An unknown profile name or an impossible target."""


def targets(profile: str | Mapping[int, float], years: Sequence[int]) -> np.ndarray:
    """Target repeat percentage for each census year (the nearest year's beyond the table)."""
    import numpy as np

    if isinstance(profile, str):
        if profile not in PROFILES:
            raise ProfileError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        profile = PROFILES[profile]
    known = sorted(profile)
    if not known:
        raise ProfileError("a profile needs at least one year")
    out = []
    for y in years:
        nearest = min(known, key=lambda k: (abs(k - y), k))
        out.append(float(profile[nearest]))
    return np.array(out)


def multipliers(target_percent: np.ndarray) -> np.ndarray:
    """The model's multiplier for each target percentage (clipped to what the model can do)."""
    import numpy as np

    m, share = np.array(CALIBRATION).T
    return np.interp(np.asarray(target_percent, dtype=float) / 100, share, m)


def repeat_odds(profile: str | Mapping[int, float], years: Sequence[int]) -> tuple[float, ...]:
    """Per census year, the multiplier that aims the council at the profile's percentage."""
    return tuple(float(x) for x in multipliers(targets(profile, years)))
