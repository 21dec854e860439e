"""The per-address limit on status lookups and private-link visits: the page, the API and the link's files share it.

A tracking code and a private link's token are found only by trying many. So every lookup is counted for its address
(a keyed hash of it, ``LookupCount``), and past the rate ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["case_lookup"]``
(``CASES_LOOKUP_RATE``, "60/minute" by default) the address is refused until its window ends.

Where the count lives:
- with a shared Redis server configured (``REDIS_URL``, the ``counters`` cache), one key per address and window raised
  by Redis's atomic ``INCR``: no database write per lookup, so lookups never wait for SQLite's one write lock;
- otherwise one row per address and window, raised with ``UPDATE … SET hits = hits + 1`` inside a transaction, in the
  database every worker process shares: simultaneous lookups wait for the row's lock and each reads its own count.

Either way twenty lookups at once are counted twenty. The database's cache backend (read, then write back) lost lookups
sent at the same moment, and a per-process cache would multiply the limit by the number of workers: neither is used.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cases.models import LookupCount
from lib.clients import client_hash, client_ip

logger = logging.getLogger(__name__)

SCOPE = "case_lookup"
MESSAGE = "Bạn đã tra cứu quá nhiều lần từ địa chỉ này. Vui lòng thử lại sau ít phút."
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate() -> tuple[int, int]:
    """(lookups allowed, window in seconds), from the setting written as DRF writes rates: "60/minute"."""
    allowed, period = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][SCOPE].split("/")
    return int(allowed), _PERIODS[period.strip()[0]]


def hit(request, *, now: dt.datetime | None = None) -> int | None:
    """Count one lookup from the request's address. None while it is within the limit; past it, the seconds left
    until the window ends (what ``Retry-After`` says)."""
    allowed, seconds = rate()
    epoch = int((now or timezone.now()).timestamp())
    start = epoch - epoch % seconds
    window = dt.datetime.fromtimestamp(start, tz=dt.UTC)
    key = client_hash(client_ip(request), purpose="lookup")
    counted = None
    if COUNTER_CACHE in settings.CACHES:
        counted = _count_shared(key, start, seconds)
    if counted is None:
        counted = _count(key, window)
    if counted <= allowed:
        return None
    return start + seconds - epoch


COUNTER_CACHE = "counters"


def _count_shared(key: str, start: int, seconds: int) -> int | None:
    """This window's count for ``key`` in the shared cache, with the current lookup in it: ``incr`` is Redis's atomic
    INCR; the window's first lookup finds no key and makes it with ``add`` (it expires a window after the window ends,
    so no lookup raises a key that is expiring; of simultaneous first lookups one makes it, every one then counts).
    ``None`` when the cache cannot be reached: the caller counts in the database instead (the limit holds, only
    slower), and the failure is logged."""
    from redis.exceptions import RedisError

    cache = caches[COUNTER_CACHE]
    name = f"lookup:{key}:{start}"
    try:
        try:
            return cache.incr(name)
        except ValueError:  # the window's first lookup from this address
            cache.add(name, 0, timeout=2 * seconds)
            return cache.incr(name)
    except (RedisError, ValueError):
        logger.warning("lookup counter: the shared cache is unreachable; counting in the database", exc_info=True)
        return None


@transaction.atomic
def _count(key: str, window: dt.datetime) -> int:
    """This window's count for ``key`` with the current lookup in it."""
    counter = LookupCount.objects.filter(client_hash=key, window_start=window)
    if counter.update(hits=F("hits") + 1):
        # The row stays locked until the transaction ends: no other lookup from the address changes it meanwhile.
        return counter.values_list("hits", flat=True).get()
    try:
        with transaction.atomic():
            LookupCount.objects.create(client_hash=key, window_start=window, hits=1)
    except IntegrityError:  # another lookup from the address made the row first: count on it
        counter.update(hits=F("hits") + 1)
        return counter.values_list("hits", flat=True).get()
    # The address's first lookup in this window: forget the windows that ended.
    LookupCount.objects.filter(window_start__lt=window).delete()
    return 1
