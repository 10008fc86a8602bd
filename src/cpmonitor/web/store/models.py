"""Database tables that mirror the canonical census tables, one model per table.

The models are made from :data:`cpmonitor.census.tables.SCHEMAS`, so the database cannot
drift from the core's contract (a test checks that no migration is missing). Types:
text -> ``TextField``, date -> ``DateField``, integer -> ``IntegerField``, boolean ->
``BooleanField``, list of codes -> ``TextField`` holding the codes joined by ``,`` (codes
never contain commas). Every value may be null, as in the canonical tables.

Rows belong to an :class:`ImportBatch`, one per return (LA, census year). Child IDs appear
in URLs only as an opaque :class:`ChildRef`, never as LAchildID.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import models

from cpmonitor.census.tables import PROVENANCE, SCHEMAS
from cpmonitor.periods import year_label


class ImportBatch(models.Model):
    """One imported return: a council's CIN census for one year, with the file's hash.

    There is at most one per (LA, census year): re-importing a file with the same hash
    changes nothing; a different file for the same LA and year replaces the old one whole.
    """

    la = models.CharField("LA", max_length=3)
    census_year = models.IntegerField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField(default=0)
    reference_date = models.DateField()
    year_source = models.CharField(max_length=20)
    children = models.IntegerField(default=0)
    synthetic = models.BooleanField(
        default=False,
        help_text="written by cpmonitor's simulator (Header/Source/SoftwareCode cpmonitor-synth)",
    )
    rows = models.IntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "census_year"], name="one_return_per_la_year")
        ]
        ordering = ["la", "census_year"]

    def __str__(self) -> str:
        return f"LA {self.la} {year_label(self.census_year)} ({self.file_name})"


#: The longest LAchildID stored. The specification allows 10 characters; a longer one is kept
#: (and reported, census/bounds.py) up to this length, which keeps the (la, child_id) index
#: within PostgreSQL's btree limit. An upload holding a longer one is refused, saying why
#: (services.check_importable).
CHILD_ID_STORED = 500


def issue_fields(issue) -> dict:
    """A reader's issue (:class:`cpmonitor.census.issues.Issue`, a census return's or an Annex
    A workbook's) as the fields of :class:`DataIssue` and :class:`AnnexAIssue`: the file by
    its name only (never a server path)."""
    return {
        "file": Path(issue.file).name[:255],
        "line": issue.line,
        "child": issue.child,
        "element": issue.element,
        "severity": issue.severity,
        "code": issue.code,
        "message": issue.message,
    }


class DataIssue(models.Model):
    """A data-quality issue found when the return was read (:class:`cpmonitor.census.issues.Issue`)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    file = models.CharField(max_length=255)
    line = models.IntegerField(null=True)
    child = models.CharField(max_length=CHILD_ID_STORED, null=True)
    element = models.CharField(max_length=80, null=True)
    severity = models.CharField(max_length=10)
    code = models.CharField(max_length=60)
    message = models.TextField()

    class Meta:
        ordering = ["batch", "line", "id"]


def _new_ref() -> str:
    return secrets.token_hex(8)


class ChildRef(models.Model):
    """An opaque reference for a child (LA, LAchildID), used in URLs instead of the ID."""

    la = models.CharField(max_length=3)
    child_id = models.CharField(max_length=CHILD_ID_STORED)
    ref = models.CharField(max_length=16, unique=True, default=_new_ref)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["la", "child_id"], name="one_ref_per_child")]


def _field(dtype: pl.DataType) -> models.Field:
    if dtype == pl.Date:
        return models.DateField(null=True)
    if dtype == pl.Int32:
        return models.IntegerField(null=True)
    if dtype == pl.Boolean:
        return models.BooleanField(null=True)
    return models.TextField(null=True)


class CensusRow(models.Model):
    """Columns every canonical table has: its batch and provenance."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE)

    class Meta:
        abstract = True


#: Canonical table name -> model class name.
MODEL_NAMES = {
    "children": "ChildRecord",
    "episodes": "Episode",
    "assessments": "Assessment",
    "cin_plans": "CinPlan",
    "section47": "Section47",
    "cp_plans": "CpPlan",
    "reviews": "Review",
}


def _make_model(table: str) -> type[models.Model]:
    attrs: dict = {"__module__": __name__}
    for column, dtype in SCHEMAS[table].items():
        attrs[column] = _field(dtype)
    attrs["la"] = models.CharField(max_length=3)
    attrs["child_id"] = models.CharField(max_length=CHILD_ID_STORED, null=True)
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "db_table": f"store_{table}",
            "indexes": [models.Index(fields=["la", "child_id"], name=f"store_{table}_child")],
            "verbose_name": table.replace("_", " "),
        },
    )
    attrs["__doc__"] = f"Rows of the canonical ``{table}`` table (see census/tables.py)."
    return type(MODEL_NAMES[table], (CensusRow,), attrs)


#: Canonical table name -> model.
TABLE_MODELS: dict[str, type[models.Model]] = {t: _make_model(t) for t in SCHEMAS}
ChildRecord = TABLE_MODELS["children"]
Episode = TABLE_MODELS["episodes"]
Assessment = TABLE_MODELS["assessments"]
CinPlan = TABLE_MODELS["cin_plans"]
Section47 = TABLE_MODELS["section47"]
CpPlan = TABLE_MODELS["cp_plans"]
Review = TABLE_MODELS["reviews"]

assert set(PROVENANCE) <= set(SCHEMAS["children"])


# ---------------------------------------------------------------- Ofsted Annex A


class AnnexAWorkbook(models.Model):
    """One imported Ofsted Annex A workbook: a council's lists as extracted on one day.

    At most one per (LA, extract date): the same file again (same SHA-256) changes nothing,
    a different workbook for the same council and day replaces the old one whole. Its lists'
    rows are in the ``store_annexa_*`` tables (:data:`ANNEX_A_MODELS`), its data-quality
    issues in :class:`AnnexAIssue`.
    """

    la = models.CharField("LA", max_length=3)
    extract_date = models.DateField()
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size_bytes = models.BigIntegerField(default=0)
    la_source = models.CharField(max_length=20, help_text="where the council code came from")
    date_source = models.CharField(max_length=20, help_text="where the extract date came from")
    sheets = models.JSONField(default=dict, help_text="list key -> the sheet it was read from")
    rows = models.IntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["la", "extract_date"], name="one_annex_a_per_la_day")
        ]
        ordering = ["la", "extract_date"]
        verbose_name = "Annex A workbook"

    def __str__(self) -> str:
        return f"LA {self.la} Annex A at {self.extract_date:%Y-%m-%d} ({self.file_name})"


class AnnexAIssue(models.Model):
    """A data-quality issue found when the workbook was read."""

    workbook = models.ForeignKey(AnnexAWorkbook, on_delete=models.CASCADE, related_name="issues")
    file = models.CharField(max_length=255)
    line = models.IntegerField(null=True)
    child = models.CharField(max_length=40, null=True)
    element = models.TextField(null=True)
    severity = models.CharField(max_length=10)
    code = models.CharField(max_length=60)
    message = models.TextField()

    class Meta:
        ordering = ["workbook", "id"]


#: Annex A list key -> model class name.
ANNEX_A_MODEL_NAMES = {
    "child_protection": "AnnexAPlan",
    "assessments": "AnnexAAssessment",
    "section47": "AnnexASection47",
}


def _make_annex_model(spec) -> type[models.Model]:
    from cpmonitor.annexa.reader import list_schema

    attrs: dict = {"__module__": __name__}
    for column, dtype in list_schema(spec).items():
        if column not in ("la", "source_file"):
            attrs[column] = _field(dtype)
    attrs["source_file"] = models.TextField(null=True)
    attrs["la"] = models.CharField(max_length=3)
    attrs["child_id"] = models.CharField(max_length=40, null=True)
    attrs["workbook"] = models.ForeignKey(AnnexAWorkbook, on_delete=models.CASCADE)
    attrs["Meta"] = type(
        "Meta",
        (),
        {
            "db_table": f"store_annexa_{spec.key}",
            "indexes": [
                models.Index(fields=["la", "child_id"], name=f"store_annexa_{spec.key[:8]}_child")
            ],
            "verbose_name": f"Annex A {spec.label}",
        },
    )
    attrs["__doc__"] = f"Rows of Annex A {spec.label} (see annexa/lists.py)."
    return type(ANNEX_A_MODEL_NAMES[spec.key], (models.Model,), attrs)


def _annex_models() -> dict[str, type[models.Model]]:
    from cpmonitor.annexa.lists import LISTS

    return {spec.key: _make_annex_model(spec) for spec in LISTS}


#: Annex A list key -> model.
ANNEX_A_MODELS: dict[str, type[models.Model]] = _annex_models()
AnnexAPlan = ANNEX_A_MODELS["child_protection"]
AnnexAAssessment = ANNEX_A_MODELS["assessments"]
AnnexASection47 = ANNEX_A_MODELS["section47"]
