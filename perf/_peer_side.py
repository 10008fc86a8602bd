"""Run data-to-insight's csc-validator-be-cin on CIN census returns; print its findings as JSON.

Executed with the peer's own interpreter (a separate virtual environment: it pins pandas 1.x
and needs numpy < 2), never imported by cpmonitor: ``PEER_PYTHON _peer_side.py FILE ...``.
Prints one JSON object: ``{file: {"ruleset": name, "rules": [codes], "found": [[rule,
child or null], ...], "errors": [the peer's messages of rules that raised]}}``. The ruleset is the file's census year's (``cin2022_23`` for 2022-23),
or the earliest the peer has for older years.
"""

import contextlib
import importlib
import io
import json
import pkgutil
import sys
import warnings
import xml.etree.ElementTree as ET

warnings.filterwarnings("ignore")

from cin_validator import cin_validator  # noqa: E402
from cin_validator import rules as peer_rules  # noqa: E402


def ruleset_for(root) -> str:
    have = sorted(
        m.name for m in pkgutil.iter_modules(peer_rules.__path__) if m.name.startswith("cin")
    )
    ref = root.find(".//{*}ReferenceDate")
    if ref is None:
        ref = root.find(".//ReferenceDate")
    year = int(ref.text[:4]) if ref is not None and ref.text else 0
    wanted = f"cin{year - 1}_{year % 100:02d}"
    return wanted if wanted in have else have[0]


def main(paths):
    out = {}
    for path in paths:
        root = ET.parse(path).getroot()
        name = ruleset_for(root)
        registry = importlib.import_module(f"cin_validator.rules.{name}").registry
        data = cin_validator.process_data(cin_validator.convert_data(root))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):  # it prints a rule's exception and goes on
            issues = cin_validator.CinValidator(data, registry).full_issue_df
        errors = [
            line for line in printed.getvalue().splitlines() if line.startswith("Error with rule")
        ]
        found = set()
        for rule, child, la_level in zip(
            issues.get("rule_code", []),
            issues.get("child_id", []),
            issues.get("la_level", []),
            strict=True,
        ):
            child = None if la_level == la_level and la_level is not None else child
            child = None if child != child else child  # NaN
            found.add((str(rule), None if child is None else str(child)))
        out[str(path)] = {
            "ruleset": name,
            "rules": sorted(registry),
            "found": sorted(found, key=str),
            "errors": errors,
        }
    sys.stdout.write("\n" + json.dumps(out) + "\n")  # last line: the peer prints too


if __name__ == "__main__":
    main(sys.argv[1:])
