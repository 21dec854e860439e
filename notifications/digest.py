"""The daily digest: once per officer per day, one notification about their organisations' work queue.

Counts and links only — never a case's title, content or sender: the digest travels by e-mail,
and the identity of a citizen belongs to the handling body's pages, where every view is logged.

What the digest counts belongs to the apps that own the work: each registers its sections here
(``register_section`` in its ``AppConfig.ready()``; cases, reports and meetings do), so this module
imports none of them. A section's ``collect`` is called once per run with every recipient's
membership and reads the whole country in one GROUP BY (cases by handling body, reports awaiting
approval by place, overdue dialogue commitments by owner), not once per officer; the digests are
then inserted in chunks with INSERT … ON CONFLICT DO NOTHING on ``digest:<day>:<user>``. A run that
dies half-way leaves whole chunks behind, and a re-run on the same day adds only the digests still
missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.urls import reverse

from lib.vntext import vn_int
from notifications import conf
from notifications.models import Kind
from notifications.services import Message, notify_many
from orgs.models import Membership

CHUNK = 1000


class DigestMembership(NamedTuple):
    """One recipient's active membership, as every section receives it."""

    user_id: int
    organization_id: int
    organization_name: str
    unit_id: int | None
    level: str | None


@dataclass(frozen=True)
class DigestLine:
    """``- <count> <label>: <base URL><url>`` in an organisation's part of the digest (omitted when 0)."""

    count: int
    label: str
    url: str


Collect = Callable[[dt.date, list[DigestMembership]], dict[int, list[DigestLine]]]


@dataclass(frozen=True)
class DigestSection:
    """``collect(day, memberships)`` returns each organisation's lines; sections are shown by ``order``."""

    key: str
    order: int
    collect: Collect


_SECTIONS: dict[str, DigestSection] = {}


def register_section(section: DigestSection) -> None:
    """Add (or replace, by key: ``ready()`` may run twice) a section of the digest."""
    _SECTIONS[section.key] = section


def sections() -> list[DigestSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


@dataclass
class OrgQueue:
    name: str
    lines: list[DigestLine] = field(default_factory=list)

    def text(self) -> list[str]:
        base = conf.base_url()
        return [f"- {vn_int(line.count)} {line.label}: {base}{line.url}" for line in self.lines if line.count]


@dataclass
class Officer:
    user_id: int
    orgs: list[OrgQueue] = field(default_factory=list)
    org_ids: set[int] = field(default_factory=set)


def collect(day: dt.date) -> list[Officer]:
    """Every officer's queue on ``day``: one query for the officers, then each section's own."""
    memberships = [
        DigestMembership(*row)
        for row in Membership.objects.filter(
            is_active=True,
            role__in=conf.recipient_roles(),
            organization__is_active=True,
            user__is_active=True,
        )
        .values_list(
            "user_id", "organization_id", "organization__name", "organization__unit_id", "organization__unit__level"
        )
        .order_by("user_id", "organization__sort_key", "organization_id")
    ]
    if not memberships:
        return []
    collected = [section.collect(day, memberships) for section in sections()]
    officers: list[Officer] = []
    for m in memberships:
        if not officers or officers[-1].user_id != m.user_id:
            officers.append(Officer(user_id=m.user_id))
        if m.organization_id in officers[-1].org_ids:
            continue  # one user with two roles in the same organisation
        officers[-1].org_ids.add(m.organization_id)
        lines = [line for by_org in collected for line in by_org.get(m.organization_id, ())]
        officers[-1].orgs.append(OrgQueue(name=m.organization_name, lines=lines))
    return officers


def digest_message(officer: Officer, day: dt.date) -> Message | None:
    """The digest of one officer, or None when nothing waits for them."""
    parts = []
    for org in officer.orgs:
        lines = org.text()
        if lines:
            parts.append(f"{org.name}:\n" + "\n".join(lines))
    if not parts:
        return None
    body = f"Công việc cần xử lý ngày {day:%d/%m/%Y}:\n\n" + "\n\n".join(parts)
    return Message(
        recipient_id=officer.user_id,
        kind=Kind.DIGEST,
        subject=f"DanVan: tóm tắt công việc ngày {day:%d/%m/%Y}",
        body=body,
        dedupe_key=f"digest:{day.isoformat()}:{officer.user_id}",
        url=reverse("notifications:list"),
    )


def digest_run(*, day: dt.date) -> int:
    """Queue ``day``'s digests; returns how many officers have one (already queued ones included)."""
    messages = [m for m in (digest_message(o, day) for o in collect(day)) if m is not None]
    for start in range(0, len(messages), CHUNK):
        # A chunk per transaction: a crash keeps what was committed, the re-run fills in the rest.
        with transaction.atomic():
            notify_many(messages[start : start + CHUNK])
    return len(messages)
