"""The reception day (buổi tiếp công dân) a case is recorded at, without cases importing meetings.

Reception days belong to meetings, which sits above cases: meetings registers how to find a session
for a user and how to check that a case may be recorded at it (``register`` in its
``AppConfig.ready()``). Without meetings installed, a ``session`` parameter is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lib.errors import ServiceError

UNAVAILABLE = "Chức năng tiếp công dân chưa được bật, không thể ghi nhận ý kiến theo buổi tiếp công dân."

_hooks: dict[str, Callable[..., Any]] = {}


def register(*, get_for_user: Callable[[Any, int], Any], check: Callable[..., None]) -> None:
    """``get_for_user(user, pk)`` returns the session or raises Http404; ``check(session=, by=, received_on=)``
    raises ServiceError when a case may not be recorded at it."""
    _hooks["get_for_user"] = get_for_user
    _hooks["check"] = check


def _hook(name: str) -> Callable[..., Any]:
    if name not in _hooks:
        raise ServiceError(UNAVAILABLE)
    return _hooks[name]


def session_for_user(user, pk: int):
    """The reception session ``pk`` as ``user`` may see it (404 otherwise)."""
    return _hook("get_for_user")(user, pk)


def check_session(session, *, by, received_on: dt.date) -> None:
    """Refuse (ServiceError) a case recorded by ``by`` at ``session`` on ``received_on`` when the session forbids it."""
    _hook("check")(session=session, by=by, received_on=received_on)
