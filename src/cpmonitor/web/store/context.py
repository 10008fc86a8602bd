"""Template context every page gets from the store: which councils' returns are synthetic.

Returns written by cpmonitor's simulator carry a mark the reader recognises
(:data:`cpmonitor.census.dataset.SYNTHETIC_SOFTWARE_CODE`), kept on each
:class:`~.models.ImportBatch`. While any is loaded, every signed-in page says so (a banner
in ``base.html``), so no figure made from them passes for a real council's.
"""

from __future__ import annotations

from .versions import stored_returns


def synthetic_data(request) -> dict:
    """``synthetic_las``: the LA codes whose stored returns are synthetic (signed in only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"synthetic_las": stored_returns().synthetic_las()}
