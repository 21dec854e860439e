"""Settings of the notifications module, with their defaults (override with NOTIFICATIONS_* in settings)."""

from __future__ import annotations

from django.conf import settings

from orgs.models import Role


def _get(name: str, default):
    return getattr(settings, name, default)


def lease_seconds() -> int:
    """How long a worker owns the rows it claimed; after a crash they are due again once it ends."""
    return _get("NOTIFICATIONS_LEASE_SECONDS", 300)


def max_attempts() -> int:
    """Sending attempts before a notification's e-mail is given up (it stays on the page)."""
    return _get("NOTIFICATIONS_MAX_ATTEMPTS", 8)


def backoff_seconds(attempts: int) -> int:
    """Wait before the next attempt after ``attempts`` failures: 1, 2, 4, … minutes, at most 6 hours."""
    base = _get("NOTIFICATIONS_BACKOFF_SECONDS", 60)
    return int(min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def base_url() -> str:
    """The address officers open DanVan at, for links in e-mails (``https://danvan.example.gov.vn``)."""
    return _get("DANVAN_BASE_URL", "").rstrip("/")


def recipient_roles() -> tuple[str, ...]:
    """Members who receive their organisation's notifications: the officers who act on its work."""
    return (Role.OFFICER, Role.CENTRAL)
