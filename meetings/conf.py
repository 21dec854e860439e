"""Settings of the meetings module (reception days, dialogues), with their defaults.

They keep their ``CASES_*`` names from when reception days and dialogues were part of cases: deployments
already set them in their environment, and renaming them would silently drop their values.
"""

from __future__ import annotations

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def reception_horizon_days() -> int:
    """How far ahead reception sessions are generated from the recurring rules."""
    return _get("CASES_RECEPTION_HORIZON_DAYS", 56)


def dialogue_notice_days() -> int:
    """A dialogue is announced at least this many days before it is held."""
    return _get("CASES_DIALOGUE_NOTICE_DAYS", 7)


def dialogue_publish_days() -> int:
    """Its results are published within this many days after it."""
    return _get("CASES_DIALOGUE_PUBLISH_DAYS", 10)
