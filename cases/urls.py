"""Officers' pages of the cases module."""

from django.urls import path

from cases import views, views_hotspots

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("ghi-nhan/", views.record, name="record"),
    path("nhap-excel/", views.import_cases, name="import"),
    path("nhap-excel/mau/", views.import_template, name="import_template"),
    path("xuat-excel/", views.export_cases, name="export"),
    path("tang-bat-thuong/", views_hotspots.rises, name="rises"),
    path("diem-nong/", views_hotspots.hotspot_list, name="hotspots"),
    path("diem-nong/xac-nhan/", views_hotspots.hotspot_confirm, name="hotspot_confirm"),
    path("diem-nong/<int:pk>/", views_hotspots.hotspot_detail, name="hotspot"),
    path("diem-nong/<int:pk>/<slug:action>/", views_hotspots.hotspot_act, name="hotspot_act"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
