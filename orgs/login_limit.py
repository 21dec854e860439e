"""The per-address limit on failed sign-ins, shared by the web form and the API's token endpoint.

django-axes locks one account after repeated failures from one address; that does not stop one address from trying a
common password against every account (password spraying). So every failed sign-in is also recorded for its address
(a keyed hash of it, ``LoginFailure``), and past ``LOGIN_FAILURES_PER_ADDRESS`` failures in the last
``LOGIN_FAILURES_WINDOW_MINUTES`` minutes both refuse to try any password from that address.

A row per failure, in the database every worker process shares: two failures at the same moment are two rows. The
counter this replaces lived in the cache, where ``incr`` reads and writes back, so simultaneous failures — what a
spraying script sends — counted as one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lib.clients import client_hash, client_ip
from orgs.models import LoginFailure

MESSAGE = "Có quá nhiều lần đăng nhập sai từ địa chỉ này. Vui lòng thử lại sau ít phút."


def _client_hash(request) -> str:
    return client_hash(client_ip(request), purpose="login")


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=settings.LOGIN_FAILURES_WINDOW_MINUTES)


def blocked(request) -> bool:
    """Whether the request's address has failed too many sign-ins lately to try another."""
    recent = LoginFailure.objects.filter(client_hash=_client_hash(request), at__gte=_window_start())
    return recent[: settings.LOGIN_FAILURES_PER_ADDRESS].count() >= settings.LOGIN_FAILURES_PER_ADDRESS


def record_failure(request) -> None:
    """Count one failed sign-in from the request's address, and forget failures older than the window."""
    LoginFailure.objects.create(client_hash=_client_hash(request), at=timezone.now())
    LoginFailure.objects.filter(at__lt=_window_start()).delete()
