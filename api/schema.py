"""The OpenAPI schema tells the truth about errors, for every endpoint at once.

Every endpoint can answer with the one error shape of ``api.errors`` (``{"message", "extra"}``): a body it cannot
read or validate, or a NUL character in the query (400, ``lib.request_limits``), a wrong token (401), a refusal
(403), an object outside the caller's scope (404), a business rule (``ServiceError``, 400/403/404/409), a body past
the size limit (413), a media type it does not parse (415), a throttle (429). Declaring these by hand on each of
sixty endpoints drifted (schemathesis found undeclared codes everywhere), so this schema class adds the ones an
operation can give, from what the view is: its authentication and permission classes, its method, its path
parameters, its body and its throttles. An ``@extend_schema(responses=...)`` that declares a code itself keeps its
own description.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.fields import FileField, ListField
from rest_framework.permissions import AllowAny

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

DESCRIPTIONS = {
    "400": "Dữ liệu không hợp lệ (extra: lỗi từng trường).",
    "401": "Chưa đăng nhập hoặc thông tin xác thực không hợp lệ.",
    "403": "Không có quyền thực hiện thao tác này.",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi của người dùng.",
    "409": "Trạng thái hiện tại không cho phép thao tác này.",
    "413": "Dữ liệu gửi lên vượt giới hạn.",
    "415": "Kiểu dữ liệu gửi lên không được hỗ trợ.",
    "429": "Thao tác quá nhanh, vui lòng thử lại sau (extra.retry_after_seconds).",
}


class ErrorSerializer(serializers.Serializer):
    """The API's one error shape (api.errors.exception_handler)."""

    message = serializers.CharField()
    extra = serializers.DictField()


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # The API reads an empty optional query parameter as an absent one (lib.params.query_int, the page
            # number, the date and enum filters), as the HTML forms of the pages send them.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        responses = operation["responses"]
        declared_errors = {code for code in responses if code.startswith("4")}
        for code in sorted(set(self._error_codes(operation)) | declared_errors):
            declared = responses.get(code)
            if declared is None or _is_generic(declared):
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = (declared or {}).get("description") or DESCRIPTIONS.get(code, "")
                responses[code] = response
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_codes(self, operation) -> list[str]:
        view = self.view
        authenticators = tuple(view.get_authenticators())
        anonymous = all(isinstance(p, AllowAny) for p in view.get_permissions())
        has_input = bool(operation.get("parameters")) or "requestBody" in operation
        codes = {"400"}  # even without parameters: a NUL in any query string is refused (lib.request_limits)
        # A wrong token is refused wherever tokens are read, even on an endpoint open to everyone.
        if not anonymous or any(isinstance(a, TokenAuthentication) for a in authenticators):
            codes.add("401")
        # A signed-in browser's unsafe request without its CSRF token is refused too.
        if not anonymous or (
            self.method in UNSAFE_METHODS and any(isinstance(a, SessionAuthentication) for a in authenticators)
        ):
            codes.add("403")
        # An object named in the path, the body or the query that does not exist or lies outside the caller's scope.
        if "{" in self.path or has_input:
            codes.add("404")
        if self.method in UNSAFE_METHODS:
            codes.update({"409", "413", "415"})
        if view.get_throttles():
            codes.add("429")
        return sorted(codes)

    def map_parsers(self):
        """A body with nested lists and objects (report figures, scores, rounds) cannot be sent as a form: where the
        view reads JSON and takes no file, JSON is the documented way (the browsable API's forms still work)."""
        media_types = super().map_parsers()
        if "application/json" in media_types and not _takes_files(self.get_request_serializer()):
            return ["application/json"]
        return media_types


def _takes_files(serializer) -> bool:
    if isinstance(serializer, type) and issubclass(serializer, serializers.BaseSerializer):
        serializer = serializer()
    if not isinstance(serializer, serializers.Serializer):
        return False
    for field in serializer.fields.values():
        if isinstance(field, FileField) or (isinstance(field, ListField) and isinstance(field.child, FileField)):
            return True
    return False


def _is_generic(response: dict) -> bool:
    """A response declared as a bare object (``OpenApiTypes.OBJECT``) or with no body says less than the error shape."""
    content = response.get("content")
    if not content:
        return True
    return all(
        media.get("schema", {}) in ({}, {"type": "object"}, {"type": "object", "additionalProperties": {}})
        for media in content.values()
    )
