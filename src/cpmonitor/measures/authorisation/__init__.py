"""Group Manager authorisation of initial conferences for children who have had a plan before.

The rule is the one a council adopted when its repeat-plan rate rose (Walsall, scrutiny report
of October 2016, 3.2): "There is now senior management oversight of all decisions to arrange a
Child Protection Conference when the child has previously been the subject of a plan. The
relevant Group Manager must authorise each decision." The timescale is the statutory one: the
initial child protection conference within 15 working days of the start of the section 47
enquiry (*Working Together to Safeguard Children*; LAIT ``CP_conf_15days``), working days as
:mod:`cpmonitor.workdays` counts them (England and Wales bank holidays).

Pure: plain polars tables and the core's :class:`~cpmonitor.history.History` in, figures out.
No Django, no I/O; the web app and the report call these. Three subjects, one module each:

- :mod:`.history_check`: :func:`history_check`, a child's plans before a section 47 start
  (dates, categories, how each ended, the gap since the last), the latest
  ``NumberOfPreviousCPP`` on record, and whether the rule asks for authorisation (optionally
  counting only recent plans).
- :mod:`.requests`: the request's state machine — :func:`request_states`, each request's state
  from its append-only events; :func:`conference_due`, :func:`working_days_left`, the deadline.
- :mod:`.oversight`: :func:`authorisation_oversight`, requests by month, outcomes, hours to
  decision, open requests, and conferences in the census returns held without a recorded
  authorisation.

Every name is also importable from this package, as before the split.
"""

from .history_check import (
    PLAN_COLUMNS,
    REASONS_FOR_CLOSURE,
    HistoryCheck,
    history_check,
    years_before,
)
from .oversight import (
    MONTH_COLUMNS,
    REQUEST_COVERS_DAYS,
    SAME_CONFERENCE_DAYS,
    AuthorisationOversight,
    AuthorisationRecords,
    authorisation_oversight,
    conferences_for_repeat_children,
)
from .requests import (
    AUTHORISED,
    AWAITING,
    DECISIONS,
    DECLINED,
    EVENT_SCHEMA,
    FINAL_DECISIONS,
    INFORMATION_ADDED,
    LOCAL_TIME_ZONE,
    NOT_REQUIRED,
    OPEN_STATES,
    RAISED,
    REQUEST_SCHEMA,
    RETURNED,
    STATE_AFTER,
    STATES,
    WITHDRAWN,
    conference_due,
    conform,
    request_states,
    state_on,
    working_days_left,
)

__all__ = [
    "AUTHORISED",
    "AWAITING",
    "DECISIONS",
    "DECLINED",
    "EVENT_SCHEMA",
    "FINAL_DECISIONS",
    "INFORMATION_ADDED",
    "LOCAL_TIME_ZONE",
    "MONTH_COLUMNS",
    "NOT_REQUIRED",
    "OPEN_STATES",
    "PLAN_COLUMNS",
    "RAISED",
    "REASONS_FOR_CLOSURE",
    "REQUEST_COVERS_DAYS",
    "REQUEST_SCHEMA",
    "RETURNED",
    "SAME_CONFERENCE_DAYS",
    "STATES",
    "STATE_AFTER",
    "WITHDRAWN",
    "AuthorisationOversight",
    "AuthorisationRecords",
    "HistoryCheck",
    "authorisation_oversight",
    "conference_due",
    "conferences_for_repeat_children",
    "conform",
    "history_check",
    "request_states",
    "state_on",
    "working_days_left",
    "years_before",
]
