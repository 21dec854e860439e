"""The one shape of an "act" view: every button on a detail page posts ``<pk>/<action>/``; a table maps the action to
its handler, and the services decide what is legal.

A handler takes ``(request, obj)`` and returns the success message to show (or a response of its own, e.g. a
redirect to a new object). A ``ServiceError`` becomes the error message on the page the user came from; an action the
table does not know is a 404 (no button posts it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from lib.errors import ServiceError

Handler = Callable[[HttpRequest, Any], "str | HttpResponseBase | None"]


def dispatch(
    request: HttpRequest, obj: Any, action: str, handlers: Mapping[str, Handler], *, done: HttpResponse
) -> HttpResponseBase:
    """Run ``handlers[action](request, obj)``; show its message (or its error) and answer ``done``."""
    handler = handlers.get(action)
    if handler is None:
        raise Http404("Thao tác không hợp lệ.")
    try:
        result = handler(request, obj)
    except ServiceError as e:
        messages.error(request, e.message)
        return done
    if isinstance(result, HttpResponseBase):
        return result
    if result:
        messages.success(request, result)
    return done
