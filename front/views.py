from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from geo import selectors as geo_selectors
from geo.models import Level
from lib.paging import CappedCount, capped_count
from notifications.todo import Urgency, todo_for
from orgs.scope import memberships_of, scope_for, visible_organizations
from practices.models import RECOGNISED_STATES, Practice, Status


@login_required
def home(request):
    """What exists for this user now, counted from the data — never placeholder numbers.

    Every count of rows that grow with the country's data stops at a cap ("Hơn 10.000"): a commune cadre sees every
    recognised practice in the country, and counting them all cost more than the rest of the page.
    """
    user = request.user
    memberships = memberships_of(user)
    scope = scope_for(user)
    today = geo_selectors.today()
    context = {
        "memberships": memberships,
        "scope": scope,
        "org_count": capped_count(visible_organizations(user)),
        "practice_count": _practice_count(user),
        "draft_count": capped_count(Practice.objects.visible_to(user).filter(status=Status.DRAFT, created_by=user)),
        # Today's communes are bounded by the map (a few thousand at most), so this count needs no cap.
        "commune_count": _commune_count(scope, memberships, today),
        "today": today,
        # What is waiting for this user now, most urgent first (each app registers its part, notifications.todo).
        "todo": todo_for(user, timezone.localdate()),
    }
    context["Urgency"] = Urgency
    return render(request, "front/home.html", context)


def _practice_count(user) -> CappedCount:
    """The practices the user may read, but drafts, counted to the cap.

    Every recognised practice in the country is among them, and those alone pass the cap at national scale: counted
    first through the status index (an index-only read), they answer "more than the cap" without evaluating the
    user's scope against the practice table's rows. Only below the cap is the whole condition counted."""
    public = capped_count(Practice.objects.filter(status__in=RECOGNISED_STATES))
    if public.capped:
        return public
    return capped_count(Practice.objects.visible_to(user).exclude(status=Status.DRAFT))


def _commune_count(scope, memberships, today) -> int:
    """Today's communes in the country (a national scope) or in the provinces of the user's bodies.

    A commune officer's scope holds communes, not their province, so "your province" is read from the bodies' units:
    their province (a province's own ``province_id`` is itself), beside any province the scope holds.
    """
    communes = geo_selectors.units_on(today, level=Level.COMMUNE)
    if scope.national:
        return communes.count()
    provinces = set(scope.province_ids)
    for membership in memberships:
        unit = membership.organization.unit
        if membership.organization.is_active and unit is not None and unit.province_id is not None:
            provinces.add(unit.province_id)
    if not provinces:
        return 0
    return communes.filter(province_id__in=provinces).count()


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is down
        db = "error"
    status = 200 if db == "ok" else 503
    return JsonResponse(
        {"status": "ok" if db == "ok" else "error", "database": db, "vendor": connection.vendor}, status=status
    )
