"""Who may see and change what: the one place scope is decided.

A user's scope is the union of the subtrees of the administrative units their
organisations sit on, plus the subtrees of those units' predecessors (a province officer
of today's Lâm Đồng reads the 2023 data of the old Đắk Nông, which it absorbed). Admins,
central officers and members of an organisation with no unit (the central level) see the
whole country.

Every list in every module goes through ``Scope.filter``; every single-object read goes through the gate in
``orgs.permissions`` (``get_object_for_user``), which answers 404 (not 403) outside the scope so that nobody learns
what exists elsewhere.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from geo.models import AdminUnit, Level
from geo.selectors import lineage
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership, Organization


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
        # and compiling it on every query (about 15 % of a scoped list's query building).
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


def memberships_of(user) -> list[Membership]:
    """The user's active memberships, each with its organisation and that organisation's unit and province.

    Read once per request (kept on the user object, which lives for one request): the read and write scopes, the
    role checks and organisation ids of ``orgs.permissions``, the menu and the home page all derive from this list
    instead of asking the database each. Memberships of closed organisations are included; each reader keeps or
    drops them as its rule says (``organization.is_active``).
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    cached = getattr(user, "_danvan_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user_id=user.pk, is_active=True)
            .select_related("organization__unit__province")
            .order_by("pk")
        )
        with contextlib.suppress(AttributeError):  # AnonymousUser-like objects without __dict__
            user._danvan_memberships = cached
    return cached


def _scope_units(user, *, write: bool) -> set[int] | None:
    """The units of the user's active memberships in active organisations (with ``write``, the writing roles only);
    ``None`` when one of them gives the whole country (a national role, or a body with no unit)."""
    unit_ids: set[int] = set()
    for membership in memberships_of(user):
        if not membership.organization.is_active or (write and membership.role not in WRITE_ROLES):
            continue
        unit_id = membership.organization.unit_id
        if membership.role in NATIONAL_ROLES or unit_id is None:
            return None
        unit_ids.add(unit_id)
    return unit_ids


def _build_scopes(user) -> tuple[Scope, Scope]:
    """The user's read and write scopes, with one walk of the units' lineage for both (write units are read units)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY, EMPTY
    if user.is_superuser:
        return NATIONAL, NATIONAL
    read_units = _scope_units(user, write=False)
    write_units = _scope_units(user, write=True)
    rows = lineage((read_units or set()) | (write_units or set()))

    def scope(units: set[int] | None) -> Scope:
        if units is None:
            return NATIONAL
        if not units:
            return EMPTY
        return _territory_from(row for row in rows if row[0] in units)

    return scope(read_units), scope(write_units)


def territory(unit_ids: set[int]) -> Scope:
    """The subtrees of ``unit_ids`` and of the units they replaced: one query."""
    return _territory_from(lineage(unit_ids))


def _territory_from(rows) -> Scope:
    """A scope from ``geo.selectors.lineage`` rows ``(start, id, level)``."""
    provinces: set[int] = set()
    districts: set[int] = set()
    communes: set[int] = set()
    # Keyed by the plain string the raw walk returns (a ``Level`` member compares and hashes as its value).
    by_level: dict[str, set[int]] = {Level.PROVINCE: provinces, Level.DISTRICT: districts, Level.COMMUNE: communes}
    for _start, pk, level in rows:
        by_level[level].add(pk)
    return Scope(province_ids=frozenset(provinces), district_ids=frozenset(districts), commune_ids=frozenset(communes))


def scope_for(user, *, write: bool = False) -> Scope:
    """The user's read (or write) scope, computed once per user object (i.e. per request), both at once."""
    attr = "_danvan_write_scope" if write else "_danvan_scope"
    cached = getattr(user, attr, None)
    if cached is None:
        read, written = _build_scopes(user)
        with contextlib.suppress(AttributeError):  # AnonymousUser-like objects without __dict__
            user._danvan_scope = read
            user._danvan_write_scope = written
        cached = written if write else read
    return cached


def visible_organizations(user) -> QuerySet[Organization]:
    """The organisations in the user's scope."""
    return scope_for(user).filter(Organization.objects.all(), unit_field="unit")
