"""Who may see and change what: the one place scope is decided.

A user's scope is the union of the subtrees of the administrative units their
organisations sit on, plus the subtrees of those units' predecessors (a province officer
of today's Lâm Đồng reads the 2023 data of the old Đắk Nông, which it absorbed). Admins,
central officers and members of an organisation with no unit (the central level) see the
whole country.

Every list in every module goes through ``Scope.filter``; every single-object read goes
through ``get_object_for_user``, which answers 404 (not 403) outside the scope so that
nobody learns what exists elsewhere.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connections, router
from django.db.models import Q, QuerySet
from django.http import Http404

from geo.models import AdminUnit, Level, UnitLink


@dataclass(frozen=True)
class Scope:
    national: bool = False
    province_ids: frozenset[int] = field(default_factory=frozenset)
    district_ids: frozenset[int] = field(default_factory=frozenset)
    commune_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.province_ids or self.district_ids or self.commune_ids)

    def unit_q(self, unit_field: str = "unit", province_field: str | None = None) -> Q:
        """A Q on a model with a foreign key ``unit_field`` to AdminUnit.

        ``province_field`` names a denormalised province column on the model itself: a
        province scope then filters on it without joining the unit table.
        Rows with no unit (central-level objects) are visible only with a national scope.
        """
        if self.national:
            return Q()
        prefix = f"{unit_field}__" if unit_field else ""
        parts = []
        if self.province_ids:
            column = f"{province_field}_id__in" if province_field else f"{prefix}province_id__in"
            parts.append(Q(**{column: self.province_ids}))
        if self.district_ids:
            parts.append(Q(**{f"{prefix}district_id__in": self.district_ids}))
        own = self.district_ids | self.commune_ids
        if own:
            parts.append(Q(**{f"{unit_field}_id__in" if unit_field else "pk__in": own}))
        if not parts:
            return Q(pk__in=[])  # an empty scope matches no row
        # No "nothing" term to OR onto: Django would drop it from the SQL anyway, after resolving
        # and compiling it on every query.
        q = parts[0]
        for part in parts[1:]:
            q |= part
        return q

    def filter(self, queryset: QuerySet, unit_field: str = "unit", province_field: str | None = None) -> QuerySet:
        if self.national:
            return queryset
        if self.is_empty:
            return queryset.none()
        return queryset.filter(self.unit_q(unit_field, province_field=province_field))

    def covers(self, unit: AdminUnit | None) -> bool:
        if self.national:
            return True
        if unit is None:
            return False
        return (
            unit.province_id in self.province_ids
            or unit.district_id in self.district_ids
            or unit.pk in self.district_ids
            or unit.pk in self.commune_ids
        )


NATIONAL = Scope(national=True)
EMPTY = Scope()


# The scope is read on every request, so its queries are written by hand: the same small queries
# through the ORM spent more in Python (compiling joins and IN lists) than in the database
# (benchmarks/README.md, practices list, 2026-11-29 second session). Two queries: the memberships,
# then the units with their predecessors (one recursive query instead of a round trip per step back
# and one for the levels). Table names come from model metadata; values are bound parameters.


def _rows(model, sql: str, params) -> list[tuple]:
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _units_with_predecessors(unit_ids: set[int]) -> list[tuple[int, str]]:
    """``(id, level)`` of ``unit_ids`` and of every unit that (transitively) preceded one of them, in one query.

    ``UNION`` (not ``UNION ALL``) drops a unit already reached, so a cycle in bad data ends the walk. The level is
    read inside the walk: joined afterwards, PostgreSQL misjudged the walk's size and scanned every unit."""
    links, units = UnitLink._meta.db_table, AdminUnit._meta.db_table
    ids = sorted(unit_ids)
    sql = (
        f'WITH RECURSIVE reached(id, level) AS (SELECT id, level FROM "{units}" WHERE id IN ({_marks(ids)}) '  # noqa: S608
        f'UNION SELECT p.id, p.level FROM "{links}" l JOIN reached r ON l.successor_id = r.id '
        f'JOIN "{units}" p ON p.id = l.predecessor_id) SELECT id, level FROM reached'
    )
    return _rows(AdminUnit, sql, ids)


def _build_scope(user, *, write: bool) -> Scope:
    from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership, Organization

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    if user.is_superuser:
        return NATIONAL
    # The user's active memberships in active organisations (with ``write``, only the writing roles).
    sql = (
        f'SELECT m.role, o.unit_id FROM "{Membership._meta.db_table}" m '  # noqa: S608
        f'JOIN "{Organization._meta.db_table}" o ON o.id = m.organization_id '
        "WHERE m.user_id = %s AND m.is_active AND o.is_active"
    )
    params = [user.pk]
    if write:
        roles = sorted(str(role) for role in WRITE_ROLES)
        sql += f" AND m.role IN ({_marks(roles)})"
        params += roles
    unit_ids: set[int] = set()
    for role, unit_id in _rows(Membership, sql, params):
        if role in NATIONAL_ROLES or unit_id is None:
            return NATIONAL
        unit_ids.add(unit_id)
    if not unit_ids:
        return EMPTY
    return territory(unit_ids)


def territory(unit_ids: set[int]) -> Scope:
    """The subtrees of ``unit_ids`` and of the units they replaced: one query."""
    provinces, districts, communes = set(), set(), set()
    for pk, level in _units_with_predecessors(unit_ids):
        {Level.PROVINCE: provinces, Level.DISTRICT: districts, Level.COMMUNE: communes}[level].add(pk)
    return Scope(province_ids=frozenset(provinces), district_ids=frozenset(districts), commune_ids=frozenset(communes))


def scope_for(user, *, write: bool = False) -> Scope:
    """The user's read (or write) scope, computed once per user object (i.e. per request)."""
    attr = "_danvan_write_scope" if write else "_danvan_scope"
    cached = getattr(user, attr, None)
    if cached is None:
        cached = _build_scope(user, write=write)
        with contextlib.suppress(AttributeError):  # AnonymousUser-like objects without __dict__
            setattr(user, attr, cached)
    return cached


def get_object_for_user(queryset: QuerySet, user, *, write: bool = False, unit_field: str = "unit", **lookup):
    """Fetch one object inside the user's scope, or raise Http404.

    With ``write=True`` an object the user may read but not change raises PermissionDenied
    (the user already knows it exists).
    """
    obj = scope_for(user).filter(queryset, unit_field).filter(**lookup).first()
    if obj is None:
        raise Http404("Không tìm thấy đối tượng hoặc bạn không có quyền xem.")
    if write:
        unit = _unit_of(obj, unit_field)
        if not scope_for(user, write=True).covers(unit):
            raise PermissionDenied("Bạn không có quyền thay đổi đối tượng này.")
    return obj


def _unit_of(obj, unit_field: str):
    if not unit_field:
        return obj
    target = obj
    for part in unit_field.split("__"):
        target = getattr(target, part)
        if target is None:
            return None
    return target
