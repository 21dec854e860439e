"""Refuse an oversized request body before any of it is read.

Django checks a file's size only once the whole multipart body has been received and spooled to a
temporary file: an anonymous 200 MB body was written to disk before the 20 MB refusal (issue 18,
item 7). This middleware answers 413 from the ``Content-Length`` header alone, and the upload
handler stops a body that has no (or a false) length once its running total passes the limit.
The reverse proxy should refuse earlier still (nginx ``client_max_body_size``, see README).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse, JsonResponse


def limit() -> int:
    return settings.DANVAN_MAX_REQUEST_BYTES


def message() -> str:
    megabytes = limit() // (1024 * 1024)
    return f"Dữ liệu gửi lên vượt giới hạn {megabytes} MB; hãy gửi tệp nhỏ hơn hoặc chia thành nhiều lần."


def too_large(request) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"message": message(), "extra": {"max_bytes": limit()}},
            status=413,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(message(), status=413, content_type="text/plain; charset=utf-8")
    # The body is left unread; the server closes the connection after the answer (a WSGI application
    # may not set the hop-by-hop "Connection" header itself).
    return response


class RequestSizeLimitMiddleware:
    """First in MIDDLEWARE, so nothing has touched the body yet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit():
            return too_large(request)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in a multipart body and stops past the limit, whatever the
    request claimed its length was. The request then looks as if it had no files: the view refuses
    it as an incomplete form, and nothing is kept."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.total = 0

    def receive_data_chunk(self, raw_data, start):
        self.total += len(raw_data)
        if self.total > limit():
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


NUL_MESSAGE = "Địa chỉ yêu cầu chứa ký tự không hợp lệ (NUL)."


class QueryNulMiddleware:
    """A NUL character in the query string is refused with 400 before any view reads it. PostgreSQL text cannot hold
    one, so a filter that reached the database with it was a 500 there (schemathesis found ``?unit=…%00…`` on the
    practice statistics and ``?q=`` on the organisations); SQLite would compare it quietly. Bodies need no such guard:
    form and serializer character fields already refuse NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"message": NUL_MESSAGE, "extra": {}}, status=400, json_dumps_params={"ensure_ascii": False}
                )
            return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
