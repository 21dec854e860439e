"""The one factory for API action endpoints (``POST …/<pk>/<action>/``): fetch the object through the caller's
permission-checked getter, validate the body with a serializer, run the action, answer the object's detail.

``act(request, obj, data)`` returns ``None`` (answer ``detail(obj)``), a dict (answer it) or a ``Response`` of its own.
Each view gets its own ``post`` function, since ``extend_schema`` annotates the function object: a shared inherited
``post`` would give every action the last one's schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

_DEFAULT = object()


def valid(serializer_class, request) -> dict:
    """The validated body, or DRF's 400 with the serializer's (Vietnamese) messages."""
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


def action_view(
    name: str,
    *,
    get: Callable[[Any, int], Any],
    act: Callable[[Any, Any, dict], Any],
    detail: Callable[[Any], Any],
    response: Any,
    operation_id: str,
    summary: str | None = None,
    serializer=None,
    empty: Any = _DEFAULT,
    multipart: bool = False,
    parsers: list | None = None,
    status: int = 200,
) -> type[APIView]:
    """An ``APIView`` class named ``<name>View``. ``get(request, pk)`` is the permission-checked getter;
    ``empty`` is the request schema when there is no ``serializer`` (an empty ``<name>Empty`` object by default)."""
    request_schema: Any
    if multipart:
        parsers = [MultiPartParser, FormParser, JSONParser]
        request_schema = {"multipart/form-data": serializer, "application/json": serializer}
    elif serializer is not None:
        request_schema = serializer
    else:
        request_schema = inline_serializer(f"{name}Empty", fields={}) if empty is _DEFAULT else empty

    def post(self, request, pk: int):
        obj = get(request, pk)
        data = valid(serializer, request) if serializer is not None else {}
        result = act(request, obj, data)
        if isinstance(result, Response):
            return result
        return Response(result if result is not None else detail(obj), status=status)

    attrs: dict[str, Any] = {
        "post": extend_schema(
            request=request_schema, responses={status: response}, operation_id=operation_id, summary=summary
        )(post)
    }
    if parsers is not None:
        attrs["parser_classes"] = parsers
    return type(f"{name}View", (APIView,), attrs)
