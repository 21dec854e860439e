"""A user's "việc cần làm": what is waiting for them now, gathered from the apps that own the work.

Like the daily digest (``notifications.digest``), this module imports none of the apps: each registers a
``TodoSection`` in its ``AppConfig.ready()`` whose ``collect(user, today)`` returns the items for that user,
counted in its own scoped queries (a bounded number per section, never one per object). The home page
(``front``) shows them most urgent first; an item's count must equal what its link lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


class Urgency:
    OVERDUE = 0  # past its deadline
    DUE = 1  # due soon, or waiting for this user's decision
    UPCOMING = 2  # coming up


@dataclass(frozen=True)
class TodoItem:
    label: str  # Vietnamese, e.g. "Ý kiến quá hạn trả lời"
    count: int
    url: str  # the list that shows exactly these ``count`` objects
    urgency: int = Urgency.DUE
    due: dt.date | None = None  # the earliest deadline among them, if any
    module: str = ""  # "cases", "reports", … (for grouping and tests)


@dataclass(frozen=True)
class TodoSection:
    key: str
    order: int
    collect: Callable[..., list[TodoItem]]  # (user, today) -> items with count > 0


_SECTIONS: dict[str, TodoSection] = {}


def register_todo(section: TodoSection) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[TodoSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def todo_for(user, today: dt.date | None = None) -> list[TodoItem]:
    """Every registered section's items for ``user``, most urgent first, then earliest deadline."""
    today = today or dt.date.today()
    items = [item for section in sections() for item in section.collect(user, today) if item.count > 0]
    return sorted(items, key=lambda i: (i.urgency, i.due or dt.date.max, i.label))
