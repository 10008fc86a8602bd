"""Which checks ``cpmonitor validate`` runs (no polars here: the command line's option type)."""

from __future__ import annotations

from enum import StrEnum


class RuleSet(StrEnum):
    """``dfe``: DfE's CIN census validation rules; ``cpmonitor``: the reader's checks of each
    value and the cross-return checks of :mod:`cpmonitor.quality`; ``all``: both."""

    dfe = "dfe"
    cpmonitor = "cpmonitor"
    all = "all"
