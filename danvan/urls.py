from django.contrib import admin
from django.urls import include, path

from front import views as front_views
from portal import views as portal_views

admin.site.site_header = "Quản trị DanVan"
admin.site.site_title = "Quản trị DanVan"
admin.site.index_title = "Cấu hình hệ thống"

urlpatterns = [
    path("", portal_views.anonymous_or(front_views.home), name="home"),
    path("healthz", front_views.healthz, name="healthz"),
    path("tai-khoan/", include("orgs.urls")),
    path("don-vi/", include("geo.urls")),
    path("nhat-ky/", include("audit.urls")),
    path("dan-van-kheo/", include("practices.urls")),
    path("mo-hinh-tieu-bieu/", include("practices.showcase_urls")),
    path("thi-dua/", include("emulation.urls")),
    path("y-kien/", include("cases.urls")),
    path("y-kien/", include("meetings.urls")),
    path("gui-y-kien/", include("cases.public_urls")),
    path("gui-y-kien/", include("meetings.public_urls")),
    path("bao-cao/", include("reports.urls")),
    path("chuong-trinh/", include("programmes.urls")),
    path("dan-chu/", include("democracy.urls")),
    path("dan-chu-co-so/", include("democracy.public_urls")),
    path("bang-dieu-hanh/", include("dashboards.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("van-ban/", include("documents.urls")),
    path("cong-khai/", include("portal.urls")),
    path("du-lieu-mo/", include("portal.opendata_urls")),
    path("api/", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]
