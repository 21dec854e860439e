"""One error shape for the whole API: {"message": "...", "extra": {...}}, in Vietnamese."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from lib.errors import ServiceError

MESSAGES = {
    exceptions.NotAuthenticated: "Bạn cần đăng nhập.",
    exceptions.AuthenticationFailed: "Thông tin xác thực không hợp lệ.",
    exceptions.PermissionDenied: "Bạn không có quyền thực hiện thao tác này.",
    exceptions.NotFound: "Không tìm thấy.",
    exceptions.MethodNotAllowed: "Phương thức không được hỗ trợ.",
    exceptions.NotAcceptable: "Định dạng yêu cầu không được hỗ trợ.",
    exceptions.UnsupportedMediaType: "Kiểu dữ liệu gửi lên không được hỗ trợ.",
    exceptions.Throttled: "Bạn thao tác quá nhanh, vui lòng thử lại sau.",
    exceptions.ParseError: "Dữ liệu gửi lên không đọc được.",
    exceptions.ValidationError: "Dữ liệu không hợp lệ.",
}


def exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        return Response({"message": exc.message, "extra": exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"message": "; ".join(exc.messages), "extra": detail}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    message = MESSAGES.get(type(exc), "Yêu cầu không hợp lệ.")
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        extra = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
    elif isinstance(exc, exceptions.PermissionDenied) and isinstance(exc.detail, str):
        if exc.detail and exc.detail != exceptions.PermissionDenied.default_detail:
            message = str(exc.detail)
    elif isinstance(exc, exceptions.Throttled) and exc.wait:
        extra = {"retry_after_seconds": int(exc.wait)}
    response.data = {"message": message, "extra": extra}
    return response
