"""The one permission gate: who may read or change what, beside ``orgs.scope`` (which decides *where*).

- ``get_object_for_user``: every single-object read of every app goes through it (each domain app's
  ``get_<thing>_for_user`` in its selectors is a thin call to it with the app's queryset). Outside the user's scope an
  object is a 404, so nobody learns what exists elsewhere; inside it but without write rights, a 403.
- Role predicates: ``is_admin``, ``is_national``, ``user_org_ids``, ``acts_for`` (a member with write rights of an
  organisation or of a body above it), ``writes_for`` (authorship: a writing member of that very organisation).
- ``RoleBackend``: Django's permission API answers for DanVan's roles, so apps below ``orgs`` (audit, geo) check an
  administrator with ``request.user.has_perm(...)`` without importing this module.

Every predicate reads the user's memberships from ``orgs.scope.memberships_of``: one query per request.
"""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from lib.errors import ServiceError
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Organization, Role
from orgs.scope import memberships_of, scope_for


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "is_active", True)


def is_admin(user) -> bool:
    """A system administrator: a superuser or an active member with the admin role."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return any(m.role == Role.ADMIN for m in memberships_of(user))


def is_national(user) -> bool:
    """Admins and central officers act on the whole country."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    return any(m.role in NATIONAL_ROLES for m in memberships_of(user))


def user_org_ids(user, *, write: bool = False) -> set[int]:
    """The active organisations the user is an active member of (with ``write``, in a writing role)."""
    if not _signed_in(user):
        return set()

    return {
        m.organization_id
        for m in memberships_of(user)
        if m.organization.is_active and (not write or m.role in WRITE_ROLES)
    }


def org_chain(org: Organization | None) -> list[int]:
    """``org`` and every organisation above it (parents are few: commune → province → central)."""
    ids: list[int] = []
    while org is not None and org.pk not in ids and len(ids) < 10:
        ids.append(org.pk)
        org = org.parent
    return ids


def acts_for(user, *organizations: Organization | None) -> bool:
    """The user may act for one of ``organizations``: a national role, or a member with write rights of one of them
    or of a body above it."""
    if is_national(user):
        return True
    chain: set[int] = set()
    for org in organizations:
        chain.update(org_chain(org))
    return bool(user_org_ids(user, write=True) & chain)


def require_acts_for(user, *organizations: Organization | None, message: str) -> None:
    """Refuse (403, ``message``) unless ``acts_for(user, *organizations)``: the services' guard."""
    if not acts_for(user, *organizations):
        raise ServiceError(message, status_code=403)


def writes_for(user, organization_id: int | None) -> bool:
    """The user writes for exactly this organisation (an active member in a writing role): the author of its own
    reports. A national role is no authorship."""
    return organization_id is not None and organization_id in user_org_ids(user, write=True)


def get_object_for_user(queryset: QuerySet, user, *, write: bool = False, unit_field: str = "unit", **lookup):
    """One object inside the user's scope, or Http404. With ``write=True`` an object the user may read but not change
    raises PermissionDenied (the user already knows it exists)."""
    obj = scope_for(user).filter(queryset, unit_field).filter(**lookup).first()
    if obj is None:
        raise Http404("Không tìm thấy đối tượng hoặc bạn không có quyền xem.")
    if write and not scope_for(user, write=True).covers(_unit_of(obj, unit_field)):
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


def get_organization_for_user(user, pk: int, *, write: bool = False, queryset: QuerySet | None = None) -> Organization:
    queryset = Organization.objects.select_related("org_type", "unit") if queryset is None else queryset
    return get_object_for_user(queryset, user, write=write, pk=pk)


# Permissions the administrator role holds (Django's own names): the audit trail and the units import.
ADMIN_PERMISSIONS: frozenset[str] = frozenset({"audit.view_auditevent", "geo.add_adminunit"})


class RoleBackend(BaseBackend):
    """Answers ``user.has_perm`` for DanVan's roles (authenticates nobody)."""

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return perm in ADMIN_PERMISSIONS and is_admin(user_obj)

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set(ADMIN_PERMISSIONS) if is_admin(user_obj) else set()
