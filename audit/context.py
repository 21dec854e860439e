"""Who is acting and from where, for the audit trail, without threading `request` through
every service. Set by AuditContextMiddleware for web requests; commands set it themselves.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    ip: str | None = None
    via: str = ""


_current: ContextVar[AuditContext] = ContextVar("danvan_audit_context", default=AuditContext())


def current() -> AuditContext:
    return _current.get()


@contextmanager
def acting(*, ip: str | None = None, via: str = ""):
    token = _current.set(AuditContext(ip=ip, via=via))
    try:
        yield
    finally:
        _current.reset(token)
