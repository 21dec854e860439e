"""Officers' pages of the cases module."""

from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("ghi-nhan/", views.record, name="record"),
    path("nhap-excel/", views.import_cases, name="import"),
    path("nhap-excel/mau/", views.import_template, name="import_template"),
    path("xuat-excel/", views.export_cases, name="export"),
    path("diem-nong/", views.hotspots, name="hotspots"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tep/<int:file_id>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
