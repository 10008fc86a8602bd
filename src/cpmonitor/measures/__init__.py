"""Measures: each defined once here, with its DfE source; every shell calls these.

- :mod:`.repeat`: the DfE repeat-plan measure and the plan measures read beside it
  (:func:`~.repeat.repeat_plan_table`, :func:`~.repeat.repeat_cohort`).
- :mod:`.breakdowns`: plan starts first vs repeat by category, age band, sex, previous plans.
- :mod:`.summary`: one period's whole picture as a JSON-ready dictionary.
"""

from cpmonitor._lazy import lazy_exports

_EXPORTS = {
    "MEASURES": ".repeat",
    "repeat_cohort": ".repeat",
    "repeat_plan_table": ".repeat",
    "summary": ".summary",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = ["MEASURES", "repeat_cohort", "repeat_plan_table", "summary"]
