"""Reads for practices: scoped, filtered lists and one-query statistics."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import connections
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.query import ValuesListIterable
from django.http import Http404
from django.utils import timezone

from geo.models import AdminUnit, Level
from geo.selectors import subtree_q, with_predecessors_q
from lib.choices import choice_labels
from lib.uploads import JPEG, PNG, WEBP
from orgs.models import Organization
from orgs.permissions import user_org_ids
from orgs.scope import scope_for
from practices.models import (
    RECOGNISED_STATES,
    Appraisal,
    Commendation,
    CriteriaSet,
    Evidence,
    Field,
    Kind,
    Practice,
    PracticeCount,
    PracticeQuerySet,
    RecognitionLevel,
    Score,
    Status,
    visible_q,
)


def get_practice_for_user(user, pk: int, *, write: bool = False) -> Practice:
    """One practice the user may see (404 otherwise); with ``write``, one they may change (403)."""
    practice = Practice.objects.visible_to(user).select_related("unit", "organization").filter(pk=pk).first()
    if practice is None:
        raise Http404("Không tìm thấy mô hình.")
    if write and not scope_for(user, write=True).covers(practice.unit):
        # A recognised practice of another unit is public: the user knows it exists, so 403.
        raise PermissionDenied("Bạn không có quyền thay đổi mô hình này.")
    return practice


# What the public showcase serves of a practice's evidence: the images the owner marked public.
PUBLIC_PHOTO_KINDS = frozenset(k.name for k in (JPEG, PNG, WEBP))


def sees_private_details(user, practice: Practice) -> bool:
    """Whether ``user`` sees a practice's non-public details: an exemplary person's name not made public, private
    evidence, the history with officers' names and reasons, the council's scores.

    A recognised practice is visible to every officer nationwide (visible_to), but outside its scope an officer sees
    exactly what the public showcase shows (issue 18: the name and private evidence leaked nationwide). The scope is
    read as visible_to reads it, so a practice of a unit merged since still counts as inside.
    """
    scope = scope_for(user)
    if scope.national:
        return True
    return Practice.objects.filter(scope.unit_q("unit", province_field="province"), pk=practice.pk).exists()


def public_evidence(practice: Practice) -> list:
    """The evidence the public showcase shows (every file the owner marked public: photos as pictures, other
    files as downloads), for officers outside the practice's scope."""
    return list(practice.evidence.filter(is_public=True))


def recipient_is_public(practice: Practice, commendation: Commendation) -> bool:
    """A commended person's name is public only when the owner made the person's name public (as the showcase)."""
    return commendation.recipient_kind == Kind.MODEL or practice.person_public


def unit_q_with_predecessors(unit: AdminUnit) -> Q:
    """Practices of ``unit``'s subtree, and of the units it replaced in a reorganisation.

    Practices point at the unit valid when they were registered, so "Lâm Đồng" today must also
    find the 2023 practices of the old provinces merged into it: for today's provinces the
    denormalised column already says so; for another unit its lineage is read.
    """
    if unit.level == Level.PROVINCE and unit.valid_on(timezone.localdate()):
        # The denormalised column holds today's province: one value, one index walk.
        return Q(province_id=unit.pk)
    return with_predecessors_q(unit, "unit")


@dataclass
class PracticeFilters:
    unit: AdminUnit | None = None
    field: str = ""
    kind: str = ""
    status: str = ""
    level: str = ""
    year: int | None = None
    organization_id: int | None = None
    q: str = ""
    order: str = "-created_at"
    todo: str = ""  # one of TODO_TITLES: the practices behind a home page to-do item
    label: str = ""  # code of an emulation title or a national target programme


# "Newest first" is id order: ids are handed out as practices are registered, and the primary
# key lets both databases walk the table backwards and stop at the page (no sort, no extra index).
ORDERINGS = {"-created_at": ("-id",), "name": ("sort_key", "id"), "-year": ("-year", "-id")}


# What a list page shows (practices/list.html), besides the two names: nothing more is read.
LIST_COLUMNS = ("id", "name", "kind", "field", "status", "recognition_level", "year", "money_vnd")


@choice_labels(kind=Kind, field=Field, status=Status, recognition_level=RecognitionLevel)
class PracticeRow:
    """One row of the list page: the ``LIST_COLUMNS`` and the two names, and the labels the page shows.

    Not a model instance: building 50 ``Practice`` instances (``from_db``, deferred-field bookkeeping,
    the datetime converter of a column the page never shows) was most of what the ORM cost over
    hand-written SQL on a page of 50 (benchmarks/README.md, practices).
    """

    __slots__ = (*LIST_COLUMNS, "organization_name", "unit_name")

    def __init__(self, id, name, kind, field, status, recognition_level, year, money_vnd, organization_name, unit_name):  # noqa: A002, PLR0913
        self.id, self.name, self.kind, self.field, self.status = id, name, kind, field, status
        self.recognition_level, self.year, self.money_vnd = recognition_level, year, money_vnd
        self.organization_name, self.unit_name = organization_name, unit_name

    @property
    def pk(self) -> int:
        return self.id

    def __repr__(self) -> str:
        return f"<PracticeRow {self.id}: {self.name}>"


class _RowIterable(ValuesListIterable):
    # values_list() reads plain tuples (no converters but the columns', no instances); this only
    # names them. Setting a queryset's iterable class is how values()/values_list() work themselves.
    def __iter__(self):
        for values in super().__iter__():
            yield PracticeRow(*values)


def practice_page(user, filters: PracticeFilters) -> QuerySet[Practice, PracticeRow]:
    """The list page's rows as ``PracticeRow``: ``LIST_COLUMNS`` plus ``organization_name`` and ``unit_name``.

    The names are scalar subqueries, not joins: the paginator's count keeps a queryset's joins
    while dropping the columns it does not select, so joined names would join two tables for each
    of up to 10.001 counted rows. The queryset still paginates and counts like any other (the
    paginator's ``values("pk")`` count drops the row class and the names).
    """
    # _RowIterable makes its rows PracticeRow; the stubs cannot follow a queryset's iterable class.
    return cast("QuerySet[Practice, PracticeRow]", _filtered(user, filters, _page_base()))


@functools.cache
def _page_base() -> PracticeQuerySet:
    # Built once per process and only ever chained from (never evaluated): the columns, the two
    # names and the row class cost as much to set up as the filters, and they never change.
    # values_list() before annotate(): the names land after the columns, and it compiles a little faster.
    qs = _PageQuerySet(Practice).values_list(*LIST_COLUMNS).annotate(**_list_names())
    qs._iterable_class = _RowIterable
    return qs


class _PageQuerySet(PracticeQuerySet):
    def count(self) -> int:
        """A sliced query (the paginator's capped count) counts its compiled SQL directly.

        Same SQL as ``QuerySet.count()`` sends, ``SELECT COUNT(*) FROM (... LIMIT n)``, without
        building an aggregate query around a clone first: on a list page that was a quarter of
        the ORM's time over hand-written SQL.
        """
        if self._result_cache is not None or not self.query.is_sliced or self.query.combinator:
            return super().count()
        try:
            sql, params = self.query.get_compiler(self.db).as_sql()
        except EmptyResultSet:  # e.g. a filter on an empty list of ids: nothing to count
            return 0
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) capped", params)  # noqa: S608 - compiled SQL, bound params
            return cursor.fetchone()[0]


def _name_of(model, fk_column: str) -> RawSQL:
    # Identifiers from model metadata, no user input. RawSQL rather than Subquery(): compiling two
    # ORM subqueries per request cost as much Python time as the instances they replace.
    table, practice = model._meta.db_table, Practice._meta.db_table
    return RawSQL(f'SELECT name FROM "{table}" WHERE id = "{practice}"."{fk_column}"', (), output_field=CharField())  # noqa: S611


@functools.cache
def _list_names() -> dict[str, RawSQL]:
    # Built once: annotate() resolves a copy of each expression, the originals are never changed.
    return {"organization_name": _name_of(Organization, "organization_id"), "unit_name": _name_of(AdminUnit, "unit_id")}


def practice_list(user, filters: PracticeFilters) -> QuerySet[Practice]:
    """Whole practices with their organisation and unit (the API and the Excel export)."""
    return _filtered(user, filters).select_related("organization", "unit")


def _filtered(user, filters: PracticeFilters, base: PracticeQuerySet | None = None) -> QuerySet[Practice]:
    qs = (base if base is not None else Practice.objects.all()).visible_to(user)
    # One filter() with every condition: each call clones the query and resolves its lookups again.
    condition = Q()
    if filters.unit is not None:
        condition &= unit_q_with_predecessors(filters.unit)
    for column, value in (
        ("field", filters.field),
        ("kind", filters.kind),
        ("status", filters.status),
        ("recognition_level", filters.level),
        ("year", filters.year),
        ("organization_id", filters.organization_id),
    ):
        if value:
            condition &= Q(**{column: value})
    if filters.todo in TODO_TITLES:
        condition &= todo_condition(user, filters.todo)
    if filters.label:
        condition &= Q(labels__code=filters.label)  # one label per code: no duplicate rows
    if condition:
        qs = qs.filter(condition)
    if filters.q:
        qs = qs.search(filters.q)
    return qs.order_by(*ORDERINGS.get(filters.order, ORDERINGS["-created_at"]))


def year_status_counts(user, unit: AdminUnit | None, year: int) -> dict[str, int]:
    """{status: practices} of the practices list filtered by ``unit`` (None: every unit) and ``year``, as the user
    sees it — their scope, or any recognised practice —, read from the maintained counts (``PracticeCount``: one row
    per unit, year and status) in one query."""
    qs = PracticeCount.objects.filter(visible_q(user), year=year)
    if unit is not None:
        qs = qs.filter(unit_q_with_predecessors(unit))
    rows = qs.values("status").annotate(total=Sum("n")).order_by()
    return {r["status"]: int(r["total"] or 0) for r in rows}


AWAITING_APPRAISAL, AWAITING_SCORE = "cho-tham-dinh", "cho-cham-diem"
TODO_TITLES = {
    AWAITING_APPRAISAL: "Mô hình đã đăng ký chờ đưa vào thẩm định",
    AWAITING_SCORE: "Mô hình chờ bạn chấm điểm thẩm định",
}


def todo_condition(user, key: str) -> Q:
    """The practices behind the to-do item ``key``, as a condition on practices visible to the user.

    Awaiting appraisal: registered practices the user may move (their write scope), for members of a body that issues
    a rubric (the appraisal council belongs to it, ``Appraisal.council``) or a national role. Awaiting a score: under
    appraisal by a council the user sits on, with none of the user's scores yet."""
    if key == AWAITING_SCORE:
        mine = Appraisal.objects.filter(practice=OuterRef("pk"), members=user).exclude(
            Exists(Score.objects.filter(appraisal=OuterRef("pk"), appraiser=user))
        )
        return Q(status=Status.UNDER_APPRAISAL) & Q(Exists(mine))
    scope = scope_for(user, write=True)
    if scope.is_empty:
        return Q(pk__in=[])
    # A province's part reads the denormalised column (today's province of the unit): the scope's provinces include
    # their predecessors and provinces were merged whole, so it holds the same practices as the unit's own province,
    # and it lets the database walk the province-and-status index instead of every unit of the province.
    condition = Q(status=Status.REGISTERED) & scope.unit_q("unit", province_field="province")
    if scope.national:
        return condition
    # Whether one of the user's bodies issues a rubric: a condition of the same statement (the database answers it
    # once, before reading a practice), not a query of its own.
    council = CriteriaSet.objects.filter(is_active=True, owner_id__in=user_org_ids(user, write=True))
    return condition & Q(Exists(council))


def practice_statistics(
    *, unit: AdminUnit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, int]:
    """Counts and summed resources for a subtree and a date range, in one query, each figure counted by the date the
    practice's step belongs to — not by when its row was created, so an import or a historical entry lands in its
    own period: registrations (and their kind, field, resources) by ``registered_on``, recognitions by
    ``recognised_on``, commendations by their decision's date.

    Practices point at the unit version valid when they were registered, so a subtree of the
    old hierarchy (a district abolished in 2025) still counts its own practices.
    """
    qs = Practice.objects.exclude(status=Status.DRAFT)
    if unit is not None:
        qs = qs.filter(subtree_q(unit, "unit"))
    registered, recognised_in, decided = Q(), Q(), Q()
    if date_from is not None:
        registered &= Q(registered_on__gte=date_from)
        recognised_in &= Q(recognised_on__gte=date_from)
        decided &= Q(decision_date__gte=date_from)
    if date_to is not None:
        registered &= Q(registered_on__lte=date_to)
        recognised_in &= Q(recognised_on__lte=date_to)
        decided &= Q(decision_date__lte=date_to)
    # An EXISTS, not a join: a join would repeat a practice once per commendation and
    # inflate the sums below.
    qs = qs.annotate(has_commendation=Exists(Commendation.objects.filter(decided, practice=OuterRef("pk"))))
    commended_in = Q(has_commendation=True)
    if date_from is not None or date_to is not None:
        # Only practices with something in the range: one of the three dates falls in it.
        qs = qs.filter(registered | recognised_in | commended_in)
    recognised = Q(status__in=RECOGNISED_STATES) & recognised_in
    every = registered or None  # no range: every practice counts (an empty Q is no filter for an aggregate)
    aggregates = {
        "registered": Count("id", filter=every),
        "recognised": Count("id", filter=recognised),
        "not_recognised": Count("id", filter=registered & Q(status=Status.NOT_RECOGNISED)),
        "commended": Count("id", filter=commended_in),
        "replicated": Count("id", filter=registered & Q(status=Status.REPLICATED)),
        "collective": Count("id", filter=registered & Q(kind=Kind.MODEL)),
        "individual": Count("id", filter=registered & Q(kind=Kind.EXEMPLAR)),
        "money_vnd": Coalesce(Sum("money_vnd", filter=every), 0),
        "socialised_vnd": Coalesce(Sum("socialised_vnd", filter=every), 0),
        "workdays": Coalesce(Sum("workdays", filter=every), 0),
    }
    for value in Field.values:
        aggregates[f"field_{value}"] = Count("id", filter=registered & Q(field=value))
    for value in RecognitionLevel.values:
        aggregates[f"level_{value}"] = Count("id", filter=recognised & Q(recognition_level=value))
    return qs.aggregate(**aggregates)


STATISTICS_KEYS = (
    "registered",
    "recognised",
    "not_recognised",
    "commended",
    "replicated",
    "collective",
    "individual",
    "money_vnd",
    "socialised_vnd",
    "workdays",
    *(f"field_{v}" for v in Field.values),
    *(f"level_{v}" for v in RecognitionLevel.values),
)


def commendation_counts(
    *, unit: AdminUnit | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict[str, list[dict]]:
    """Commendation decisions by form and by giver, for a subtree and a decision-date range (two queries)."""
    qs = Commendation.objects.all()
    if unit is not None:
        qs = qs.filter(subtree_q(unit, "practice__unit"))
    if date_from is not None:
        qs = qs.filter(decision_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(decision_date__lte=date_to)
    by_form = [
        {"form": form, "count": n} for form, n in qs.values_list("form").annotate(n=Count("id")).order_by("-n", "form")
    ]
    by_authority = [
        {"authority": a, "count": n}
        for a, n in qs.values_list("authority").annotate(n=Count("id")).order_by("-n", "authority")
    ]
    return {"by_form": by_form, "by_authority": by_authority}


# ---------------------------------------------------------------------------
# Public showcase: recognised practices only, nothing personal unless marked public.


@dataclass
class ShowcaseFilters:
    province: AdminUnit | None = None
    field: str = ""
    kind: str = ""
    q: str = ""


def showcase_list(filters: ShowcaseFilters) -> QuerySet[Practice]:
    qs = Practice.objects.public()
    if filters.province is not None:
        # ``province`` is today's province: a 2023 practice of old Đắk Nông shows under Lâm Đồng.
        qs = qs.filter(province_id=filters.province.pk)
    if filters.field:
        qs = qs.filter(field=filters.field)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.search(filters.q)
    # The card's photo: the first public image of the practice, read in the same query.
    first_photo = Evidence.objects.filter(
        practice=OuterRef("pk"), is_public=True, kind__in=sorted(PUBLIC_PHOTO_KINDS)
    ).order_by("uploaded_at", "id")
    return (
        qs.select_related("organization", "unit", "province")
        .annotate(
            photo_token=Subquery(first_photo.values("token")[:1]),
            photo_caption=Subquery(first_photo.values("caption")[:1]),
        )
        .only(
            "id",
            "name",
            "kind",
            "field",
            "status",
            "recognition_level",
            "year",
            "created_at",
            "organization__name",
            "unit__name",
            "province__name",
        )
        .order_by("-id")
    )


def showcase_practice(pk: int) -> Practice:
    practice = (
        Practice.objects.public().select_related("organization", "unit", "province", "source").filter(pk=pk).first()
    )
    if practice is None:
        raise Http404("Không tìm thấy mô hình.")
    return practice


@dataclass
class Spread:
    practices: list[Practice]
    units: int
    provinces: int


def spread(practice: Practice, *, max_depth: int = 6) -> Spread:
    """Every practice descended from ``practice`` (adoptions of adoptions too): one query per generation.

    Drafts are left out: an adopter's unsubmitted draft is still private to it (and, not being
    recognised, cannot have been adopted further).
    """
    found: list[Practice] = []
    frontier = [practice.pk]
    seen = {practice.pk}
    for _ in range(max_depth):
        generation = list(
            Practice.objects.filter(source_id__in=frontier)
            .exclude(pk__in=seen)
            .exclude(status=Status.DRAFT)
            .select_related("unit", "organization", "province")
            .order_by("created_at", "id")
        )
        if not generation:
            break
        found += generation
        frontier = [p.pk for p in generation]
        seen.update(frontier)
    return Spread(found, len({p.unit_id for p in found}), len({p.province_id for p in found}))
