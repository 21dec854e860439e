"""Scoped reads for contests and yearly assessments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from emulation.models import Assessment, Contest
from orgs.models import WRITE_ROLES, Organization, User
from orgs.scope import scope_for, visible_organizations
from practices.models import CriteriaSet


def contests_visible_to(user) -> QuerySet[Contest]:
    """Contests whose organiser lies in the user's read scope, plus those the user judges.

    A judge is often invited from outside the organiser's unit; they must still reach the
    contest they score.
    """
    scope = scope_for(user)
    if scope.national:
        # Not folded into the Q below: an empty Q() OR'd with anything is dropped, not "all".
        return Contest.objects.all()
    judging = Contest.judges.through.objects.filter(contest_id=OuterRef("pk"), user_id=user.pk)
    return Contest.objects.filter(scope.unit_q("organizer__unit") | Q(Exists(judging)))


def contest_list(user, *, year: int | None = None) -> QuerySet[Contest]:
    qs = contests_visible_to(user).select_related("organizer").annotate(entry_count=Count("entries"))
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-created_at", "-id")


def get_contest_for_user(user, pk: int, *, write: bool = False) -> Contest:
    """One contest the user may see (404 otherwise); with ``write``, one they may run (403)."""
    contest = contests_visible_to(user).select_related("organizer__unit").filter(pk=pk).first()
    if contest is None:
        raise Http404("Không tìm thấy hội thi.")
    if write and not can_run(user, contest):
        raise PermissionDenied("Bạn không có quyền điều hành hội thi này.")
    return contest


def can_run(user, contest: Contest) -> bool:
    return scope_for(user, write=True).covers(contest.organizer.unit)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    return scope_for(user).filter(Assessment.objects.all(), "organization__unit")


def assessment_list(user, *, year: int | None = None, organization_id: int | None = None) -> QuerySet[Assessment]:
    qs = assessments_visible_to(user).select_related("organization", "criteria_set")
    if year:
        qs = qs.filter(year=year)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs.order_by("-year", "organization__sort_key", "id")


def member_orgs(user) -> QuerySet[Organization]:
    """Organisations the user belongs to with a role that may change data: possible organisers."""
    return (
        Organization.objects.filter(
            memberships__user=user, memberships__is_active=True, memberships__role__in=WRITE_ROLES, is_active=True
        )
        .distinct()
        .order_by("sort_key", "id")
    )


def writable_orgs(user) -> QuerySet[Organization]:
    """Organisations in the user's write scope: those the user may assess."""
    return scope_for(user, write=True).filter(Organization.objects.filter(is_active=True)).order_by("sort_key", "id")


def visible_orgs(user) -> QuerySet[Organization]:
    return visible_organizations(user).filter(is_active=True).order_by("sort_key", "id")


def judge_candidates(user) -> QuerySet[User]:
    """People the user may invite as judges: active members of organisations in their read scope."""
    orgs = scope_for(user).filter(Organization.objects.filter(is_active=True))
    return (
        User.objects.filter(is_active=True, memberships__is_active=True, memberships__organization__in=orgs)
        .distinct()
        .order_by("full_name", "username")
    )


def active_criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(is_active=True).select_related("owner").order_by("name", "id")


# --- Write paths missing from emulation.services ------------------------------------------
