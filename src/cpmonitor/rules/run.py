"""What ``cpmonitor validate`` checks: DfE's rules, cpmonitor's own checks, or both."""

from __future__ import annotations

from collections import Counter

from ..census.dataset import CensusData
from ..census.issues import Issue
from .registry import RULES, check_dfe_rules
from .ruleset import RuleSet


def validation_issues(data: CensusData, rules: RuleSet = RuleSet.all) -> list[Issue]:
    """The issues of ``data`` under ``rules``, and a line for each file that was not read.

    The reader's issues are cpmonitor's: with ``dfe`` alone they are left out, and
    :func:`summary` says how many (a value the reader could not read is blank to DfE's
    rules, so they matter).
    """
    from ..quality import check_history

    issues: list[Issue] = []
    if rules is not RuleSet.dfe:
        issues += list(data.issues) + check_history(data)
    if rules is not RuleSet.cpmonitor:
        issues += check_dfe_rules(data)
    issues += [
        Issue(r.file, None, None, None, "error", "file-rejected", r.reason) for r in data.rejected
    ]
    return issues


def summary(
    issues: list[Issue], rules: RuleSet, data: CensusData
) -> tuple[list[tuple[str, str, int, str]], list[str]]:
    """One row per check that found something (severity, check, count, what it checks), in
    DfE-rule order for DfE's rules; and notes: the DfE rules checked that found nothing (in
    the same order), and the reader's issues left out under ``--rules dfe``."""
    counts = Counter((i.severity, i.code) for i in issues)
    rows = []
    for (severity, code), n in sorted(counts.items(), key=lambda kv: _order(kv[0])):
        rows.append((severity, code, n, what_it_checks(code)))
    notes = []
    if rules is not RuleSet.cpmonitor:
        years = {r.census_year for r in data.returns}
        checked = [r for r in RULES.values() if any(r.applies_to(y) for y in years)]
        fired = {code for _, code in counts if code.startswith("dfe-")}
        quiet = [
            r.code
            for r in sorted(checked, key=lambda r: _order(("", r.issue_code)))
            if r.issue_code not in fired
        ]
        notes.append(
            f"{len(checked)} DfE rules checked; {len(checked) - len(quiet)} found something"
            + (f", none found in the others: {', '.join(quiet)}" if quiet else "")
        )
    if rules is RuleSet.dfe:
        errors = sum(1 for i in data.issues if i.severity == "error")
        if errors:
            notes.append(
                f"{errors} value(s) the reader could not read are blank to these rules: see "
                "them with --rules all"
            )
    return rows, notes


def what_it_checks(code: str) -> str:
    """The DfE rule behind an issue code in DfE's words ("DfE 2885 (error): …"); "" for
    cpmonitor's own codes, whose issues say what is wrong themselves."""
    rule = RULES.get(code.removeprefix("dfe-")) if code.startswith("dfe-") else None
    return f"DfE {rule.code} ({rule.severity}): {rule.message}" if rule else ""


def _order(key: tuple[str, str]) -> tuple:
    severity, code = key
    dfe = code.startswith("dfe-")
    number = code.removeprefix("dfe-").rstrip("Q")
    return (dfe, int(number) if dfe and number.isdigit() else 0, code, severity)
