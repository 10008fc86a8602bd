"""DfE CIN census validation rules, declared once each in :mod:`.registry`.

One module per subject: :mod:`.plans`, :mod:`.reviews`, :mod:`.section47`,
:mod:`.episodes`, :mod:`.assessments`; importing :mod:`.registry`'s users (:mod:`.run`)
registers them all. Names are exported lazily, so importing the package (for the command
line's :class:`~.ruleset.RuleSet`) does not import polars.
"""

from cpmonitor._lazy import lazy_exports

_EXPORTS = {
    "RULES": ".run",
    "Rule": ".registry",
    "RuleSet": ".ruleset",
    "check_dfe_rules": ".run",
    "summary": ".run",
    "validation_issues": ".run",
    "what_it_checks": ".run",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())

__all__ = [
    "RULES",
    "Rule",
    "RuleSet",
    "check_dfe_rules",
    "summary",
    "validation_issues",
    "what_it_checks",
]
