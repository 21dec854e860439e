"""Pages for the administrative units: the list, a unit's page, the picker fragment, the import."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from geo import selectors
from geo.imports import UnitImportError, import_units
from geo.models import AdminUnit, Level


def _on(request) -> dt.date:
    raw = request.GET.get("on", "")
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return selectors.today()


@login_required
def unit_list(request):
    on = _on(request)
    q = request.GET.get("q", "")[:100]
    qs = selectors.units_on(on).select_related("province")
    qs = qs.search(q).order_by("level", "sort_key")[:100] if q else qs.filter(level=Level.PROVINCE).vietnamese_order()
    return render(request, "geo/list.html", {"units": qs, "on": on, "q": q})


@login_required
def unit_detail(request, code: str):
    on = _on(request)
    unit = selectors.unit_on(code, on)
    if unit is None:
        raise Http404(f"Không có đơn vị mã {code} vào ngày {on:%d/%m/%Y}.")
    children = (
        AdminUnit.objects.filter(parent=unit).valid_on(on).vietnamese_order() if unit.level != Level.COMMUNE else []
    )
    return render(
        request,
        "geo/detail.html",
        {
            "unit": unit,
            "on": on,
            "ancestors": selectors.ancestors(unit),
            "children": children,
            "predecessors": selectors.predecessors(unit),
            "successors": selectors.successors(unit),
        },
    )


@login_required
def unit_go(request):
    code = request.GET.get("unit", "").strip()
    if not code:
        messages.error(request, "Hãy chọn một đơn vị trong danh sách gợi ý.")
        return redirect("home")
    return redirect("geo:detail", code=code)


def near_province(request) -> int | None:
    """The user's own province (the picker template passes it), ranked after the exact matches; ignored if bad."""
    raw = request.GET.get("near", "")
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@login_required
def unit_picker(request):
    """An htmx fragment: at most 20 matching units valid on the date, ranked (``selectors.picker_search``)."""
    q = request.GET.get("q", "")[:100]
    units = selectors.picker_search(
        q, on=_on(request), near_province_id=near_province(request), level=request.GET.get("level") or None
    )
    return render(request, "geo/_picker_results.html", {"units": units, "q": q})


@login_required
def unit_import(request):
    if not request.user.has_perm("geo.add_adminunit"):
        raise PermissionDenied("Chỉ quản trị hệ thống được nhập danh mục đơn vị hành chính.")
    result = None
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["Chưa chọn tệp."]
        else:
            try:
                result = import_units(upload=upload, filename=upload.name, size=upload.size, by=request.user)
            except UnitImportError as e:
                errors = e.errors
            else:
                messages.success(request, result.message())
    return render(request, "geo/import.html", {"result": result, "errors": errors})
