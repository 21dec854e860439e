"""Reads over the versioned hierarchy; each is one SQL round-trip (two where a code must
first be resolved to the version valid on a date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from geo.models import AdminUnit, Level, UnitLink
from lib.vntext import fold_words


def today() -> dt.date:
    return timezone.localdate()


def units_on(on: dt.date, *, level: str | None = None, parent: AdminUnit | None = None) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.valid_on(on)
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(subtree_q(parent)).exclude(pk=parent.pk)
    return qs


def unit_on(
    code: str, on: dt.date | None = None, *, level: str | None = None, exclude_districts: bool = False
) -> AdminUnit | None:
    """The version of ``code`` valid on ``on`` (today by default). Province, district and commune codes have
    different lengths, so a code alone is unambiguous on a given date. The one "unit by code" lookup of every
    form, view and API: callers raise their own Vietnamese error when it is ``None``. ``exclude_districts`` for
    the places where a record must sit on a province or commune (districts are gone since 1/7/2025)."""
    qs = AdminUnit.objects.valid_on(on or today()).filter(code=(code or "").strip())
    if level:
        qs = qs.filter(level=level)
    if exclude_districts:
        qs = qs.exclude(level=Level.DISTRICT)
    return qs.order_by("level").first()


def subtree_q(unit: AdminUnit, field: str = "") -> Q:
    """Q for rows in ``unit``'s subtree (``unit`` included). ``field`` names a foreign key to
    AdminUnit on another model ("unit"), or is empty to filter AdminUnit itself."""
    prefix = f"{field}__" if field else ""
    own = f"{field}_id" if field else "pk"
    if unit.level == Level.PROVINCE:
        return Q(**{f"{prefix}province_id": unit.pk})
    if unit.level == Level.DISTRICT:
        return Q(**{f"{prefix}district_id": unit.pk}) | Q(**{own: unit.pk})
    return Q(**{own: unit.pk})


def subtree(unit: AdminUnit, on: dt.date | None = None) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.filter(subtree_q(unit))
    return qs.valid_on(on) if on is not None else qs


def ancestors(unit: AdminUnit) -> list[AdminUnit]:
    """Top-down ancestors of this version (valid for its whole life by the model's invariant)."""
    ids = [i for i in (unit.province_id, unit.district_id) if i and i != unit.pk]
    if not ids:
        return []
    found = {u.pk: u for u in AdminUnit.objects.filter(pk__in=ids)}
    return [found[i] for i in ids if i in found]


def successors(unit: AdminUnit) -> list[UnitLink]:
    return list(
        UnitLink.objects.filter(predecessor=unit)
        .select_related("successor")
        .order_by("-is_default", "successor__sort_key")
    )


def predecessors(unit: AdminUnit) -> list[UnitLink]:
    return list(UnitLink.objects.filter(successor=unit).select_related("predecessor").order_by("predecessor__sort_key"))


def resolve_to(unit: AdminUnit, on: dt.date, *, default_only: bool = False) -> list[AdminUnit]:
    """The unit(s) valid on ``on`` that ``unit`` became (or came from), following links; the one walk over links.

    With ``default_only`` a split unit is followed only along its default link (to the successor that took most of
    it), so figures carried across a reorganisation are never counted twice."""
    if unit.valid_on(on):
        return [unit]
    forward = on > unit.valid_to
    links = UnitLink.objects.filter(is_default=True) if default_only else UnitLink.objects.all()
    frontier = {unit.pk}
    seen = set(frontier)
    result: list[AdminUnit] = []
    for _ in range(10):  # reorganisations chain a few deep at most; the bound guards against bad data
        if not frontier:
            break
        if forward:
            nxt = [lk.successor for lk in links.filter(predecessor_id__in=frontier).select_related("successor")]
        else:
            nxt = [lk.predecessor for lk in links.filter(successor_id__in=frontier).select_related("predecessor")]
        frontier = set()
        for u in nxt:
            if u.pk in seen:
                continue
            seen.add(u.pk)
            if u.valid_on(on):
                result.append(u)
            else:
                frontier.add(u.pk)
    return sorted(result, key=lambda u: u.sort_key)


def lineage(unit_ids: Iterable[int]) -> list[tuple[int, int, str]]:
    """``(start, id, level)`` for each of ``unit_ids`` (as its own ``id``) and every unit that transitively preceded
    it, in one query: today's province reads the history of the old provinces it absorbed.

    A recursive walk has no ORM form, so this is SQL through Django's ordinary cursor: table names from the models'
    metadata, values bound. ``UNION`` (not ``UNION ALL``) drops a row already reached, so a cycle in bad data ends the
    walk. The level is read inside the walk: joined afterwards, PostgreSQL misjudged the walk's size and scanned every
    unit."""
    ids = sorted(set(unit_ids))
    if not ids:
        return []
    links, units = UnitLink._meta.db_table, AdminUnit._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f'WITH RECURSIVE reached(start, id, level) AS (SELECT id, id, level FROM "{units}" WHERE id IN ({marks}) '  # noqa: S608
        f'UNION SELECT r.start, p.id, p.level FROM "{links}" l JOIN reached r ON l.successor_id = r.id '
        f'JOIN "{units}" p ON p.id = l.predecessor_id) SELECT start, id, level FROM reached'
    )
    with connections[router.db_for_read(AdminUnit)].cursor() as cursor:
        cursor.execute(sql, ids)
        return [tuple(row) for row in cursor.fetchall()]


def with_predecessors_q(unit: AdminUnit, field: str = "") -> Q:
    """Rows in ``unit``'s subtree or in the subtree of any unit it replaced (transitively)."""
    condition = subtree_q(unit, field)
    for _start, pk, level in lineage([unit.pk]):
        if pk != unit.pk:
            condition |= subtree_q(AdminUnit(pk=pk, level=level), field)
    return condition


def current_province_id(unit: AdminUnit) -> int:
    """Today's province of ``unit``: its own, or the one that absorbed it in a reorganisation."""
    province_id = unit.province_id or unit.pk
    day = today()
    # A null foreign key reads as None without a query, so this is still one fetch at most.
    province = unit.province if unit.province is not None else unit
    if province.valid_on(day):
        return province_id
    resolved = resolve_to(province, day)
    return resolved[0].pk if resolved else province_id


def picker_search(
    query: str,
    *,
    on: dt.date,
    near_province_id: int | None = None,
    level: str | None = None,
    exclude_districts: bool = False,
    limit: int = 20,
) -> list[AdminUnit]:
    """The unit picker's suggestions, one query. Every word of the query must occur (``AdminUnit.search``); the
    ranking then puts first the units whose name holds the words in the order typed ("xuan huong" → "Phường Xuân
    Hương", before "Xã Hương Xuân"), then those in the user's own province, then the rest; provinces before
    communes, then Vietnamese order."""
    words = fold_words(query)
    if not words:
        return []
    qs = AdminUnit.objects.valid_on(on).search(query).select_related("province", "district")
    if level in Level.values:
        qs = qs.filter(level=level)
    if exclude_districts:
        qs = qs.exclude(level=Level.DISTRICT)
    phrase = " " + " ".join(words)
    # search_text is " name | compact | short | …": a phrase ends at a space or at the end of the text.
    in_order = Q(search_text__contains=phrase + " ") | Q(search_text__endswith=phrase)
    if len(words) == 1:
        in_order = Q(search_text__contains=phrase)
    qs = qs.annotate(phrase_rank=Case(When(in_order, then=Value(0)), default=Value(1), output_field=IntegerField()))
    order = ["phrase_rank"]
    if near_province_id:
        near = Q(province_id=near_province_id) | Q(pk=near_province_id)
        qs = qs.annotate(near_rank=Case(When(near, then=Value(0)), default=Value(1), output_field=IntegerField()))
        order.append("near_rank")
    qs = qs.order_by(*order, "-level", "sort_key", "code")
    return list(qs[:limit])
