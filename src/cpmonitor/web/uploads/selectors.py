"""Upload page reads: what is loaded for the user's councils, and their recent uploads."""

from __future__ import annotations

from ..councils import councils_of
from ..store.models import AnnexAWorkbook, ImportBatch
from .models import UploadJob


def loaded_for(user) -> dict:
    """The returns and Annex A workbooks stored for ``user``'s councils, and ``user``'s ten
    most recent uploads."""
    return {
        "batches": ImportBatch.objects.filter(la__in=councils_of(user)).select_related(
            "imported_by"
        ),
        "workbooks": AnnexAWorkbook.objects.filter(la__in=councils_of(user)).select_related(
            "imported_by"
        ),
        "recent": UploadJob.objects.filter(user=user)[:10],
    }
