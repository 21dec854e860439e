from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from geo import selectors as geo_selectors
from geo.models import Level
from orgs.models import Membership
from orgs.scope import scope_for, visible_organizations
from practices.models import Practice, Status


@login_required
def home(request):
    """What exists for this user now, counted from the data — never placeholder numbers."""
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user, is_active=True).select_related(
            "organization__unit__province", "organization__org_type"
        )
    )
    scope = scope_for(user)
    today = geo_selectors.today()
    practices = Practice.objects.visible_to(user)
    context = {
        "memberships": memberships,
        "scope": scope,
        "org_count": visible_organizations(user).count(),
        "practice_count": practices.exclude(status=Status.DRAFT).count(),
        "draft_count": practices.filter(status=Status.DRAFT, created_by=user).count(),
        "commune_count": (
            geo_selectors.units_on(today, level=Level.COMMUNE).count()
            if scope.national
            else geo_selectors.units_on(today, level=Level.COMMUNE).filter(province_id__in=scope.province_ids).count()
        ),
        "today": today,
    }
    return render(request, "front/home.html", context)


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
