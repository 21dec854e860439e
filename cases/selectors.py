"""Reads for cases: scoped getters, queues, the public status, personal data (checked and logged),
similar open cases and the statistics the reports module calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from cases import conf
from cases.access import can_see_identity
from cases.intake import normalise_code, token_matches
from cases.models import OPEN_STATES, Attachment, Case, CaseCount, Kind, Petitioner, Status, display_code, scope_q
from geo.models import AdminUnit
from geo.selectors import subtree_q
from lib import fulltext
from lib.choices import choice_labels
from lib.paging import CappedPaginator, KeysFirst
from lib.vntext import fold_words
from orgs.permissions import user_org_ids

# What a queue row shows: reading only these keeps a page light (never the petitioner).
LIST_COLUMNS = (
    "id",
    "code",
    "kind",
    "title",
    "status",
    "received_on",
    "due_date",
    "escalation_level",
    "channel",
    "people_count",
    "organization__name",
    "unit__name",
    "unit__code",
    "topic__name",
    "escalated_to__name",
)


def get_case_for_user(user, pk: int) -> Case:
    """One case whose place lies in the user's scope, or 404 (nobody learns what exists elsewhere)."""
    case = (
        Case.objects.visible_to(user)
        .select_related("unit", "province", "topic", "organization__parent", "escalated_to__parent")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("Không tìm thấy vụ việc hoặc bạn không có quyền xem.")
    return case


def petitioner_for(user, case: Case, *, purpose: str = "Xem thông tin người gửi") -> Petitioner | None:
    """The sender's identity for a user allowed to see it, logged in the audit trail; else None."""
    if case.is_anonymous or case.anonymised_at or not can_see_identity(user, case):
        return None
    petitioner = Petitioner.objects.filter(case=case).first()
    if petitioner is not None:
        with transaction.atomic():
            record(
                actor=user,
                action=AuditAction.VIEW_PERSONAL,
                obj=case,
                object_repr=f"Người gửi ý kiến {case.display_code}",
                reason=purpose,
            )
    return petitioner


def attachment_for(user, case: Case, file_id: int) -> Attachment | None:
    """A file of ``case``: answer files for anyone who sees the case; the sender's own files (they
    may identify the sender) only for those who may see the identity, and that read is logged."""
    found = Attachment.objects.filter(case=case, pk=file_id).first()
    if found is None or found.answer_id is not None:
        return found
    if not can_see_identity(user, case):
        return None
    with transaction.atomic():
        record(
            actor=user,
            action=AuditAction.VIEW_PERSONAL,
            obj=case,
            object_repr=f"Tệp người gửi ý kiến {case.display_code}",
            reason=f"Tải tệp đính kèm của người gửi (tệp số {found.pk})",
        )
    return found


@dataclass
class QueueFilters:
    status: str = ""
    kind: str = ""
    topic_id: int | None = None
    when: str = ""  # "overdue", "due_soon" or ""
    q: str = ""
    mine: bool = True  # only cases handled by (or escalated to) the user's bodies
    unit: AdminUnit | None = None  # only cases of this unit's subtree (a dashboard's figure opens its list)
    received_from: dt.date | None = None  # received on or after (a dashboard's period)
    received_to: dt.date | None = None
    answer: str = ""  # a key of ANSWERS: answered, answered on time, rated by the sender, sender satisfied
    organization_id: int | None = None  # only cases this body handles (an organisation's dashboard)


# How answers went, defined once: the queue page's rates (``queue_counts``), the statistics the reports and the
# portal read (``case_statistics``), the dashboards (``answer_counts``) and the queue's filter behind their figures.
# An answered case has an answer time; it is on time when answered within its legal limit (``answered_on_time``,
# set by the answer); rated when its sender said whether they were satisfied. On-time rate: on time / answered;
# satisfaction: satisfied / rated.
ANSWERS = {
    "answered": Q(answered_at__isnull=False),
    "answered_on_time": Q(answered_on_time=True),
    "rated": Q(satisfied__isnull=False),
    "satisfied": Q(satisfied=True),
}


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` to four places, None when nothing was counted (the on-time and satisfaction rates)."""
    return round(part / whole, 4) if whole else None


def queue(user, filters: QueueFilters | None = None, *, today: dt.date | None = None) -> QuerySet[Case]:
    """Cases for the user's bodies (handled by them or escalated to them), the most urgent first."""
    filters = filters or QueueFilters()
    qs = _queue_filtered(user, filters, today or timezone.localdate())
    qs = qs.select_related("organization", "unit", "topic", "escalated_to").only(*LIST_COLUMNS)
    if filters.q:
        # A text search lists the newest matches first: ordering 100,000 matches of a broad
        # search by due date means sorting them all, while newest-first is a walk that stops at
        # the page (PostgreSQL: lib.fulltext.TsMatch; SQLite: the FTS rowids newest first, or an
        # officer's few rows probed one by one). The search orders the rows itself.
        return fulltext.search(qs, filters.q, newest_first=True)
    return qs.order_by(*QUEUE_ORDER)


# Open cases by their running limit (empty limits last), then the newest.
QUEUE_ORDER = (F("due_date").asc(nulls_last=True), "-id")


def _queue_filtered(user, filters: QueueFilters, today: dt.date) -> QuerySet[Case]:
    """The user's visible cases that pass ``filters`` (all but the text), unordered."""
    conditions, bodies = _queue_conditions(user, filters, today)
    return _passing(Case.objects.visible_to(user), conditions, bodies)


def _passing(visible: QuerySet[Case], conditions: list[Q], bodies: list[Q]) -> QuerySet[Case]:
    """``visible`` limited by ``conditions`` and, when there are any, by either side of ``bodies``."""
    return visible.filter(*conditions, *([bodies[0] | bodies[1]] if bodies else []))


def _queue_conditions(user, filters: QueueFilters, today: dt.date) -> tuple[list[Q], list[Q]]:
    """The conditions of ``filters`` but the text, and apart from them the two sides of "the user's bodies" (handled
    by them, escalated to them) when the list is limited to those: a page reads each side from its own index."""
    conditions, bodies = [], []
    if filters.mine:
        orgs = user_org_ids(user)
        bodies = [Q(organization_id__in=orgs), Q(escalated_to_id__in=orgs)]
    if filters.status == "open" or (not filters.status and filters.when):
        conditions.append(Q(status__in=OPEN_STATES))
    elif filters.status:
        conditions.append(Q(status=filters.status))
    if filters.kind:
        conditions.append(Q(kind=filters.kind))
    if filters.topic_id:
        conditions.append(Q(topic_id=filters.topic_id))
    if filters.unit is not None:
        conditions.append(unit_q(filters.unit, today))
    if filters.received_from is not None:
        conditions.append(Q(received_on__gte=filters.received_from))
    if filters.received_to is not None:
        conditions.append(Q(received_on__lte=filters.received_to))
    if filters.answer in ANSWERS:
        conditions.append(ANSWERS[filters.answer])
    if filters.organization_id is not None:
        conditions.append(Q(organization_id=filters.organization_id))
    if filters.when == "overdue":
        conditions.append(Q(due_date__lt=today))
    elif filters.when == "due_soon":
        conditions.append(Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=conf.due_soon_days())))
    return conditions, bodies


def unit_q(unit: AdminUnit, today: dt.date) -> Q:
    """Cases of ``unit``'s subtree. A province valid today is the cases' denormalised ``province`` (one indexed
    column, case_prov_status_due_idx); an older unit is its subtree of the unit versions cases were received in."""
    from geo.models import Level

    if unit.level == Level.PROVINCE and unit.valid_on(today):
        return Q(province_id=unit.pk)
    return subtree_q(unit, "unit")


def queue_count(user, filters: QueueFilters, *, today: dt.date | None = None) -> int:
    """How many cases the queue lists for ``filters`` (no text search): the figure a dashboard shows."""
    return _queue_filtered(user, filters, today or timezone.localdate()).count()


def answer_counts(user, filters: QueueFilters, *, today: dt.date | None = None) -> dict[str, int]:
    """The cases the queue lists for ``filters`` (no text search) and how their answers went (``ANSWERS``), in one
    query: each count is what the queue lists with ``answer`` set to its key (a dashboard's figures)."""
    qs = _queue_filtered(user, filters, today or timezone.localdate())
    counted = "kind"
    raw = qs.aggregate(n_total=Count(counted), **{f"n_{k}": Count(counted, filter=q) for k, q in ANSWERS.items()})
    return {key[2:]: value for key, value in raw.items()}


def kind_counts(user, filters: QueueFilters, *, today: dt.date | None = None) -> dict[str, int]:
    """{kind: cases} of what the queue lists for ``filters`` (no text search), one query: each is the count of the
    queue with ``kind`` set (a dashboard's bars)."""
    qs = _queue_filtered(user, filters, today or timezone.localdate())
    return {r["kind"]: r["n"] for r in qs.values("kind").annotate(n=Count("id")).order_by()}


def received_answer_counts(
    user, unit: AdminUnit | None, start: dt.date, end: dt.date, *, today: dt.date | None = None
) -> dict[str, int]:
    """``answer_counts`` of the cases received from ``start`` to ``end`` in ``unit``'s subtree (None: the nation),
    any status, as the queue lists them with those filters. Whole half-months (from the 1st or the 15th, to the
    14th or the month's end: every report period) are read from the maintained counts (``CaseCount``, with the same
    scope and unit conditions as the queue); any other range is counted from the cases."""
    today = today or timezone.localdate()
    if start.day not in (1, 15) or (end + dt.timedelta(days=1)).day not in (1, 15):
        filters = QueueFilters(mine=False, status="", unit=unit, received_from=start, received_to=end)
        return answer_counts(user, filters, today=today)
    qs = CaseCount.objects.filter(scope_q(user))  # the queue's visible_to, on the counts
    if unit is not None:
        qs = qs.filter(unit_q(unit, today))
    raw = qs.filter(half_month__gte=start, half_month__lte=end).aggregate(
        total=Sum("received"), **{k: Sum(k) for k in ANSWERS}
    )
    return {k: int(v or 0) for k, v in raw.items()}


@choice_labels(kind=Kind, status=Status)
class QueueRow(NamedTuple):
    """One row of the queue page: the ``PAGE_COLUMNS`` it shows, with their labels.

    Not a model instance: building 50 ``Case`` instances with four related objects cost more than the page's queries
    (benchmarks/README.md)."""

    id: int
    code: str
    kind: str
    title: str
    status: str
    due_date: dt.date | None
    organization_name: str
    unit_name: str
    escalated_to_name: str | None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def display_code(self) -> str:
        return display_code(self.code)


# What the queue page shows of a case (QueueRow's fields), as ``values_list`` names them.
PAGE_COLUMNS = (
    "id",
    "code",
    "kind",
    "title",
    "status",
    "due_date",
    "organization__name",
    "unit__name",
    "escalated_to__name",
)


def queue_page(
    user, filters: QueueFilters | None = None, number=None, *, today: dt.date | None = None, per_page: int = 50
) -> Page:
    """A page of the user's queue as the queue page shows it, with its count (capped): the rows are ``QueueRow``.

    A list without a text search is read keys first (``lib.paging.KeysFirst``): the filter and the order are
    answered from the indexes, then only the page's rows are joined to their names. A text search orders and reads
    its rows in its own way (``lib.fulltext.search``) and its page is turned into the same rows."""
    filters = filters or QueueFilters()
    today = today or timezone.localdate()
    conditions, bodies = _queue_conditions(user, filters, today)
    visible = Case.objects.visible_to(user)
    filtered = _passing(visible, conditions, bodies)
    if filters.q:
        # Newest first, as ``queue`` explains; the page's values are read as tuples.
        found = fulltext.search(filtered.values_list(*PAGE_COLUMNS), filters.q, newest_first=True)
        page = CappedPaginator.for_search(found, per_page, filters.q).get_page(number)
        page.object_list = [QueueRow._make(values) for values in page.object_list]
        return page
    # The user's bodies' cases (the page's default): the keys and the count read as a union of the cases they handle
    # and those escalated to them, each side from its index (KeysFirst's ``branches``).
    branches = [visible.filter(*conditions, side) for side in bodies]
    keys_first = KeysFirst(filtered, PAGE_COLUMNS, QueueRow._make, order=QUEUE_ORDER, branches=branches)
    return CappedPaginator(keys_first, per_page).get_page(number)


class ListRow(NamedTuple):
    """One case of the API's list (``API_COLUMNS``): the columns ``CaseRowSerializer`` gives, read as a tuple."""

    id: int
    code: str
    kind: str
    title: str
    status: str
    topic_name: str
    unit_code: str
    unit_name: str
    organization: int
    organization_name: str
    escalated_to: int | None
    escalation_level: int
    received_on: dt.date
    due_date: dt.date | None
    channel: str
    people_count: int

    @property
    def display_code(self) -> str:
        return display_code(self.code)


API_COLUMNS = (
    "id",
    "code",
    "kind",
    "title",
    "status",
    "topic__name",
    "unit__code",
    "unit__name",
    "organization_id",
    "organization__name",
    "escalated_to_id",
    "escalation_level",
    "received_on",
    "due_date",
    "channel",
    "people_count",
)


def queue_list(user, filters: QueueFilters | None = None, *, today: dt.date | None = None) -> KeysFirst | QuerySet:
    """The API's case list (``/api/v1/cases/``): the queue, read as the queue page reads it. Without a text search,
    keys first (the filter and order answered from the indexes, then only the page's rows joined to their names),
    the rows ``ListRow``; a text search newest first (``lib.fulltext.search``), its rows tuples of ``API_COLUMNS``
    that ``as_list_rows`` turns into ``ListRow``."""
    filters = filters or QueueFilters()
    today = today or timezone.localdate()
    conditions, bodies = _queue_conditions(user, filters, today)
    visible = Case.objects.visible_to(user)
    filtered = _passing(visible, conditions, bodies)
    if filters.q:
        return fulltext.search(filtered.values_list(*API_COLUMNS), filters.q, newest_first=True)
    branches = [visible.filter(*conditions, side) for side in bodies]
    return KeysFirst(filtered, API_COLUMNS, ListRow._make, order=QUEUE_ORDER, branches=branches)


def as_list_rows(rows) -> list[ListRow]:
    return [row if isinstance(row, ListRow) else ListRow._make(row) for row in rows]


def body_aggregate(qs: QuerySet[Case], orgs, **aggregates) -> dict:
    """``qs.filter(Q(organization_id__in=orgs) | Q(escalated_to_id__in=orgs)).aggregate(**aggregates)``, read as two
    disjoint halves — handled by the bodies; escalated to them and handled elsewhere — and merged (counts added, the
    least of the minimums). Each half is answered from its own index alone (``case_org_status_due_idx``,
    ``case_esc_status_due_org_idx``, which holds the handling body for the second half's condition); the OR made
    PostgreSQL visit every row's page instead (a province's Ban: 2,854 open cases due, 4 ms against 0.7). Only
    ``Count`` (without ``distinct``) and ``Min`` are merged."""
    for name, expression in aggregates.items():
        if not isinstance(expression, Count | Min) or getattr(expression, "distinct", False):
            raise TypeError(f"body_aggregate merges Count and Min only, not {name}={expression!r}")
    halves = (
        qs.filter(organization_id__in=orgs),
        qs.filter(escalated_to_id__in=orgs).exclude(organization_id__in=orgs),
    )
    results = [half.order_by().aggregate(**aggregates) for half in halves]
    merged: dict = {}
    for name, expression in aggregates.items():
        values = [r[name] for r in results]
        if isinstance(expression, Count):
            merged[name] = sum(values)
        else:
            present = [v for v in values if v is not None]
            merged[name] = min(present) if present else None
    return merged


def queue_counts(user, *, today: dt.date | None = None) -> dict[str, int]:
    """Open, overdue, due soon and escalated-to-me counts for the user's bodies, and how their own answers went.

    Three queries: the open cases handled by the bodies, and those escalated to them from elsewhere, each read from
    its index alone (``body_aggregate``: a few thousand rows for a big province's Ban), and the bodies' own cases of
    all time for their answers, read from the partial index ``case_org_answers_idx`` alone. One query over both read
    every case of the bodies and every case escalated to them (benchmarks/README.md has the figures). A full covering
    index for the last was tried and dropped: without fresh statistics SQLite then chose it for the open cases too;
    the partial one's condition (answered) is one the open cases never state."""
    today = today or timezone.localdate()
    orgs = user_org_ids(user)
    soon = today + dt.timedelta(days=conf.due_soon_days())
    visible = Case.objects.visible_to(user)
    counts = body_aggregate(
        visible.filter(status__in=OPEN_STATES),
        orgs,
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        due_soon=Count("id", filter=Q(due_date__gte=today, due_date__lte=soon)),
        escalated=Count("id", filter=Q(escalated_to_id__in=orgs)),
        moderation=Count("id", filter=Q(status=Status.MODERATION)),
    )
    # Handled by the user's own bodies: how often on time, how often the sender agreed. Only an answered case has an
    # on-time flag or a sender's verdict, so these are counts over the answered cases, which case_org_answers_idx
    # holds with every column read here (count a column of the index, not id: PostgreSQL then reads the index alone).
    counted = "organization_id"
    counts.update(
        visible.filter(ANSWERS["answered"], organization_id__in=orgs).aggregate(
            answered=Count(counted),
            **{k: Count(counted, filter=q) for k, q in ANSWERS.items() if k != "answered"},
        )
    )
    return counts


def find_public(code: str) -> Case | None:
    code = normalise_code(code)
    if not code:
        return None
    return Case.objects.filter(code=code).select_related("unit", "topic", "organization").first()


def find_status(code: str) -> Case | None:
    """What a tracking code alone shows — kind, status, dates, the handling body's name — and nothing else: one
    query on the unique code, loading only those columns (the page and the API's PublicStatusSerializer)."""
    code = normalise_code(code)
    if not code:
        return None
    return (
        Case.objects.filter(code=code)
        .select_related("organization")
        .only("code", "kind", "status", "received_on", "due_date", "organization__name")
        .first()
    )


def find_private(code: str, token: str) -> Case | None:
    case = find_public(code)
    if case is None or not token_matches(case, token):
        return None
    return case


def similar_open_cases(case: Case, *, limit: int = 5) -> list[Case]:
    """Open cases of the same commune and topic sharing the most title words: duplicate candidates."""

    words = {w for w in fold_words(case.title) if len(w) > 2}
    candidates = (
        Case.objects.filter(unit=case.unit, topic=case.topic, status__in=(*OPEN_STATES, Status.ANSWERED))
        .exclude(pk=case.pk)
        .only("id", "code", "title", "status", "received_on")
        .order_by("-id")[:200]
    )
    scored = []
    for other in candidates:
        other_words = {w for w in fold_words(other.title) if len(w) > 2}
        if not words or not other_words:
            continue
        overlap = len(words & other_words) / len(words | other_words)
        if overlap >= 0.3:
            scored.append((overlap, other))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [other for _, other in scored[:limit]]


STATISTICS_KEYS = (
    "total",
    "open",
    "overdue",
    "answered",
    "answered_on_time",
    "closed",
    "dismissed",
    "satisfied",
    "reopened",
    "escalated",
    *(f"kind_{k}" for k in Kind.values),
)


def case_statistics(
    unit: AdminUnit | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    today: dt.date | None = None,
) -> dict:
    """Counts by kind and status, on-time and satisfaction rates, for a subtree and a period of
    receipt, in one query. Cases point at the unit version valid when they were received, so an
    old province's subtree counts its own cases. Rates are None when nothing was answered."""
    today = today or timezone.localdate()
    qs = Case.objects.all()
    if unit is not None:
        qs = qs.filter(subtree_q(unit, "unit"))
    if date_from is not None:
        qs = qs.filter(received_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(received_on__lte=date_to)
    open_q = Q(status__in=OPEN_STATES)
    # Count a non-null column, not id: PostgreSQL then reads a covering index (see STACK.md).
    counted = "kind"
    aggregates = {
        "total": Count(counted),
        "open": Count(counted, filter=open_q),
        "overdue": Count(counted, filter=open_q & Q(due_date__lt=today)),
        "answered": Count(counted, filter=ANSWERS["answered"]),
        "answered_on_time": Count(counted, filter=ANSWERS["answered_on_time"]),
        "closed": Count(counted, filter=Q(status=Status.CLOSED)),
        "dismissed": Count(counted, filter=Q(status=Status.DISMISSED)),
        "satisfied": Count(counted, filter=ANSWERS["satisfied"]),
        "reopened": Count(counted, filter=Q(reopen_count__gt=0)),
        "escalated": Count(counted, filter=Q(escalation_level__gt=0)),
        "rated": Count(counted, filter=ANSWERS["rated"]),
    }
    for value in Kind.values:
        aggregates[f"kind_{value}"] = Count(counted, filter=Q(kind=value))
    # Aliases must not shadow model fields ("satisfied"): aggregate under prefixed names.
    raw = qs.aggregate(**{f"n_{key}": value for key, value in aggregates.items()})
    result = {key[2:]: value for key, value in raw.items()}
    rated = result.pop("rated")
    result["on_time_rate"] = rate(result["answered_on_time"], result["answered"])
    result["satisfaction_rate"] = rate(result["satisfied"], rated)
    return result
