"""Size limits on uploaded files, applied while the request is read.

Django would write any upload to a temporary file and the view would then read it into memory
before looking at its size. A view marked with `@upload_limit(...)` instead has each file
dropped the moment it passes the limit (`FileSizeLimit`, the first upload handler); the view
finds the names of dropped files with `refused(request)`. The web server caps the whole
request (SELLERDESK_MAX_REQUEST_BYTES) before any of this.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def upload_limit(max_bytes: Callable[[], int]):
    """Mark a view: each uploaded file may have at most max_bytes() bytes (read when a request comes)."""
    def decorate(view):
        view.upload_max_bytes = max_bytes
        return view

    return decorate


def refused(request) -> list[str]:
    """Names of the files dropped because they were too large."""
    return list(getattr(request, "uploads_refused", []))


class FileSizeLimit(FileUploadHandler):
    def _limit(self) -> int | None:
        match = getattr(self.request, "resolver_match", None)
        get = getattr(match.func, "upload_max_bytes", None) if match else None
        return get() if get else None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.max_bytes = self._limit()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.max_bytes is not None and self.received > self.max_bytes:
            if not hasattr(self.request, "uploads_refused"):
                self.request.uploads_refused = []
            self.request.uploads_refused.append(self.file_name)
            raise SkipFile()  # the rest of this file is read past and discarded, never kept
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file
