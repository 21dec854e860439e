"""The error a business rule raises, free of any web framework: services raise it, the API and the pages turn it into
their own shape (``api.errors.exception_handler``: ``{"message", "extra"}`` with its status; pages: a message)."""

from __future__ import annotations


class ServiceError(Exception):
    """A business rule refused the request. Services raise it with a Vietnamese message."""

    status_code = 400

    def __init__(self, message: str, *, extra: dict | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status_code is not None:
            self.status_code = status_code
