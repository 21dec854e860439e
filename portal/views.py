"""The public portal: where a citizen without an account starts. Every page is public, cacheable by nothing private
(no session is read), and built only from public data: the showcase, the published schedule and dialogues, the
public documents, and the open-data release (portal/opendata.py) — never a case's words or a person."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from cases.models import Topic
from geo.models import Level
from geo.selectors import unit_on
from lib.vntext import fold, sort_key
from meetings import reception
from portal import opendata, sources
from practices.selectors import ShowcaseFilters, showcase_list

STALE_MESSAGE = "Dữ liệu công khai đang được cập nhật, xin vui lòng quay lại sau ít phút."


def percent(rate: float | None) -> str:
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def _retry_later(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = "600"
    return response


def _stale(request) -> HttpResponse:
    return _retry_later(render(request, "portal/stale.html", {"message": STALE_MESSAGE}, status=503))


HOME_KEY = "portal-home"


def home(request):
    """The portal home: what a citizen can do, the search, the commune picker. No query runs here, and the page is
    the same for every visitor without a session: each process renders it once a minute ("pages" cache, in
    memory). A visitor with a session or a message cookie (just signed out, say) gets it rendered for them. No
    Cache-Control lifetime is sent: a browser that signs in must not show its stored portal instead of the
    officer's home."""
    personal = settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    html = None if personal else caches["pages"].get(HOME_KEY)
    if html is None:
        html = render_to_string("portal/home.html", {"links": sources.links()}, request=request)
        if not personal:
            caches["pages"].set(HOME_KEY, html, 60)
    response = HttpResponse(html)
    patch_vary_headers(response, ["Cookie"])
    return response


def search(request):
    q = request.GET.get("q", "")[:100].strip()
    groups = sources.search(q) if fold(q) else []
    return render(request, "portal/search.html", {"q": q, "groups": groups})


def _rates(row: dict) -> dict:
    return {**row, "on_time": percent(row["on_time_rate"]), "satisfaction": percent(row["satisfaction_rate"])}


def accountability(request):
    """Answered, on time, satisfaction per province (today's and earlier versions, as the cases were received); a
    province's link lists its communes. Read from the open-data release, computed with cases.selectors."""
    try:
        rows, generated_at = opendata.rows("answer-rates")
    except opendata.Stale:
        return _stale(request)
    # Today's units only: an older version (before 1/7/2025) may share a code with other borders; its figures are in
    # the open data (unit_valid_to).
    rows = [r for r in rows if not r["unit_valid_to"]]
    province_code = request.GET.get("tinh", "")[:10]
    if province_code:
        shown = [r for r in rows if r["province_code"] == province_code]
        if not shown:
            raise Http404("Không có số liệu của tỉnh này.")
        province = shown[0]["province_name"]
        shown = [_rates(r) for r in shown if r["unit_level"] != Level.PROVINCE or r["unit_code"] != province_code]
        parent = next((_rates(r) for r in rows if r["unit_code"] == province_code), None)
    else:
        shown = [_rates(r) for r in rows if r["unit_level"] == Level.PROVINCE]
        province, parent = "", None
    shown.sort(key=lambda r: sort_key(r["unit_name"]))
    return render(
        request,
        "portal/accountability.html",
        {"rows": shown, "province": province, "parent": parent, "generated_at": generated_at},
    )


def place(request):
    """One commune or province chosen with the picker: its figures, recognised practices and reception days."""
    code = request.GET.get("don-vi", "")[:10]
    unit = unit_on(code, exclude_districts=True) if code else None
    if unit is None:
        raise Http404("Không tìm thấy đơn vị hành chính.")
    try:
        rows, generated_at = opendata.rows("answer-rates")
    except opendata.Stale:
        return _stale(request)
    figures = next(
        (
            _rates(r)
            for r in rows
            if r["unit_code"] == unit.code and r["unit_level"] == unit.level and not r["unit_valid_to"]
        ),
        None,
    )
    province = unit if unit.level == Level.PROVINCE else unit.province
    practices = list(showcase_list(ShowcaseFilters(province=province))[:6]) if province else []
    sessions = reception.public_schedule(unit=unit, limit=10)
    return render(
        request,
        "portal/place.html",
        {
            "unit": unit,
            "figures": figures,
            "generated_at": generated_at,
            "practices": practices,
            "sessions": sessions,
            "province": province,
        },
    )


def case_map(request):
    topics = list(Topic.objects.filter(is_active=True).order_by("ordering", "name").values_list("code", "name"))
    return render(request, "portal/map.html", {"topics": topics})


def case_map_data(request):
    """Cases of the last year per commune (one topic or all): places and counts only, from the release."""
    try:
        rows, generated_at = opendata.rows("case-map")
    except opendata.Stale:
        return _retry_later(JsonResponse({"error": STALE_MESSAGE}, status=503))
    topic = request.GET.get("linh-vuc", "")[:40]
    points: dict[str, dict] = {}
    for r in rows:
        if topic and r["topic_code"] != topic:
            continue
        point = points.setdefault(
            r["unit_code"],
            {
                "code": r["unit_code"],
                "name": r["unit_name"],
                "province": r["province_name"],
                "lat": r["latitude"],
                "lng": r["longitude"],
                "cases": 0,
            },
        )
        point["cases"] += r["cases"]
    return JsonResponse({"generated_at": generated_at.isoformat(), "points": list(points.values())})


# -- open data --------------------------------------------------------------------------------------------------------


def open_data(request):
    try:
        cat = opendata.current_catalogue()
    except opendata.Stale:
        return _stale(request)
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": [
                {
                    "key": d["dct:identifier"],
                    "title": d["dct:title"],
                    "description": d["dct:description"],
                    "rows": d["rows"],
                    "columns": d["columns"],
                }
                for d in cat["dcat:dataset"]
            ],
            "generated_at": dt.datetime.fromisoformat(cat["dct:modified"]),
            "licence": opendata.LICENCE_NOTE,
        },
    )


def catalogue(request):
    try:
        cat = opendata.current_catalogue()
    except opendata.Stale:
        return _retry_later(JsonResponse({"error": STALE_MESSAGE}, status=503))
    base = request.build_absolute_uri("/").rstrip("/")
    for entry in cat["dcat:dataset"]:
        for dist in entry["dcat:distribution"]:
            dist["dcat:downloadURL"] = base + dist["dcat:downloadURL"]
    return JsonResponse(cat, json_dumps_params={"ensure_ascii": False, "indent": 1})


def download(request, key: str, fmt: str):
    if key not in opendata.BY_KEY or fmt not in ("csv", "json"):
        raise Http404("Không có bộ dữ liệu này.")
    try:
        cat = opendata.current_catalogue()
    except opendata.Stale:
        return _retry_later(HttpResponse(STALE_MESSAGE, status=503, content_type="text/plain; charset=utf-8"))
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    response = FileResponse(
        opendata.open_file(key, fmt), content_type=content_type, as_attachment=True, filename=f"{key}.{fmt}"
    )
    response["Last-Modified"] = http_date(dt.datetime.fromisoformat(cat["dct:modified"]).timestamp())
    return response


def anonymous_or(view):
    """``/``: the portal for a visitor, the officer's own home (front.views.home) once signed in."""

    def dispatch(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return home(request)

    return dispatch
