"""The canonical tables every shell works from (polars schemas).

One row per element occurrence in a return. Every table carries its provenance: the
``source_file``, the ``la`` (3-digit DfE LA code, text), the ``census_year`` (the year the
census ends, 31 March: 2016 = 2015-16) and the ``line`` of the element in the file.
Child IDs are text, always (leading zeros kept). Codes are upper-cased and trimmed.
Episodes, assessments, section 47 enquiries, CIN plans and child protection plans are linked
to their CIN episode by (la, child_id, referral_date); reviews to their plan by
(la, child_id, plan_start).
"""

from __future__ import annotations

import polars as pl

PROVENANCE: dict[str, pl.DataType] = {
    "source_file": pl.Utf8(),
    "la": pl.Utf8(),
    "census_year": pl.Int32(),
    "line": pl.Int32(),
    "child_id": pl.Utf8(),
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "children": {
        **PROVENANCE,
        "birth_date": pl.Date(),
        "expected_birth_date": pl.Date(),
        "sex": pl.Utf8(),  # normalised: M, F or U (GenderCurrent 1/2/0/9 or Sex M/F/U)
        "ethnicity": pl.Utf8(),
        "disabilities": pl.List(pl.Utf8()),
        "death_date": pl.Date(),
    },
    "episodes": {
        **PROVENANCE,
        "referral_date": pl.Date(),
        "referral_source": pl.Utf8(),
        "primary_need": pl.Utf8(),
        "closure_date": pl.Date(),
        "reason_for_closure": pl.Utf8(),
        "initial_cpc_date": pl.Date(),
        "referral_nfa": pl.Boolean(),
    },
    "assessments": {
        **PROVENANCE,
        "referral_date": pl.Date(),
        "start_date": pl.Date(),
        "internal_review_date": pl.Date(),
        "authorisation_date": pl.Date(),
        "factors": pl.List(pl.Utf8()),
    },
    "cin_plans": {
        **PROVENANCE,
        "referral_date": pl.Date(),
        "start_date": pl.Date(),
        "end_date": pl.Date(),
    },
    "section47": {
        **PROVENANCE,
        "referral_date": pl.Date(),
        "start_date": pl.Date(),
        "icpc_target": pl.Date(),
        "icpc_date": pl.Date(),
        "icpc_not_required": pl.Boolean(),
    },
    "cp_plans": {
        **PROVENANCE,
        "referral_date": pl.Date(),
        "start_date": pl.Date(),
        "end_date": pl.Date(),
        "initial_category": pl.Utf8(),
        "latest_category": pl.Utf8(),
        "previous_plans": pl.Int32(),  # NumberOfPreviousCPP
    },
    "reviews": {
        **PROVENANCE,
        "plan_start": pl.Date(),
        "review_date": pl.Date(),
    },
}

TABLES = tuple(SCHEMAS)


def empty(name: str) -> pl.DataFrame:
    """An empty table with the canonical schema."""
    return pl.DataFrame(schema=SCHEMAS[name])


def conform(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Select and cast ``frame`` to the canonical schema of table ``name`` (column order too)."""
    schema = SCHEMAS[name]
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ValueError(f"table {name} lacks columns {missing}")
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])
