"""Reads on PostgreSQL streaming replicas, writes and fresh reads on the primary.

Configured by ``DATABASE_REPLICA_URLS`` (settings): each replica becomes a database alias ``replica1``, ``replica2``…
With none configured nothing here changes a thing — every query goes to ``default``.

Who reads where:
- Only a request's reads can go to a replica, and only a GET or HEAD request (``ReplicaMiddleware`` marks it); a
  management command, a worker, a POST and everything inside ``transaction.atomic`` read the primary.
- A request that writes (any ``db_for_write``) reads the primary for the rest of that request, and its client gets a
  signed cookie that keeps its reads on the primary for ``DATABASE_READ_YOUR_WRITES_SECONDS``: a citizen who has just
  sent a case, or an officer who has just answered one, sees it on the next page through any app server.
- Sessions, the cache (rate-limit counters), sign-in lockouts and API tokens are read on the primary always: they decide
  who may do what, and a replica's lag must not undo a logout or a lockout.
- A replica is used only when it answers and its replay lag is within ``DATABASE_REPLICA_MAX_LAG_SECONDS``, measured on
  the replica itself (``pg_last_xact_replay_timestamp``, zero when everything received has been replayed) and cached
  for ``DATABASE_REPLICA_CHECK_SECONDS``. A replica that fails during a GET is marked down and the view runs again on
  the primary (``process_exception``): a replica that stops costs no failed request.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

PRIMARY = "default"
COOKIE = "dv_rw"
SALT = "danvan.replicas.read-your-writes"
# App labels whose reads decide access: always on the primary.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "axes", "authtoken"})

LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


@dataclass
class _RequestState:
    replica_ok: bool  # this request may read a replica
    wrote: bool = False
    used: str = ""  # the replica alias this request read, if any


_state: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar("danvan_replica_state", default=None)


@dataclass
class _Health:
    ok: bool
    lag: float
    checked: float


_health: dict[str, _Health] = {}


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def _check(alias: str) -> _Health:
    """Ask the replica how far behind it is; a replica that does not answer is down until the next check."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_SQL)
            lag = float(cursor.fetchone()[0])
        health = _Health(lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS, lag, time.monotonic())
    except DatabaseError:
        connections[alias].close()
        health = _Health(False, float("inf"), time.monotonic())
    _health[alias] = health
    return health


def mark_down(alias: str) -> None:
    _health[alias] = _Health(False, float("inf"), time.monotonic())
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def usable_replica() -> str | None:
    """The first replica that answers within the lag bound, checked at most every DATABASE_REPLICA_CHECK_SECONDS."""
    now = time.monotonic()
    for alias in replica_aliases():
        health = _health.get(alias)
        if health is None or now - health.checked >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            health = _check(alias)
        if health.ok:
            return alias
    return None


def replica_status() -> dict[str, dict]:
    """For the health page and the tests: each replica's last measured state."""
    return {
        alias: {"ok": h.ok, "lag_seconds": h.lag, "checked_ago": round(time.monotonic() - h.checked, 3)}
        for alias, h in _health.items()
    }


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads of marked requests to a healthy replica, the rest to the primary."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or not state.replica_ok or state.wrote:
            return PRIMARY
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if state.used:
            return state.used
        alias = usable_replica()
        if alias is None:
            return PRIMARY
        state.used = alias
        return alias

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's data: every alias is the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def _pinned(request) -> bool:
    value = request.COOKIES.get(COOKIE)
    if not value:
        return False
    try:
        signing.loads(value, salt=SALT, max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS)
    except signing.BadSignature:
        return False
    return True


class ReplicaMiddleware:
    """Marks which requests may read a replica and gives a writing client its read-your-writes cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(replica_aliases())

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        safe = request.method in ("GET", "HEAD")
        state = _RequestState(replica_ok=safe and not _pinned(request))
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote or not safe:
            response.set_cookie(
                COOKIE,
                signing.dumps(int(time.time()), salt=SALT),
                max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        if state.used:
            response["X-DanVan-Read"] = "replica"
        return response

    def process_exception(self, request, exception):
        """A replica that failed mid-request: mark it down and run the (safe, idempotent) view again on the primary."""
        state = _state.get()
        if state is None or not state.used or not isinstance(exception, DatabaseError):
            return None
        if connections[PRIMARY].in_atomic_block:
            return None
        log.warning("replica %s failed during %s; reading the primary", state.used, request.path)
        mark_down(state.used)
        state.used = ""
        state.replica_ok = False
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response = response.render()
        return response
