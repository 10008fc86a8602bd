"""The upload size limit, enforced as the upload streams in (``CPMONITOR_UPLOAD_MAX_MB``).

:class:`SizeLimitHandler` is the first of Django's upload handlers (``FILE_UPLOAD_HANDLERS``,
:mod:`django.core.files.uploadhandler`). When the request's ``Content-Length`` is already over
the limit, no file of it is stored anywhere: each file's bytes are counted and dropped as they
arrive (the handlers after this one never see them: no temporary file is opened), and the file
is handed to the form as a :class:`RefusedFile`, its name and size without content, which the
upload form refuses with its usual sentence. A request that passes the limit without saying so
beforehand (no or a smaller ``Content-Length``) is cut off the same way at the chunk that
passes it, and what the later handlers had received of that file is closed (a temporary file
is deleted). The rest of the body is read and dropped, 64 KB at a time, so the browser gets the
form back with the message rather than a reset connection.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class RefusedFile(UploadedFile):
    """A file refused for its size: its name and size (bytes received), no content."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.refused = True

    def chunks(self, chunk_size=None):  # nothing was kept
        return iter(())

    def open(self, mode=None):
        raise ValueError(f"{self.name} was refused for its size; nothing of it was kept")


def limit_bytes() -> int:
    return int(settings.CPMONITOR_UPLOAD_MAX_MB * 1024 * 1024)


class SizeLimitHandler(FileUploadHandler):
    """Counts every uploaded byte; past the limit, keeps none (see the module docstring)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = limit_bytes()
        self.total = 0  # file bytes received in this request
        self.refusing = content_length > self.limit  # refused before a byte is read
        return None  # the multipart parser carries on, with this handler first

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.size = 0
        self.over = getattr(self, "refusing", False)
        if self.over:
            raise StopFutureHandlers  # the memory and temporary-file handlers never start

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.size += len(raw_data)
        self.total += len(raw_data)
        if not self.over and self.total > getattr(self, "limit", limit_bytes()):
            self.over = True
            self._close_later_handlers()
        return None if self.over else raw_data

    def file_complete(self, file_size: int) -> RefusedFile | None:
        if not self.over:
            return None  # the next handler hands over the file as usual
        return RefusedFile(self.file_name or "upload", self.size, self.content_type)

    def _close_later_handlers(self) -> None:
        """What the handlers after this one received of this file goes (temporary file too)."""
        for handler in self.request.upload_handlers:
            if handler is not self and getattr(handler, "file", None) is not None:
                handler.file.close()
