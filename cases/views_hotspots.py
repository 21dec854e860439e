"""Pages of điểm nóng (situations an officer confirmed) and of the places whose grievances rise unusually (figures
only). The first are decisions with a lifecycle; the second is a warning nobody confirmed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases import conf, situations
from cases.hotspots import MEASURES
from cases.hotspots import hotspots as rising
from cases.models import Case, display_code
from cases.models_hotspot import Hotspot, HotspotStatus
from geo.selectors import unit_on
from lib.actions import dispatch
from lib.errors import ServiceError
from lib.paging import CappedPaginator
from orgs.models import Organization
from orgs.scope import visible_organizations


@login_required
def rises(request):
    """Places and topics where grievances rise unusually, in the user's scope (aggregates only)."""
    level = request.GET.get("cap", "")
    level = level if level in ("commune", "province") else ""
    today = timezone.localdate()
    return render(
        request,
        "cases/rises.html",
        {
            "rows": rising(request.user, today=today, level=level),
            "level": level,
            "measures": MEASURES,
            "today": today,
            "window": conf.hotspot_window_days(),
            "weeks": conf.hotspot_baseline_weeks(),
        },
    )


@login_required
def hotspot_list(request):
    status = request.GET.get("trang_thai", "")
    qs = Hotspot.objects.visible_to(request.user).select_related("unit").order_by("-id")
    if status in HotspotStatus.values:
        qs = qs.filter(status=status)
    page = CappedPaginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/hotspot_list.html",
        {"page": page, "status": status, "statuses": HotspotStatus.choices},
    )


def _bodies_for(user):
    return visible_organizations(user).filter(is_active=True).select_related("org_type").order_by("sort_key")[:500]


@login_required
def hotspot_confirm(request):
    if request.method == "POST":
        post = request.POST
        try:
            unit = unit_on(post.get("unit", ""), exclude_districts=True)
            if unit is None:
                raise ServiceError("Mã địa bàn không đúng hoặc không còn hiệu lực.")
            codes = [c.strip().upper().replace("-", "") for c in post.get("cases", "").replace(";", ",").split(",")]
            cases = list(Case.objects.visible_to(request.user).filter(code__in=[c for c in codes if c]))
            missing = sorted({c for c in codes if c} - {c.code for c in cases})
            if missing:
                raise ServiceError("Không tìm thấy vụ việc: " + ", ".join(display_code(c) for c in missing) + ".")
            body_ids = [int(b) for b in post.getlist("bodies") if b.isdigit()]
            bodies = list(visible_organizations(request.user).filter(pk__in=body_ids))
            try:
                people = int(post.get("people_count") or 0) or None
            except ValueError as e:
                raise ServiceError("Số người tham gia phải là số nguyên.") from e
            if people is not None and not 0 < people <= 1_000_000:
                raise ServiceError("Số người tham gia không hợp lệ.")
            hotspot = situations.hotspot_confirm(
                by=request.user,
                unit=unit,
                title=post.get("title", ""),
                description=post.get("description", ""),
                cases=cases,
                bodies=bodies,
                people_count=people,
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "Đã xác nhận điểm nóng.")
            return redirect("cases:hotspot", pk=hotspot.pk)
    return render(
        request,
        "cases/hotspot_confirm.html",
        {"bodies": _bodies_for(request.user), "data": request.POST or request.GET},
    )


@login_required
def hotspot_detail(request, pk: int):
    hotspot = situations.get_hotspot_for_user(request.user, pk)
    return render(
        request,
        "cases/hotspot_detail.html",
        {
            "hotspot": hotspot,
            "cases": hotspot.cases.visible_to(request.user).order_by("-id")[:200],
            "bodies": Organization.objects.filter(hotspots=hotspot).select_related("org_type").order_by("sort_key"),
            "events": hotspot.events.select_related("by"),
            "Status": HotspotStatus,
        },
    )


ACTIONS = {
    "handle": lambda request, h: (
        situations.hotspot_handle(hotspot=h, by=request.user, outcome=request.POST.get("outcome", ""))
        and "Đã ghi nhận kết quả xử lý."
    ),
    "close": lambda request, h: (
        situations.hotspot_close(hotspot=h, by=request.user, reason=request.POST.get("reason", ""))
        and "Đã kết thúc theo dõi điểm nóng."
    ),
}


@login_required
@require_POST
def hotspot_act(request, pk: int, action: str):
    hotspot = situations.get_hotspot_for_user(request.user, pk)
    return dispatch(request, hotspot, action, ACTIONS, done=redirect("cases:hotspot", pk=pk))
