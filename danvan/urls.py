import os

from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path

from front import views as front_views
from lib.db import FixedRead

admin.site.site_header = "Quản trị DanVan"
admin.site.site_title = "Quản trị DanVan"
admin.site.index_title = "Cấu hình hệ thống"

urlpatterns = [
    path("", front_views.home, name="home"),
    # Django tries these in order for every request: the two under which the busiest public requests live (the
    # status lookup's page and its API) come first. Every prefix here is distinct, so the order changes nothing else.
    path("gui-y-kien/", include("cases.public_urls")),
    path("gui-y-kien/", include("meetings.public_urls")),
    path("api/", include("api.urls")),
    path("healthz", front_views.healthz, name="healthz"),
    path("tai-khoan/", include("orgs.urls")),
    path("don-vi/", include("geo.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("dan-van-kheo/", include("practices.urls")),
    path("mo-hinh-tieu-bieu/", include("practices.showcase_urls")),
    path("thi-dua/", include("emulation.urls")),
    path("y-kien/", include("cases.urls")),
    path("y-kien/", include("meetings.urls")),
    path("bao-cao/", include("reports.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("quan-tri/", admin.site.urls),
]

BENCH_ENDPOINTS_FLAG = "DANVAN_BENCH_ENDPOINTS"


def bench_bare(request):
    """The floor of the HTTP benchmarks: the full middleware stack and a JSON body, no database."""
    return JsonResponse({"ok": True})


_SELECT_ONE = FixedRead("bench_select_one", "SELECT 1")


def bench_one_statement(request):
    """The floor plus one database round trip (a prepared ``SELECT 1``, sent the way the status lookup's statement
    is): what any page that reads the database costs at least, measured beside the lookups."""
    (one,) = _SELECT_ONE.fetchone()
    return JsonResponse({"ok": one == 1})


# benchmarks/http_bench.py sets this in the environment of the gunicorn it starts, so that its floor runs
# under the same server and settings as the pages it measures. Deployments never set it: no such URL exists there.
if os.environ.get(BENCH_ENDPOINTS_FLAG) == "1":
    # First, so that the floor pays for no URL tried before it: the pages measured against it come early too.
    urlpatterns[:0] = [
        path("_bench/bare/", bench_bare, name="bench_bare"),
        path("_bench/one-statement/", bench_one_statement, name="bench_one_statement"),
    ]
