"""The dashboard pages: one per level (the nation, a province, a commune) and the map; each scoped to the viewer."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from dashboards import boundaries, maps, organization, selectors
from dashboards.forms import BoundaryImportForm
from dashboards.models import CommuneBoundary
from dashboards.panels import DashboardView
from lib.errors import ServiceError
from lib.params import query_int
from orgs.permissions import get_organization_for_user, is_admin
from reports.selectors import child_units


def _view(request) -> DashboardView:
    today = timezone.localdate()
    period = selectors.resolve_period(query_int(request.GET, "ky", minimum=1), today)
    unit = selectors.resolve_unit(request.user, period, request.GET.get("don_vi", "").strip()[:10])
    return DashboardView(user=request.user, period=period, unit=unit, today=today)


def _context(request, view: DashboardView) -> dict:
    data = selectors.dashboard(view.user, view.period, view.unit, today=view.today)
    return {
        **data,
        "period": view.period,
        "unit": view.unit,
        "level": selectors.level_label(view.unit),
        "periods": selectors.periods_for_picker(),
        "organizations": organization.choices(view.user, view.unit),
        "charts_json": json.dumps(data["charts"], ensure_ascii=False),
        "print_url": request.get_full_path().replace("/bang-dieu-hanh/", "/bang-dieu-hanh/in/", 1),
    }


@login_required
def dashboard(request):
    return render(request, "dashboards/dashboard.html", _context(request, _view(request)))


def _organization_context(request) -> dict:
    today = timezone.localdate()
    period = selectors.resolve_period(query_int(request.GET, "ky", minimum=1), today)
    org = get_organization_for_user(request.user, query_int(request.GET, "to_chuc", minimum=1) or 0)
    view = DashboardView(user=request.user, period=period, unit=None, today=today, organization=org)
    return {
        "panels": organization.panels(view),
        "period": period,
        "organization": org,
        "periods": selectors.periods_for_picker(),
        "organizations": organization.choices(request.user, org.unit),
        "charts": {"breakdown": organization.kinds_chart(view)},
        "print_url": request.get_full_path().replace("/to-chuc/", "/to-chuc/in/", 1),
    }


@login_required
def organization_dashboard(request):
    """One organisation's dashboard (``to_chuc``): the figures of a body the viewer may see (else 404)."""
    return render(request, "dashboards/organization.html", _organization_context(request))


@login_required
def organization_print(request):
    """The organisation's dashboard laid out for paper (a meeting's handout)."""
    return render(request, "dashboards/organization_print.html", _organization_context(request))


@login_required
def dashboard_print(request):
    return render(request, "dashboards/print.html", _context(request, _view(request)))


@login_required
def boundaries_import(request):
    """An admin imports commune boundaries (GeoJSON) for the hierarchy valid on a date."""
    if not is_admin(request.user):
        raise PermissionDenied("Chỉ quản trị viên được nhập ranh giới xã.")
    form = BoundaryImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > boundaries.MAX_BYTES:
            form.add_error("file", f"Tệp quá lớn (tối đa {boundaries.MAX_BYTES // (1024 * 1024)} MB).")
        else:
            try:
                count = boundaries.boundaries_import(
                    by=request.user, content=upload.read(), on=form.cleaned_data["hierarchy_date"]
                )
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, f"Đã nhập ranh giới của {count} xã.")
                return redirect("dashboards:boundaries")
    if request.method == "POST" and form.errors:
        status = 400
    return render(
        request,
        "dashboards/boundaries.html",
        {"form": form, "imported": CommuneBoundary.objects.count()},
        status=status,
    )


@login_required
def map_page(request):
    view = _view(request)
    layer = request.GET.get("lop", "completeness")[:80]
    return render(
        request,
        "dashboards/map.html",
        {
            "period": view.period,
            "unit": view.unit,
            "layer": layer,
            "layers": maps.layers(selectors.rollup_of(view).indicators),
            "periods": selectors.periods_for_picker(),
            "children": child_units(view.period, view.unit) if view.unit is not None else [],
            "boundaries": maps.boundary_files(view.period),
        },
    )
