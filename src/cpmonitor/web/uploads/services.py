"""Receiving an upload: each file saved in a private folder of its own, hashed as it is
written, and recorded on a new :class:`~.models.UploadJob` (the check and the import that
follow are :mod:`.jobs`)."""

from __future__ import annotations

import hashlib
import os
import re

from django.conf import settings

from cpmonitor.datadir import PRIVATE_FILE, private_dir

from .models import UploadJob

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def receive(user, files) -> UploadJob:
    """A new upload by ``user`` of ``files`` (Django uploaded files), saved and hashed."""
    job = UploadJob.objects.create(user=user)
    folder = private_dir(settings.CPMONITOR_UPLOAD_DIR / str(job.pk))
    saved = []
    for n, upload in enumerate(files):
        name = _SAFE.sub("_", upload.name)[-100:] or "return.xml"
        # one private folder per file: the name stays as sent
        path = private_dir(folder / f"{n:03d}") / name
        digest = hashlib.sha256()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with open(fd, "wb") as out:
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
        saved.append(
            {
                "name": upload.name[:200],
                "path": str(path),
                "sha256": digest.hexdigest(),
                "size": upload.size,
            }
        )
    job.files = saved
    job.save(update_fields=["files"])
    return job
