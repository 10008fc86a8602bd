"""DfE CIN census validation rules, declared once each in :mod:`.registry`.

One module per subject: :mod:`.plans`, :mod:`.reviews`, :mod:`.section47`,
:mod:`.episodes`, :mod:`.assessments`. Importing this package registers them all.
"""

from __future__ import annotations

from . import assessments, episodes, plans, reviews, section47  # noqa: F401 - registers
from .registry import RULES, Rule, check_dfe_rules
from .run import RuleSet, summary, validation_issues

__all__ = ["RULES", "Rule", "RuleSet", "check_dfe_rules", "summary", "validation_issues"]
