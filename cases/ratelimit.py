"""Atomic per-key limits: count the recent attempts and record the new one as one step.

Counting and inserting in two statements let concurrent submissions from one address all read the same count on
PostgreSQL and all pass (issue 18: 11-14 accepted of 20 against a limit of 5). Whoever checks a limit first locks the
key's row (created on first use) until its transaction ends, so the next attempt from the same address counts only
after the previous one is committed or rolled back. SQLite already serialises writers (IMMEDIATE transactions): there
the lock is the database's own and the row is simply written once.
"""

from __future__ import annotations

from django.db import transaction

from cases.models import RateLimitLock


def hold(purpose: str, key: str) -> None:
    """Lock ``purpose``/``key`` until the caller's transaction ends; the caller counts and records inside it."""
    if not transaction.get_connection().in_atomic_block:
        # Outside a transaction the lock would be released at once and the count would race again.
        raise RuntimeError("cases.ratelimit.hold() must run inside the transaction that records the attempt.")
    RateLimitLock.objects.select_for_update().get_or_create(key=f"{purpose}:{key}")
