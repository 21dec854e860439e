"""Shared machinery of the dataset generator: deterministic randomness, batching, timestamps."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import models, reset_queries, transaction

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2_000
# The last day data is generated for; fixed so a seed always yields the same rows.
END = dt.date(2026, 10, 31)


@dataclass
class Context:
    scale: float
    seed: int
    rng: random.Random = field(init=False)
    log: callable = print

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)), TZ)


def chunks(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextlib.contextmanager
def keep_timestamps(*models_: type[models.Model]):
    """Let bulk_create keep the generated created_at/updated_at instead of "now"."""
    saved = []
    for model in models_:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def insert(model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
    """One batch in its own transaction: memory stays bounded and an interrupted run keeps whole batches."""
    # With DEBUG on, Django keeps the last 9,000 statements; bulk inserts make that hundreds of MB.
    reset_queries()
    with transaction.atomic():
        return model.objects.bulk_create(rows, batch_size=500)
